//! The cheapest way to explain a whole password as a sequence of matches and guessed
//! stretches between them (zxcvbn's dynamic programme).
//!
//! For a sequence of `l` parts with guesses g₁…gₗ the attacker needs `l! · Πgᵢ` guesses plus
//! `10000^(l-1)` for trying shorter sequences first: longer sequences must earn their place.

use super::guesses::{bruteforce, floor, guesses};
use super::pattern::{Match, Pattern, stable_order};

const MIN_GUESSES_BEFORE_GROWING_SEQUENCE: f64 = 10_000.0;

/// The best explanation of a password and its guesses.
pub struct Analysis {
    pub guesses: f64,
    /// The parts in order, each with its own guesses.
    pub sequence: Vec<(Match, f64)>,
}

/// A part of a candidate sequence: a found match, or a guessed stretch `i..=j`.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Found(usize),
    Guessed(usize, usize),
}

/// The best sequence of some number of parts ending at one position: its guesses with and
/// without the length terms, and its last part.
#[derive(Clone, Copy)]
struct Best {
    total: f64,
    product: f64,
    part: Part,
}

/// The best sequences covering `0..=k` for one `k`, by number of parts, ascending. Sparse: few
/// lengths survive, and zxcvbn's search is cubic in the password's length, so only those
/// are visited.
type Row = Vec<(usize, Best)>;

fn factorial(n: usize) -> f64 {
    (2..=n).map(|i| i as f64).product()
}

/// Offers `part` as the `l`th part of a sequence whose parts multiply to `product`; kept if
/// no sequence of at most `l` parts ending at the same place is as cheap.
fn offer(row: &mut Row, l: usize, product: f64, part: Part) {
    let total = factorial(l) * product + MIN_GUESSES_BEFORE_GROWING_SEQUENCE.powi(l as i32 - 1);
    if row.iter().take_while(|(shorter, _)| *shorter <= l).any(|(_, best)| best.total <= total) {
        return;
    }
    let best = Best { total, product, part };
    match row.binary_search_by_key(&l, |(length, _)| *length) {
        Ok(at) => row[at].1 = best,
        Err(at) => row.insert(at, (l, best)),
    }
}

/// Guesses for characters `i..=j` that no match explains.
fn guessed(i: usize, j: usize, password_chars: usize) -> f64 {
    let chars = j + 1 - i;
    bruteforce(chars).max(floor(chars, password_chars))
}

pub fn most_guessable(password: &[char], matches: Vec<Match>, reference_year: i32) -> Analysis {
    let n = password.len();
    if n == 0 {
        return Analysis { guesses: 1.0, sequence: Vec::new() };
    }
    let guesses: Vec<f64> = matches.iter().map(|m| guesses(m, n, reference_year)).collect();
    // By end position, then start; stable, so equal spans keep the order they were found in.
    let by_end = stable_order(matches.len(), |n| (matches[n].j as u64) << 21 | matches[n].i as u64);
    let mut rows: Vec<Row> = vec![Vec::new(); n];
    let mut next = by_end.iter().peekable();
    for k in 0..n {
        let (done, rest) = rows.split_at_mut(k);
        let Some(row) = rest.first_mut() else { break };
        while let Some(&&index) = next.peek().filter(|&&&index| matches[index].j == k) {
            next.next();
            match matches[index].i.checked_sub(1) {
                None => offer(row, 1, guesses[index], Part::Found(index)),
                Some(before) => {
                    for &(l, previous) in &done[before] {
                        offer(row, l + 1, guesses[index] * previous.product, Part::Found(index));
                    }
                }
            }
        }
        // A guessed stretch ending here, alone or after a sequence that ends with a match
        // (two guessed stretches in a row are one longer stretch).
        offer(row, 1, guessed(0, k, n), Part::Guessed(0, k));
        for i in 1..=k {
            let stretch = guessed(i, k, n);
            for &(l, previous) in &done[i - 1] {
                if let Part::Found(_) = previous.part {
                    offer(row, l + 1, stretch * previous.product, Part::Guessed(i, k));
                }
            }
        }
    }
    // Unwind from the cheapest sequence covering everything (the shortest on a tie).
    let mut cheapest: Option<(usize, Best)> = None;
    for &(l, best) in &rows[n - 1] {
        if cheapest.is_none_or(|(_, c)| best.total < c.total) {
            cheapest = Some((l, best));
        }
    }
    let total = cheapest.map_or(f64::INFINITY, |(_, best)| best.total);
    let mut parts = Vec::new();
    let mut at = cheapest.map(|(l, _)| (n - 1, l));
    while let Some((end, l)) = at {
        let Some(best) = rows[end].iter().find(|(length, _)| *length == l).map(|(_, best)| *best) else {
            break;
        };
        parts.push(best.part);
        let start = match best.part {
            Part::Found(index) => matches[index].i,
            Part::Guessed(i, _) => i,
        };
        at = start.checked_sub(1).filter(|_| l > 1).map(|end| (end, l - 1));
    }
    parts.reverse();
    let sequence = parts
        .into_iter()
        .map(|part| match part {
            Part::Found(index) => (matches[index].clone(), guesses[index]),
            Part::Guessed(i, j) => (Match::new(password, i, j, Pattern::Bruteforce), guessed(i, j, n)),
        })
        .collect();
    Analysis { guesses: total, sequence }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::strength::dictionaries::Dictionaries;
    use crate::password::strength::matching::omnimatch;

    fn parts(password: &str) -> (f64, Vec<(String, bool)>) {
        let chars: Vec<char> = password.chars().collect();
        let analysis = most_guessable(&chars, omnimatch(&chars, &Dictionaries::new(&[]), 2026), 2026);
        let parts =
            analysis.sequence.into_iter().map(|(m, _)| (m.token, m.pattern == Pattern::Bruteforce)).collect();
        (analysis.guesses, parts)
    }

    #[test]
    fn a_word_alone_costs_its_rank_plus_one() {
        // One part: 1! × rank 2 + 10000⁰.
        assert_eq!(parts("password"), (3.0, vec![("password".to_owned(), false)]));
    }

    #[test]
    fn unexplained_characters_are_guessed_between_matches() {
        let (guesses, found) = parts("password%%x#");
        assert_eq!(found, [("password".to_owned(), false), ("%%x#".to_owned(), true)]);
        // Two parts: 2! × the word (rank 2, raised to the floor of 50 for a part) × 10⁴ + 10000¹.
        assert_eq!(guesses, 2.0 * 50.0 * 10_000.0 + 10_000.0);
    }

    #[test]
    fn the_empty_password_is_one_guess() {
        assert_eq!(parts(""), (1.0, vec![]));
    }
}
