//! Checking passwords against a policy: the one verdict the browser shows and the server enforces.

use std::borrow::Cow;

use super::banned::BannedWords;
use super::i18n::{Arg, message, resolve_locale};
use super::normalize::{fold_case, normalized};
use super::personal::UserContext;
use super::policy::Policy;
use super::strength::estimate;
use super::verdict::{ChecklistItem, Param, Params, Requirement, Verdict, Violation};
use crate::error::Result;

/// A policy parsed once, for checking on every keystroke.
#[derive(Clone, Debug)]
pub struct PasswordChecker {
    policy: Policy,
    locale: &'static str,
    banned: BannedWords,
}

/// One rule of a policy, with what it needs.
#[derive(Clone, Copy)]
enum Rule {
    MinLength(u32),
    MaxLength(u32),
    Lowercase(u32),
    Uppercase(u32),
    Digit(u32),
    Symbol(u32),
    MinScore(u8),
    PersonalData,
    BannedWords,
    MaxRepeats(u32),
    MaxAgeDays(u32),
    HistoryCount(u32),
}

impl Rule {
    /// The rule's code in checklists and requirements.
    fn code(self) -> &'static str {
        match self {
            Self::MinLength(_) => "min_length",
            Self::MaxLength(_) => "max_length",
            Self::Lowercase(_) => "lowercase",
            Self::Uppercase(_) => "uppercase",
            Self::Digit(_) => "digit",
            Self::Symbol(_) => "symbol",
            Self::MinScore(_) => "min_score",
            Self::PersonalData => "personal_data",
            Self::BannedWords => "banned_words",
            Self::MaxRepeats(_) => "max_repeats",
            Self::MaxAgeDays(_) => "max_age_days",
            Self::HistoryCount(_) => "history_count",
        }
    }

    /// The rule's numbers, named as its messages use them.
    fn args(self) -> Vec<(&'static str, u64)> {
        match self {
            Self::MinLength(n)
            | Self::Lowercase(n)
            | Self::Uppercase(n)
            | Self::Digit(n)
            | Self::Symbol(n) => {
                vec![("min", u64::from(n))]
            }
            Self::MinScore(n) => vec![("min", u64::from(n))],
            Self::MaxLength(n) | Self::MaxRepeats(n) => vec![("max", u64::from(n))],
            Self::MaxAgeDays(n) => vec![("days", u64::from(n))],
            Self::HistoryCount(n) => vec![("count", u64::from(n))],
            Self::PersonalData | Self::BannedWords => vec![],
        }
    }

    fn server_side(self) -> bool {
        matches!(self, Self::MaxAgeDays(_) | Self::HistoryCount(_))
    }
}

/// What the checker measured of one password.
#[cfg_attr(test, derive(Debug, PartialEq, Eq))]
struct Measures {
    length: u64,
    lowercase: u64,
    uppercase: u64,
    digit: u64,
    symbol: u64,
    longest_run: u64,
}

impl Measures {
    fn of(password: &str) -> Self {
        Self::of_ascii(password.as_bytes()).unwrap_or_else(|| Self::of_chars(password))
    }

    fn of_chars(password: &str) -> Self {
        let mut m = Self { length: 0, lowercase: 0, uppercase: 0, digit: 0, symbol: 0, longest_run: 0 };
        let (mut previous, mut run) = (None, 0);
        for c in password.chars() {
            m.length += 1;
            if c.is_lowercase() {
                m.lowercase += 1;
            } else if c.is_uppercase() {
                m.uppercase += 1;
            } else if c.is_numeric() {
                m.digit += 1;
            } else if !c.is_alphanumeric() {
                m.symbol += 1;
            }
            run = if previous == Some(c) { run + 1 } else { 1 };
            m.longest_run = m.longest_run.max(run);
            previous = Some(c);
        }
        m
    }

