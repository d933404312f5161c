//! QR codes for any text, as a module matrix or a compact SVG.

use core::fmt::Write as _;

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::optimize::{Optimizer, Parser, Segment};
use qrcode::types::Mode;
use qrcode::{Color, EcLevel, Version};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Error-correction level: how much of the code may be damaged and still read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
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
#[serde(default, deny_unknown_fields)]
pub struct SvgOptions {
    /// Error correction, `M` by default.
    pub ecc: Ecc,
    /// Quiet zone around the code in modules, 4 by default as the standard asks.
    pub margin: u32,
    /// Colour of dark modules (CSS), `#000` by default.
    pub dark: String,
    /// Colour of the background (CSS; `none` or `transparent` for none), `#fff` by default.
    pub light: String,
    /// The accessible name, read by screen readers; `QR code` by default.
    pub title: String,
}

impl SvgOptions {
    /// Widest quiet zone accepted, in modules (the standard asks for 4).
    pub const MAX_MARGIN: u32 = 64;
    /// Longest accessible title accepted, in characters.
    pub const MAX_TITLE_LENGTH: usize = 200;
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
#[serde(default, deny_unknown_fields)]
pub struct MatrixOptions {
    /// Error correction, `M` by default.
    pub ecc: Ecc,
}

/// The modules of a QR code, without quiet zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct QrMatrix {
    /// Modules per side.
    pub size: u32,
    /// `size * size` modules row by row from the top left: 1 dark, 0 light.
    #[serde(with = "serde_bytes")]
    #[cfg_attr(feature = "typescript", tsify(type = "Uint8Array"))]
    pub modules: Vec<u8>,
}

/// Encodes `text` (as UTF-8 bytes) in the smallest QR code that holds it.
///
/// # Errors
///
/// [`Error::QrDataTooLong`] beyond version 40's capacity at that level.
pub fn qr_matrix(text: &str, options: &MatrixOptions) -> Result<QrMatrix> {
    let (modules, width) = encode(text.as_bytes(), options.ecc.into())?;
    let size = u32::try_from(width).map_err(|_| Error::QrDataTooLong)?;
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
    if options.margin > SvgOptions::MAX_MARGIN {
        return Err(Error::QrMarginOutOfRange { max: SvgOptions::MAX_MARGIN });
    }
    if options.title.chars().count() > SvgOptions::MAX_TITLE_LENGTH {
        return Err(Error::QrTitleTooLong { max: SvgOptions::MAX_TITLE_LENGTH });
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
        // A fill closes its outline by itself, so the rectangle needs no `z`.
        let _ = write!(svg, "<path fill=\"{light}\" d=\"M0 0h{side}v{side}H0\"/>");
    }
    let _ = write!(svg, "<path stroke=\"{dark}\" d=\"{}\"/></svg>", dark_runs(&matrix, options.margin));
    Ok(svg)
}

/// Path data drawing every dark module: along rows or along columns, whichever is shorter.
/// Both draw the same pixels; columns usually win, as each move to the next column ends with
/// a negative number that needs no separator (`m1-49` where a row takes `m-49 1`).
fn dark_runs(matrix: &QrMatrix, margin: u32) -> String {
    let rows = runs_path(matrix, margin, false);
    let columns = runs_path(matrix, margin, true);
    if columns.len() < rows.len() { columns } else { rows }
}

/// Path data drawing each run of dark modules along rows (or columns, when `vertical`) as a
/// 1-unit stroke through the middle of its line. Relative moves keep the numbers short.
fn runs_path(matrix: &QrMatrix, margin: u32, vertical: bool) -> String {
    let size = matrix.size as usize;
    let dark = |line: usize, i: usize| {
        let index = if vertical { i * size + line } else { line * size + i };
        matrix.modules.get(index).is_some_and(|&m| m != 0)
    };
    let margin = i64::from(margin);
    let mut d = String::with_capacity(matrix.modules.len());
    // The pen after the last run, in modules along and across the lines; `None` before the first.
    let mut pen: Option<(i64, i64)> = None;
    for line in 0..size {
        let mut i = 0;
        while i < size {
            if !dark(line, i) {
                i += 1;
                continue;
            }
            let start = i;
            while i < size && dark(line, i) {
                i += 1;
            }
            let (along, across) = ((start as i64) + margin, (line as i64) + margin);
            let _ = match (pen, vertical) {
                (None, false) => write!(d, "M{along} {across}.5"),
                (None, true) => write!(d, "M{across}.5 {along}"),
                (Some((a, c)), false) => write!(d, "m{}{}", along - a, Separated(across - c)),
                (Some((a, c)), true) => write!(d, "m{}{}", across - c, Separated(along - a)),
            };
            let run = (i - start) as i64;
            let _ = write!(d, "{}{run}", if vertical { 'v' } else { 'h' });
            pen = Some((along + run, across));
        }
    }
    d
}

/// A number after another in path data: its minus sign separates them, or else a space.
struct Separated(i64);

impl core::fmt::Display for Separated {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.0 < 0 { write!(f, "{}", self.0) } else { write!(f, " {}", self.0) }
    }
}

