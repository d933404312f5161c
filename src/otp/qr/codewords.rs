//! The codewords of a symbol: how many each version holds, how they split into blocks, and each
//! block's Reed–Solomon error correction (ISO/IEC 18004:2015 §7.4.10, §7.5, §7.6, Table 9).

use super::segment::Bits;
use crate::otp::qr::Ecc;

/// For each version 1–40 and level L, M, Q, H: the number of blocks and the error-correction
/// codewords of each block. ISO/IEC 18004:2015 Table 9 (its totals divided by its block counts).
const BLOCKS: [[(u8, u8); 4]; 40] = [
    [(1, 7), (1, 10), (1, 13), (1, 17)],
    [(1, 10), (1, 16), (1, 22), (1, 28)],
    [(1, 15), (1, 26), (2, 18), (2, 22)],
    [(1, 20), (2, 18), (2, 26), (4, 16)],
    [(1, 26), (2, 24), (4, 18), (4, 22)],
    [(2, 18), (4, 16), (4, 24), (4, 28)],
    [(2, 20), (4, 18), (6, 18), (5, 26)],
    [(2, 24), (4, 22), (6, 22), (6, 26)],
    [(2, 30), (5, 22), (8, 20), (8, 24)],
    [(4, 18), (5, 26), (8, 24), (8, 28)],
    [(4, 20), (5, 30), (8, 28), (11, 24)],
    [(4, 24), (8, 22), (10, 26), (11, 28)],
    [(4, 26), (9, 22), (12, 24), (16, 22)],
    [(4, 30), (9, 24), (16, 20), (16, 24)],
    [(6, 22), (10, 24), (12, 30), (18, 24)],
    [(6, 24), (10, 28), (17, 24), (16, 30)],
    [(6, 28), (11, 28), (16, 28), (19, 28)],
    [(6, 30), (13, 26), (18, 28), (21, 28)],
    [(7, 28), (14, 26), (21, 26), (25, 26)],
    [(8, 28), (16, 26), (20, 30), (25, 28)],
    [(8, 28), (17, 26), (23, 28), (25, 30)],
    [(9, 28), (17, 28), (23, 30), (34, 24)],
    [(9, 30), (18, 28), (25, 30), (30, 30)],
    [(10, 30), (20, 28), (27, 30), (32, 30)],
    [(12, 26), (21, 28), (29, 30), (35, 30)],
    [(12, 28), (23, 28), (34, 28), (37, 30)],
    [(12, 30), (25, 28), (34, 30), (40, 30)],
    [(13, 30), (26, 28), (35, 30), (42, 30)],
    [(14, 30), (28, 28), (38, 30), (45, 30)],
    [(15, 30), (29, 28), (40, 30), (48, 30)],
    [(16, 30), (31, 28), (43, 30), (51, 30)],
    [(17, 30), (33, 28), (45, 30), (54, 30)],
    [(18, 30), (35, 28), (48, 30), (57, 30)],
    [(19, 30), (37, 28), (51, 30), (60, 30)],
    [(19, 30), (38, 28), (53, 30), (63, 30)],
    [(20, 30), (40, 28), (56, 30), (66, 30)],
    [(21, 30), (43, 28), (59, 30), (70, 30)],
    [(22, 30), (45, 28), (62, 30), (74, 30)],
    [(24, 30), (47, 28), (65, 30), (77, 30)],
    [(25, 30), (49, 28), (68, 30), (81, 30)],
];

/// Alignment pattern centres per axis in `version` (2 or more): an even step from the last
/// one back towards row 6, and 6 itself (ISO/IEC 18004 Annex E; version 32's step is 26, not
/// the 28 that rounding up would give).
pub(super) fn alignment_centres(version: usize) -> Vec<usize> {
    if version < 2 {
        return Vec::new();
    }
    let last = 4 * version + 10;
    let count = version / 7 + 2;
    let step = if version == 32 { 26 } else { (last - 6).div_ceil(2 * (count - 1)) * 2 };
    let mut centres: Vec<usize> = (0..count - 1).map(|i| last - i * step).collect();
    centres.push(6);
    centres.reverse();
    centres
}

/// Modules of `version` left for codewords once the function patterns and the format and
/// version information are placed; any bits past the last whole codeword are remainder bits.
pub(super) fn data_modules(version: usize) -> usize {
    let size = 4 * version + 17;
    // Three finder patterns with their separators (8 × 8 each), the two timing patterns
    // between them, and the format information (twice 15 modules) with its dark module.
    let mut modules = size * size - 3 * 64 - 2 * (size - 16) - 31;
    let n = alignment_centres(version).len();
    if n > 0 {
        // Every pair of centres but the three in finder patterns, less the five modules each
        // one on row or column 6 shares with a timing pattern (counted there already).
        modules -= 25 * (n * n - 3) - 2 * 5 * (n - 2);
    }
    if version >= 7 {
        modules -= 2 * 18;
    }
    modules
}

fn blocks(version: usize, ecc: Ecc) -> (usize, usize) {
    let (blocks, per_block) = BLOCKS[version - 1][ecc as usize];
    (usize::from(blocks), usize::from(per_block))
}

/// Codewords of data (not error correction) in `version` at `ecc`.
pub(super) fn data_capacity(version: usize, ecc: Ecc) -> usize {
    let (blocks, per_block) = blocks(version, ecc);
    data_modules(version) / 8 - blocks * per_block
}

/// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field of §7.5.2.
fn multiply(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 == 1 {
            product ^= a;
        }
        a = (a << 1) ^ if a & 0x80 != 0 { 0x1D } else { 0 };
        b >>= 1;
    }
    product
}

