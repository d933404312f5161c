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
        for (row, column, dark) in format_modules(self.size, bits) {
            self.set(row, column, dark);
        }
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

/// Where the format information's 15 bits go, each twice, and whether each is dark.
fn format_modules(size: usize, bits: u32) -> impl Iterator<Item = (usize, usize, bool)> {
    (0..15).flat_map(move |i| {
        let dark = bits >> i & 1 == 1;
        // Around the top-left finder: up column 8 (skipping the timing row), then along row 8.
        let (row, column) = match i {
            0..=5 => (i, 8),
            6 => (7, 8),
            7 => (8, 8),
            8 => (8, 7),
            _ => (8, 14 - i),
        };
        // Split between the top-right finder (row 8) and the bottom-left one (column 8).
        let (far_row, far_column) = if i < 8 { (8, size - 1 - i) } else { (size - 15 + i, 8) };
        [(row, column, dark), (far_row, far_column, dark)]
    })
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
    let unmasked = Lines::of(&symbol, |module| module & DARK != 0);
    let free = Lines::of(&symbol, |module| module & FUNCTION == 0);
    // The first of the lowest, as the standard's order of masks has it.
    let best = (0..8)
        .min_by_key(|&mask| {
            let lines = unmasked.masked(&free, mask, size, format_bits(ecc, mask));
            penalty(&lines, size)
        })
        .unwrap_or(0);
    symbol.format(format_bits(ecc, best));
    for (row, line) in symbol.modules.chunks_exact_mut(size).enumerate() {
        for (column, module) in line.iter_mut().enumerate() {
            let flip = *module & FUNCTION == 0 && flips(best, row, column);
            *module = (*module & DARK) ^ u8::from(flip);
        }
    }
    (symbol.modules, size)
}

/// A symbol's rows and its columns as lines of bits.
struct Lines {
    rows: Vec<Line>,
    columns: Vec<Line>,
}

impl Lines {
    /// The modules of `symbol` for which `test` holds.
    fn of(symbol: &Symbol, test: impl Fn(u8) -> bool) -> Self {
        let size = symbol.size;
        let mut lines = Self { rows: vec![Line::default(); size], columns: vec![Line::default(); size] };
        for (row, line) in symbol.modules.chunks_exact(size).enumerate() {
            for (column, &module) in line.iter().enumerate() {
                if test(module) {
                    lines.set(row, column);
                }
            }
        }
        lines
    }

    fn set(&mut self, row: usize, column: usize) {
        self.rows[row].0[column / 64] |= 1 << (column % 64);
        self.columns[column].0[row / 64] |= 1 << (row % 64);
    }

    /// These modules with `mask` applied where data goes (`free`) and the format information
    /// for `format`. A mask repeats every 12 rows and every 6 columns (Table 10), so a few
    /// lines of it cover the whole symbol.
    fn masked(&self, free: &Self, mask: u32, size: usize, format: u32) -> Self {
        let pattern = |count: usize, flipped: &dyn Fn(usize, usize) -> bool| -> Vec<Line> {
            (0..count)
                .map(|i| {
                    let mut line = Line::default();
                    (0..size).filter(|&j| flipped(i, j)).for_each(|j| line.0[j / 64] |= 1 << (j % 64));
                    line
                })
                .collect()
        };
        let row_flips = pattern(12, &|row, column| flips(mask, row, column));
        let column_flips = pattern(6, &|column, row| flips(mask, row, column));
        let apply = |lines: &[Line], free: &[Line], flips: &[Line]| -> Vec<Line> {
            let period = flips.len();
            let each = lines.iter().zip(free).enumerate();
            each.map(|(i, (&line, &free))| line.zip(free.and(flips[i % period]), |a, b| a ^ b)).collect()
        };
        let mut lines = Self {
            rows: apply(&self.rows, &free.rows, &row_flips),
            columns: apply(&self.columns, &free.columns, &column_flips),
        };
        // The template's format modules are light but for the dark module: only dark bits to add.
        for (row, column, dark) in format_modules(size, format) {
            if dark {
                lines.set(row, column);
            }
        }
        lines
    }
}

/// A row or a column of at most 177 modules, a bit each: module `j` is bit `j % 64` of word
/// `j / 64`. Eight masks are scored per symbol, and bits let each rule test 64 modules at once.
#[derive(Clone, Copy, Default)]
struct Line([u64; 3]);

impl Line {
    /// The first `n` modules dark.
    fn first(n: usize) -> Self {
        let word = |w: usize| match n.saturating_sub(64 * w) {
            0 => 0,
            bits @ 1..64 => (1 << bits) - 1,
            _ => u64::MAX,
        };
        Self([word(0), word(1), word(2)])
    }

    fn zip(self, other: Self, f: impl Fn(u64, u64) -> u64) -> Self {
        let ([a, b, c], [x, y, z]) = (self.0, other.0);
        Self([f(a, x), f(b, y), f(c, z)])
    }

    /// Module `j` of the result is module `j - k` of this line (`k` < 64), light before it.
    fn later(self, k: u32) -> Self {
        let [a, b, c] = self.0;
        if k == 0 {
            return self;
        }
        Self([a << k, b << k | a >> (64 - k), c << k | b >> (64 - k)])
    }

    fn and(self, other: Self) -> Self {
        self.zip(other, |a, b| a & b)
    }

    /// Where this line and `other` agree, as dark modules (beyond the line too).
    fn same(self, other: Self) -> Self {
        self.zip(other, |a, b| !(a ^ b))
    }

    fn count(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

/// The mask penalty of §7.8.3: runs of five or more (N1), 2×2 blocks (N2), finder-like
/// 1:1:3:1:1 patterns beside four light modules (N3), and the dark/light balance (N4).
fn penalty(lines: &Lines, width: usize) -> u32 {
    let Lines { rows, columns } = lines;
    // Bit j: module j matches module j - 1, for j from 1 to the last.
    let inside = Line::first(width).zip(Line::first(1), |a, b| a & !b);
    let repeats = |line: Line| line.same(line.later(1)).and(inside);
    let mut score = 0;
    for &line in rows.iter().chain(columns) {
        // A run scores 3 at five modules and 1 more for each module after.
        let same = repeats(line);
        let five = same.and(same.later(1)).and(same.later(2)).and(same.later(3));
        score += five.count() + 2 * five.zip(five.later(1), |a, b| a & !b).count();
        score += 40 * finders(line, width);
    }
    // A block's bottom-right corner j: both rows agree at j and j - 1, and the top row repeats.
    for pair in rows.windows(2) {
        let vertical = pair[0].same(pair[1]);
        score += 3 * vertical.and(vertical.later(1)).and(repeats(pair[0])).count();
    }
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    let percent = dark as usize * 100 / (width * width);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// How many 1:1:3:1:1 patterns with four light modules after or before them lie along
/// `line`; beyond both ends is the light quiet zone.
fn finders(line: Line, width: usize) -> u32 {
    // The last 11 modules of a window as bits, the newest lowest: light ×4 then the pattern,
    // and the mirror image.
    const PATTERNS: [u16; 2] = [0b000_0101_1101, 0b101_1101_0000];
    let padded = line.later(4);
    // Where an 11-module window may end, counted in the padded line.
    let ends = Line::first(width + 8).zip(Line::first(10), |a, b| a & !b);
    PATTERNS
        .iter()
        .map(|&pattern| {
            (0..11)
                .fold(ends, |hits, k| {
                    let dark = pattern >> k & 1 == 1;
                    hits.zip(padded.later(k), |h, m| if dark { h & m } else { h & !m })
                })
                .count()
        })
        .sum()
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
