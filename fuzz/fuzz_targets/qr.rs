//! QR rendering, fed arbitrary text at each error-correction level: what fits is a square of
//! a version's size with every module 0 or 1, and its SVG is well-formed enough to start and
//! end as one; what does not fit is refused as too long.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold::{Ecc, Error, MatrixOptions, SvgOptions, qr_matrix, qr_svg};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let ecc = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H][usize::from(pick) % 4];
    match qr_matrix(&text, &MatrixOptions { ecc }) {
        Ok(matrix) => {
            let size = matrix.size as usize;
            assert!((21..=177).contains(&size) && (size - 17) % 4 == 0, "size {size}");
            assert_eq!(matrix.modules.len(), size * size);
            assert!(matrix.modules.iter().all(|&m| m <= 1));
            if pick & 0x80 != 0 {
                let svg = qr_svg(&text, &SvgOptions { ecc, ..SvgOptions::default() }).expect("what fits draws");
                assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
            }
        }
        Err(error) => assert_eq!(error, Error::QrDataTooLong),
    }
});
