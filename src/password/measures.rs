//! What the rules measure of a password: its length in code points, its characters of each
//! class and its longest run of one character; in the same pass, whether it passes NFKC's
//! quick check and its lower case. A password may be a megabyte in any script, so each of
//! these is one table lookup a character and the text is read once.

use super::nfkc::QuickCheck;
use super::unicode::{Class, tables};

/// What the checker measured of one password.
#[derive(Clone, Copy, Default)]
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
pub struct Measures {
    pub length: u64,
    pub lowercase: u64,
    pub uppercase: u64,
    pub digit: u64,
    pub symbol: u64,
    pub longest_run: u64,
}

/// A password read once: its measures and, when asked for, its lower case.
pub struct Scan {
    pub measures: Measures,
    pub lowercase: String,
}

/// Measures `text` (and folds it to lower case when `fold`), or `None` when it does not pass
/// NFKC's quick check and must be normalised first. `text` known to be NFKC skips the check.
pub fn scan(text: &str, fold: bool, known_nfkc: bool) -> Option<Scan> {
    if let Some(measures) = Measures::of_ascii(text.as_bytes()) {
        let mut lowercase = if fold { text.as_bytes().to_vec() } else { Vec::new() };
        lowercase.chunks_mut(CHUNK).for_each(lower_ascii);
        // ASCII stays ASCII.
        return Some(Scan { measures, lowercase: String::from_utf8(lowercase).unwrap_or_default() });
    }
    let mut scanner = Scanner {
        measures: Measures::default(),
        quick: (!known_nfkc).then(QuickCheck::default),
        previous: '\0',
        run: 0,
        fold,
        lengths_differ: false,
    };
    // The lower case is written over a copy, in place: nearly every character's lower case is
    // as long in UTF-8, and the one that is not (İ, or Ω as the ohm sign, say) makes the copy
    // start over the slow way.
    let mut lower = if fold { text.as_bytes().to_vec() } else { Vec::new() };
    for (start, chunk) in chunks(text) {
        if !scanner.chunk(chunk, lower.get_mut(start..start + chunk.len()).unwrap_or_default()) {
            return None;
        }
    }
    let lowercase = if scanner.lengths_differ {
        super::normalize::fold_case(text)
    } else {
        // Only whole characters were overwritten, each by one as long, so this is UTF-8.
        String::from_utf8(lower).unwrap_or_default()
    };
    Some(Scan { measures: scanner.measures, lowercase })
}

/// Bytes a pass handles in one call of its loop. A browser runs WebAssembly unoptimised at
/// first and optimises a function once it has been called enough, never in the middle of a
/// call: a megabyte read in one call would be read slowly to the end, read in chunks it is
/// fast after the first few.
pub const CHUNK: usize = 4096;

/// `text` in chunks of about [`CHUNK`] bytes, cut between characters, with where each starts.
pub fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    core::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let chunk = (start, text.get(start..end).unwrap_or_default());
        start = end;
        Some(chunk)
    })
}

#[inline(never)]
fn lower_ascii(bytes: &mut [u8]) {
    bytes.make_ascii_lowercase();
}

/// The pass over text that is not ASCII, between chunks.
struct Scanner {
    measures: Measures,
    quick: Option<QuickCheck>,
    previous: char,
    run: u64,
    fold: bool,
    lengths_differ: bool,
}

impl Scanner {
    /// One chunk of whole characters, and its bytes in the lower-case copy; false when the
    /// text fails the quick check.
    #[inline(never)]
    fn chunk(&mut self, text: &str, lower: &mut [u8]) -> bool {
        let tables = tables();
        let m = &mut self.measures;
        for (at, c) in text.char_indices() {
            let entry = tables.entry(c);
            if let Some(quick) = self.quick.as_mut()
                && !quick.accepts(entry)
            {
                return false;
            }
            m.length += 1;
            m.count(tables.class(c));
            self.run = if self.previous == c && m.length > 1 { self.run + 1 } else { 1 };
            m.longest_run = m.longest_run.max(self.run);
            self.previous = c;
            if self.fold {
                let folded = fold_char(tables.lower(c));
                if folded != c {
                    match lower.get_mut(at..at + c.len_utf8()) {
                        Some(bytes) if folded.len_utf8() == bytes.len() && c != '\u{130}' => {
                            write_utf8(bytes, folded);
                        }
                        _ => self.lengths_differ = true,
                    }
                }
            }
        }
        true
    }
}

