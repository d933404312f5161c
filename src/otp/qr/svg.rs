//! A QR code as SVG: one background path and one path for the dark modules, scaling to its
//! container, with an accessible title.

use super::{MatrixOptions, QrMatrix, SvgOptions, qr_matrix};
use crate::decimal;
use crate::error::{Error, Result};

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

    let side = decimal::string(side.into());
    let mut svg = String::with_capacity(matrix.modules.len() / 2 + 256);
    // Pieces pushed one by one rather than `write!`, whose formatting machinery would weigh
    // more in the wasm than all of this file.
    for piece in ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", &side, " ", &side] {
        svg.push_str(piece);
    }
    svg.push_str("\" shape-rendering=\"crispEdges\" role=\"img\"><title>");
    svg.push_str(&xml_escape(&options.title));
    svg.push_str("</title>");
    if !matches!(light.as_str(), "none" | "transparent") {
        // A fill closes its outline by itself, so the rectangle needs no `z`.
        for piece in ["<path fill=\"", &light, "\" d=\"M0 0h", &side, "v", &side, "H0\"/>"] {
            svg.push_str(piece);
        }
    }
    for piece in ["<path stroke=\"", &dark, "\" d=\"", &dark_runs(&matrix, options.margin), "\"/></svg>"] {
        svg.push_str(piece);
    }
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
            match (pen, vertical) {
                (None, false) => {
                    d.push('M');
                    number(&mut d, along, false);
                    number(&mut d, across, true);
                    d.push_str(".5");
                }
                (None, true) => {
                    d.push('M');
                    number(&mut d, across, false);
                    d.push_str(".5");
                    number(&mut d, along, true);
                }
                (Some((a, c)), false) => {
                    d.push('m');
                    number(&mut d, along - a, false);
                    number(&mut d, across - c, true);
                }
                (Some((a, c)), true) => {
                    d.push('m');
                    number(&mut d, across - c, false);
                    number(&mut d, along - a, true);
                }
            }
            let run = (i - start) as i64;
            d.push(if vertical { 'v' } else { 'h' });
            number(&mut d, run, false);
            pen = Some((along + run, across));
        }
    }
    d
}

/// Appends `n` to path data; one `after` another number is separated from it by its minus
/// sign, or else by a space.
fn number(d: &mut String, n: i64, after: bool) {
    if n < 0 {
        d.push('-');
    } else if after {
        d.push(' ');
    }
    decimal::push(d, n.unsigned_abs());
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
    use crate::otp::qr::{MatrixOptions, qr_matrix};

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
        let mut d = String::from("m1");
        number(&mut d, -49, true);
        d.push_str("m2");
        number(&mut d, 0, true);
        assert_eq!(d, "m1-49m2 0");
    }
}
