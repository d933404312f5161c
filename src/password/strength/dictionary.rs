//! Listed words: as typed, reversed, and with look-alike substitutions (`p@ssw0rd`).

use super::super::unicode::lower;
use super::dictionaries::{Dictionaries, Dictionary};
use super::pattern::{Match, Pattern, sort};

/// Characters that stand in for letters, per letter, in zxcvbn's order.
const L33T_TABLE: [(char, &[char]); 12] = [
    ('a', &['4', '@']),
    ('b', &['8']),
    ('c', &['(', '{', '[', '<']),
    ('e', &['3']),
    ('g', &['6', '9']),
    ('i', &['1', '!', '|']),
    ('l', &['1', '|', '7']),
    ('o', &['0']),
    ('s', &['$', '5']),
    ('t', &['+', '7']),
    ('x', &['%']),
    ('z', &['2']),
];

/// A listed word found at `i..=j` of some rewriting of the password.
struct Found {
    i: usize,
    j: usize,
    word: String,
    dictionary: Dictionary,
    rank: usize,
}

impl Found {
    fn pattern(&self, reversed: bool, sub: Vec<(char, char)>) -> Pattern {
        let l33t = !sub.is_empty();
        Pattern::Dictionary { dictionary: self.dictionary, rank: self.rank, reversed, sub, l33t }
    }
}

fn found(text: &[char], dictionaries: &Dictionaries) -> Vec<Found> {
    let lowered: Vec<char> = text.iter().map(|&c| lower(c)).collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for i in 0..lowered.len() {
        word.clear();
        for (j, &c) in lowered.iter().enumerate().skip(i).take(dictionaries.longest()) {
            word.push(c);
            dictionaries.lookup(&word, |dictionary, rank| {
                out.push(Found { i, j, word: word.clone(), dictionary, rank });
            });
        }
    }
    out
}

pub fn matches(password: &[char], dictionaries: &Dictionaries) -> Vec<Match> {
    found(password, dictionaries)
        .into_iter()
        .map(|f| Match::new(password, f.i, f.j, f.pattern(false, Vec::new())))
        .collect()
}

pub fn reversed_matches(password: &[char], dictionaries: &Dictionaries) -> Vec<Match> {
    let reversed: Vec<char> = password.iter().rev().copied().collect();
    let last = password.len().saturating_sub(1);
    let mut matches: Vec<Match> = found(&reversed, dictionaries)
        .into_iter()
        .map(|f| Match::new(password, last - f.j, last - f.i, f.pattern(true, Vec::new())))
        .collect();
    sort(&mut matches);
    matches
}

pub fn l33t_matches(password: &[char], dictionaries: &Dictionaries) -> Vec<Match> {
    let mut matches = Vec::new();
    for sub in substitutions(password) {
        let subbed: Vec<char> = password
            .iter()
            .map(|c| sub.iter().find(|(from, _)| from == c).map_or(*c, |(_, to)| *to))
            .collect();
        for f in found(&subbed, dictionaries) {
            let token = &password[f.i..=f.j];
            // Only a real substitution makes it a l33t match, and one character is no word.
            if token.len() < 2 || token.iter().map(|&c| lower(c)).eq(f.word.chars()) {
                continue;
            }
            let used: Vec<(char, char)> =
                sub.iter().copied().filter(|(from, _)| token.contains(from)).collect();
            matches.push(Match::new(password, f.i, f.j, f.pattern(false, used)));
        }
    }
    sort(&mut matches);
    matches
}

/// The ways to read the password's look-alike characters back as letters, as zxcvbn 4.4.2
/// enumerates them: each letter takes one of its look-alikes present in the password, and a
/// look-alike shared by two letters (`1` for `i` or `l`) yields both readings.
fn substitutions(password: &[char]) -> Vec<Vec<(char, char)>> {
    let mut subs: Vec<Vec<(char, char)>> = vec![Vec::new()];
    let mut any = false;
    for (letter, lookalikes) in L33T_TABLE {
        let present: Vec<char> = lookalikes.iter().copied().filter(|c| password.contains(c)).collect();
        if present.is_empty() {
            continue;
        }
        any = true;
        let mut next = Vec::new();
        for &lookalike in &present {
            for sub in &subs {
                match sub.iter().position(|(from, _)| *from == lookalike) {
                    None => {
                        let mut extended = sub.clone();
                        extended.push((lookalike, letter));
                        next.push(extended);
                    }
                    Some(taken) => {
                        let mut alternative = sub.clone();
                        alternative.remove(taken);
                        alternative.push((lookalike, letter));
                        next.push(sub.clone());
                        next.push(alternative);
                    }
                }
            }
        }
        let mut unique: Vec<Vec<(char, char)>> = Vec::with_capacity(next.len());
        for sub in next {
            if !unique.contains(&sub) {
                unique.push(sub);
            }
        }
        subs = unique;
    }
    if any { subs } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::strength::dictionaries::Dictionary;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_words_anywhere_in_any_case() {
        let dictionaries = Dictionaries::new(&["Quokka"]);
        let found = matches(&chars("xPassWordQUOKKA"), &dictionaries);
        let password = found.iter().find(|m| m.token == "PassWord").map(|m| (m.i, m.j, m.pattern.clone()));
        assert_eq!(
            password,
            Some((
                1,
                8,
                Pattern::Dictionary {
                    dictionary: Dictionary::Passwords,
                    rank: 2,
                    reversed: false,
                    sub: vec![],
                    l33t: false
                }
            ))
        );
        assert!(found.iter().any(|m| m.token == "QUOKKA" && m.i == 9));
    }

    #[test]
    fn reversed_words_map_back_to_their_place() {
        let found = reversed_matches(&chars("1drowssap"), &Dictionaries::new(&[]));
        assert!(found.iter().any(|m| m.token == "drowssap" && (m.i, m.j) == (1, 8)));
    }

    #[test]
    fn l33t_words_record_the_substitutions_used() {
        let found = l33t_matches(&chars("p4ssw0rd"), &Dictionaries::new(&[]));
        let word = found.iter().find(|m| m.token == "p4ssw0rd").map(|m| m.pattern.clone());
        assert!(
            matches!(word, Some(Pattern::Dictionary { rank: 2, l33t: true, ref sub, .. }) if sub == &[('4', 'a'), ('0', 'o')])
        );
        assert!(l33t_matches(&chars("password"), &Dictionaries::new(&[])).is_empty());
    }

    #[test]
    fn shared_lookalikes_give_every_reading() {
        assert_eq!(substitutions(&chars("1")), [vec![('1', 'i')], vec![('1', 'l')]]);
        assert_eq!(substitutions(&chars("4@")), [vec![('4', 'a')], vec![('@', 'a')]]);
        assert!(substitutions(&chars("abc")).is_empty());
    }
}