/// The smallest code for `data` in byte, numeric and alphanumeric modes, as modules (1 dark)
/// and the width.
///
/// The crate's automatic encoder also uses Kanji mode for byte pairs that look like
/// Shift JIS, which turns UTF-8 text such as "日本" into other characters once decoded;
/// here those segments are bytes like the rest.
fn encode(data: &[u8], ec_level: EcLevel) -> Result<(Vec<u8>, usize)> {
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
                return draw(bits, ec_level);
            }
        }
    }
    Err(Error::QrDataTooLong)
}

/// Lays out the codewords and picks the mask with the lowest penalty. The crate does the
/// same in `QrCode::with_bits`, but its penalty allocates a closure per module and takes
/// milliseconds; this one scans the modules directly.
fn draw(bits: Bits, ec_level: EcLevel) -> Result<(Vec<u8>, usize)> {
    const MASKS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level)
        .map_err(|_| Error::QrDataTooLong)?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).map_err(|_| Error::QrDataTooLong)?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            masked.into_colors().into_iter().map(|c| u8::from(c == Color::Dark)).collect::<Vec<u8>>()
        })
        .min_by_key(|modules| penalty(modules, width))
        .map(|modules| (modules, width))
        .ok_or(Error::QrDataTooLong)
}

/// The mask penalty of ISO 18004 §7.8.3: runs of five or more (N1), 2×2 blocks (N2),
/// finder-like 1:1:3:1:1 patterns beside four light modules (N3), and dark/light balance (N4).
fn penalty(modules: &[u8], width: usize) -> u32 {
    const FINDER_AFTER_LIGHT: [u8; 11] = [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1];
    const FINDER_BEFORE_LIGHT: [u8; 11] = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0];
    let mut score = 0;
    // One row or column at a time, with four light modules either side: outside the symbol
    // is the light quiet zone.
    let mut line = vec![0u8; width + 8];
    for horizontal in [true, false] {
        for i in 0..width {
            for j in 0..width {
                line[4 + j] = if horizontal { modules[i * width + j] } else { modules[j * width + i] };
            }
            let mut run = 1;
            for j in 5..=width + 4 {
                if j < width + 4 && line[j] == line[j - 1] {
                    run += 1;
                    continue;
                }
                if run >= 5 {
                    score += 3 + (run - 5);
                }
                run = 1;
            }
            score += 40
                * line.windows(11).filter(|w| *w == FINDER_AFTER_LIGHT || *w == FINDER_BEFORE_LIGHT).count()
                    as u32;
        }
    }
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let c = modules[y * width + x];
            if modules[y * width + x + 1] == c
                && modules[(y + 1) * width + x] == c
                && modules[(y + 1) * width + x + 1] == c
            {
                score += 3;
            }
        }
    }
    let dark = modules.iter().filter(|&&m| m == 1).count();
    let percent = dark * 100 / modules.len();
    score + 10 * (percent.abs_diff(50) / 5) as u32
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

    /// The modules `d` strokes, replayed: it only uses M, m, h and v, in whole modules except
    /// for the half that centres the stroke on its line.
    fn replay(d: &str, size: u32, margin: i64) -> Vec<u8> {
        let mut drawn = vec![0u8; (size * size) as usize];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        let mut rest = d;
        while let Some(command) = rest.chars().next() {
            let end = rest[1..].find(['M', 'm', 'h', 'v']).map_or(rest.len(), |i| i + 1);
            // A minus sign starts a number of its own.
            let args: Vec<f64> =
                rest[1..end].replace('-', " -").split(' ').filter_map(|a| a.parse().ok()).collect();
            match (command, args.as_slice()) {
                ('M', [ax, ay]) => (x, y) = (*ax, *ay),
                ('m', [dx, dy]) => (x, y) = (x + dx, y + dy),
                ('h' | 'v', [length]) => {
                    for i in 0..*length as i64 {
                        let (column, row) = if command == 'h' {
                            (x.floor() as i64 + i, y.floor() as i64)
                        } else {
                            (x.floor() as i64, y.floor() as i64 + i)
                        };
                        drawn[((row - margin) * i64::from(size) + column - margin) as usize] += 1;
                    }
                    if command == 'h' { x += length } else { y += length }
                }
                other => unreachable!("{other:?}"),
            }
            rest = &rest[end..];
        }
        drawn
    }

    #[test]
    fn rows_and_columns_each_draw_exactly_the_dark_modules() {
        for text in ["otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", "x", &"0123456789".repeat(30)] {
            let Ok(matrix) = qr_matrix(text, &MatrixOptions::default()) else { unreachable!() };
            for margin in [0, 4] {
                let rows = runs_path(&matrix, margin, false);
                let columns = runs_path(&matrix, margin, true);
                assert!(!rows.contains('v') && !columns.contains('h'));
                assert_eq!(replay(&rows, matrix.size, margin.into()), matrix.modules, "{text}: rows");
                assert_eq!(replay(&columns, matrix.size, margin.into()), matrix.modules, "{text}: columns");
                assert_eq!(dark_runs(&matrix, margin).len(), rows.len().min(columns.len()));
            }
        }
    }

    #[test]
    fn a_negative_number_needs_no_separator() {
        assert_eq!(format!("m1{}m2{}", Separated(-49), Separated(0)), "m1-49m2 0");
    }
}