/// Both sigmas are one letter to a comparison (see [`super::normalize::fold_case`]).
fn fold_char(lower: char) -> char {
    if lower == 'ς' { 'σ' } else { lower }
}

/// `c` into `bytes`, which is exactly as long as its UTF-8 (by hand: `char::encode_utf8`
/// could panic, and its message would bring character formatting into the wasm).
fn write_utf8(bytes: &mut [u8], c: char) {
    let n = c as u32;
    match bytes {
        [a] => *a = n as u8,
        [a, b] => {
            *a = 0xc0 | (n >> 6) as u8;
            *b = 0x80 | (n & 0x3f) as u8;
        }
        [a, b, d] => {
            *a = 0xe0 | (n >> 12) as u8;
            *b = 0x80 | (n >> 6 & 0x3f) as u8;
            *d = 0x80 | (n & 0x3f) as u8;
        }
        [a, b, d, e] => {
            *a = 0xf0 | (n >> 18) as u8;
            *b = 0x80 | (n >> 12 & 0x3f) as u8;
            *d = 0x80 | (n >> 6 & 0x3f) as u8;
            *e = 0x80 | (n & 0x3f) as u8;
        }
        _ => {}
    }
}

impl Measures {
    fn count(&mut self, class: Class) {
        match class {
            Class::Lowercase => self.lowercase += 1,
            Class::Uppercase => self.uppercase += 1,
            Class::Digit => self.digit += 1,
            Class::Symbol => self.symbol += 1,
            Class::Other => {}
        }
    }

    #[cfg(test)]
    fn of_chars(password: &str) -> Self {
        let mut m = Self { length: 0, lowercase: 0, uppercase: 0, digit: 0, symbol: 0, longest_run: 0 };
        let (mut previous, mut run) = (None, 0);
        let tables = tables();
        for c in password.chars() {
            m.length += 1;
            m.count(tables.class(c));
            run = if previous == Some(c) { run + 1 } else { 1 };
            m.longest_run = m.longest_run.max(run);
            previous = Some(c);
        }
        m
    }

    /// [`Measures::of_chars`] for ASCII, `None` for anything else. Long passwords are nearly
    /// always ASCII, and their bytes are measured eight at a time: decoding a character at a
    /// time took most of what was left of a megabyte's check in WebAssembly.
    fn of_ascii(password: &[u8]) -> Option<Self> {
        let mut m = Self::default();
        let mut run = Run { previous: password.first().copied().unwrap_or_default(), length: 0, longest: 0 };
        for chunk in password.chunks(CHUNK) {
            if !m.ascii_chunk(chunk, &mut run) {
                return None;
            }
        }
        m.length = password.len() as u64;
        m.symbol = m.length - m.lowercase - m.uppercase - m.digit;
        m.longest_run = run.longest;
        Some(m)
    }

