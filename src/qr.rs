//! QR codes for any text, as a module matrix or a compact SVG.

use core::fmt::Write as _;

use qrcode::bits::Bits;
use qrcode::optimize::{Optimizer, Parser, Segment};
use qrcode::types::Mode;
use qrcode::{Color, EcLevel, QrCode, Version};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Widest quiet zone accepted, in modules (the standard asks for 4).
pub const MAX_QR_MARGIN: u32 = 64;
/// Longest accessible title accepted, in characters.
pub const MAX_QR_TITLE_LENGTH: usize = 200;

/// Error-correction level: how much of the code may be damaged and still read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Ecc {
    /// About 7 %.
    L,
    /// About 15 %, the default: a good balance for screens.
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 %, for print that may get scuffed.
    H,
}

impl From<Ecc> for EcLevel {
    fn from(ecc: Ecc) -> Self {
        match ecc {
            Ecc::L => Self::L,
            Ecc::M => Self::M,
            Ecc::Q => Self::Q,
            Ecc::H => Self::H,
        }
    }
}

/// How to draw the SVG. Every field has a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct SvgOptions {
    /// Error correction, `M` by default.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ecc: Ecc,
    /// Quiet zone around the code in modules, 4 by default as the standard asks.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub margin: u32,
    /// Colour of dark modules (CSS), `#000` by default.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub dark: String,
    /// Colour of the background (CSS; `none` or `transparent` for none), `#fff` by default.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub light: String,
    /// The accessible name, read by screen readers; `QR code` by default.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub title: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            ecc: Ecc::M,
            margin: 4,
            dark: "#000".to_owned(),
            light: "#fff".to_owned(),
            title: "QR code".to_owned(),
        }
    }
}

/// Options of the matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct MatrixOptions {
    /// Error correction, `M` by default.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ecc: Ecc,
}

/// The modules of a QR code, without quiet zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QrMatrix {
    /// Modules per side.
    pub size: u32,
    /// `size * size` modules row by row from the top left: 1 dark, 0 light.
    #[serde(with = "serde_bytes")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Uint8Array"))]
    pub modules: Vec<u8>,
}

/// Encodes `text` (as UTF-8 bytes) in the smallest QR code that holds it.
///
/// # Errors
///
/// [`Error::QrDataTooLong`] beyond version 40's capacity at that level.
pub fn qr_matrix(text: &str, options: &MatrixOptions) -> Result<QrMatrix> {
    let code = encode(text.as_bytes(), options.ecc.into())?;
    let modules = code.to_colors().into_iter().map(|c| u8::from(c == Color::Dark)).collect();
    let size = u32::try_from(code.width()).map_err(|_| Error::QrDataTooLong)?;
    Ok(QrMatrix { size, modules })
}

/// Draws `text` as an SVG: one background rectangle and one path for every dark module,
/// scaling to its container (there is a `viewBox` but no fixed size).
///
/// # Errors
///
/// [`Error::QrColorInvalid`], [`Error::QrMarginOutOfRange`], [`Error::QrTitleTooLong`],
/// and the errors of [`qr_matrix`].
pub fn qr_svg(text: &str, options: &SvgOptions) -> Result<String> {
    if options.margin > MAX_QR_MARGIN {
        return Err(Error::QrMarginOutOfRange);
    }
    if options.title.chars().count() > MAX_QR_TITLE_LENGTH {
        return Err(Error::QrTitleTooLong);
    }
    let dark = css_color(&options.dark)?;
    let light = css_color(&options.light)?;
    let matrix = qr_matrix(text, &MatrixOptions { ecc: options.ecc })?;
    let side = matrix.size + 2 * options.margin;

    let mut svg = String::with_capacity(matrix.modules.len() / 2 + 256);
    // Writing to a String cannot fail, so the fmt::Results below carry no information.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><title>{}</title>",
        xml_escape(&options.title)
    );
    if !matches!(light.as_str(), "none" | "transparent") {
        let _ = write!(svg, "<path fill=\"{light}\" d=\"M0 0h{side}v{side}H0z\"/>");
    }
    let _ = write!(svg, "<path stroke=\"{dark}\" d=\"{}\"/></svg>", dark_runs(&matrix, options.margin));
    Ok(svg)
}

/// Path data drawing each horizontal run of dark modules as a 1-unit stroke through the
/// middle of its row. Relative moves keep the numbers short.
fn dark_runs(matrix: &QrMatrix, margin: u32) -> String {
    let size = matrix.size as usize;
    let mut d = String::with_capacity(matrix.modules.len());
    // The pen position after the last run, in modules; `None` before the first.
    let mut pen: Option<(i64, i64)> = None;
    for (y, row) in matrix.modules.chunks(size.max(1)).enumerate() {
        let mut x = 0;
        while x < size {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && row[x] != 0 {
                x += 1;
            }
            let (sx, sy) = ((start as i64) + i64::from(margin), (y as i64) + i64::from(margin));
            let _ = match pen {
                None => write!(d, "M{sx} {sy}.5"),
                Some((px, py)) => write!(d, "m{} {}", sx - px, sy - py),
            };
            let run = (x - start) as i64;
            let _ = write!(d, "h{run}");
            pen = Some((sx + run, sy));
        }
    }
    d
}

