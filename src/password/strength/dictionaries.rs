//! zxcvbn's ranked word lists, unpacked and indexed on first use (see `lists.rs`), plus the
//! per-check list of the user's own words.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::unicode::lower;
use super::lists::{List, unpack};

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

/// The lists of zxcvbn 4.4.2 (see data/README.md), in zxcvbn's order, as packed.
const LISTS: [Dictionary; 6] = [
    Dictionary::Passwords,
    Dictionary::EnglishWikipedia,
    Dictionary::FemaleNames,
    Dictionary::Surnames,
    Dictionary::UsTvAndFilm,
    Dictionary::MaleNames,
];

/// FNV-1a: the index only ever hashes short lowercase words, and it must be cheap to build
/// on a cold start; flooding is no concern for a table of fixed words.
fn hash(word: &[u8]) -> usize {
    let hash = word
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    hash as usize
}

/// Every word of every list in one open-addressing table (linear probing), built on first
/// use. A slot holds a word's number plus one (0 is empty); a word's number says where its
/// text is. Building it is one pass over the text with no allocation per word, which is what
/// a cold start in the browser pays for, before any code has been optimised.
struct Index {
    lists: Vec<List>,
    /// Each word's start in its list's text (bits 0-19), length (20-27) and list (28-31).
    words: Vec<u32>,
    /// The number of the first word of each list.
    firsts: [u32; LISTS.len()],
    slots: Vec<u32>,
    longest: usize,
}

const START_BITS: u32 = 20;
const LENGTH_BITS: u32 = 8;

/// Slots in the table: a power of two (so that a mask wraps) at least twice the number of
/// words (so that probes stay short); a test checks the lists still fit.
const SLOTS: usize = 1 << 18;

impl Index {
    fn build() -> Self {
        let lists = unpack();
        let mut index = Index {
            lists: Vec::new(),
            words: Vec::with_capacity(SLOTS / 2),
            firsts: [0; LISTS.len()],
            slots: vec![0; SLOTS],
            longest: 0,
        };
        for (list, unpacked) in lists.iter().enumerate().take(LISTS.len()) {
            index.firsts[list] = index.words.len() as u32;
            let mut start = 0;
            for word in unpacked.text.split(|&b| b == b'\n') {
                if !word.is_empty() {
                    index.insert(list, start, word);
                }
                start += word.len() + 1;
            }
        }
        index.lists = lists;
        index
    }

    /// Not inlined: on a cold start the browser runs the build before optimising it, and a
    /// small function called 94,000 times gets optimised early, while one long loop would not.
    #[inline(never)]
    fn insert(&mut self, list: usize, start: usize, word: &[u8]) {
        // A test checks that the lists fit the packing: under 1 MiB, words under 256 bytes.
        let packed =
            start as u32 | (word.len() as u32) << START_BITS | (list as u32) << (START_BITS + LENGTH_BITS);
        let mut slot = hash(word) & (SLOTS - 1);
        while self.slots[slot] != 0 {
            slot = (slot + 1) & (SLOTS - 1);
        }
        self.words.push(packed);
        self.slots[slot] = self.words.len() as u32;
        self.longest = self.longest.max(word.len());
    }

    /// Calls `found` for each list holding `word`, in list order: equal words share a home
    /// slot, so probing meets them in the order they were inserted.
    fn lookup(&self, word: &[u8], mut found: impl FnMut(Dictionary, usize)) {
        let mut slot = hash(word) & (SLOTS - 1);
        while let Some(number) = self.slots[slot].checked_sub(1) {
            let packed = self.words[number as usize];
            let list = (packed >> (START_BITS + LENGTH_BITS)) as usize;
            let start = (packed & ((1 << START_BITS) - 1)) as usize;
            let length = ((packed >> START_BITS) & ((1 << LENGTH_BITS) - 1)) as usize;
            if let (Some(dictionary), Some(unpacked)) = (LISTS.get(list), self.lists.get(list))
                && unpacked.text.get(start..start + length) == Some(word)
            {
                let rank = unpacked.ranks.get((number - self.firsts[list]) as usize);
                found(*dictionary, usize::from(rank.copied().unwrap_or(u16::MAX)));
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
    }
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(Index::build)
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
            let word: String = input.chars().map(lower).collect();
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
        self.index.lookup(word.as_bytes(), &mut found);
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

    /// The lists as zxcvbn 4.4.2 has them, exact ranks and all (see data/README.md).
    const TEXTS: [(Dictionary, &str); 6] = [
        (Dictionary::Passwords, include_str!("data/passwords.txt")),
        (Dictionary::EnglishWikipedia, include_str!("data/english_wikipedia.txt")),
        (Dictionary::FemaleNames, include_str!("data/female_names.txt")),
        (Dictionary::Surnames, include_str!("data/surnames.txt")),
        (Dictionary::UsTvAndFilm, include_str!("data/us_tv_and_film.txt")),
        (Dictionary::MaleNames, include_str!("data/male_names.txt")),
    ];

    /// Every word of every list is found, in its list, with its rank off by at most 3.7 %
    /// (its bucket's representative) and exact below 30.
    #[test]
    fn every_word_is_found_with_its_rank_by_bucket() {
        let dictionaries = Dictionaries::new(&[]);
        for (dictionary, text) in TEXTS {
            for (line, word) in text.lines().enumerate() {
                let exact = line + 1;
                let found = ranks(&dictionaries, word);
                let rank = found.iter().find(|(d, _)| *d == dictionary).map(|&(_, r)| r);
                let Some(rank) = rank else { panic!("{dictionary:?} lacks {word}") };
                let error = rank.abs_diff(exact) as f64 / exact as f64;
                assert!(error <= 0.037 && (exact >= 30 || rank == exact), "{word}: {rank} for {exact}");
            }
        }
        assert!(dictionaries.longest() >= 20);
    }

    #[test]
    fn lists_fit_the_index() {
        let words: usize = TEXTS.iter().map(|(_, text)| text.lines().count()).sum();
        assert!(words * 2 <= SLOTS, "{words} words");
        for (dictionary, text) in TEXTS {
            assert!(text.len() < 1 << START_BITS, "{dictionary:?}");
            let mut seen = std::collections::HashSet::new();
            for word in text.lines() {
                assert!(!word.is_empty() && word.len() < 1 << LENGTH_BITS, "{dictionary:?}: {word:?}");
                // A repeated word would have two ranks.
                assert!(seen.insert(word), "{dictionary:?}: {word:?} twice");
            }
        }
    }
}