/// The generator polynomial of `degree` error-correction codewords, (x − α^0)···(x − α^(degree−1))
/// with α = 2, highest power first; its leading 1 is left out.
fn generator(degree: usize) -> Vec<u8> {
    let mut polynomial = vec![1u8];
    let mut root = 1u8;
    for _ in 0..degree {
        // Times (x − root); in this field minus is plus.
        let mut next = polynomial.clone();
        next.push(0);
        for (k, &c) in polynomial.iter().enumerate() {
            next[k + 1] ^= multiply(c, root);
        }
        polynomial = next;
        root = multiply(root, 2);
    }
    polynomial.remove(0);
    polynomial
}

/// Powers of α = 2 and their logarithms, so a product in the field is one sum of logarithms:
/// the blocks of a large symbol need some 90,000 products.
struct Field {
    /// α^i for i in 0..510, twice round, so a sum of two logarithms needs no reduction.
    power: [u8; 510],
    log: [u8; 256],
}

impl Field {
    fn new() -> Self {
        let mut field = Self { power: [0; 510], log: [0; 256] };
        let mut x = 1;
        for i in 0..255 {
            field.power[i] = x;
            field.power[i + 255] = x;
            field.log[usize::from(x)] = i as u8;
            x = multiply(x, 2);
        }
        field
    }
}

/// The remainder of the block's polynomial times x^degree, divided by the generator.
fn error_correction(block: &[u8], generator: &[u8], field: &Field) -> Vec<u8> {
    let mut remainder = vec![0u8; generator.len()];
    for &byte in block {
        let factor = byte ^ remainder[0];
        remainder.rotate_left(1);
        if let Some(last) = remainder.last_mut() {
            *last = 0;
        }
        // No coefficient of the generator is 0 (its roots are distinct), so only the factor can be.
        if factor != 0 {
            let by = usize::from(field.log[usize::from(factor)]);
            for (r, &g) in remainder.iter_mut().zip(generator) {
                *r ^= field.power[usize::from(field.log[usize::from(g)]) + by];
            }
        }
    }
    remainder
}

/// The final sequence of codewords for `bits` in `version` at `ecc`: the terminator and padding
/// (§7.4.9, §7.4.10), then the blocks' data codewords interleaved, then their error correction
/// codewords interleaved (§7.6). `bits` must fit, as the caller checked.
pub(super) fn codewords(mut bits: Bits, version: usize, ecc: Ecc) -> Vec<u8> {
    let capacity = data_capacity(version, ecc);
    let terminator = (capacity * 8 - bits.len).min(4);
    bits.push(0, terminator as u32);
    bits.len = bits.bytes.len() * 8;
    let mut data = bits.bytes;
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if data.len() >= capacity {
            break;
        }
        data.push(pad);
    }

    let (count, per_block) = blocks(version, ecc);
    let generator = generator(per_block);
    let field = Field::new();
    // The first blocks are one codeword shorter when the data does not divide evenly.
    let (short, long) = (capacity / count, capacity % count);
    let mut blocks = Vec::with_capacity(count);
    let mut rest = data.as_slice();
    for i in 0..count {
        let (block, after) = rest.split_at(short + usize::from(i >= count - long));
        blocks.push((block, error_correction(block, &generator, &field)));
        rest = after;
    }
    let mut out = Vec::with_capacity(capacity + count * per_block);
    for i in 0..=short {
        out.extend(blocks.iter().filter_map(|(block, _)| block.get(i)));
    }
    for i in 0..per_block {
        out.extend(blocks.iter().map(|(_, ec)| ec[i]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_are_the_standards() {
        // ISO/IEC 18004 Table 1 (codewords per version) and Table 7 (data codewords).
        let total = |v: usize| data_modules(v) / 8;
        assert_eq!([total(1), total(2), total(7), total(14), total(40)], [26, 44, 196, 581, 3706]);
        assert_eq!([data_modules(2) % 8, data_modules(7) % 8, data_modules(21) % 8], [7, 0, 4]);
        assert_eq!(data_capacity(1, Ecc::M), 16);
        assert_eq!(data_capacity(10, Ecc::Q), 154);
        assert_eq!(data_capacity(40, Ecc::L), 2956);
        assert_eq!(data_capacity(40, Ecc::H), 1276);
    }

    #[test]
    fn alignment_centres_are_annex_es() {
        assert_eq!(alignment_centres(1), Vec::<usize>::new());
        assert_eq!(alignment_centres(2), [6, 18]);
        assert_eq!(alignment_centres(7), [6, 22, 38]);
        assert_eq!(alignment_centres(32), [6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_centres(36), [6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(alignment_centres(40), [6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn error_correction_is_the_standards_example() {
        // ISO/IEC 18004 Annex I: "01234567" in version 1-M.
        let data =
            [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11];
        assert_eq!(
            error_correction(&data, &generator(10), &Field::new()),
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        );
    }

    #[test]
    fn products_by_logarithm_are_the_fields() {
        let field = Field::new();
        for a in 1..=255u8 {
            for b in 1..=255u8 {
                let by_logs = field.power
                    [usize::from(field.log[usize::from(a)]) + usize::from(field.log[usize::from(b)])];
                assert_eq!(by_logs, multiply(a, b), "{a} × {b}");
            }
        }
    }

    #[test]
    fn no_generator_in_use_has_a_zero_coefficient() {
        // error_correction multiplies by the coefficients' logarithms, which 0 does not have.
        for &(_, per_block) in BLOCKS.iter().flatten() {
            assert!(generator(usize::from(per_block)).iter().all(|&c| c != 0), "degree {per_block}");
        }
    }
}
