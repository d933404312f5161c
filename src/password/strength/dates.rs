//! Years and dates: `1987`, `13.05.1987`, `130587`, `2024`.

use super::pattern::{Match, Pattern, sort};

/// The years a date may name.
const MIN_YEAR: i64 = 1000;
const MAX_YEAR: i64 = 2050;

/// Where a run of 4 to 8 digits may be cut into day, month and year (zxcvbn's table).
fn splits(digits: usize) -> &'static [(usize, usize)] {
    match digits {
        4 => &[(1, 2), (2, 3)],
        5 => &[(1, 3), (2, 3)],
        6 => &[(1, 2), (2, 4), (4, 5)],
        7 => &[(1, 3), (2, 3), (4, 5), (4, 6)],
        8 => &[(2, 4), (4, 6)],
        _ => &[],
    }
}

/// Years from 1900 to 2029, found left to right without overlapping.
pub fn recent_years(password: &[char]) -> Vec<Match> {
    let mut matches = Vec::new();
    let mut i = 0;
    while i + 4 <= password.len() {
        let token = &password[i..i + 4];
        let recent = token.iter().all(char::is_ascii_digit)
            && (token[..2] == ['1', '9'] || (token[..2] == ['2', '0'] && token[2] <= '2'));
        if recent {
            matches.push(Match::new(password, i, i + 3, Pattern::RecentYear { year: number(token) as i32 }));
            i += 4;
        } else {
            i += 1;
        }
    }
    matches
}

fn number(digits: &[char]) -> i64 {
    digits.iter().fold(0, |n, &d| n * 10 + i64::from(d.to_digit(10).unwrap_or(0)))
}

/// What separates the parts of a date, as in zxcvbn (`\s` is JavaScript's whitespace).
fn is_separator(c: char) -> bool {
    matches!(c, '/' | '\\' | '_' | '.' | '-') || (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

pub fn matches(password: &[char], reference_year: i32) -> Vec<Match> {
    let mut found: Vec<(usize, usize, i64, bool)> = Vec::new();
    let n = password.len();
    for i in 0..n.saturating_sub(3) {
        for j in (i + 3..=i + 7).take_while(|&j| j < n) {
            let token = &password[i..=j];
            if !token.iter().all(char::is_ascii_digit) {
                continue;
            }
            // Of the readings, the one closest to the reference year (the first on a tie).
            let best = splits(token.len())
                .iter()
                .filter_map(|&(k, l)| dmy([number(&token[..k]), number(&token[k..l]), number(&token[l..])]))
                .min_by_key(|year| (year - i64::from(reference_year)).abs());
            if let Some(year) = best {
                found.push((i, j, year, false));
            }
        }
    }
    for i in 0..n.saturating_sub(5) {
        for j in (i + 5..=i + 9).take_while(|&j| j < n) {
            if let Some(year) = separated(&password[i..=j]).and_then(dmy) {
                found.push((i, j, year, true));
            }
        }
    }
    // A date inside a longer date is not counted again.
    let mut matches: Vec<Match> = found
        .iter()
        .enumerate()
        .filter(|(index, (i, j, _, _))| {
            !found.iter().enumerate().any(|(other, (oi, oj, _, _))| other != *index && oi <= i && oj >= j)
        })
        .map(|(_, &(i, j, year, separated))| {
            Match::new(password, i, j, Pattern::Date { year: year as i32, separated })
        })
        .collect();
    sort(&mut matches);
    matches
}

/// `1-4 digits, separator, 1-2 digits, the same separator, 1-4 digits`, as three numbers.
fn separated(token: &[char]) -> Option<[i64; 3]> {
    let digits = |from: usize| token[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = digits(0);
    let separator = *token.get(first).filter(|c| is_separator(**c))?;
    let second = digits(first + 1);
    let third_start = first + 1 + second + 1;
    let third = token.get(third_start..).map_or(0, |_| digits(third_start));
    let shape = (1..=4).contains(&first)
        && (1..=2).contains(&second)
        && token.get(first + 1 + second) == Some(&separator)
        && (1..=4).contains(&third)
        && third_start + third == token.len();
    shape.then(|| {
        [
            number(&token[..first]),
            number(&token[first + 1..first + 1 + second]),
            number(&token[third_start..]),
        ]
    })
}

/// The year of a day-month-year reading of three numbers in some order, if there is one.
fn dmy(ints: [i64; 3]) -> Option<i64> {
    if ints[1] > 31 || ints[1] <= 0 {
        return None;
    }
    if ints.iter().any(|&n| (99 < n && n < MIN_YEAR) || n > MAX_YEAR) {
        return None;
    }
    let over_31 = ints.iter().filter(|&&n| n > 31).count();
    let over_12 = ints.iter().filter(|&&n| n > 12).count();
    let under_1 = ints.iter().filter(|&&n| n <= 0).count();
    if over_31 >= 2 || over_12 == 3 || under_1 >= 2 {
        return None;
    }
    let readings = [(ints[2], [ints[0], ints[1]]), (ints[0], [ints[1], ints[2]])];
    // A four-digit year settles the reading: the rest must be a day and a month.
    for (year, rest) in readings {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            return day_month(rest).then_some(year);
        }
    }
    readings.into_iter().find(|(_, rest)| day_month(*rest)).map(|(year, _)| four_digit_year(year))
}

fn day_month([a, b]: [i64; 2]) -> bool {
    let is = |day: i64, month: i64| (1..=31).contains(&day) && (1..=12).contains(&month);
    is(a, b) || is(b, a)
}

fn four_digit_year(year: i64) -> i64 {
    match year {
        100.. => year,
        51..=99 => year + 1900,
        _ => year + 2000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(password: &str) -> Vec<(String, i32, bool)> {
        let chars: Vec<char> = password.chars().collect();
        matches(&chars, 2026)
            .into_iter()
            .filter_map(|m| match m.pattern {
                Pattern::Date { year, separated } => Some((m.token, year, separated)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dates_with_and_without_separators() {
        assert_eq!(dates("13.05.1987"), [("13.05.1987".to_owned(), 1987, true)]);
        assert_eq!(dates("x130587"), [("130587".to_owned(), 1987, false)]);
        assert_eq!(dates("1/1/91"), [("1/1/91".to_owned(), 1991, true)]);
        assert_eq!(dates("2/2/20"), [("2/2/20".to_owned(), 2020, true)]);
        // Mixed separators are no date, but the digits still are: 19/8/7 is nearest 2026.
        assert_eq!(dates("13.05-1987"), [("1987".to_owned(), 2007, false)]);
        assert_eq!(dates("99999"), [("9999".to_owned(), 1999, false), ("9999".to_owned(), 1999, false)]);
        assert!(dates("12345678901").iter().all(|(token, _, _)| token.len() <= 8));
        assert!(dates("").is_empty());
    }

    #[test]
    fn the_closest_reading_to_the_reference_year_wins() {
        // 1/1/11 or 11/1/1 → both readings; the year nearest 2026 is 2011.
        assert_eq!(dates("11111"), [("11111".to_owned(), 2011, false)]);
    }

    #[test]
    fn recent_years_do_not_overlap() {
        let chars: Vec<char> = "x19992024202".chars().collect();
        let years: Vec<String> = recent_years(&chars).into_iter().map(|m| m.token).collect();
        assert_eq!(years, ["1999", "2024"]);
    }
}
