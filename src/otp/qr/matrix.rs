//! Laying out a symbol: the function patterns, the codewords along their zigzag, the mask with
//! the lowest penalty, and the format and version information (ISO/IEC 18004:2015 §6.3.2–6.3.6,
//! §7.7, §7.8, §7.9).

use super::codewords::alignment_centres;
use crate::otp::qr::Ecc;

/// A module's value: dark or light, and whether it belongs to a function pattern (or to the
/// format or version information), where data may not go.
const DARK: u8 = 1;
const FUNCTION: u8 = 2;

struct Symbol {
    size: usize,
    modules: Vec<u8>,
}

impl Symbol {
    fn set(&mut self, row: usize, column: usize, dark: bool) {
        self.modules[row * self.size + column] = FUNCTION | u8::from(dark);
    }

    fn is_function(&self, row: usize, column: usize) -> bool {
        self.modules[row * self.size + column] & FUNCTION != 0
    }

    /// Everything but the data: finder patterns with their separators, timing patterns,
    /// alignment patterns, the version information, and room for the format information.
    fn template(version: usize) -> Self {
        let size = 4 * version + 17;
        let mut symbol = Self { size, modules: vec![0; size * size] };
        for (top, left) in [(0, 0), (0, size - 7), (size - 7, 0)] {
            // 7 × 7 rings around the centre, dark but for the second; the separator is the
            // light ring outside (the finder's corner is never at the edge on that side).
            for dr in -1..=7isize {
                for dc in -1..=7isize {
                    let (Some(row), Some(column)) = (top.checked_add_signed(dr), left.checked_add_signed(dc))
                    else {
                        continue;
                    };
                    if row < size && column < size {
                        let ring = (dr - 3).abs().max((dc - 3).abs());
                        symbol.set(row, column, matches!(ring, 0 | 1 | 3));
                    }
                }
            }
        }
        for i in 8..size - 8 {
            symbol.set(6, i, i % 2 == 0);
            symbol.set(i, 6, i % 2 == 0);
        }
        let centres = alignment_centres(version);
        let last = centres.len().saturating_sub(1);
        for (i, &row) in centres.iter().enumerate() {
            for (j, &column) in centres.iter().enumerate() {
                // The three corners with finder patterns have none.
                if (i, j) == (0, 0) || (i, j) == (0, last) || (i, j) == (last, 0) {
                    continue;
                }
                for dr in 0..5 {
                    for dc in 0..5 {
                        let ring = (dr as isize - 2).abs().max((dc as isize - 2).abs());
                        symbol.set(row + dr - 2, column + dc - 2, ring != 1);
                    }
                }
            }
        }
        symbol.format(0);
        if version >= 7 {
            // 6 bits of version, then 12 of BCH(18, 6) with generator 0x1F25 (Annex D).
            let mut remainder = version as u32;
            for _ in 0..12 {
                remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
            }
            let bits = (version as u32) << 12 | remainder;
            for i in 0..18 {
                let dark = bits >> i & 1 == 1;
                let (near, far) = (i / 3, size - 11 + i % 3);
                symbol.set(near, far, dark);
                symbol.set(far, near, dark);
            }
        }
        symbol
    }

    /// The 15 format bits: the level and the mask, BCH(15, 5) with generator 0x537, XORed with
    /// 0x5412 so they are never all light (§7.9.1); both copies, and the dark module.
    fn format(&mut self, bits: u32) {
        let size = self.size;
        for i in 0..15 {
            let dark = bits >> i & 1 == 1;
            // Around the top-left finder: up column 8 (skipping the timing row), then along row 8.
            let (row, column) = match i {
                0..=5 => (i, 8),
                6 => (7, 8),
                7 => (8, 8),
                8 => (8, 7),
                _ => (8, 14 - i),
            };
            self.set(row, column, dark);
            // Split between the top-right finder (row 8) and the bottom-left one (column 8).
            let (row, column) = if i < 8 { (8, size - 1 - i) } else { (size - 15 + i, 8) };
            self.set(row, column, dark);
        }
        self.set(size - 8, 8, true);
    }

