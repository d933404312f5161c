//! What a password is made of: every pattern zxcvbn knows, found anywhere in it.

use super::dictionaries::{Dictionaries, Dictionary};
use super::keyboards::Layout;
use super::{dates, dictionary, repeat, sequence, spatial};

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

/// Lower case, one character for one so that positions stay put (the rare character whose
/// lower case is longer keeps its first one).
pub fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Every match of every kind, ordered by where they start and end; among matches over the
/// same characters, zxcvbn's order of matchers, which settles ties between equal estimates.
pub fn omnimatch(password: &[char], dictionaries: &Dictionaries, reference_year: i32) -> Vec<Match> {
    let mut matches = dictionary::matches(password, dictionaries);
    matches.extend(dictionary::reversed_matches(password, dictionaries));
    matches.extend(dictionary::l33t_matches(password, dictionaries));
    matches.extend(spatial::matches(password));
    matches.extend(repeat::matches(password, dictionaries, reference_year));
    matches.extend(sequence::matches(password));
    matches.extend(dates::recent_years(password));
    matches.extend(dates::matches(password, reference_year));
    sort(&mut matches);
    matches
}

/// Stable, so equal spans keep the order they were found in.
pub fn sort(matches: &mut [Match]) {
    matches.sort_by_key(|m| (m.i, m.j));
}
