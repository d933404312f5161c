//! A tenant's password policy: plain JSON, the same document in the browser and the server.

use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::json::{self, Value};
use crate::error::{Error, Result};

/// [`Policy::MAX_HISTORY_COUNT`] under the crate-level name the server has always used.
pub const MAX_HISTORY_COUNT: u32 = Policy::MAX_HISTORY_COUNT;

/// How many characters of each class a password needs. Unicode-aware: "Ж" is uppercase,
/// "ж" lowercase, "٣" a digit; a symbol is anything that is neither letter nor digit,
/// spaces and emoji included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ClassRequirements {
    /// Lowercase letters.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub lowercase: u32,
    /// Uppercase letters.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub uppercase: u32,
    /// Digits.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub digit: u32,
    /// Symbols.
    #[serde(skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub symbol: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ClassRequirements {
    fn counts(&self) -> [(&'static str, u32); 4] {
        [
            ("lowercase", self.lowercase),
            ("uppercase", self.uppercase),
            ("digit", self.digit),
            ("symbol", self.symbol),
        ]
    }

    fn total(&self) -> u64 {
        self.counts().iter().map(|&(_, n)| u64::from(n)).sum()
    }

    /// `null` is no class rule at all, as for the other optional rules.
    fn from_value(value: &Value) -> core::result::Result<Option<Self>, String> {
        if *value == Value::Null {
            return Ok(None);
        }
        let mut classes = Self::default();
        for (name, count) in value.members(&["lowercase", "uppercase", "digit", "symbol"])? {
            let count = count.whole(u64::from(u32::MAX), "u32")? as u32;
            match name.as_str() {
                "lowercase" => classes.lowercase = count,
                "uppercase" => classes.uppercase = count,
                "digit" => classes.digit = count,
                _ => classes.symbol = count,
            }
        }
        Ok(Some(classes))
    }
}

/// A password policy. Every field is optional; an empty policy accepts any password and
/// still reports its strength. `maxAgeDays` and `historyCount` are enforced by the server;
/// the checker only lists them as requirements.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Policy {
    /// Fewest characters (Unicode code points, after NFKC normalisation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub min_length: Option<u32>,
    /// Most characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub max_length: Option<u32>,
    /// Character classes required, for tenants that still want them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub classes: Option<ClassRequirements>,
    /// Lowest zxcvbn score accepted, 0 to 4.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub min_score: Option<u8>,
    /// Refuse passwords containing the user's email, name, username or tenant name.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub reject_personal_data: bool,
    /// Refuse passwords a breached-password range API knows (checked by the server, and by
    /// the browser through `checkBreached`): NIST SP 800-63B-4 asks for it.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub reject_breached: bool,
    /// Words refused anywhere in the password, despite case, common substitutions
    /// (0→o, 1→l/i, 3→e, 4→a, $/5→s, @→a, 7→t) and, for words of 5+ characters, one edit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub banned_words: Vec<String>,
    /// Most times one character may repeat in a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub max_repeated_chars: Option<u32>,
    /// Days before a password must be changed (enforced by the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub max_age_days: Option<u32>,
    /// How many previous passwords may not be reused (enforced by the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub history_count: Option<u32>,
}

fn invalid(field: &str, detail: impl Into<String>) -> Error {
    Error::PolicyInvalid { field: Some(field.to_owned()), detail: detail.into() }
}

impl Policy {
    /// Longest `minLength`/`maxLength` a policy may set, in code points.
    pub const MAX_LENGTH: u32 = 4096;
    /// Scores a policy may require (zxcvbn's scale).
    pub const SCORES: RangeInclusive<u8> = 0..=4;
    /// Most banned words a policy may list.
    pub const MAX_BANNED_WORDS: usize = 500;
    /// Lengths a banned word may have, in code points. Shorter words would refuse too much.
    pub const BANNED_WORD_LENGTH: RangeInclusive<usize> = 3..=64;
    /// Password lifetimes a policy may set, in days (up to ten years).
    pub const MAX_AGE_DAYS: RangeInclusive<u32> = 1..=3650;
    /// Most previous passwords a policy may refuse to reuse.
    pub const MAX_HISTORY_COUNT: u32 = 50;

    /// Reads and validates a policy document.
    ///
    /// # Errors
    ///
    /// [`Error::PolicyInvalid`] for JSON that is malformed, has unknown fields or values of
    /// the wrong type, or sets an impossible value (see [`Policy::validate`]).
    pub fn from_json(json: &str) -> Result<Self> {
        let policy = json::parse(json).and_then(|value| Self::from_value(&value));
        let policy = policy.map_err(|detail| Error::PolicyInvalid { field: None, detail })?;
        policy.validate()?;
        Ok(policy)
    }

