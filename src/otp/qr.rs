//! QR codes for any text, as a module matrix or a compact SVG, in the smallest symbol the
//! standard allows: our own encoder, written from ISO/IEC 18004:2015.

mod codewords;
mod matrix;
mod segment;
mod svg;

pub use svg::qr_svg;

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
    let (modules, width) = encode(text.as_bytes(), options.ecc)?;
    let size = u32::try_from(width).map_err(|_| Error::QrDataTooLong)?;
    Ok(QrMatrix { size, modules })
}

/// Most characters any symbol holds: 7089 digits in version 40-L.
const MAX_CHARS: usize = 7089;

/// The smallest symbol for `data` at `ecc`, as modules (1 dark) and the width. Character counts
/// take more bits from versions 10 and 27 on (Table 3), which can move the best places to change
/// mode, so each range of versions gets the segmentation best for its own counts.
fn encode(data: &[u8], ecc: Ecc) -> Result<(Vec<u8>, usize)> {
    if data.len() > MAX_CHARS {
        return Err(Error::QrDataTooLong);
    }
    for (group, versions) in [1..=9, 10..=26, 27..=40].into_iter().enumerate() {
        let bits = segment::encode(data, group);
        if let Some(version) =
            versions.into_iter().find(|&v| bits.len <= 8 * codewords::data_capacity(v, ecc))
        {
            return Ok(matrix::draw(&codewords::codewords(bits, version, ecc), version, ecc));
        }
    }
    Err(Error::QrDataTooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_text_stays_in_byte_mode() {
        // Shift JIS would read these UTF-8 bytes as Kanji; a byte-mode code is version 1 here.
        let matrix = qr_matrix("日本", &MatrixOptions::default());
        assert_eq!(matrix.map(|m| m.size), Ok(21));
    }

    #[test]
    fn capacity_is_the_standard_one() {
        // ISO 18004 table 7: version 40-L holds 2953 bytes, 4296 alphanumerics, 7089 digits.
        let options = MatrixOptions { ecc: Ecc::L };
        for (text, more) in [("a".repeat(2953), "a"), ("A".repeat(4296), "A"), ("1".repeat(7089), "1")] {
            assert_eq!(qr_matrix(&text, &options).map(|m| m.size), Ok(177));
            assert_eq!(qr_matrix(&(text + more), &options), Err(Error::QrDataTooLong));
        }
    }

    #[test]
    fn versions_are_the_smallest_that_hold_the_text() {
        // Table 7 again: version 1-M holds 14 bytes, and version 2-M 26.
        let size = |text: &str| qr_matrix(text, &MatrixOptions::default()).map(|m| m.size);
        assert_eq!(size(&"a".repeat(14)), Ok(21));
        assert_eq!(size(&"a".repeat(15)), Ok(25));
        assert_eq!(size(&"a".repeat(26)), Ok(25));
        assert_eq!(size(&"a".repeat(27)), Ok(29));
    }
}
