//! zxcvbn's ranked word lists, embedded as plain text (one word a line, most frequent first)
//! and indexed on first use, plus the per-check list of the user's own words.
//!
//! Plain text keeps the package small: the lists compress well on the wire, and the index
//! costs a few milliseconds once instead of megabytes of generated code.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Where a word was found; the order is zxcvbn's, which decides ties between equal estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dictionary {
    Passwords,
    EnglishWikipedia,
    FemaleNames,
    Surnames,
    UsTvAndFilm,
    MaleNames,
    UserInputs,
}

/// The lists of zxcvbn 4.4.2 (see data/README.md), in zxcvbn's order.
const LISTS: [(Dictionary, &str); 6] = [
    (Dictionary::Passwords, include_str!("data/passwords.txt")),
    (Dictionary::EnglishWikipedia, include_str!("data/english_wikipedia.txt")),
    (Dictionary::FemaleNames, include_str!("data/female_names.txt")),
    (Dictionary::Surnames, include_str!("data/surnames.txt")),
    (Dictionary::UsTvAndFilm, include_str!("data/us_tv_and_film.txt")),
    (Dictionary::MaleNames, include_str!("data/male_names.txt")),
];

/// A word's rank in each embedded list, 0 where it is absent (no list has 65,535 words).
type Ranks = [u16; LISTS.len()];

/// FNV-1a: the index only ever hashes short lowercase words it chose itself, so a fast
/// hash without flood resistance is the right trade.
#[derive(Clone, Copy)]
pub struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<V> = HashMap<&'static str, V, BuildHasherDefault<WordHasher>>;

struct Index {
    ranks: WordMap<Ranks>,
    longest: usize,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut ranks = WordMap::<Ranks>::with_capacity_and_hasher(90_000, Default::default());
        let mut longest = 0;
        for (list, (_, text)) in LISTS.iter().enumerate() {
            for (position, word) in text.split_terminator('\n').enumerate() {
                // A later duplicate overwrites an earlier one, as in zxcvbn's ranked dictionaries.
                ranks.entry(word).or_default()[list] = u16::try_from(position + 1).unwrap_or(u16::MAX);
                // In bytes, which bounds the length in characters from above: cheaper on a
                // cold start, and a bound is all the matcher needs.
                longest = longest.max(word.len());
            }
        }
        Index { ranks, longest }
    })
}

/// The embedded lists plus one check's user inputs (ranked in the order given).
pub struct Dictionaries {
    index: &'static Index,
    user_inputs: HashMap<String, usize>,
    longest: usize,
}

impl Dictionaries {
    pub fn new(user_inputs: &[&str]) -> Self {
        let index = index();
        let mut ranked = HashMap::with_capacity(user_inputs.len());
        let mut longest = index.longest;
        for (position, input) in user_inputs.iter().enumerate() {
            let word = input.to_lowercase();
            longest = longest.max(word.chars().count());
            ranked.insert(word, position + 1);
        }
        Self { index, user_inputs: ranked, longest }
    }

    /// At least the length of the longest word of any list, in characters: no longer
    /// substring can match.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Calls `found` with each list holding `word` (lowercase) and the word's rank there.
    pub fn lookup(&self, word: &str, mut found: impl FnMut(Dictionary, usize)) {
        if let Some(ranks) = self.index.ranks.get(word) {
            for ((dictionary, _), &rank) in LISTS.iter().zip(ranks) {
                if rank > 0 {
                    found(*dictionary, usize::from(rank));
                }
            }
        }
        if let Some(&rank) = self.user_inputs.get(word) {
            found(Dictionary::UserInputs, rank);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks(dictionaries: &Dictionaries, word: &str) -> Vec<(Dictionary, usize)> {
        let mut found = Vec::new();
        dictionaries.lookup(word, |dictionary, rank| found.push((dictionary, rank)));
        found
    }

    #[test]
    fn ranks_are_positions_in_the_lists() {
        let dictionaries = Dictionaries::new(&["Quokka", "acme"]);
        assert_eq!(ranks(&dictionaries, "123456"), [(Dictionary::Passwords, 1)]);
        assert_eq!(ranks(&dictionaries, "smith"), [(Dictionary::Surnames, 1)]);
        assert_eq!(ranks(&dictionaries, "quokka"), [(Dictionary::UserInputs, 1)]);
        assert_eq!(ranks(&dictionaries, "acme"), [(Dictionary::UserInputs, 2)]);
        assert!(ranks(&dictionaries, "xq-not-a-word").is_empty());
    }

    #[test]
    fn every_list_is_loaded() {
        let dictionaries = Dictionaries::new(&[]);
        for (dictionary, text) in LISTS {
            assert!(text.lines().count() > 900, "{dictionary:?}");
            let last = text.lines().last().unwrap_or_default();
            assert!(
                ranks(&dictionaries, last).iter().any(|(found, _)| *found == dictionary),
                "{dictionary:?}"
            );
        }
        assert!(dictionaries.longest() >= 20);
    }
}