    /// [`Measures::of_chars`] for ASCII, `None` for anything else. Long passwords are nearly
    /// always ASCII, and their bytes are measured eight at a time: decoding a character at a
    /// time took most of what was left of a megabyte's check in WebAssembly.
    fn of_ascii(password: &[u8]) -> Option<Self> {
        let mut m = Self { length: 0, lowercase: 0, uppercase: 0, digit: 0, symbol: 0, longest_run: 0 };
        let mut run = Run { previous: password.first().copied().unwrap_or_default(), length: 0, longest: 0 };
        let words = password.chunks_exact(8);
        let rest = words.remainder();
        for bytes in words {
            let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
            if word & HIGH_BITS != 0 {
                return None;
            }
            m.lowercase += count_between(word, b'a', b'z');
            m.uppercase += count_between(word, b'A', b'Z');
            m.digit += count_between(word, b'0', b'9');
            // Each byte against the one before it: a zero byte in `diff` is a repeat.
            let diff = word ^ ((word << 8) | u64::from(run.previous));
            if diff.wrapping_sub(LOW_BITS) & !diff & HIGH_BITS == 0 {
                run.length = 1;
                run.longest = run.longest.max(1);
                run.previous = bytes[7];
            } else {
                bytes.iter().for_each(|&byte| run.push(byte));
            }
        }
        for &byte in rest {
            if !byte.is_ascii() {
                return None;
            }
            m.lowercase += u64::from(byte.is_ascii_lowercase());
            m.uppercase += u64::from(byte.is_ascii_uppercase());
            m.digit += u64::from(byte.is_ascii_digit());
            run.push(byte);
        }
        m.length = password.len() as u64;
        m.symbol = m.length - m.lowercase - m.uppercase - m.digit;
        m.longest_run = run.longest;
        Some(m)
    }
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = LOW_BITS * 0x80;

/// How many of the eight ASCII bytes in `word` are between `low` and `high`. Adding
/// `0x80 - low` to a byte below 0x80 sets its top bit exactly when it is at least `low`, and
/// never carries into the next byte.
fn count_between(word: u64, low: u8, high: u8) -> u64 {
    let at_least_low = word + LOW_BITS * u64::from(0x80 - low);
    let above_high = word + LOW_BITS * u64::from(0x7f - high);
    u64::from((at_least_low & !above_high & HIGH_BITS).count_ones())
}

/// The run of one repeated byte being counted.
struct Run {
    previous: u8,
    length: u64,
    longest: u64,
}

impl Run {
    fn push(&mut self, byte: u8) {
        self.length = if byte == self.previous { self.length + 1 } else { 1 };
        self.longest = self.longest.max(self.length);
        self.previous = byte;
    }
}

impl PasswordChecker {
    /// Validates `policy` and prepares it; `locale` is a BCP 47 tag (unknown ones mean English).
    ///
    /// # Errors
    ///
    /// [`crate::Error::PolicyInvalid`] (see [`Policy::validate`]).
    pub fn new(policy: Policy, locale: &str) -> Result<Self> {
        policy.validate()?;
        let banned = BannedWords::new(&policy.banned_words);
        Ok(Self { policy, locale: resolve_locale(locale), banned })
    }

    /// The policy being checked against.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The catalogue language in use.
    pub fn locale(&self) -> &'static str {
        self.locale
    }

    fn rules(&self) -> Vec<Rule> {
        let p = &self.policy;
        let classes = p.classes.clone().unwrap_or_default();
        let mut rules = Vec::new();
        rules.extend(p.min_length.map(Rule::MinLength));
        rules.extend(p.max_length.map(Rule::MaxLength));
        for (count, rule) in [
            (classes.lowercase, Rule::Lowercase as fn(u32) -> Rule),
            (classes.uppercase, Rule::Uppercase),
            (classes.digit, Rule::Digit),
            (classes.symbol, Rule::Symbol),
        ] {
            if count > 0 {
                rules.push(rule(count));
            }
        }
        rules.extend(p.min_score.map(Rule::MinScore));
        if p.reject_personal_data {
            rules.push(Rule::PersonalData);
        }
        if !p.banned_words.is_empty() {
            rules.push(Rule::BannedWords);
        }
        rules.extend(p.max_repeated_chars.map(Rule::MaxRepeats));
        rules.extend(p.max_age_days.map(Rule::MaxAgeDays));
        rules.extend(p.history_count.map(Rule::HistoryCount));
        rules
    }