    fn from_value(value: &Value) -> core::result::Result<Self, String> {
        const FIELDS: &[&str] = &[
            "minLength",
            "maxLength",
            "classes",
            "minScore",
            "rejectPersonalData",
            "rejectBreached",
            "bannedWords",
            "maxRepeatedChars",
            "maxAgeDays",
            "historyCount",
        ];
        let mut policy = Self::default();
        for (name, value) in value.members(FIELDS)? {
            // `null` leaves an optional rule unset, as it does in every JSON library.
            let number = |max: u64, what| match value {
                Value::Null => Ok(None),
                _ => value.whole(max, what).map(Some),
            };
            let count = || number(u64::from(u32::MAX), "u32").map(|n| n.map(|n| n as u32));
            match name.as_str() {
                "minLength" => policy.min_length = count()?,
                "maxLength" => policy.max_length = count()?,
                "classes" => policy.classes = ClassRequirements::from_value(value)?,
                "minScore" => policy.min_score = number(u64::from(u8::MAX), "u8")?.map(|n| n as u8),
                "rejectPersonalData" => policy.reject_personal_data = value.boolean()?,
                "rejectBreached" => policy.reject_breached = value.boolean()?,
                "bannedWords" => match value {
                    Value::Array(words) => {
                        policy.banned_words = words
                            .iter()
                            .map(|w| w.text().map(str::to_owned))
                            .collect::<core::result::Result<_, _>>()?;
                    }
                    _ => return Err(value.invalid("a sequence")),
                },
                "maxRepeatedChars" => policy.max_repeated_chars = count()?,
                "maxAgeDays" => policy.max_age_days = count()?,
                _ => policy.history_count = count()?,
            }
        }
        Ok(policy)
    }

    /// Checks that some password could satisfy the policy and that every limit is sane.
    ///
    /// # Errors
    ///
    /// [`Error::PolicyInvalid`] naming the field: lengths above [`Self::MAX_LENGTH`] or
    /// crossed, a zero maximum, classes that cannot fit in the maximum length, a score outside
    /// [`Self::SCORES`], a zero repeat limit, banned words outside
    /// [`Self::BANNED_WORD_LENGTH`], more than [`Self::MAX_BANNED_WORDS`] or too many sharing a
    /// half (see [`super::banned::collision`]), a lifetime outside
    /// [`Self::MAX_AGE_DAYS`], or a history above [`Self::MAX_HISTORY_COUNT`].
    pub fn validate(&self) -> Result<()> {
        for (field, value) in [("minLength", self.min_length), ("maxLength", self.max_length)] {
            if value.is_some_and(|n| n > Self::MAX_LENGTH) {
                return Err(invalid(field, format!("must be at most {}", Self::MAX_LENGTH)));
            }
        }
        if self.max_length == Some(0) {
            return Err(invalid("maxLength", "must be at least 1"));
        }
        if let (Some(min), Some(max)) = (self.min_length, self.max_length) {
            if min > max {
                return Err(invalid("minLength", format!("{min} is more than maxLength {max}")));
            }
        }
        if let (Some(classes), Some(max)) = (&self.classes, self.max_length) {
            if classes.total() > u64::from(max) {
                return Err(invalid("classes", format!("need more characters than maxLength {max}")));
            }
        }
        if self.min_score.is_some_and(|s| !Self::SCORES.contains(&s)) {
            return Err(invalid("minScore", "must be 0 to 4"));
        }
        if self.max_repeated_chars == Some(0) {
            return Err(invalid("maxRepeatedChars", "must be at least 1"));
        }
        if self.banned_words.len() > Self::MAX_BANNED_WORDS {
            return Err(invalid("bannedWords", format!("at most {} words", Self::MAX_BANNED_WORDS)));
        }
        if let Some(word) =
            self.banned_words.iter().find(|w| !Self::BANNED_WORD_LENGTH.contains(&w.trim().chars().count()))
        {
            return Err(invalid(
                "bannedWords",
                format!(
                    "“{}” must be {} to {} characters",
                    word.chars().take(64).collect::<String>(),
                    Self::BANNED_WORD_LENGTH.start(),
                    Self::BANNED_WORD_LENGTH.end()
                ),
            ));
        }
        if let Some(shared) = super::banned::collision(&self.banned_words) {
            // Every place the shared half appears would be checked against each of the words:
            // a list of such words costs words × length to search (issue 12).
            let listed: Vec<String> = shared.words.iter().map(|w| format!("“{w}”")).collect();
            return Err(invalid(
                "bannedWords",
                format!(
                    "{} share “{}”; at most {} words may: list what they have in common instead",
                    listed.join(", "),
                    shared.part,
                    super::banned::MAX_WORDS_PER_HALF
                ),
            ));
        }
        if self.max_age_days.is_some_and(|d| !Self::MAX_AGE_DAYS.contains(&d)) {
            return Err(invalid(
                "maxAgeDays",
                format!("must be {} to {}", Self::MAX_AGE_DAYS.start(), Self::MAX_AGE_DAYS.end()),
            ));
        }
        if self.history_count.is_some_and(|n| n > Self::MAX_HISTORY_COUNT) {
            return Err(invalid("historyCount", format!("must be at most {}", Self::MAX_HISTORY_COUNT)));
        }
        Ok(())
    }

