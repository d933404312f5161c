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
        format_modules(self.size, bits, |row, column, dark| self.set(row, column, dark));
        self.set(self.size - 8, 8, true);
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

/// Where the format information's 15 bits go, each twice: `put(row, column, dark)` for each.
fn format_modules(size: usize, bits: u32, mut put: impl FnMut(usize, usize, bool)) {
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
        put(row, column, dark);
        // Split between the top-right finder (row 8) and the bottom-left one (column 8).
        let (row, column) = if i < 8 { (8, size - 1 - i) } else { (size - 15 + i, 8) };
        put(row, column, dark);
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
    let unmasked = Lines::of(&symbol, DARK, DARK);
    let free = Lines::of(&symbol, FUNCTION, 0);
    // The first of the lowest, as the standard's order of masks has it.
    let (mut best, mut lowest) = (0, u32::MAX);
    for mask in 0..8 {
        let score = penalty(&unmasked.masked(&free, mask, format_bits(ecc, mask)), size);
        if score < lowest {
            (best, lowest) = (mask, score);
        }
    }
    symbol.format(format_bits(ecc, best));
    for (row, line) in symbol.modules.chunks_exact_mut(size).enumerate() {
        for (column, module) in line.iter_mut().enumerate() {
            let flip = *module & FUNCTION == 0 && flips(best, row, column);
            *module = (*module & DARK) ^ u8::from(flip);
        }
    }
    (symbol.modules, size)
}

/// A row or a column of at most 177 modules, a bit each: module `j` is bit `j % 64` of word
/// `j / 64`. Eight masks are scored per symbol, and bits let each rule test 64 modules at once.
type Line = [u64; 3];

/// The first `n` modules dark.
fn first(n: usize) -> Line {
    let mut line = [0; 3];
    for (w, word) in line.iter_mut().enumerate() {
        let bits = n.saturating_sub(64 * w).min(64);
        *word = if bits == 64 { u64::MAX } else { (1 << bits) - 1 };
    }
    line
}

/// Module `j` of the result is module `j - k` of `line` (`k` from 1 to 63), light before it.
fn later(line: Line, k: u32) -> Line {
    let [a, b, c] = line;
    [a << k, b << k | a >> (64 - k), c << k | b >> (64 - k)]
}

/// `a` where `b`, or (`keep` false) where not `b`.
fn and(a: Line, b: Line, keep: bool) -> Line {
    let flip = if keep { 0 } else { u64::MAX };
    [a[0] & (b[0] ^ flip), a[1] & (b[1] ^ flip), a[2] & (b[2] ^ flip)]
}

/// Where `a` and `b` agree, as dark modules (beyond the line too).
fn same(a: Line, b: Line) -> Line {
    [!(a[0] ^ b[0]), !(a[1] ^ b[1]), !(a[2] ^ b[2])]
}

fn count(line: Line) -> u32 {
    line[0].count_ones() + line[1].count_ones() + line[2].count_ones()
}

/// A symbol's rows and its columns as lines of bits.
struct Lines {
    rows: Vec<Line>,
    columns: Vec<Line>,
}

impl Lines {
    /// The modules of `symbol` whose bits under `of` are `equal`.
    fn of(symbol: &Symbol, of: u8, equal: u8) -> Self {
        let size = symbol.size;
        let mut lines = Self { rows: vec![[0; 3]; size], columns: vec![[0; 3]; size] };
        for (index, &module) in symbol.modules.iter().enumerate() {
            if module & of == equal {
                lines.set(index / size, index % size);
            }
        }
        lines
    }

    fn set(&mut self, row: usize, column: usize) {
        self.rows[row][column / 64] |= 1 << (column % 64);
        self.columns[column][row / 64] |= 1 << (row % 64);
    }

    /// These modules with `mask` applied where data goes (`free`) and the format information
    /// for `format`. A mask repeats every 12 rows and every 6 columns (Table 10), so a few
    /// lines of it cover the whole symbol.
    fn masked(&self, free: &Self, mask: u32, format: u32) -> Self {
        let size = self.rows.len();
        let (mut row_flips, mut column_flips) = ([[0; 3]; 12], [[0; 3]; 6]);
        for j in 0..size {
            for (i, line) in row_flips.iter_mut().enumerate() {
                line[j / 64] |= u64::from(flips(mask, i, j)) << (j % 64);
            }
            for (i, line) in column_flips.iter_mut().enumerate() {
                line[j / 64] |= u64::from(flips(mask, j, i)) << (j % 64);
            }
        }
        let mut lines = Self { rows: self.rows.clone(), columns: self.columns.clone() };
        for i in 0..size {
            let (row, column) =
                (and(free.rows[i], row_flips[i % 12], true), and(free.columns[i], column_flips[i % 6], true));
            for w in 0..3 {
                lines.rows[i][w] ^= row[w];
                lines.columns[i][w] ^= column[w];
            }
        }
        // The template's format modules are light but for the dark module: only dark bits to add.
        format_modules(size, format, |row, column, dark| {
            if dark {
                lines.set(row, column);
            }
        });
        lines
    }
}

/// The mask penalty of §7.8.3: runs of five or more (N1), 2×2 blocks (N2), finder-like
/// 1:1:3:1:1 patterns beside four light modules (N3), and the dark/light balance (N4).
fn penalty(lines: &Lines, width: usize) -> u32 {
    // Bit j: module j matches module j - 1, for j from 1 to the last.
    let inside = and(first(width), first(1), false);
    let repeats = |line: Line| and(same(line, later(line, 1)), inside, true);
    let mut score = 0;
    for &line in lines.rows.iter().chain(&lines.columns) {
        // A run scores 3 at five modules and 1 more for each module after.
        let same = repeats(line);
        let five = and(and(same, later(same, 1), true), and(later(same, 2), later(same, 3), true), true);
        score += count(five) + 2 * count(and(five, later(five, 1), false));
        score += 40 * finders(line, width);
    }
    // A block's bottom-right corner j: both rows agree at j and j - 1, and the top row repeats.
    for pair in lines.rows.windows(2) {
        let vertical = same(pair[0], pair[1]);
        score += 3 * count(and(and(vertical, later(vertical, 1), true), repeats(pair[0]), true));
    }
    let dark: u32 = lines.rows.iter().map(|&row| count(row)).sum();
    let percent = dark as usize * 100 / (width * width);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// How many 1:1:3:1:1 patterns with four light modules after or before them lie along
/// `line`; beyond both ends is the light quiet zone.
fn finders(line: Line, width: usize) -> u32 {
    // The last 11 modules of a window as bits, the newest lowest: light ×4 then the pattern,
    // and the mirror image.
    const PATTERNS: [u16; 2] = [0b000_0101_1101, 0b101_1101_0000];
    let padded = later(line, 4);
    // Where an 11-module window may end, counted in the padded line.
    let ends = and(first(width + 8), first(10), false);
    let mut found = 0;
    for pattern in PATTERNS {
        let mut hits = and(ends, padded, pattern & 1 == 1);
        for k in 1..11 {
            hits = and(hits, later(padded, k), pattern >> k & 1 == 1);
        }
        found += count(hits);
    }
    found
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
