//! Banned words: found despite case, common substitutions and (for longer words) one edit.

use super::automaton::Automaton;
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

/// [`fold_byte`] of every byte, for the automaton to read a password of up to a megabyte
/// folded without rewriting it.
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

/// A word's folded characters, and its halves when it is long enough to match within one edit.
fn word_patterns(word: &str) -> (Vec<char>, Option<(String, String)>) {
    let chars: Vec<char> = folded(&fold_case(&nfkc(word.trim()))).chars().collect();
    let halves = (chars.len() >= FUZZY_WORD_CHARS).then(|| {
        let half = chars.len() / 2;
        (chars[..half].iter().collect(), chars[half..].iter().collect())
    });
    (chars, halves)
}

/// Most words one half may belong to. Each place a half appears is checked against every word
/// it belongs to, so this bounds the search's cost per place whatever the number of words;
/// a few (`password1`, `password2`) are allowed, since admins list variants.
pub const MAX_WORDS_PER_HALF: usize = 4;

/// More than [`MAX_WORDS_PER_HALF`] listed words that share a half: a list built of such
/// words would cost words × length to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collision {
    /// The words that share it, as listed.
    pub words: Vec<String>,
    /// The half they share, folded.
    pub part: String,
}

/// The first half of `words` (folded; the same word listed twice counts once) that more than
/// [`MAX_WORDS_PER_HALF`] words share.
pub fn collision(words: &[String]) -> Option<Collision> {
    let mut owners: Vec<(String, Vec<usize>)> = Vec::new();
    let mut seen: Vec<Vec<char>> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let (chars, halves) = word_patterns(word);
        if seen.contains(&chars) {
            continue;
        }
        seen.push(chars);
        let Some((head, tail)) = halves else { continue };
        for part in [head, tail] {
            let at = match owners.iter().position(|(p, _)| *p == part) {
                Some(at) => at,
                None => {
                    owners.push((part, Vec::new()));
                    owners.len() - 1
                }
            };
            let sharing = &mut owners[at].1;
            if sharing.last() != Some(&i) {
                sharing.push(i);
            }
            if sharing.len() > MAX_WORDS_PER_HALF {
                let (part, sharing) = owners.swap_remove(at);
                return Some(Collision { words: sharing.iter().map(|&w| words[w].clone()).collect(), part });
            }
        }
    }
    None
}

/// A policy's banned words, ready to search for.
#[derive(Clone, Debug)]
pub struct BannedWords {
    /// The words as the policy lists them.
    words: Vec<String>,
    /// Folded words, as characters, by word index.
    folded: Vec<Vec<char>>,
    /// Each distinct pattern's owners: (word index, what part of the word it is). A policy
    /// refuses a half shared by more than [`MAX_WORDS_PER_HALF`] words.
    owners: Vec<Vec<(usize, Part)>>,
    searcher: Option<Automaton>,
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
    /// Prepares the search. `words` are lower-cased and NFKC-normalised by the caller's policy;
    /// a word listed twice (or two that fold alike) is searched for once.
    pub fn new(words: &[String]) -> Self {
        let mut folded_words = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<(usize, Part)>> = Vec::new();
        let mut own =
            |pattern: String, owner: (usize, Part)| match patterns.iter().position(|p| *p == pattern) {
                Some(at) => owners[at].push(owner),
                None => {
                    patterns.push(pattern);
                    owners.push(vec![owner]);
                }
            };
        for (i, word) in words.iter().enumerate() {
            let (chars, halves) = word_patterns(word);
            if folded_words.contains(&chars) {
                folded_words.push(chars);
                continue;
            }
            own(chars.iter().collect(), (i, Part::Whole));
            if let Some((head, tail)) = halves {
                own(head, (i, Part::Head));
                own(tail, (i, Part::Tail));
            }
            folded_words.push(chars);
        }
        let searcher = (!patterns.is_empty()).then(|| Automaton::folding(&patterns, &FOLDED_BYTES));
        Self { words: words.to_vec(), folded: folded_words, owners, searcher }
    }

    /// A banned word that `lowercase` contains: the first one the search confirms, where it
    /// stops.
    pub fn find(&self, lowercase: &str) -> Option<&str> {
        self.search(lowercase).0
    }

    /// [`Self::find`], and how many candidate places it checked (the search's cost beyond the
    /// one pass).
    fn search(&self, lowercase: &str) -> (Option<&str>, usize) {
        let Some(searcher) = self.searcher.as_ref() else { return (None, 0) };
        let mut found: Option<usize> = None;
        let mut checked = 0;
        searcher.for_each(lowercase.as_bytes(), |pattern, hit| {
            for &(word, part) in &self.owners[pattern] {
                checked += 1;
                if self.confirms(lowercase, hit.clone(), word, part) {
                    found = Some(word);
                    return false;
                }
            }
            true
        });
        (found.map(|i| self.words[i].as_str()), checked)
    }

