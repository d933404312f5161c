//! Checking passwords against a policy: the one verdict the browser shows and the server enforces.

use std::borrow::Cow;

use super::automaton::Automaton;
use super::banned::BannedWords;
use super::i18n::{Arg, message, resolve_locale};
use super::measures::{Measures, Scan, scan};
use super::normalize::normalized;
use super::personal::{PersonalTerm, UserContext};
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
    KnownBreaches,
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
            Self::KnownBreaches => "known_breaches",
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
            Self::PersonalData | Self::BannedWords | Self::KnownBreaches => vec![],
        }
    }

    /// Not known from the password alone: the server's (lifetime, reuse), or a range API's
    /// answer that [`PasswordChecker::check_with_breaches`] is given.
    fn server_side(self) -> bool {
        matches!(self, Self::MaxAgeDays(_) | Self::HistoryCount(_) | Self::KnownBreaches)
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
        if p.reject_breached {
            rules.push(Rule::KnownBreaches);
        }
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
                params: counts(&rule.args()),
                label: self.label(rule),
                server_side: rule.server_side(),
            })
            .collect()
    }

    /// The verdict on `password` for the user described by `context`.
    ///
    /// The password is NFKC-normalised first; every rule sees all of it, and only the strength
    /// estimate is bounded (see [`crate::MAX_ESTIMATED_CHARS`]). Never fails and never panics,
    /// whatever the input. A policy's `rejectBreached` needs a range API's answer, so it is
    /// left to [`PasswordChecker::check_with_breaches`].
    pub fn check(&self, password: &str, context: &UserContext) -> Verdict {
        self.verdict(password, context, None)
    }

    /// The same verdict, with `breaches`, how often a range API knows the password
    /// ([`crate::BreachQuery::count_in`]): under `rejectBreached`, more than none is the
    /// violation `breached`, and the checklist has the rule, met or not.
    pub fn check_with_breaches(&self, password: &str, context: &UserContext, breaches: u64) -> Verdict {
        self.verdict(password, context, Some(breaches))
    }

    fn verdict(&self, password: &str, context: &UserContext, breaches: Option<u64>) -> Verdict {
        let terms = context.terms();
        // Lower case is only for the personal data and banned word rules.
        let compares = (self.policy.reject_personal_data && !terms.is_empty()) || !self.banned.is_empty();
        // One pass measures the password, folds it and tells whether it is NFKC; the rare
        // password that is not is normalised and read again.
        let (password, Scan { measures, lowercase }) = match scan(password, compares, false) {
            Some(read) => (Cow::Borrowed(password), read),
            None => {
                let normalised = normalized(password);
                let read = scan(&normalised, compares, true)
                    .unwrap_or_else(|| Scan { measures: Measures::default(), lowercase: String::new() });
                (normalised, read)
            }
        };
        let personal = self.policy.reject_personal_data.then(|| first_found(&terms, &lowercase)).flatten();
        let banned = self.banned.find(&lowercase);

        let mut user_inputs: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        user_inputs.extend(self.policy.banned_words.iter().map(String::as_str));
        let (strength, evaluated) = estimate(&password, &user_inputs, self.locale);

        let mut violations = Vec::new();
        let mut checklist = Vec::new();
        let judged =
            |rule: &Rule| !rule.server_side() || (matches!(rule, Rule::KnownBreaches) && breaches.is_some());
        for rule in self.rules().into_iter().filter(judged) {
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
                Rule::KnownBreaches => {
                    breaches.filter(|n| *n > 0).map(|n| ("breached", counts(&[("count", n)])))
                }
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

/// The first term (in their order) that `text` contains, all of them looked for in one pass.
fn first_found<'t>(terms: &'t [PersonalTerm], text: &str) -> Option<&'t PersonalTerm> {
    let patterns: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
    let mut first: Option<usize> = None;
    Automaton::new(&patterns).for_each(text.as_bytes(), |term, _| {
        first = Some(first.map_or(term, |f| f.min(term)));
        first != Some(0)
    });
    first.map(|i| &terms[i])
}

/// Inserted one by one: collecting into a map sorts first, with a sort of its own in the wasm.
fn params(pairs: impl IntoIterator<Item = (String, Param)>) -> Params {
    let mut params = Params::new();
    for (name, value) in pairs {
        params.insert(name, value);
    }
    params
}

fn counts(pairs: &[(&str, u64)]) -> Params {
    params(pairs.iter().map(|(k, v)| ((*k).to_owned(), Param::Number(*v))))
}

fn text(pairs: &[(&str, &str)]) -> Params {
    params(pairs.iter().map(|(k, v)| ((*k).to_owned(), Param::Text((*v).to_owned()))))
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