/// The smallest code for `data` in byte, numeric and alphanumeric modes.
///
/// The crate's automatic encoder also uses Kanji mode for byte pairs that look like
/// Shift JIS, which turns UTF-8 text such as "日本" into other characters once decoded;
/// here those segments are bytes like the rest.
fn encode(data: &[u8], ec_level: EcLevel) -> Result<QrCode> {
    let segments: Vec<Segment> = Parser::new(data)
        .map(|s| if s.mode == Mode::Kanji { Segment { mode: Mode::Byte, ..s } } else { s })
        .collect();
    // Segment lengths only change between these version groups (ISO 18004 table 3).
    for group in [1..=9, 10..=26, 27..=40] {
        let optimized: Vec<Segment> =
            Optimizer::new(segments.iter().copied(), Version::Normal(*group.end())).collect();
        for version in group {
            let mut bits = Bits::new(Version::Normal(version));
            let fits = bits.push_segments(data, optimized.iter().copied()).is_ok()
                && bits.push_terminator(ec_level).is_ok();
            if fits {
                return QrCode::with_bits(bits, ec_level).map_err(|_| Error::QrDataTooLong);
            }
        }
    }
    Err(Error::QrDataTooLong)
}

/// Accepts the colours a designer types and nothing that could break out of an attribute:
/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, a name, or `rgb()`/`rgba()`/`hsl()`/`hsla()`.
fn css_color(color: &str) -> Result<String> {
    let color = color.trim();
    let ok = if let Some(hex) = color.strip_prefix('#') {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some((name, args)) = color.split_once('(') {
        matches!(name, "rgb" | "rgba" | "hsl" | "hsla")
            && args.strip_suffix(')').is_some_and(|inner| {
                inner.bytes().all(|b| b.is_ascii_alphanumeric() || b" .,%/-+".contains(&b))
            })
    } else {
        (1..=32).contains(&color.len()) && color.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if ok { Ok(color.to_owned()) } else { Err(Error::QrColorInvalid) }
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even as references.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked() {
        for good in
            ["#000", "#12ab34", "#12ab34cc", "rebeccapurple", "rgb(0 0 0 / 50%)", "hsl(120deg, 50%, 50%)"]
        {
            assert!(css_color(good).is_ok(), "{good}");
        }
        for bad in ["", "#12", "red\" onload=\"x", "url(#a)", "rgb(0,0,0);x", "#ggg", "expression(1)"] {
            assert_eq!(css_color(bad), Err(Error::QrColorInvalid), "{bad}");
        }
    }

    #[test]
    fn title_is_escaped() {
        let svg = qr_svg("x", &SvgOptions { title: "<a & \"b\">".to_owned(), ..Default::default() });
        assert!(svg.is_ok_and(|s| s.contains("<title>&lt;a &amp; &quot;b&quot;&gt;</title>")));
    }

    #[test]
    fn unicode_text_stays_in_byte_mode() {
        // Shift JIS would read these UTF-8 bytes as Kanji; a byte-mode code is version 1 here.
        let matrix = qr_matrix("日本", &MatrixOptions::default());
        assert_eq!(matrix.map(|m| m.size), Ok(21));
    }

    #[test]
    fn capacity_is_the_standard_one() {
        // ISO 18004 table 7: version 40-L holds 2953 bytes.
        let options = MatrixOptions { ecc: Ecc::L };
        assert_eq!(qr_matrix(&"a".repeat(2953), &options).map(|m| m.size), Ok(177));
        assert_eq!(qr_matrix(&"a".repeat(2954), &options), Err(Error::QrDataTooLong));
    }

    #[test]
    fn path_runs_cover_exactly_the_dark_modules() {
        let matrix =
            qr_matrix("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", &MatrixOptions::default());
        let Ok(matrix) = matrix else { unreachable!() };
        let d = dark_runs(&matrix, 4);
        let mut drawn = vec![0u8; matrix.modules.len()];
        // Replay the path: it only uses M, m and h.
        let (mut x, mut y) = (0i64, 0i64);
        let mut rest = d.as_str();
        while let Some(command) = rest.chars().next() {
            let end = rest[1..].find(['M', 'm', 'h']).map_or(rest.len(), |i| i + 1);
            let args: Vec<f64> = rest[1..end].split(' ').filter_map(|a| a.parse().ok()).collect();
            match (command, args.as_slice()) {
                ('M', [ax, ay]) => (x, y) = (*ax as i64, ay.floor() as i64),
                ('m', [dx, dy]) => (x, y) = (x + *dx as i64, y + *dy as i64),
                ('h', [w]) => {
                    for i in 0..*w as i64 {
                        drawn[((y - 4) * i64::from(matrix.size) + x - 4 + i) as usize] += 1;
                    }
                    x += *w as i64;
                }
                other => unreachable!("{other:?}"),
            }
            rest = &rest[end..];
        }
        assert_eq!(drawn, matrix.modules);
    }
}
