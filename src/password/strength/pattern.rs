//! The matches every matcher produces and the search, the estimate and the feedback read:
//! the one type the matchers share, so that none of them depends on another.

use super::dictionaries::Dictionary;
use super::keyboards::Layout;

/// One pattern found over the characters `i..=j` of a password.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub i: usize,
    pub j: usize,
    pub token: String,
    pub pattern: Pattern,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A listed word, maybe reversed or with look-alike substitutions (`sub`: from, to).
    Dictionary { dictionary: Dictionary, rank: usize, reversed: bool, sub: Vec<(char, char)>, l33t: bool },
    /// A walk over neighbouring keys.
    Spatial { layout: Layout, turns: usize, shifted: usize },
    /// A unit written several times over, and how hard the unit alone is to guess.
    Repeat { base_token: String, base_guesses: f64, count: usize },
    /// Evenly spaced characters such as `abc`, `9753`.
    Sequence { ascending: bool },
    /// A year close to today.
    RecentYear { year: i32 },
    /// A date, with or without separators.
    Date { year: i32, separated: bool },
    /// Anything else: ten guesses a character.
    Bruteforce,
}

impl Match {
    pub fn new(password: &[char], i: usize, j: usize, pattern: Pattern) -> Self {
        Self { i, j, token: password[i..=j].iter().collect(), pattern }
    }

    pub fn chars(&self) -> usize {
        self.j + 1 - self.i
    }
}

/// Stable, so equal spans keep the order they were found in.
pub fn sort(matches: &mut Vec<Match>) {
    let order = stable_order(matches.len(), |n| (matches[n].i as u64) << 21 | matches[n].j as u64);
    let mut slots: Vec<Option<Match>> = matches.drain(..).map(Some).collect();
    matches.extend(order.into_iter().filter_map(|n| slots[n].take()));
}

/// The indexes `0..count` in the stable order of `key` (a key of at most 42 bits): the one
/// sort the estimator compiles, an unstable one on integers made stable by the index in the
/// low bits, where every generic stable sort would be a copy of its own in the wasm.
pub fn stable_order(count: usize, key: impl Fn(usize) -> u64) -> Vec<usize> {
    let mut keys: Vec<u64> = (0..count).map(|n| key(n) << 21 | n as u64).collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| (k & 0x1f_ffff) as usize).collect()
}
