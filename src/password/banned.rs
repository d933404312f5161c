//! Banned words: found despite case, common substitutions and (for longer words) one edit.

use aho_corasick::AhoCorasick;

use super::normalize::{fold_case, nfkc};

/// Words at least this long also match within one edit (a typo, a letter added or dropped);
/// shorter ones must match exactly, or one edit would refuse too much ("acme" → "acne").
pub const FUZZY_WORD_CHARS: usize = 5;

/// Folds a lower-cased character for comparison: the look-alike digits and symbols people
/// use for letters become those letters, and `i`, `l` and `1` become one character.
fn fold(c: char) -> char {
    match u8::try_from(c) {
        Ok(byte) if byte.is_ascii() => char::from(fold_byte(byte)),
        _ => c,
    }
}

/// [`fold`] on UTF-8 bytes. Every folded character is ASCII and becomes ASCII, so folding
/// bytes keeps the text valid UTF-8 with every character where it was, and a long password
/// is folded without decoding it.
const fn fold_byte(byte: u8) -> u8 {
    match byte {
        b'0' => b'o',
        b'1' | b'i' => b'l',
        b'3' => b'e',
        b'4' | b'@' => b'a',
        b'$' | b'5' => b's',
        b'7' => b't',
        other => other,
    }
}

/// [`fold_byte`] of every byte, looked up: a password may be a megabyte long.
const FOLDED_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < table.len() {
        table[byte] = fold_byte(byte as u8);
        byte += 1;
    }
    table
};

fn folded(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// A policy's banned words, ready to search for.
#[derive(Clone, Debug)]
pub struct BannedWords {
    /// The words as the policy lists them.
    words: Vec<String>,
    /// Folded words, as characters, by word index.
    folded: Vec<Vec<char>>,
    /// Every pattern searched for: (word index, what part of the word it is).
    parts: Vec<(usize, Part)>,
    searcher: Option<AhoCorasick>,
}

#[derive(Clone, Copy, Debug)]
enum Part {
    Whole,
    /// The first half, which a one-edit match keeps intact when the edit is in the second.
    Head,
    /// The second half.
    Tail,
}

impl BannedWords {
    /// Prepares the search. `words` are lower-cased and NFKC-normalised by the caller's policy.
    pub fn new(words: &[String]) -> Self {
        let mut folded_words = Vec::new();
        let mut patterns = Vec::new();
        let mut parts = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let chars: Vec<char> = folded(&fold_case(&nfkc(word.trim()))).chars().collect();
            let whole: String = chars.iter().collect();
            patterns.push(whole);
            parts.push((i, Part::Whole));
            if chars.len() >= FUZZY_WORD_CHARS {
                let half = chars.len() / 2;
                patterns.push(chars[..half].iter().collect());
                parts.push((i, Part::Head));
                patterns.push(chars[half..].iter().collect());
                parts.push((i, Part::Tail));
            }
            folded_words.push(chars);
        }
        let searcher = if patterns.is_empty() { None } else { AhoCorasick::new(&patterns).ok() };
        Self { words: words.to_vec(), folded: folded_words, parts, searcher }
    }

    /// The first banned word (in the policy's order) that `lowercase` contains.
    pub fn find(&self, lowercase: &str) -> Option<&str> {
        let searcher = self.searcher.as_ref()?;
        let text: Vec<u8> = lowercase.bytes().map(|byte| FOLDED_BYTES[usize::from(byte)]).collect();
        let mut found: Option<usize> = None;
        for hit in searcher.find_overlapping_iter(&text[..]) {
            let (word, part) = self.parts[hit.pattern().as_usize()];
            if found.is_some_and(|f| f <= word) {
                continue;
            }
            let target = &self.folded[word];
            // A pattern is valid UTF-8, so it matches from one character boundary to another,
            // and `lowercase` has its characters at the same offsets as the folded bytes.
            let matched = match part {
                Part::Whole => true,
                Part::Head => lowercase.get(hit.start()..).is_some_and(|rest| {
                    let after: Vec<char> = rest.chars().take(target.len() + 1).map(fold).collect();
                    windows_within_one_edit(
                        target,
                        (target.len() - 1..=target.len() + 1).filter_map(|n| after.get(..n)),
                    )
                }),
                Part::Tail => lowercase.get(..hit.end()).is_some_and(|start| {
                    let mut before: Vec<char> =
                        start.chars().rev().take(target.len() + 1).map(fold).collect();
                    before.reverse();
                    let len = before.len();
                    windows_within_one_edit(
                        target,
                        (target.len() - 1..=target.len() + 1)
                            .filter_map(|n| before.get(len.checked_sub(n)?..)),
                    )
                }),
            };
            if matched {
                found = Some(word);
            }
        }
        found.map(|i| self.words[i].as_str())
    }

    /// Whether there is any word to look for.
    pub fn is_empty(&self) -> bool {
        self.searcher.is_none()
    }
}

