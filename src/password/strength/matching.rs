//! What a password is made of: every pattern zxcvbn knows, found anywhere in it.

use super::dictionaries::Dictionaries;
use super::pattern::{Match, sort};
use super::search::most_guessable;
use super::{dates, dictionary, repeat, sequence, spatial};

/// Every match of every kind, ordered by where they start and end; among matches over the
/// same characters, zxcvbn's order of matchers, which settles ties between equal estimates.
pub fn omnimatch(password: &[char], dictionaries: &Dictionaries, reference_year: i32) -> Vec<Match> {
    let mut matches = dictionary::matches(password, dictionaries);
    matches.extend(dictionary::reversed_matches(password, dictionaries));
    matches.extend(dictionary::l33t_matches(password, dictionaries));
    matches.extend(spatial::matches(password));
    // A repeat's unit is estimated like a password of its own, so the search recurses here.
    let unit_guesses = |unit: &[char]| {
        most_guessable(unit, omnimatch(unit, dictionaries, reference_year), reference_year).guesses
    };
    matches.extend(repeat::matches(password, unit_guesses));
    matches.extend(sequence::matches(password));
    matches.extend(dates::recent_years(password));
    matches.extend(dates::matches(password, reference_year));
    sort(&mut matches);
    matches
}
