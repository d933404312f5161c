//! The cheapest way to explain a whole password as a sequence of matches and guessed
//! stretches between them (zxcvbn's dynamic programme).
//!
//! For a sequence of `l` parts with guesses g₁…gₗ the attacker needs `l! · Πgᵢ` guesses plus
//! `10000^(l-1)` for trying shorter sequences first: longer sequences must earn their place.

use super::guesses::{bruteforce, guesses};
use super::matching::{Match, Pattern};

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

/// The best sequence of `l` parts ending at one position: its guesses with and without the
/// length terms, and its last part.
#[derive(Clone, Copy)]
struct Best {
    total: f64,
    product: f64,
    part: Part,
}

struct Table<'a> {
    password: &'a [char],
    matches: &'a [Match],
    guesses: Vec<f64>,
    /// `best[k][l]`: the best sequence of `l` parts covering `0..=k`.
    best: Vec<Vec<Option<Best>>>,
}

impl Table<'_> {
    fn span(&self, part: Part) -> (usize, usize) {
        match part {
            Part::Found(index) => (self.matches[index].i, self.matches[index].j),
            Part::Guessed(i, j) => (i, j),
        }
    }

    fn part_guesses(&self, part: Part) -> f64 {
        match part {
            Part::Found(index) => self.guesses[index],
            Part::Guessed(i, j) => {
                // The same floor a match has when it covers only part of the password.
                let chars = j + 1 - i;
                let floor = match (chars < self.password.len(), chars == 1) {
                    (false, _) => 1.0,
                    (true, true) => 10.0,
                    (true, false) => 50.0,
                };
                bruteforce(chars).max(floor)
            }
        }
    }

    /// Offers `part` as the `l`th part of a sequence; kept if no sequence of at most `l`
    /// parts ending at the same place is as cheap.
    fn update(&mut self, part: Part, l: usize) {
        let (i, k) = self.span(part);
        let mut product = self.part_guesses(part);
        if l > 1 {
            product *= self.best[i - 1][l - 1].map_or(f64::INFINITY, |b| b.product);
        }
        let mut total = factorial(l) * product;
        total += MIN_GUESSES_BEFORE_GROWING_SEQUENCE.powi(l as i32 - 1);
        if self.best[k][..=l].iter().flatten().any(|competing| competing.total <= total) {
            return;
        }
        self.best[k][l] = Some(Best { total, product, part });
    }

    /// Lengths of the sequences known to end at `k`, each with whether it ends with a guess.
    fn lengths(&self, k: usize) -> Vec<(usize, bool)> {
        self.best[k]
            .iter()
            .enumerate()
            .filter_map(|(l, b)| b.map(|b| (l, matches!(b.part, Part::Guessed(..)))))
            .collect()
    }
}

fn factorial(n: usize) -> f64 {
    (2..=n).map(|i| i as f64).product()
}

pub fn most_guessable(password: &[char], matches: Vec<Match>, reference_year: i32) -> Analysis {
    let n = password.len();
    if n == 0 {
        return Analysis { guesses: 1.0, sequence: Vec::new() };
    }
    let guesses = matches.iter().map(|m| guesses(m, n, reference_year)).collect();
    // By end position, then start; stable, so equal spans keep the order they were found in.
    let mut by_end: Vec<usize> = (0..matches.len()).collect();
    by_end.sort_by_key(|&index| (matches[index].j, matches[index].i));
    let mut table = Table { password, matches: &matches, guesses, best: vec![vec![None; n + 1]; n] };
    let mut next = by_end.iter().peekable();
    for k in 0..n {
        while let Some(&&index) = next.peek().filter(|&&&index| table.matches[index].j == k) {
            next.next();
            let i = table.matches[index].i;
            if i == 0 {
                table.update(Part::Found(index), 1);
            } else {
                for (l, _) in table.lengths(i - 1) {
                    table.update(Part::Found(index), l + 1);
                }
            }
        }
        // A guessed stretch ending here, alone or after a sequence that ends with a match
        // (two guessed stretches in a row are one longer stretch).
        table.update(Part::Guessed(0, k), 1);
        for i in 1..=k {
            for (l, guessed) in table.lengths(i - 1) {
                if !guessed {
                    table.update(Part::Guessed(i, k), l + 1);
                }
            }
        }
    }
    // Unwind from the cheapest sequence covering everything (the shortest on a tie).
    let mut l = 0;
    let mut total = f64::INFINITY;
    for (candidate, best) in table.best[n - 1].iter().enumerate() {
        if let Some(best) = best.filter(|b| b.total < total) {
            (l, total) = (candidate, best.total);
        }
    }
    let mut parts = Vec::with_capacity(l);
    let mut k = Some(n - 1);
    while let (Some(end), true) = (k, l > 0) {
        let Some(best) = table.best[end][l] else { break };
        parts.push(best.part);
        let (i, _) = table.span(best.part);
        k = i.checked_sub(1);
        l -= 1;
    }
    parts.reverse();
    let sequence = parts
        .into_iter()
        .map(|part| {
            let m = match part {
                Part::Found(index) => table.matches[index].clone(),
                Part::Guessed(i, j) => Match::new(password, i, j, Pattern::Bruteforce),
            };
            (m, table.part_guesses(part))
        })
        .collect();
    Analysis { guesses: total, sequence }
}
