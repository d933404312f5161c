//! How guessable a password is: zxcvbn's model and word lists (a port of zxcvbn 4.4.2's
//! matching, scoring and feedback), with stable codes and localised text.

mod coding;
mod dates;
mod dictionaries;
mod dictionary;
mod feedback;
mod guesses;
mod keyboards;
mod lists;
mod matching;
mod pattern;
mod repeat;
mod search;
mod sequence;
mod spatial;

use serde::{Deserialize, Serialize};

use self::dictionaries::Dictionaries;
use self::feedback::advice;
use self::matching::omnimatch;
use self::search::most_guessable;
use super::i18n::{Arg, message};

/// Characters the estimator looks at. zxcvbn's matching grows worse than linearly with
/// length in every port; past this prefix a password is long enough that the estimate no
/// longer changes the verdict, while the rules still see every character.
pub const MAX_ESTIMATED_CHARS: usize = 64;

/// A stable code with its message in the verdict's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Feedback {
    /// Stable code, e.g. `common_password` or `add_another_word`.
    pub code: String,
    /// Localised text.
    pub message: String,
}

/// Seconds to guess the password in one attack scenario, and how to say it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct CrackTime {
    /// Seconds.
    pub seconds: f64,
    /// Localised and rounded, e.g. "3 hours" or "centuries".
    pub display: String,
}

/// Crack times for zxcvbn's four attack scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CrackTimes {
    /// An online attack limited to 100 guesses an hour.
    pub online_throttling_100_per_hour: CrackTime,
    /// An online attack at 10 guesses a second.
    pub online_no_throttling_10_per_second: CrackTime,
    /// An offline attack on a slow hash (argon2, bcrypt) at 10⁴ guesses a second.
    pub offline_slow_hashing_1e4_per_second: CrackTime,
    /// An offline attack on a fast hash at 10¹⁰ guesses a second.
    pub offline_fast_hashing_1e10_per_second: CrackTime,
}

/// The strength estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Strength {
    /// 0 (guessable in under 10³ tries) to 4 (10¹⁰ or more).
    pub score: u8,
    /// Localised name of the score, for a meter ("Weak", "Strong"...).
    pub label: String,
    /// log10 of the estimated number of guesses (0 for an empty password).
    pub guesses_log10: f64,
    /// Time to guess in the four scenarios.
    pub crack_times: CrackTimes,
    /// What is wrong, when zxcvbn can say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub warning: Option<Feedback>,
    /// How to do better.
    pub suggestions: Vec<Feedback>,
    /// Set when only a prefix was estimated: says how many characters were looked at.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub notice: Option<String>,
}

/// The year the estimate treats as now: years and dates near it are easy guesses. A constant
/// rather than a clock, so that the browser and the server always agree and a verdict can be
/// reproduced; it moves forward with the word lists.
pub const REFERENCE_YEAR: i32 = 2026;

/// Estimates the first [`MAX_ESTIMATED_CHARS`] characters of `password` (already normalised),
/// treating `user_inputs` (the user's data, the tenant's banned words) as known words.
/// Returns the estimate and how many characters it looked at.
pub fn estimate(password: &str, user_inputs: &[&str], locale: &str) -> (Strength, usize) {
    let mut chars = password.chars();
    let prefix: Vec<char> = chars.by_ref().take(MAX_ESTIMATED_CHARS).collect();
    // Whether anything is left, without counting a megabyte of it.
    let truncated = chars.next().is_some();
    let evaluated = prefix.len();
    let dictionaries = Dictionaries::new(user_inputs);
    let matches = omnimatch(&prefix, &dictionaries, REFERENCE_YEAR);
    let analysis = most_guessable(&prefix, matches, REFERENCE_YEAR);
    let guesses = analysis.guesses;
    let score = score(guesses);
    let advice = advice(score, &analysis.sequence);
    let crack_time = |per_second: f64| {
        let seconds = guesses / per_second;
        CrackTime { seconds, display: display_time(seconds, locale) }
    };
    let strength = Strength {
        score,
        label: message(locale, &format!("score.{score}"), &[]),
        guesses_log10: guesses.log10(),
        crack_times: CrackTimes {
            online_throttling_100_per_hour: crack_time(100.0 / 3600.0),
            online_no_throttling_10_per_second: crack_time(10.0),
            offline_slow_hashing_1e4_per_second: crack_time(1e4),
            offline_fast_hashing_1e10_per_second: crack_time(1e10),
        },
        warning: advice.warning.map(|code| localized("warning", code, locale)),
        suggestions: advice.suggestions.iter().map(|code| localized("suggestion", code, locale)).collect(),
        notice: truncated
            .then(|| message(locale, "strength.truncated", &[("count", Arg::Number(evaluated as u64))])),
    };
    (strength, evaluated)
}

