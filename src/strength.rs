//! How guessable a password is: zxcvbn's estimate, with stable codes and localised text.

use serde::{Deserialize, Serialize};
use zxcvbn::feedback::{Suggestion, Warning};
use zxcvbn::time_estimates::CrackTimeSeconds;

use crate::i18n::{Arg, message};

/// Characters the estimator looks at. zxcvbn's matching grows worse than linearly with
/// length in every port; past this prefix a password is long enough that the estimate no
/// longer changes the verdict, while the rules still see every character.
pub const MAX_ESTIMATED_CHARS: usize = 64;

/// A stable code with its message in the verdict's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Feedback {
    /// Stable code, e.g. `common_password` or `add_another_word`.
    pub code: String,
    /// Localised text.
    pub message: String,
}

/// Seconds to guess the password in one attack scenario, and how to say it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CrackTime {
    /// Seconds.
    pub seconds: f64,
    /// Localised and rounded, e.g. "3 hours" or "centuries".
    pub display: String,
}

/// Crack times for zxcvbn's four attack scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub warning: Option<Feedback>,
    /// How to do better.
    pub suggestions: Vec<Feedback>,
    /// Set when only a prefix was estimated: says how many characters were looked at.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub notice: Option<String>,
}

/// Estimates the first [`MAX_ESTIMATED_CHARS`] characters of `password` (already normalised),
/// treating `user_inputs` (the user's data, the tenant's banned words) as known words.
/// Returns the estimate and how many characters it looked at.
pub fn estimate(password: &str, user_inputs: &[&str], locale: &str) -> (Strength, usize) {
    let prefix_end = password.char_indices().nth(MAX_ESTIMATED_CHARS).map_or(password.len(), |(i, _)| i);
    let prefix = &password[..prefix_end];
    let evaluated = prefix.chars().count();
    let entropy = zxcvbn::zxcvbn(prefix, user_inputs);
    let score = u8::from(entropy.score());
    let times = entropy.crack_times();
    let crack_time = |seconds: CrackTimeSeconds| {
        let seconds = match seconds {
            CrackTimeSeconds::Integer(n) => n as f64,
            CrackTimeSeconds::Float(f) => f,
        };
        CrackTime { seconds, display: display_time(seconds, locale) }
    };
    let feedback = entropy.feedback();
    let strength = Strength {
        score,
        label: message(locale, &format!("score.{score}"), &[]),
        guesses_log10: if entropy.guesses_log10().is_finite() { entropy.guesses_log10() } else { 0.0 },
        crack_times: CrackTimes {
            online_throttling_100_per_hour: crack_time(times.online_throttling_100_per_hour()),
            online_no_throttling_10_per_second: crack_time(times.online_no_throttling_10_per_second()),
            offline_slow_hashing_1e4_per_second: crack_time(times.offline_slow_hashing_1e4_per_second()),
            offline_fast_hashing_1e10_per_second: crack_time(times.offline_fast_hashing_1e10_per_second()),
        },
        warning: feedback.and_then(|f| f.warning()).map(|w| localized("warning", warning_code(w), locale)),
        suggestions: feedback
            .map(|f| {
                f.suggestions().iter().map(|s| localized("suggestion", suggestion_code(*s), locale)).collect()
            })
            .unwrap_or_default(),
        notice: (prefix_end < password.len())
            .then(|| message(locale, "strength.truncated", &[("count", Arg::Number(evaluated as u64))])),
    };
    (strength, evaluated)
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

fn warning_code(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => "straight_rows_of_keys",
        Warning::ShortKeyboardPatternsAreEasyToGuess => "short_keyboard_patterns",
        Warning::RepeatsLikeAaaAreEasyToGuess => "repeats_like_aaa",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "repeats_like_abcabc",
        Warning::ThisIsATop10Password => "top10_password",
        Warning::ThisIsATop100Password => "top100_password",
        Warning::ThisIsACommonPassword => "common_password",
        Warning::ThisIsSimilarToACommonlyUsedPassword => "similar_to_common_password",
        Warning::SequencesLikeAbcAreEasyToGuess => "sequences",
        Warning::RecentYearsAreEasyToGuess => "recent_years",
        Warning::AWordByItselfIsEasyToGuess => "word_by_itself",
        Warning::DatesAreOftenEasyToGuess => "dates",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => "names_by_themselves",
        Warning::CommonNamesAndSurnamesAreEasyToGuess => "common_names",
    }
}

fn suggestion_code(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => "use_a_few_words",
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => "no_need_for_symbols",
        Suggestion::AddAnotherWordOrTwo => "add_another_word",
        Suggestion::CapitalizationDoesntHelpVeryMuch => "capitalization_doesnt_help",
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => "all_uppercase_doesnt_help",
        Suggestion::ReversedWordsArentMuchHarderToGuess => "reversed_words_dont_help",
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => "predictable_substitutions",
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => "longer_keyboard_pattern",
        Suggestion::AvoidRepeatedWordsAndCharacters => "avoid_repeats",
        Suggestion::AvoidSequences => "avoid_sequences",
        Suggestion::AvoidRecentYears => "avoid_recent_years",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => "avoid_years_about_you",
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => "avoid_dates_about_you",
    }
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
