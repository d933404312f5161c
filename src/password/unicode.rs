//! What the password checker knows of each code point: its NFKC data (combining class, quick
//! check answer, decomposition) and its lower case. The build script packs the data (see
//! `build/unicode.rs`); it is unpacked on first use into one entry a code point, so a property
//! is one lookup.

use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/unicode.bin"));

// An entry of the table: the combining class in the low byte, then these flags, then the
// index of the code point's decomposition, then the index of its distance to its lower case.
/// The code point has a compatibility decomposition (computed, for Hangul syllables).
pub const DECOMPOSES: u32 = 1 << 8;
/// NFKC_Quick_Check is No: the code point never survives NFKC.
pub const QC_NO: u32 = 1 << 9;
/// NFKC_Quick_Check is Maybe: the code point may compose with what comes before it.
pub const QC_MAYBE: u32 = 1 << 10;
const INDEX_SHIFT: u32 = 11;
const INDEX_BITS: u32 = 13;
const LOWER_SHIFT: u32 = 24;

/// The first Hangul syllable and how many there are (Unicode §3.12).
pub const HANGUL: (u32, u32) = (0xac00, 19 * 21 * 28);

pub struct Tables {
    /// One entry per code point below `entries.len()`; past it every code point is a stable
    /// starter.
    entries: Vec<u32>,
    /// Every decomposition, one after the other; `spans[index]` says where each is.
    chars: Vec<char>,
    spans: Vec<(u32, u32)>,
    /// `first << 42 | second << 21 | composite`, sorted.
    pub compositions: Vec<u64>,
    /// The distances from code points to their lower case.
    lower: Vec<i32>,
}

/// Reads the varints of the build script's data.
struct Reader(&'static [u8]);

impl Reader {
    fn next(&mut self) -> u64 {
        let mut value = 0;
        for shift in (0..64).step_by(7) {
            let Some((&byte, rest)) = self.0.split_first() else { break };
            self.0 = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
        }
        value
    }

    /// A list of runs of code points, each entry of which gets `value` (read after the run).
    fn runs(&mut self, entries: &mut [u32], mut value: impl FnMut(&mut Self) -> u32) {
        let mut end = 0;
        for _ in 0..self.next() {
            let start = end + self.next() as usize;
            end = start + self.next() as usize + 1;
            let value = value(self);
            for entry in entries.get_mut(start..end).unwrap_or_default() {
                *entry |= value;
            }
        }
    }

    fn signed(&mut self) -> i64 {
        let n = self.next();
        (n >> 1) as i64 ^ -((n & 1) as i64)
    }
}

fn offset(base: u32, delta: i64) -> u32 {
    (i64::from(base) + delta) as u32
}

/// The table, unpacked the first time it is asked for.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut data = Reader(DATA);
        let limit = data.next() as usize;
        let mut tables = Tables {
            entries: vec![0; limit],
            chars: Vec::new(),
            spans: Vec::new(),
            compositions: Vec::new(),
            lower: vec![0],
        };
        let (mut code, mut previous): (u32, Vec<char>) = (0, Vec::new());
        for index in 0..data.next() as u32 {
            code += data.next() as u32;
            let head = data.next();
            let start = tables.chars.len();
            for i in 0..head as usize {
                let reference = previous.get(i).copied().unwrap_or(if i > 0 {
                    tables.chars[start + i - 1]
                } else {
                    char::from_u32(code).unwrap_or_default()
                });
                let delta = data.signed();
                tables.chars.push(char::from_u32(offset(reference as u32, delta)).unwrap_or_default());
            }
            previous = tables.chars[start..].to_vec();
            tables.spans.push((start as u32, tables.chars.len() as u32));
            if let Some(entry) = tables.entries.get_mut(code as usize) {
                *entry |= DECOMPOSES | index << INDEX_SHIFT;
            }
        }
        data.runs(&mut tables.entries, |data| {
            let class = data.0.first().copied().unwrap_or_default();
            data.0 = data.0.get(1..).unwrap_or_default();
            u32::from(class)
        });
        data.runs(&mut tables.entries, |_| QC_NO);
        data.runs(&mut tables.entries, |_| QC_MAYBE);
        let (mut code, mut second) = (0u32, 0u32);
        for _ in 0..data.next() {
            code += data.next() as u32;
            let delta = -data.signed();
            let first = offset(code, delta);
            let delta = data.signed();
            second = offset(second, delta);
            tables.compositions.push(u64::from(first) << 42 | u64::from(second) << 21 | u64::from(code));
        }
        tables.compositions.sort_unstable();
        let mut end = 0;
        for _ in 0..data.next() {
            let start = end + data.next() as u32;
            let (length, stride) = (data.next() as u32 + 1, data.next() as u32);
            let delta = data.signed() as i32;
            let index = tables.lower.iter().position(|&d| d == delta).unwrap_or_else(|| {
                tables.lower.push(delta);
                tables.lower.len() - 1
            }) as u32;
            for i in 0..length {
                if let Some(entry) = tables.entries.get_mut((start + i * stride) as usize) {
                    *entry |= index << LOWER_SHIFT;
                }
            }
            end = start + (length - 1) * stride + 1;
        }
        for syllable in HANGUL.0..HANGUL.0 + HANGUL.1 {
            tables.entries[syllable as usize] |= DECOMPOSES;
        }
        tables
    })
}

impl Tables {
    /// The code point's entry: class, flags and indexes (0 past the table).
    pub fn entry(&self, c: char) -> u32 {
        self.entries.get(c as usize).copied().unwrap_or_default()
    }

    /// The canonical combining class.
    pub fn class(&self, c: char) -> u8 {
        self.entry(c) as u8
    }

    /// The full compatibility decomposition of a code point that has one in the data (not a
    /// Hangul syllable).
    pub fn decomposition(&self, entry: u32) -> &[char] {
        let index = (entry >> INDEX_SHIFT) & ((1 << INDEX_BITS) - 1);
        let (start, end) = self.spans.get(index as usize).copied().unwrap_or_default();
        self.chars.get(start as usize..end as usize).unwrap_or_default()
    }

    /// Lower case, one character for one (U+0130's second character, a combining dot, is
    /// left to [`super::normalize::fold_case`]).
    pub fn lower(&self, c: char) -> char {
        let delta = self.lower.get((self.entry(c) >> LOWER_SHIFT) as usize).copied().unwrap_or_default();
        char::from_u32((c as i64 + i64::from(delta)) as u32).unwrap_or(c)
    }
}

/// Lower case, one character for one so that positions stay put (U+0130, whose lower case is
/// two characters, keeps its first).
pub fn lower(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { tables().lower(c) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_is_the_compilers() {
        let tables = tables();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(tables.lower(c), c.to_lowercase().next().unwrap_or(c), "{:04X}", c as u32);
        }
    }
}