    /// Whether the pattern `part` of `word` found at `hit` is the word within one edit (a
    /// whole word always is).
    fn confirms(&self, lowercase: &str, hit: core::ops::Range<usize>, word: usize, part: Part) -> bool {
        let target = &self.folded[word];
        // A pattern is valid UTF-8, so it matches from one character boundary to another,
        // and `lowercase` has its characters at the same offsets as the folded bytes.
        match part {
            Part::Whole => true,
            Part::Head => lowercase.get(hit.start..).is_some_and(|rest| {
                let after: Vec<char> = rest.chars().take(target.len() + 1).map(fold).collect();
                windows_within_one_edit(
                    target,
                    (target.len() - 1..=target.len() + 1).filter_map(|n| after.get(..n)),
                )
            }),
            Part::Tail => lowercase.get(..hit.end).is_some_and(|start| {
                let mut before: Vec<char> = start.chars().rev().take(target.len() + 1).map(fold).collect();
                before.reverse();
                let len = before.len();
                windows_within_one_edit(
                    target,
                    (target.len() - 1..=target.len() + 1).filter_map(|n| before.get(len.checked_sub(n)?..)),
                )
            }),
        }
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
    fn the_search_stops_at_the_first_word_it_confirms() {
        assert_eq!(find(&["runner", "road"], "roadrunner"), Some("road".into()), "road ends first");
        assert_eq!(find(&["zebra", "road"], "roadrunner"), Some("road".into()));
        assert_eq!(
            find(&["acme", "@cme", "ACME"], "xacmex"),
            Some("acme".into()),
            "listed thrice, searched once"
        );
        assert_eq!(find(&[], "anything"), None);
    }

    #[test]
    fn more_than_a_few_words_sharing_a_half_collide() {
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let variants = words(&["password1", "password2", "password3", "password4"]);
        assert_eq!(collision(&variants), None, "a few variants are allowed");
        let mut five = variants.clone();
        five.push("PASSWORD5".into());
        assert_eq!(collision(&five), Some(Collision { words: five.clone(), part: "pass".into() }));
        let mut same = variants;
        same.extend(["Password1".to_owned(), "p@ssword2".to_owned()]);
        assert_eq!(collision(&same), None, "the same word listed again is one word");
        let mixed = words(&["abcdefgh", "efghabcd", "xyzaefgh", "efghzzzz", "qqqqefgh"]);
        assert_eq!(collision(&mixed).map(|c| c.part), Some("efgh".into()), "heads and tails alike");
        assert_eq!(collision(&words(&["abcabc"])), None, "a word whose halves are alike");
    }

    /// The issue 12 attack, bounded: 500 long words that look alike, in a password made of
    /// what they share, cost places proportional to the password and the number of different
    /// pattern lengths, not to the number of words.
    #[test]
    fn the_search_does_not_grow_with_words_times_length() {
        // A half may be shared by a few words only, so at most that many heads of each length
        // are a run of `a`: 4 × 30 such words, and 380 others of pseudo-random letters.
        let mut state = 0x2545_f491_u32;
        let mut letter = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(b'b' + (state % 25) as u8)
        };
        let mut words: Vec<String> = (3..=32)
            .flat_map(|run| [run; MAX_WORDS_PER_HALF])
            .map(|run| format!("{}{}", "a".repeat(run), (0..run).map(|_| letter()).collect::<String>()))
            .collect();
        words.extend((0..380).map(|_| (0..12).map(|_| letter()).collect::<String>()));
        assert_eq!(collision(&words), None);
        let banned = BannedWords::new(&words);
        let password = "a".repeat(4096);
        let (found, checked) = banned.search(&password);
        assert_eq!(found, None);
        // Each byte ends at most one pattern of each length made only of `a`, and each such
        // pattern belongs to at most a few words.
        let lengths = 32;
        assert!(checked <= password.len() * lengths * MAX_WORDS_PER_HALF, "{checked} places checked");
        // And where a word is there, the search ends at it.
        let (found, checked) = banned.search(&format!("{}{}", words[7], password));
        assert_eq!(found, Some(words[7].as_str()));
        assert!(
            checked <= words[7].len() * lengths * MAX_WORDS_PER_HALF,
            "{checked} places checked before stopping"
        );
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
