//! Banned words: found despite case, common substitutions and (for longer words) one edit.

use aho_corasick::AhoCorasick;

/// Words at least this long also match within one edit (a typo, a letter added or dropped);
/// shorter ones must match exactly, or one edit would refuse too much ("acme" → "acne").
pub const FUZZY_WORD_CHARS: usize = 5;

/// Folds a lower-cased character for comparison: the look-alike digits and symbols people
/// use for letters become those letters, and `i`, `l` and `1` become one character.
fn fold(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | 'i' => 'l',
        '3' => 'e',
        '4' | '@' => 'a',
        '$' | '5' => 's',
        '7' => 't',
        other => other,
    }
}

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
            let chars: Vec<char> =
                folded(&crate::normalize::fold_case(&crate::normalize::nfkc(word.trim()))).chars().collect();
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
        let text = folded(lowercase);
        let mut found: Option<usize> = None;
        for hit in searcher.find_overlapping_iter(&text) {
            let (word, part) = self.parts[hit.pattern().as_usize()];
            if found.is_some_and(|f| f <= word) {
                continue;
            }
            let target = &self.folded[word];
            let matched = match part {
                Part::Whole => true,
                Part::Head => {
                    let after: Vec<char> = text[hit.start()..].chars().take(target.len() + 1).collect();
                    windows_within_one_edit(
                        target,
                        (target.len() - 1..=target.len() + 1).filter_map(|n| after.get(..n)),
                    )
                }
                Part::Tail => {
                    let mut before: Vec<char> =
                        text[..hit.end()].chars().rev().take(target.len() + 1).collect();
                    before.reverse();
                    let len = before.len();
                    windows_within_one_edit(
                        target,
                        (target.len() - 1..=target.len() + 1)
                            .filter_map(|n| before.get(len.checked_sub(n)?..)),
                    )
                }
            };
            if matched {
                found = Some(word);
            }
        }
        found.map(|i| self.words[i].as_str())
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
