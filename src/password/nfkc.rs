//! NFKC (Unicode Standard Annex #15): full compatibility decomposition, canonical ordering,
//! canonical composition. The tables are the build script's compact data (see
//! `build/unicode.rs`), unpacked on first use into one entry a code point, so the quick check
//! is one lookup a character and text that is already NFKC is never rebuilt.

use std::borrow::Cow;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/nfkc.bin"));

// An entry of the table: the combining class in the low byte, then these flags, then the
// index of the code point's decomposition.
const DECOMPOSES: u32 = 1 << 8;
/// NFKC_Quick_Check is No: the code point never survives NFKC.
const QC_NO: u32 = 1 << 9;
/// NFKC_Quick_Check is Maybe: the code point may compose with what comes before it.
const QC_MAYBE: u32 = 1 << 10;
const INDEX_SHIFT: u32 = 11;

// Hangul syllables, which NFKC decomposes and composes by arithmetic (Unicode §3.12).
const S_BASE: u32 = 0xac00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11a7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const S_COUNT: u32 = L_COUNT * V_COUNT * T_COUNT;

struct Tables {
    /// One entry per code point below `entries.len()`; past it every code point is a stable
    /// starter.
    entries: Vec<u32>,
    /// Every decomposition, one after the other; `spans[index]` says where each is.
    chars: Vec<char>,
    spans: Vec<(u32, u32)>,
    /// `(first << 21 | second, composite)`, sorted.
    compositions: Vec<(u64, char)>,
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

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut data = Reader(DATA);
        let limit = data.next() as usize;
        let mut tables = Tables {
            entries: vec![0; limit],
            chars: Vec::new(),
            spans: Vec::new(),
            compositions: Vec::new(),
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
            let composite = char::from_u32(code).unwrap_or_default();
            tables.compositions.push((u64::from(first) << 21 | u64::from(second), composite));
        }
        tables.compositions.sort_unstable();
        for syllable in S_BASE..S_BASE + S_COUNT {
            tables.entries[syllable as usize] |= DECOMPOSES;
        }
        tables
    })
}

impl Tables {
    fn entry(&self, c: char) -> u32 {
        self.entries.get(c as usize).copied().unwrap_or_default()
    }

    fn class(&self, c: char) -> u8 {
        self.entry(c) as u8
    }

    /// Whether `text` is NFKC by the quick check alone: no character that NFKC changes or
    /// that might compose, and combining classes in order.
    fn is_quick_yes(&self, text: &str) -> bool {
        let mut last = 0;
        for c in text.chars() {
            let entry = self.entry(c);
            let class = entry as u8;
            if entry & (QC_NO | QC_MAYBE) != 0 || (class != 0 && last > class) {
                return false;
            }
            last = class;
        }
        true
    }

    /// Calls `emit` with each character of `c`'s full compatibility decomposition.
    fn decompose(&self, c: char, mut emit: impl FnMut(char)) {
        let entry = self.entry(c);
        if entry & DECOMPOSES == 0 {
            return emit(c);
        }
        let s = (c as u32).wrapping_sub(S_BASE);
        if s < S_COUNT {
            let (l, v, t) =
                (L_BASE + s / (V_COUNT * T_COUNT), V_BASE + s % (V_COUNT * T_COUNT) / T_COUNT, s % T_COUNT);
            let t = (t > 0).then_some(T_BASE + t);
            for jamo in [Some(l), Some(v), t].into_iter().flatten() {
                emit(char::from_u32(jamo).unwrap_or_default());
            }
            return;
        }
        let (start, end) = self.spans[(entry >> INDEX_SHIFT) as usize];
        self.chars[start as usize..end as usize].iter().for_each(|&d| emit(d));
    }

    /// The canonical composite of `first` and `second`, if there is one.
    fn compose(&self, first: char, second: char) -> Option<char> {
        let (first, second) = (first as u32, second as u32);
        if (L_BASE..L_BASE + L_COUNT).contains(&first) && (V_BASE..V_BASE + V_COUNT).contains(&second) {
            let syllable = S_BASE + ((first - L_BASE) * V_COUNT + second - V_BASE) * T_COUNT;
            return char::from_u32(syllable);
        }
        let lv = first.wrapping_sub(S_BASE);
        if lv < S_COUNT && lv % T_COUNT == 0 && (T_BASE + 1..T_BASE + T_COUNT).contains(&second) {
            return char::from_u32(first + second - T_BASE);
        }
        let key = u64::from(first) << 21 | u64::from(second);
        let at = self.compositions.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        Some(self.compositions[at].1)
    }
}

/// `text` in NFKC, borrowed when it already is.
pub fn nfkc(text: &str) -> Cow<'_, str> {
    // ASCII is always NFKC, and checking it is cheaper than the quick check.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let tables = tables();
    if tables.is_quick_yes(text) {
        return Cow::Borrowed(text);
    }
    let mut composer =
        Composer { tables, out: String::with_capacity(text.len()), starter: None, marks: Vec::new() };
    for c in text.chars() {
        tables.decompose(c, |d| composer.push(d));
    }
    composer.flush();
    Cow::Owned(composer.out)
}

/// Canonical ordering and composition of a decomposed stream, one starter and the
/// combining marks after it at a time.
struct Composer<'t> {
    tables: &'t Tables,
    out: String,
    /// The last starter, which may still compose with what follows.
    starter: Option<char>,
    /// The combining marks since it, in the order they came.
    marks: Vec<char>,
}