    fn label(&self, rule: Rule) -> String {
        let args: Vec<(&str, Arg<'_>)> = rule.args().into_iter().map(|(k, v)| (k, Arg::Number(v))).collect();
        message(self.locale, &format!("rule.{}", rule.code()), &args)
    }

    /// The policy as a checklist to show before the user types.
    pub fn requirements(&self) -> Vec<Requirement> {
        self.rules()
            .into_iter()
            .map(|rule| Requirement {
                code: rule.code().to_owned(),
                params: rule.args().into_iter().map(|(k, v)| (k.to_owned(), Param::Number(v))).collect(),
                label: self.label(rule),
                server_side: rule.server_side(),
            })
            .collect()
    }

    /// The verdict on `password` for the user described by `context`.
    ///
    /// The password is NFKC-normalised first; every rule sees all of it, and only the strength
    /// estimate is bounded (see [`crate::MAX_ESTIMATED_CHARS`]). Never fails and never panics,
    /// whatever the input.
    pub fn check(&self, password: &str, context: &UserContext) -> Verdict {
        // ASCII is already NFKC, so measuring it first also says it needs no normalising.
        let ascii = Measures::of_ascii(password.as_bytes());
        let password = if ascii.is_some() { Cow::Borrowed(password) } else { normalized(password) };
        let measures = ascii.unwrap_or_else(|| Measures::of(&password));
        let terms = context.terms();
        // Lower-casing a long password costs as much as the rest of the rules, and only the
        // personal data and banned word rules read it.
        let compares = (self.policy.reject_personal_data && !terms.is_empty()) || !self.banned.is_empty();
        let lowercase = if compares { fold_case(&password) } else { String::new() };
        let personal = self
            .policy
            .reject_personal_data
            .then(|| terms.iter().find(|t| lowercase.contains(&t.term)))
            .flatten();
        let banned = self.banned.find(&lowercase);

        let mut user_inputs: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        user_inputs.extend(self.policy.banned_words.iter().map(String::as_str));
        let (strength, evaluated) = estimate(&password, &user_inputs, self.locale);

        let mut violations = Vec::new();
        let mut checklist = Vec::new();
        for rule in self.rules().into_iter().filter(|r| !r.server_side()) {
            let broken: Option<(&str, Params)> = match rule {
                Rule::MinLength(min) => (measures.length < u64::from(min))
                    .then(|| ("too_short", counts(&[("min", u64::from(min)), ("actual", measures.length)]))),
                Rule::MaxLength(max) => (measures.length > u64::from(max))
                    .then(|| ("too_long", counts(&[("max", u64::from(max)), ("actual", measures.length)]))),
                Rule::Lowercase(min) => class("missing_lowercase", min, measures.lowercase),
                Rule::Uppercase(min) => class("missing_uppercase", min, measures.uppercase),
                Rule::Digit(min) => class("missing_digit", min, measures.digit),
                Rule::Symbol(min) => class("missing_symbol", min, measures.symbol),
                Rule::MinScore(min) => (strength.score < min).then(|| {
                    ("too_weak", counts(&[("min", u64::from(min)), ("actual", u64::from(strength.score))]))
                }),
                Rule::PersonalData => {
                    personal.map(|t| ("contains_personal_data", text(&[("field", t.field)])))
                }
                Rule::BannedWords => banned.map(|word| ("contains_banned_word", text(&[("word", word)]))),
                Rule::MaxRepeats(max) => (measures.longest_run > u64::from(max)).then(|| {
                    ("too_many_repeats", counts(&[("max", u64::from(max)), ("actual", measures.longest_run)]))
                }),
                Rule::MaxAgeDays(_) | Rule::HistoryCount(_) => None,
            };
            checklist.push(ChecklistItem {
                code: rule.code().to_owned(),
                met: broken.is_none(),
                label: self.label(rule),
            });
            if let Some((code, params)) = broken {
                let args: Vec<(&str, Arg<'_>)> = params
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str(),
                            match v {
                                Param::Number(n) => Arg::Number(*n),
                                Param::Text(t) => Arg::Text(t),
                            },
                        )
                    })
                    .collect();
                let message = message(self.locale, &format!("violation.{code}"), &args);
                violations.push(Violation { code: code.to_owned(), params, message });
            }
        }

        Verdict {
            accepted: violations.is_empty(),
            violations,
            checklist,
            strength,
            length: u32::try_from(measures.length).unwrap_or(u32::MAX),
            evaluated_chars: u32::try_from(evaluated).unwrap_or(u32::MAX),
        }
    }
}

fn counts(pairs: &[(&str, u64)]) -> Params {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), Param::Number(*v))).collect()
}

fn text(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), Param::Text((*v).to_owned()))).collect()
}

fn class(code: &'static str, min: u32, actual: u64) -> Option<(&'static str, Params)> {
    (actual < u64::from(min)).then(|| (code, counts(&[("min", u64::from(min)), ("actual", actual)])))
}

/// Checks one password (see [`PasswordChecker::check`]); parse the policy once with
/// [`PasswordChecker`] when checking many.
///
/// # Errors
///
/// [`crate::Error::PolicyInvalid`].
pub fn check_password(
    password: &str,
    policy: &Policy,
    context: &UserContext,
    locale: &str,
) -> Result<Verdict> {
    Ok(PasswordChecker::new(policy.clone(), locale)?.check(password, context))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn ascii_is_measured_eight_bytes_at_a_time_like_any_text() {
        let long_runs = format!("{}x{}", "a".repeat(20), "Z".repeat(9));
        for password in
            ["", "a", "aZ3$kq9!", "aZ3$kq9!L", "aaaaaaaabbbbbbbbb", "ab!!cd\x7f\x7f\x00\x00\x00", &long_runs]
        {
            assert_eq!(
                Measures::of_ascii(password.as_bytes()),
                Some(Measures::of_chars(password)),
                "{password:?}"
            );
        }
        assert_eq!(Measures::of_ascii("abcdefgh".as_bytes()).map(|m| m.longest_run), Some(1));
        assert_eq!(Measures::of_ascii(long_runs.as_bytes()).map(|m| m.longest_run), Some(20));
    }

    #[test]
    fn anything_but_ascii_is_left_to_the_character_loop() {
        assert_eq!(Measures::of_ascii("abcdefgé".as_bytes()), None, "in a word of eight");
        assert_eq!(Measures::of_ascii("abcdefghé".as_bytes()), None, "after the last word");
        let mixed = "Жж٣! aaa";
        assert_eq!(Measures::of(mixed), Measures::of_chars(mixed));
    }

    proptest! {
        #[test]
        fn both_measures_agree_on_ascii(password in "([\\x00-\\x7f]|aaa|ZZZZ|1111){0,60}") {
            prop_assert_eq!(Measures::of_ascii(password.as_bytes()), Some(Measures::of_chars(&password)));
        }
    }
}
