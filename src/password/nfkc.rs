//! NFKC (Unicode Standard Annex #15): full compatibility decomposition, canonical ordering,
//! canonical composition, over the table of `unicode.rs`. Text that passes the quick check
//! (one lookup a character) is already NFKC and is never rebuilt.

use std::borrow::Cow;

use super::measures::chunks;
use super::unicode::{DECOMPOSES, HANGUL, QC_MAYBE, QC_NO, Tables, tables};

/// NFKC's quick check, one character's table entry at a time.
#[derive(Default)]
pub struct QuickCheck {
    last_class: u8,
}

impl QuickCheck {
    /// Whether the text so far is still NFKC by the quick check: no character that NFKC
    /// changes or that might compose, and combining classes in order.
    #[inline]
    pub fn accepts(&mut self, entry: u64) -> bool {
        let class = entry as u8;
        let ordered = class == 0 || self.last_class <= class;
        self.last_class = class;
        entry & (QC_NO | QC_MAYBE) == 0 && ordered
    }
}

// Hangul syllables, which NFKC decomposes and composes by arithmetic (Unicode §3.12).
const S_BASE: u32 = HANGUL.0;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11a7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const S_COUNT: u32 = HANGUL.1;

impl Tables {
    /// Whether `text` is NFKC by the quick check alone: no character that NFKC changes or
    /// that might compose, and combining classes in order.
    fn is_quick_yes(&self, text: &str) -> bool {
        let mut quick = QuickCheck::default();
        text.chars().all(|c| quick.accepts(self.entry(c)))
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
        self.decomposition(entry).iter().for_each(|&d| emit(d));
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
        let at = self.compositions.binary_search_by_key(&key, |&packed| packed >> 21).ok()?;
        char::from_u32((self.compositions[at] & 0x1f_ffff) as u32)
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
    for (_, chunk) in chunks(text) {
        composer.feed(chunk);
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
    /// One chunk of the text (see [`super::measures::CHUNK`] for why chunks).
    #[inline(never)]
    fn feed(&mut self, chunk: &str) {
        let tables = self.tables;
        for c in chunk.chars() {
            tables.decompose(c, |d| self.push(d));
        }
    }

    fn push(&mut self, c: char) {
        if self.tables.combining_class(c) != 0 {
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
            let class = self.tables.combining_class(mark);
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
    let mut keys: Vec<u64> = marks
        .iter()
        .enumerate()
        .map(|(i, &c)| u64::from(tables.combining_class(c)) << 32 | i as u64)
        .collect();
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
            assert_eq!(tables.combining_class(c), canonical_combining_class(c), "{:04X}", c as u32);
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
        for &packed in &tables.compositions {
            let (key, composite) =
                (packed >> 21, char::from_u32((packed & 0x1f_ffff) as u32).unwrap_or_default());
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