    /// Places `codewords` bit by bit, most significant first, in two-module columns from the
    /// bottom right, up and down in turn, stepping over the vertical timing pattern; modules
    /// left over (the remainder bits) stay light.
    fn place(&mut self, codewords: &[u8]) {
        let size = self.size;
        let mut bit = 0;
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            // The first pair goes up, the next down, and so on.
            let upward = (right + 1) & 2 == 0;
            for step in 0..size {
                let row = if upward { size - 1 - step } else { step };
                for column in [right, right - 1] {
                    if self.is_function(row, column) {
                        continue;
                    }
                    let dark = codewords.get(bit / 8).is_some_and(|byte| byte >> (7 - bit % 8) & 1 == 1);
                    self.modules[row * size + column] = u8::from(dark);
                    bit += 1;
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
    }
}

/// Whether mask `mask` flips the module at `row`, `column` (Table 10).
fn flips(mask: u32, row: usize, column: usize) -> bool {
    let (i, j) = (row, column);
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// The format information's two bits for a level (Table 12): not the levels' order.
fn level_bits(ecc: Ecc) -> u32 {
    match ecc {
        Ecc::L => 0b01,
        Ecc::M => 0b00,
        Ecc::Q => 0b11,
        Ecc::H => 0b10,
    }
}

fn format_bits(ecc: Ecc, mask: u32) -> u32 {
    let data = level_bits(ecc) << 3 | mask;
    let mut remainder = data;
    for _ in 0..10 {
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
    }
    (data << 10 | remainder) ^ 0x5412
}

/// The symbol of `version` at `ecc` holding `codewords`, under the mask with the lowest
/// penalty: its modules row by row, 1 for dark, and its size.
pub(super) fn draw(codewords: &[u8], version: usize, ecc: Ecc) -> (Vec<u8>, usize) {
    let mut symbol = Symbol::template(version);
    symbol.place(codewords);
    let size = symbol.size;
    let masked = |mask: u32| {
        let mut candidate = Symbol { size, modules: symbol.modules.clone() };
        candidate.format(format_bits(ecc, mask));
        for (index, module) in candidate.modules.iter_mut().enumerate() {
            let flip = *module & FUNCTION == 0 && flips(mask, index / size, index % size);
            *module = (*module & DARK) ^ u8::from(flip);
        }
        candidate.modules
    };
    let mut best: Option<(u32, Vec<u8>)> = None;
    for mask in 0..8 {
        let modules = masked(mask);
        let score = penalty(&modules, size);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, modules));
        }
    }
    (best.map(|(_, modules)| modules).unwrap_or_default(), size)
}

/// The mask penalty of §7.8.3: runs of five or more (N1), 2×2 blocks (N2), finder-like
/// 1:1:3:1:1 patterns beside four light modules (N3), and the dark/light balance (N4).
fn penalty(modules: &[u8], width: usize) -> u32 {
    // 1:1:3:1:1 then four light modules, and the mirror image, as the last 11 modules' bits.
    const FINDER_AFTER_LIGHT: u16 = 0b000_0101_1101;
    const FINDER_BEFORE_LIGHT: u16 = 0b101_1101_0000;
    let mut score = 0;
    for horizontal in [true, false] {
        for i in 0..width {
            let at = |j: usize| if horizontal { modules[i * width + j] } else { modules[j * width + i] };
            // A run scores 3 at five modules and 1 more for each module after.
            let mut run = 0;
            for j in 0..width {
                run = if j > 0 && at(j) == at(j - 1) { run + 1 } else { 1 };
                score += match run {
                    5 => 3,
                    6.. => 1,
                    _ => 0,
                };
            }
            // Four light modules either side: outside the symbol is the light quiet zone.
            let mut window = 0u16;
            for j in 0..width + 8 {
                let dark = (4..width + 4).contains(&j) && at(j - 4) == 1;
                window = (window << 1 | u16::from(dark)) & 0x7FF;
                if j >= 10 && (window == FINDER_AFTER_LIGHT || window == FINDER_BEFORE_LIGHT) {
                    score += 40;
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::qr::codewords::data_modules;

    #[test]
    fn the_template_leaves_exactly_the_data_modules() {
        for version in 1..=40 {
            let symbol = Symbol::template(version);
            let free = (0..symbol.size * symbol.size).filter(|&i| symbol.modules[i] & FUNCTION == 0).count();
            assert_eq!(free, data_modules(version), "version {version}");
        }
    }

    #[test]
    fn every_free_module_gets_a_bit() {
        for version in [1, 2, 7, 21, 40] {
            let mut symbol = Symbol::template(version);
            let bits = data_modules(version);
            symbol.place(&vec![0xFF; bits.div_ceil(8)]);
            let dark = symbol.modules.iter().filter(|&&m| m == DARK).count();
            assert_eq!(dark, bits, "version {version}");
        }
    }

    #[test]
    fn format_bits_are_the_standards() {
        // ISO/IEC 18004 Annex C: level M with mask 5 is 100000011001110.
        assert_eq!(format_bits(Ecc::M, 5), 0b100_0000_1100_1110);
        // Table C.1's first entries: L with masks 0 and 1.
        assert_eq!(format_bits(Ecc::L, 0), 0b111_0111_1100_0100);
        assert_eq!(format_bits(Ecc::L, 1), 0b111_0010_1111_0011);
    }
}