/// zxcvbn's scale: under 10³ guesses is 0, then 10⁶, 10⁸ and 10¹⁰ (with a little slack so a
/// round number of guesses lands in the lower score).
fn score(guesses: f64) -> u8 {
    const DELTA: f64 = 5.0;
    [1e3, 1e6, 1e8, 1e10].iter().take_while(|&&limit| guesses >= limit + DELTA).count() as u8
}

fn localized(kind: &str, code: &str, locale: &str) -> Feedback {
    Feedback { code: code.to_owned(), message: message(locale, &format!("{kind}.{code}"), &[]) }
}

/// Rounds like the original zxcvbn's `display_time` (a month is 31 days, a year 12 months).
pub fn display_time(seconds: f64, locale: &str) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 60.0 * MINUTE;
    const DAY: f64 = 24.0 * HOUR;
    const MONTH: f64 = 31.0 * DAY;
    const YEAR: f64 = 12.0 * MONTH;
    const CENTURY: f64 = 100.0 * YEAR;
    let (key, unit) = match seconds {
        s if s < 1.0 => return message(locale, "time.less_than_a_second", &[]),
        s if s < MINUTE => ("time.seconds", 1.0),
        s if s < HOUR => ("time.minutes", MINUTE),
        s if s < DAY => ("time.hours", HOUR),
        s if s < MONTH => ("time.days", DAY),
        s if s < YEAR => ("time.months", MONTH),
        s if s < CENTURY => ("time.years", YEAR),
        _ => return message(locale, "time.centuries", &[]),
    };
    // Below a century in the largest unit, so the count is small and exact.
    let n = (seconds / unit).round() as u64;
    message(locale, key, &[("n", Arg::Number(n))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_weak_and_say_why() {
        let (strength, evaluated) = estimate("password", &[], "en");
        assert_eq!((strength.score, evaluated), (0, 8));
        assert_eq!(strength.warning.map(|w| w.code), Some("top10_password".to_owned()));
        assert!(strength.notice.is_none());
    }

    #[test]
    fn guesses_equal_zxcvbn_4_4_2_within_the_ranks_by_bucket() {
        // Printed by the zxcvbn 4.4.2 npm package for the same passwords, with how many words
        // of rank 30 or more their estimate multiplies: each may be off by 3.7 % (its
        // bucket's representative rank), the rest must be exact.
        for (password, guesses, warning, bucketed) in [
            ("Tr0ub4dour&3", 19_058_000.0, None, 1),
            ("correcthorsebatterystaple", 273_500_327_700_640.0, None, 4),
            ("1qaz2wsx", 29.0, Some("top100_password"), 0),
            ("13.05.1987", 56_941.0, Some("dates"), 0),
            ("passwordpassword", 7.0, Some("repeats_like_abcabc"), 0),
        ] {
            let (strength, _) = estimate(password, &[], "en");
            let tolerance = f64::from(bucketed) * 1.037f64.log10() + 1e-9;
            let difference = (strength.guesses_log10 - f64::log10(guesses)).abs();
            assert!(difference <= tolerance, "{password}: {}", strength.guesses_log10);
            assert_eq!(strength.warning.map(|w| w.code).as_deref(), warning, "{password}");
        }
    }

    #[test]
    fn user_inputs_count_as_known_words() {
        let (alone, _) = estimate("quokkaxylophone", &[], "en");
        let (known, _) = estimate("quokkaxylophone", &["quokkaxylophone"], "en");
        assert!(known.guesses_log10 < alone.guesses_log10);
    }

    #[test]
    fn only_a_prefix_is_estimated_and_the_verdict_says_so() {
        let long = "correct horse battery staple ".repeat(100);
        let (strength, evaluated) = estimate(&long, &[], "ru");
        assert_eq!(evaluated, MAX_ESTIMATED_CHARS);
        assert_eq!(strength.notice.as_deref(), Some("Надёжность оценена по первым 64 символам."));
    }

    #[test]
    fn empty_password_has_a_finite_estimate() {
        let (strength, evaluated) = estimate("", &[], "en");
        assert_eq!((strength.score, strength.guesses_log10, evaluated), (0, 0.0, 0));
    }

    #[test]
    fn crack_times_are_rounded_and_pluralised() {
        assert_eq!(display_time(0.5, "en"), "less than a second");
        assert_eq!(display_time(1.0, "en"), "1 second");
        assert_eq!(display_time(90.0, "en"), "2 minutes");
        assert_eq!(display_time(3.0 * 3600.0, "ru"), "3 часа");
        assert_eq!(display_time(5.0 * 86400.0, "ru"), "5 дней");
        assert_eq!(display_time(21.0 * 86400.0, "ru"), "21 день");
        assert_eq!(display_time(1e12, "ca"), "segles");
    }
}