impl Composer<'_> {
    fn push(&mut self, c: char) {
        if self.tables.class(c) != 0 {
            self.marks.push(c);
            return;
        }
        let adjacent = self.compose_marks();
        // A starter composes with the one before only when nothing stands between them.
        if let (true, Some(starter)) = (adjacent, self.starter) {
            if self.tables.entry(c) & QC_MAYBE != 0 {
                if let Some(composite) = self.tables.compose(starter, c) {
                    self.starter = Some(composite);
                    return;
                }
            }
        }
        self.commit();
        self.starter = Some(c);
    }

    /// Orders the marks by combining class (stably) and composes each one that is not
    /// blocked with the starter; returns whether every mark was absorbed.
    fn compose_marks(&mut self) -> bool {
        if self.marks.is_empty() {
            return true;
        }
        if self.marks.len() > 1 {
            sort_by_class(self.tables, &mut self.marks);
        }
        let Some(mut starter) = self.starter else { return false };
        let (mut kept, mut last) = (0, 0);
        for i in 0..self.marks.len() {
            let mark = self.marks[i];
            let class = self.tables.class(mark);
            let blocked = kept > 0 && last >= class;
            match (!blocked && self.tables.entry(mark) & QC_MAYBE != 0)
                .then(|| self.tables.compose(starter, mark))
            {
                Some(Some(composite)) => starter = composite,
                _ => {
                    self.marks[kept] = mark;
                    kept += 1;
                    last = class;
                }
            }
        }
        self.marks.truncate(kept);
        self.starter = Some(starter);
        kept == 0
    }

    fn commit(&mut self) {
        self.out.extend(self.starter.take());
        self.out.extend(self.marks.drain(..));
    }

    fn flush(&mut self) {
        self.compose_marks();
        self.commit();
    }
}

/// Stable by class: a run of marks can be as long as the text, so not an insertion sort.
fn sort_by_class(tables: &Tables, marks: &mut [char]) {
    let mut keys: Vec<u64> =
        marks.iter().enumerate().map(|(i, &c)| u64::from(tables.class(c)) << 32 | i as u64).collect();
    keys.sort_unstable();
    let sorted: Vec<char> = keys.iter().map(|&k| marks[(k & 0xffff_ffff) as usize]).collect();
    marks.copy_from_slice(&sorted);
}

#[cfg(test)]
mod tests {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

    use super::*;

    fn theirs(text: &str) -> String {
        text.nfkc().collect()
    }

    #[test]
    fn the_annex_examples() {
        assert_eq!(nfkc("ｐａｓｓ①ﬁ"), "pass1fi");
        assert_eq!(nfkc("e\u{301}"), "\u{e9}");
        assert_eq!(nfkc("\u{1e9b}\u{323}"), "\u{1e69}");
        assert_eq!(nfkc("\u{1100}\u{1161}\u{11a8}"), "\u{ac01}");
        assert_eq!(nfkc("a\u{323}\u{302}"), "\u{1ead}");
        assert_eq!(nfkc("a\u{302}\u{323}"), "\u{1ead}");
        assert_eq!(nfkc("\u{301}a"), "\u{301}a");
        assert!(matches!(nfkc("жёлтый"), Cow::Borrowed(_)));
    }

    /// The unicode-normalization crate, whose data the tables are made from, is the oracle:
    /// every code point alone, then before and after a combining mark.
    #[test]
    fn every_code_point_normalises_as_the_crate_does() {
        let tables = tables();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(nfkc(&text), theirs(&text), "{:04X}", c as u32);
            assert_eq!(tables.class(c), canonical_combining_class(c), "{:04X}", c as u32);
            let quick = is_nfkc_quick(text.chars()) == IsNormalized::Yes;
            assert_eq!(tables.is_quick_yes(&text), quick, "{:04X}", c as u32);
            for text in [format!("{c}\u{301}"), format!("a{c}"), format!("\u{1100}{c}")] {
                assert_eq!(nfkc(&text), theirs(&text), "{text:?}");
            }
        }
    }

    /// Every composition, with marks of every class around it.
    #[test]
    fn compositions_and_their_blocking_agree_with_the_crate() {
        let tables = tables();
        let marks = ['\u{301}', '\u{323}', '\u{334}', '\u{35c}', '\u{5b0}', '\u{1d165}'];
        for &(key, composite) in &tables.compositions {
            let (first, second) =
                (char::from_u32((key >> 21) as u32), char::from_u32((key & 0x1f_ffff) as u32));
            let (Some(first), Some(second)) = (first, second) else { continue };
            let pair = format!("{first}{second}");
            assert_eq!(nfkc(&pair), theirs(&pair), "{pair:?} → {composite}");
            for mark in marks {
                let text = format!("{first}{mark}{second}{mark}");
                assert_eq!(nfkc(&text), theirs(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn mixed_strings_agree_with_the_crate(
            text in "[a-eA\u{300}-\u{36f}\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11a8}-\u{11c2}\u{ac00}-\u{ac20}\u{fb00}-\u{fb06}\u{ff01}-\u{ff20}\u{3099}\u{309a}\u{304b}\u{f900}-\u{f910}\u{1e00}-\u{1e10}\u{0cc6}\u{0cc2}\u{0cd5}]{0,24}"
        ) {
            proptest::prop_assert_eq!(nfkc(&text), theirs(&text));
        }
    }
}
