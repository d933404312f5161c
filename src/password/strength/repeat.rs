//! Repeats such as `aaaa` or `abcabcabc`: the unit is estimated on its own, then multiplied.

use super::pattern::{Match, Pattern};

/// What `.` does not match in a JavaScript regular expression; zxcvbn's repeats never span them.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Whether `password[start..]` begins with a unit of `unit` characters written at least twice.
fn repeats_at(password: &[char], start: usize, unit: usize) -> bool {
    let end = start + 2 * unit;
    end <= password.len()
        && password[start..start + unit] == password[start + unit..end]
        && !password[start..start + unit].iter().any(|&c| is_line_terminator(c))
}

/// How far the unit at `start` repeats, in characters.
fn run(password: &[char], start: usize, unit: usize) -> usize {
    let pattern = &password[start..start + unit];
    let mut end = start + unit;
    while password.get(end..end + unit) == Some(pattern) {
        end += unit;
    }
    end - start
}

/// The shortest unit that makes up the whole of `token` (which is known to be a repeat).
fn period(token: &[char]) -> usize {
    (1..token.len())
        .find(|&unit| token.len() % unit == 0 && token.chunks(unit).all(|chunk| chunk == &token[..unit]))
        .unwrap_or(token.len())
}

/// zxcvbn's two readings, greedy (longest unit first) and lazy (shortest first), from the
/// leftmost place a repeat starts; the one covering more characters wins, and its unit is
/// reduced to the shortest that still spells it (`aabaab` is `aab` twice, not `aabaab`).
/// `unit_guesses` estimates a unit on its own (the whole search, run on the unit).
pub fn matches(password: &[char], unit_guesses: impl Fn(&[char]) -> f64) -> Vec<Match> {
    let mut matches = Vec::new();
    let mut from = 0;
    while from < password.len() {
        let found = (from..password.len()).find_map(|start| {
            let longest = (password.len() - start) / 2;
            let lazy = (1..=longest).find(|&unit| repeats_at(password, start, unit))?;
            let greedy = (lazy..=longest).rev().find(|&unit| repeats_at(password, start, unit))?;
            Some((start, greedy, lazy))
        });
        let Some((start, greedy, lazy)) = found else { break };
        let (greedy_run, lazy_run) = (run(password, start, greedy), run(password, start, lazy));
        let (length, unit) = if greedy_run > lazy_run {
            (greedy_run, period(&password[start..start + greedy_run]))
        } else {
            (lazy_run, lazy)
        };
        let base = &password[start..start + unit];
        let pattern = Pattern::Repeat {
            base_token: base.iter().collect(),
            base_guesses: unit_guesses(base),
            count: length / unit,
        };
        matches.push(Match::new(password, start, start + length - 1, pattern));
        from = start + length;
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::strength::dictionaries::Dictionaries;
    use crate::password::strength::matching::omnimatch;

    /// Every repeat [`omnimatch`] finds, the unit estimated as the estimator does.
    fn found(chars: &[char]) -> Vec<Match> {
        let mut matches = omnimatch(chars, &Dictionaries::new(&[]), 2026);
        matches.retain(|m| matches!(m.pattern, Pattern::Repeat { .. }));
        matches
    }

    fn repeats(password: &str) -> Vec<(usize, usize, String, usize)> {
        let chars: Vec<char> = password.chars().collect();
        found(&chars)
            .into_iter()
            .filter_map(|m| match m.pattern {
                Pattern::Repeat { base_token, count, .. } => Some((m.i, m.j, base_token, count)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn greedy_and_lazy_readings() {
        assert_eq!(repeats("aaaaa"), [(0, 4, "a".to_owned(), 5)]);
        assert_eq!(repeats("aabaab"), [(0, 5, "aab".to_owned(), 2)]);
        assert_eq!(repeats("xabcabcabcx"), [(1, 9, "abc".to_owned(), 3)]);
        assert_eq!(repeats("aabaabaabaab"), [(0, 11, "aab".to_owned(), 4)]);
        assert_eq!(repeats("11x22"), [(0, 1, "1".to_owned(), 2), (3, 4, "2".to_owned(), 2)]);
        assert!(repeats("abcd").is_empty());
        assert!(repeats("a\na\n").is_empty());
    }

    #[test]
    fn the_unit_is_estimated_on_its_own() {
        let chars: Vec<char> = "passwordpassword".chars().collect();
        let found = found(&chars);
        assert!(
            matches!(&found[..], [Match { pattern: Pattern::Repeat { base_guesses, .. }, .. }] if *base_guesses == 3.0)
        );
    }
}
