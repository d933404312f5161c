//! Runs of evenly spaced characters: `abcdef`, `98765`, `aceg`.

use super::pattern::{Match, Pattern};

/// Steps larger than this are not a sequence anyone types.
const MAX_STEP: i64 = 5;

pub fn matches(password: &[char]) -> Vec<Match> {
    let mut matches = Vec::new();
    if password.len() < 2 {
        return matches;
    }
    let mut push = |i: usize, j: usize, step: i64| {
        // Two characters make a sequence only one step apart (`ab`, not `ac`).
        if (j - i > 1 || step.abs() == 1) && (1..=MAX_STEP).contains(&step.abs()) {
            matches.push(Match::new(password, i, j, Pattern::Sequence { ascending: step > 0 }));
        }
    };
    let step_at = |k: usize| i64::from(u32::from(password[k])) - i64::from(u32::from(password[k - 1]));
    let mut start = 0;
    let mut step = step_at(1);
    for k in 2..password.len() {
        let next = step_at(k);
        if next != step {
            push(start, k - 1, step);
            start = k - 1;
            step = next;
        }
    }
    push(start, password.len() - 1, step);
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequences(password: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = password.chars().collect();
        matches(&chars)
            .into_iter()
            .filter_map(|m| match m.pattern {
                Pattern::Sequence { ascending } => Some((m.token, ascending)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn runs_with_one_step() {
        assert_eq!(sequences("abcdef"), [("abcdef".to_owned(), true)]);
        assert_eq!(sequences("97531"), [("97531".to_owned(), false)]);
        assert_eq!(sequences("xab"), [("ab".to_owned(), true)]);
        assert_eq!(sequences("ace"), [("ace".to_owned(), true)]);
        assert!(sequences("ac").is_empty());
        assert!(sequences("aaaa").is_empty());
        assert!(sequences("a").is_empty());
        assert!(sequences("").is_empty());
    }
}
