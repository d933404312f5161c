//! How many guesses an attacker who knows the pattern needs for one match (zxcvbn's model).

use super::super::unicode::lower;
use super::keyboards::{Layout, graph};
use super::pattern::{Match, Pattern};

/// Ten guesses a character for what no pattern explains.
const BRUTEFORCE_CARDINALITY: f64 = 10.0;
/// See [`floor`].
const MIN_SUBMATCH_GUESSES_SINGLE_CHAR: f64 = 10.0;
const MIN_SUBMATCH_GUESSES_MULTI_CHAR: f64 = 50.0;
/// Years this close to the reference year are all about equally likely.
const MIN_YEAR_SPACE: i32 = 20;

/// Guesses for `m`, one match of a password of `password_chars` characters.
pub fn guesses(m: &Match, password_chars: usize, reference_year: i32) -> f64 {
    let chars = m.chars();
    let year_space = |year: i32| f64::from((year - reference_year).abs().max(MIN_YEAR_SPACE));
    let estimate = match &m.pattern {
        Pattern::Bruteforce => bruteforce(chars),
        Pattern::Dictionary { rank, reversed, sub, l33t, .. } => {
            let reversed = if *reversed { 2.0 } else { 1.0 };
            let l33t = if *l33t { l33t_variations(&m.token, sub) } else { 1.0 };
            *rank as f64 * uppercase_variations(&m.token) * l33t * reversed
        }
        Pattern::Spatial { layout, turns, shifted } => spatial(*layout, chars, *turns, *shifted),
        Pattern::Repeat { base_guesses, count, .. } => base_guesses * *count as f64,
        Pattern::Sequence { ascending } => {
            let first = m.token.chars().next().unwrap_or_default();
            let base = match first {
                'a' | 'A' | 'z' | 'Z' | '0' | '1' | '9' => 4.0,
                '0'..='9' => 10.0,
                _ => 26.0,
            };
            base * if *ascending { 1.0 } else { 2.0 } * chars as f64
        }
        Pattern::RecentYear { year } => year_space(*year),
        Pattern::Date { year, separated } => year_space(*year) * 365.0 * if *separated { 4.0 } else { 1.0 },
    };
    estimate.max(floor(chars, password_chars))
}

/// The fewest guesses a part of `chars` characters counts for; a part that is not the whole
/// password is never cheaper than this, or short matches would win too easily.
pub fn floor(chars: usize, password_chars: usize) -> f64 {
    match (chars < password_chars, chars == 1) {
        (false, _) => 1.0,
        (true, true) => MIN_SUBMATCH_GUESSES_SINGLE_CHAR,
        (true, false) => MIN_SUBMATCH_GUESSES_MULTI_CHAR,
    }
}

pub fn bruteforce(chars: usize) -> f64 {
    let guesses = BRUTEFORCE_CARDINALITY.powi(i32::try_from(chars).unwrap_or(i32::MAX));
    let guesses = if guesses.is_finite() { guesses } else { f64::MAX };
    let min =
        if chars == 1 { MIN_SUBMATCH_GUESSES_SINGLE_CHAR } else { MIN_SUBMATCH_GUESSES_MULTI_CHAR } + 1.0;
    guesses.max(min)
}

/// n choose k, computed as zxcvbn does (in floating point, one factor at a time).
pub fn n_choose_k(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let mut n = n as f64;
    let mut r = 1.0;
    for d in 1..=k {
        r *= n;
        r /= d as f64;
        n -= 1.0;
    }
    r
}

/// Ways to place up to `min(a, b)` of `a` marked among `a + b` positions.
fn variations(a: usize, b: usize) -> f64 {
    (1..=a.min(b)).map(|i| n_choose_k(a + b, i)).sum()
}

/// Capitalising the first or last letter, or all of them, is what people do: only doubles.
fn uppercase_variations(word: &str) -> f64 {
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let lower_count = word.chars().filter(char::is_ascii_lowercase).count();
    let chars = word.chars().count();
    if upper == 0 || word.chars().all(|c| lower(c) == c) {
        return 1.0;
    }
    let first_only = word.starts_with(|c: char| c.is_ascii_uppercase()) && upper == 1 && chars > 1;
    let last_only = word.ends_with(|c: char| c.is_ascii_uppercase()) && upper == 1 && chars > 1;
    if first_only || last_only || lower_count == 0 {
        return 2.0;
    }
    variations(upper, lower_count)
}

fn l33t_variations(token: &str, sub: &[(char, char)]) -> f64 {
    let lowered: Vec<char> = token.chars().map(lower).collect();
    sub.iter()
        .map(|&(subbed, unsubbed)| {
            let s = lowered.iter().filter(|&&c| c == subbed).count();
            let u = lowered.iter().filter(|&&c| c == unsubbed).count();
            if s == 0 || u == 0 { 2.0 } else { variations(u, s) }
        })
        .product()
}

fn spatial(layout: Layout, chars: usize, turns: usize, shifted: usize) -> f64 {
    // Both keyboards are costed with the qwerty graph, both keypads with the keypad's.
    let graph = graph(if layout.has_shift() { Layout::Qwerty } else { Layout::Keypad });
    let (starts, degree) = (graph.starting_positions(), graph.average_degree());
    let mut guesses = 0.0;
    for i in 2..=chars {
        for j in 1..=turns.min(i - 1) {
            guesses += n_choose_k(i - 1, j - 1) * starts * degree.powi(j as i32);
        }
    }
    if shifted > 0 {
        let unshifted = chars.saturating_sub(shifted);
        guesses *= if unshifted == 0 { 2.0 } else { variations(shifted, unshifted) };
    }
    guesses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalisation() {
        assert_eq!(uppercase_variations("password"), 1.0);
        assert_eq!(uppercase_variations("Password"), 2.0);
        assert_eq!(uppercase_variations("passworD"), 2.0);
        assert_eq!(uppercase_variations("PASSWORD"), 2.0);
        assert_eq!(uppercase_variations("PassWord"), n_choose_k(8, 1) + n_choose_k(8, 2));
        assert_eq!(uppercase_variations("123"), 1.0);
    }

    #[test]
    fn substitutions() {
        assert_eq!(l33t_variations("p4ssw0rd", &[('4', 'a'), ('0', 'o')]), 4.0);
        assert_eq!(l33t_variations("4a", &[('4', 'a')]), 2.0);
        assert_eq!(l33t_variations("44aa", &[('4', 'a')]), n_choose_k(4, 1) + n_choose_k(4, 2));
    }

    #[test]
    fn floors_and_bruteforce() {
        assert_eq!(bruteforce(1), 11.0);
        assert_eq!(bruteforce(2), 100.0);
        assert_eq!(bruteforce(400), f64::MAX);
        assert_eq!(n_choose_k(5, 2), 10.0);
        assert_eq!(n_choose_k(2, 5), 0.0);
    }
}