    /// Counts one chunk into `self` and `run`; false at the first byte that is not ASCII.
    #[inline(never)]
    fn ascii_chunk(&mut self, chunk: &[u8], run: &mut Run) -> bool {
        let words = chunk.chunks_exact(8);
        let rest = words.remainder();
        for bytes in words {
            let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
            if word & HIGH_BITS != 0 {
                return false;
            }
            self.lowercase += count_between(word, b'a', b'z');
            self.uppercase += count_between(word, b'A', b'Z');
            self.digit += count_between(word, b'0', b'9');
            // Each byte against the one before it: a zero byte in `diff` is a repeat.
            let diff = word ^ ((word << 8) | u64::from(run.previous));
            if diff.wrapping_sub(LOW_BITS) & !diff & HIGH_BITS == 0 {
                run.length = 1;
                run.longest = run.longest.max(1);
                run.previous = bytes[7];
            } else {
                bytes.iter().for_each(|&byte| run.push(byte));
            }
        }
        for &byte in rest {
            if !byte.is_ascii() {
                return false;
            }
            self.lowercase += u64::from(byte.is_ascii_lowercase());
            self.uppercase += u64::from(byte.is_ascii_uppercase());
            self.digit += u64::from(byte.is_ascii_digit());
            run.push(byte);
        }
        true
    }
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = LOW_BITS * 0x80;

/// How many of the eight ASCII bytes in `word` are between `low` and `high`. Adding
/// `0x80 - low` to a byte below 0x80 sets its top bit exactly when it is at least `low`, and
/// never carries into the next byte.
fn count_between(word: u64, low: u8, high: u8) -> u64 {
    let at_least_low = word + LOW_BITS * u64::from(0x80 - low);
    let above_high = word + LOW_BITS * u64::from(0x7f - high);
    u64::from((at_least_low & !above_high & HIGH_BITS).count_ones())
}

/// The run of one repeated byte being counted.
struct Run {
    previous: u8,
    length: u64,
    longest: u64,
}

impl Run {
    fn push(&mut self, byte: u8) {
        self.length = if byte == self.previous { self.length + 1 } else { 1 };
        self.longest = self.longest.max(self.length);
        self.previous = byte;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn ascii_is_measured_eight_bytes_at_a_time_like_any_text() {
        let long_runs = format!("{}x{}", "a".repeat(20), "Z".repeat(9));
        for password in
            ["", "a", "aZ3$kq9!", "aZ3$kq9!L", "aaaaaaaabbbbbbbbb", "ab!!cd\x7f\x7f\x00\x00\x00", &long_runs]
        {
            assert_eq!(
                Measures::of_ascii(password.as_bytes()),
                Some(Measures::of_chars(password)),
                "{password:?}"
            );
        }
        assert_eq!(Measures::of_ascii("abcdefgh".as_bytes()).map(|m| m.longest_run), Some(1));
        assert_eq!(Measures::of_ascii(long_runs.as_bytes()).map(|m| m.longest_run), Some(20));
    }

    #[test]
    fn anything_but_ascii_is_left_to_the_character_loop() {
        assert_eq!(Measures::of_ascii("abcdefgé".as_bytes()), None, "in a word of eight");
        assert_eq!(Measures::of_ascii("abcdefghé".as_bytes()), None, "after the last word");
    }

    #[test]
    fn one_pass_measures_folds_and_checks() {
        let mixed = "Жж٣! aaa ΟΔΟΣ İx Ωmega";
        let scan = scan(mixed, true, false).map(|s| (s.measures, s.lowercase));
        assert_eq!(scan, Some((Measures::of_chars(mixed), super::super::normalize::fold_case(mixed))));
        assert!(super::scan("\u{2126}", false, false).is_none(), "the ohm sign is not NFKC");
        assert!(super::scan("e\u{301}", false, false).is_none(), "not NFKC by the quick check");
        assert!(super::scan("e\u{301}", false, true).is_some());
    }

    proptest! {
        #[test]
        fn both_measures_agree_on_ascii(password in "([\\x00-\\x7f]|aaa|ZZZZ|1111){0,60}") {
            prop_assert_eq!(Measures::of_ascii(password.as_bytes()), Some(Measures::of_chars(&password)));
        }

        #[test]
        fn the_pass_agrees_with_each_part(password in "([a-zA-Zà-öА-я٣ΣσςİΩ\u{2126}😀 ]|aaa){0,40}") {
            let scan = scan(&password, true, true).map(|s| (s.measures, s.lowercase));
            let each = (Measures::of_chars(&password), super::super::normalize::fold_case(&password));
            prop_assert_eq!(scan, Some(each));
        }
    }
}
