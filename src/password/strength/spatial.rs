//! Keyboard walks such as `qwerty`, `zxcvbn` or `7895123`, on four layouts.

use super::keyboards::{Layout, graph};
use super::pattern::{Match, Pattern, sort};

/// Characters typed with shift on a US keyboard: each one in a walk adds variations.
const SHIFTED: &str = "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?";

fn is_shifted(c: char) -> bool {
    u8::try_from(c).is_ok_and(|byte| SHIFTED.as_bytes().contains(&byte))
}

pub fn matches(password: &[char]) -> Vec<Match> {
    let mut matches = Vec::new();
    for layout in Layout::ALL {
        walks(password, layout, &mut matches);
    }
    sort(&mut matches);
    matches
}

/// Walks of three keys or more, each as long as it goes; a turn is a change of direction.
fn walks(password: &[char], layout: Layout, matches: &mut Vec<Match>) {
    let graph = graph(layout);
    let mut i = 0;
    while i + 1 < password.len() {
        let mut j = i + 1;
        let mut last_direction = None;
        let mut turns = 0;
        let mut shifted = usize::from(layout.has_shift() && is_shifted(password[i]));
        loop {
            let next = password.get(j).and_then(|&key| {
                graph.neighbours(password[j - 1]).enumerate().find_map(|(direction, neighbour)| {
                    Some((direction, neighbour?.iter().position(|&n| u32::from(n) == u32::from(key))?))
                })
            });
            let Some((direction, position)) = next else {
                if j - i > 2 {
                    matches.push(Match::new(password, i, j - 1, Pattern::Spatial { layout, turns, shifted }));
                }
                i = j;
                break;
            };
            if position == 1 {
                shifted += 1;
            }
            if last_direction != Some(direction) {
                turns += 1;
                last_direction = Some(direction);
            }
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spatial(password: &str) -> Vec<(String, Layout, usize, usize)> {
        let chars: Vec<char> = password.chars().collect();
        matches(&chars)
            .into_iter()
            .filter_map(|m| match m.pattern {
                Pattern::Spatial { layout, turns, shifted } => Some((m.token, layout, turns, shifted)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn walks_count_turns_and_shifts() {
        assert_eq!(spatial("qwerty"), [("qwerty".to_owned(), Layout::Qwerty, 1, 0)]);
        assert!(spatial("zxcvbn").contains(&("zxcvbn".to_owned(), Layout::Qwerty, 1, 0)));
        assert!(spatial("1qaZxsw2").contains(&("1qaZxsw2".to_owned(), Layout::Qwerty, 3, 1)));
        assert!(spatial("7895123").iter().any(|(t, l, _, _)| t == "7895123" && *l == Layout::Keypad));
        assert!(spatial("ab").is_empty());
        assert!(spatial("").is_empty());
    }
}