fn windows_within_one_edit<'a>(target: &[char], mut windows: impl Iterator<Item = &'a [char]>) -> bool {
    windows.any(|window| within_one_edit(window, target))
}

/// Whether `a` becomes `b` with at most one substitution, insertion or deletion.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix..].iter().skip(1).eq(long[prefix..].iter().skip(1))
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(words: &[&str], password: &str) -> Option<String> {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        BannedWords::new(&words).find(&password.to_lowercase()).map(str::to_owned)
    }

    #[test]
    fn substitutions_and_case_are_seen_through() {
        assert_eq!(find(&["acme"], "I love ACME!"), Some("acme".into()));
        assert_eq!(find(&["acme"], "x@cm3x"), Some("acme".into()));
        assert_eq!(find(&["roadrunner"], "R0adRunn3r2024"), Some("roadrunner".into()));
        assert_eq!(find(&["billing"], "B1LL1NG"), Some("billing".into()));
        assert_eq!(find(&["toast"], "70457"), Some("toast".into()));
        assert_eq!(find(&["pass"], "pa$$word"), Some("pass".into()));
    }

    #[test]
    fn one_edit_for_long_words_only() {
        assert_eq!(find(&["roadrunner"], "roadrunnr"), Some("roadrunner".into()), "a letter dropped");
        assert_eq!(find(&["roadrunner"], "xroadrrunnerx"), Some("roadrunner".into()), "a letter added");
        assert_eq!(find(&["roadrunner"], "roadrumner"), Some("roadrunner".into()), "a letter changed");
        assert_eq!(find(&["roadrunner"], "rodrumner"), None, "two edits");
        assert_eq!(find(&["acme"], "acne"), None, "short words match exactly");
    }

    #[test]
    fn the_first_listed_word_is_reported() {
        assert_eq!(find(&["runner", "road"], "roadrunner"), Some("runner".into()));
        assert_eq!(find(&["zebra", "road"], "roadrunner"), Some("road".into()));
        assert_eq!(find(&[], "anything"), None);
    }

    #[test]
    fn words_beyond_ascii_match_at_their_own_offsets() {
        assert_eq!(find(&["straße"], "Ärger STRAßE!"), Some("straße".into()));
        assert_eq!(find(&["жёлтый"], "ёжжолтый1"), Some("жёлтый".into()), "a letter changed");
        assert_eq!(find(&["жёлтый"], "ё жёлты"), Some("жёлтый".into()), "a letter dropped at the end");
        assert_eq!(find(&["жёлтый"], "жёлт"), None);
    }

    #[test]
    fn folding_bytes_is_folding_characters() {
        for byte in 0..=0x7f_u8 {
            assert_eq!(fold(char::from(byte)), char::from(fold_byte(byte)));
        }
        for byte in 0..=u8::MAX {
            assert_eq!(FOLDED_BYTES[usize::from(byte)], fold_byte(byte));
        }
        assert_eq!(fold('ж'), 'ж');
    }

    #[test]
    fn edit_distance_is_at_most_one() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("abcde"), &c("abcde")));
        assert!(within_one_edit(&c("abXde"), &c("abcde")));
        assert!(within_one_edit(&c("abde"), &c("abcde")));
        assert!(within_one_edit(&c("abcdef"), &c("abcde")));
        assert!(!within_one_edit(&c("aXcXe"), &c("abcde")));
        assert!(!within_one_edit(&c("abc"), &c("abcde")));
    }
}
