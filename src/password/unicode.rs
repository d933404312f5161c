//! What the password checker knows of each code point: its NFKC data (combining class, quick
//! check answer, decomposition) and its lower case. The build script packs the data (see
//! `build/unicode.rs`); it is unpacked on first use into one entry a code point, so a property
//! is one lookup.

use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/unicode.bin"));

// An entry of the table: the combining class in the low byte, then these flags, then the
// character's class, the index of its decomposition and the index of its distance to its
// lower case.
/// The code point has a compatibility decomposition (computed, for Hangul syllables).
pub const DECOMPOSES: u64 = 1 << 8;
/// NFKC_Quick_Check is No: the code point never survives NFKC.
pub const QC_NO: u64 = 1 << 9;
/// NFKC_Quick_Check is Maybe: the code point may compose with what comes before it.
pub const QC_MAYBE: u64 = 1 << 10;
const CLASS_SHIFT: u32 = 11;
const INDEX_SHIFT: u32 = 16;
const LOWER_SHIFT: u32 = 32;

/// The class a policy counts a character in (see `build/unicode.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Neither a letter nor a number: punctuation, spaces, emoji, controls...
    Symbol,
    Lowercase,
    Uppercase,
    /// Any numeric character, not only ASCII digits.
    Digit,
    /// A letter or number without case, such as CJK, counted in no class.
    Other,
}

/// The first Hangul syllable and how many there are (Unicode §3.12).
pub const HANGUL: (u32, u32) = (0xac00, 19 * 21 * 28);

pub struct Tables {
    /// One entry per code point below `entries.len()`; past it every code point is a stable
    /// starter.
    entries: Vec<u64>,
    /// The classes past the table, as runs: (first code point, class).
    classes_beyond: Vec<(u32, u8)>,
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
    fn runs(&mut self, entries: &mut [u64], mut value: impl FnMut(&mut Self) -> u64) {
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
            classes_beyond: Vec::new(),
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
                *entry |= DECOMPOSES | u64::from(index) << INDEX_SHIFT;
            }
        }
        data.runs(&mut tables.entries, |data| {
            let class = data.0.first().copied().unwrap_or_default();
            data.0 = data.0.get(1..).unwrap_or_default();
            u64::from(class)
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
            }) as u64;
            for i in 0..length {
                if let Some(entry) = tables.entries.get_mut((start + i * stride) as usize) {
                    *entry |= index << LOWER_SHIFT;
                }
            }
            end = start + (length - 1) * stride + 1;
        }
        let mut end = 0;
        for _ in 0..data.next() {
            let start = end + data.next() as usize;
            end = start + data.next() as usize + 1;
            let class = data.0.first().copied().unwrap_or_default();
            data.0 = data.0.get(1..).unwrap_or_default();
            for entry in tables.entries.get_mut(start..end.min(limit)).unwrap_or_default() {
                *entry |= u64::from(class) << CLASS_SHIFT;
            }
            if end > limit {
                tables.classes_beyond.push((start.max(limit) as u32, class));
            }
        }
        for syllable in HANGUL.0..HANGUL.0 + HANGUL.1 {
            tables.entries[syllable as usize] |= DECOMPOSES;
        }
        tables
    })
}

impl Tables {
    /// The code point's entry: class, flags and indexes (0 past the table).
    #[inline]
    pub fn entry(&self, c: char) -> u64 {
        self.entries.get(c as usize).copied().unwrap_or_default()
    }

    /// The canonical combining class.
    #[inline]
    pub fn combining_class(&self, c: char) -> u8 {
        self.entry(c) as u8
    }

    /// The class a policy counts `c` in.
    #[inline]
    pub fn class(&self, c: char) -> Class {
        let class = if (c as usize) < self.entries.len() {
            (self.entry(c) >> CLASS_SHIFT) as u8 & 7
        } else {
            let at = self.classes_beyond.partition_point(|&(start, _)| start <= c as u32);
            at.checked_sub(1).and_then(|at| self.classes_beyond.get(at)).map_or(0, |&(_, class)| class)
        };
        match class {
            1 => Class::Lowercase,
            2 => Class::Uppercase,
            3 => Class::Digit,
            4 => Class::Other,
            _ => Class::Symbol,
        }
    }

    /// The full compatibility decomposition of a code point that has one in the data (not a
    /// Hangul syllable).
    pub fn decomposition(&self, entry: u64) -> &[char] {
        let index = (entry >> INDEX_SHIFT) & 0xffff;
        let (start, end) = self.spans.get(index as usize).copied().unwrap_or_default();
        self.chars.get(start as usize..end as usize).unwrap_or_default()
    }

    /// Lower case, one character for one (U+0130's second character, a combining dot, is
    /// left to [`super::normalize::fold_case`]).
    #[inline]
    pub fn lower(&self, c: char) -> char {
        let index = (self.entry(c) >> LOWER_SHIFT) & 0xff;
        if index == 0 {
            return c;
        }
        let delta = self.lower.get(index as usize).copied().unwrap_or_default();
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
    fn lower_case_and_classes_are_the_compilers() {
        let tables = tables();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(tables.lower(c), c.to_lowercase().next().unwrap_or(c), "{:04X}", c as u32);
            let class = if c.is_lowercase() {
                Class::Lowercase
            } else if c.is_uppercase() {
                Class::Uppercase
            } else if c.is_numeric() {
                Class::Digit
            } else if c.is_alphanumeric() {
                Class::Other
            } else {
                Class::Symbol
            };
            assert_eq!(tables.class(c), class, "{:04X}", c as u32);
        }
    }
}