    /// The policy as compact JSON, as the server stores it: the rules it sets, in the order
    /// of the fields, and nothing for the ones it leaves out.
    pub fn to_json(&self) -> String {
        let mut json = Members::default();
        json.number("minLength", self.min_length);
        json.number("maxLength", self.max_length);
        if let Some(classes) = &self.classes {
            let mut inner = Members::default();
            for (name, count) in classes.counts() {
                inner.number(name, Some(count).filter(|&n| n > 0));
            }
            json.raw("classes", &inner.close());
        }
        json.number("minScore", self.min_score.map(u32::from));
        if self.reject_personal_data {
            json.raw("rejectPersonalData", "true");
        }
        if self.reject_breached {
            json.raw("rejectBreached", "true");
        }
        if !self.banned_words.is_empty() {
            let mut words = String::from("[");
            for (i, word) in self.banned_words.iter().enumerate() {
                if i > 0 {
                    words.push(',');
                }
                json::write_string(&mut words, word);
            }
            words.push(']');
            json.raw("bannedWords", &words);
        }
        json.number("maxRepeatedChars", self.max_repeated_chars);
        json.number("maxAgeDays", self.max_age_days);
        json.number("historyCount", self.history_count);
        json.close()
    }
}

/// A JSON object being written, member by member.
#[derive(Default)]
struct Members(String);

impl Members {
    fn raw(&mut self, name: &str, value: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        json::write_string(&mut self.0, name);
        self.0.push(':');
        self.0.push_str(value);
    }

    fn number(&mut self, name: &str, value: Option<u32>) {
        if let Some(n) = value {
            self.raw(name, &n.to_string());
        }
    }

    fn close(mut self) -> String {
        if self.0.is_empty() {
            self.0.push('{');
        }
        self.0.push('}');
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(json: &str) -> Option<String> {
        match Policy::from_json(json) {
            Err(Error::PolicyInvalid { field, .. }) => field,
            other => panic!("{json}: {other:?}"),
        }
    }

    #[test]
    fn the_design_example_parses_and_round_trips() {
        let json = r#"{"minLength":12,"maxLength":128,"classes":{"lowercase":1,"uppercase":1,"digit":1,"symbol":1},"minScore":3,"rejectPersonalData":true,"rejectBreached":true,"bannedWords":["acme","roadrunner"],"maxRepeatedChars":3,"maxAgeDays":90,"historyCount":5}"#;
        let policy = Policy::from_json(json).unwrap();
        assert_eq!(policy.to_json(), json);
        assert_eq!(Policy::from_json("{}").unwrap(), Policy::default());
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_refused() {
        assert_eq!(field(r#"{"minLenght":12}"#), None);
        assert_eq!(field(r#"{"classes":{"upper":1}}"#), None);
        assert_eq!(field(r#"{"minLength":-1}"#), None);
        assert_eq!(field(r#"{"minLength":"12"}"#), None);
        assert_eq!(field("[]"), None);
        assert_eq!(field("{"), None);
    }

    #[test]
    fn impossible_values_name_their_field() {
        assert_eq!(field(r#"{"minLength":20,"maxLength":10}"#).as_deref(), Some("minLength"));
        assert_eq!(field(r#"{"maxLength":0}"#).as_deref(), Some("maxLength"));
        assert_eq!(field(r#"{"maxLength":5000}"#).as_deref(), Some("maxLength"));
        assert_eq!(
            field(r#"{"maxLength":3,"classes":{"lowercase":2,"digit":2}}"#).as_deref(),
            Some("classes")
        );
        assert_eq!(field(r#"{"minScore":5}"#).as_deref(), Some("minScore"));
        assert_eq!(field(r#"{"maxRepeatedChars":0}"#).as_deref(), Some("maxRepeatedChars"));
        assert_eq!(field(r#"{"bannedWords":["ab"]}"#).as_deref(), Some("bannedWords"));
        assert_eq!(field(r#"{"maxAgeDays":0}"#).as_deref(), Some("maxAgeDays"));
        assert_eq!(field(r#"{"historyCount":51}"#).as_deref(), Some("historyCount"));
    }
}
