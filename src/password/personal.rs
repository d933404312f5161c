//! The user's own data, which a password should not contain.

use serde::{Deserialize, Serialize};

use super::json::{self, Value};
use super::normalize::{fold_case, nfkc};
use crate::error::{Error, Result};

/// Who is choosing the password. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct UserContext {
    /// Email address; the whole address and its local part are both terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub email: Option<String>,
    /// Full name; the whole name and each of its words are terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub name: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub username: Option<String>,
    /// The tenant's (company's) name; the whole name and each of its words are terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub tenant: Option<String>,
}

/// A piece of personal data to look for, lower-cased, with the field it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonalTerm {
    /// `email`, `name`, `username` or `tenant`.
    pub field: &'static str,
    /// The term, NFKC-normalised and lower-cased.
    pub term: String,
}

impl PersonalTerm {
    /// Shortest term looked for: shorter ones ("Al", "li") would refuse too many passwords.
    pub const MIN_CHARS: usize = 4;
}

impl UserContext {
    /// Longest context value read, in bytes; anything longer is cut (it is not a real name).
    pub const MAX_FIELD_BYTES: usize = 256;

    /// Reads a context document.
    ///
    /// # Errors
    ///
    /// [`Error::ContextInvalid`] for malformed JSON, unknown fields or non-string values.
    pub fn from_json(json: &str) -> Result<Self> {
        let context = json::parse(json).and_then(|value| {
            let mut context = Self::default();
            for (name, value) in value.members(&["email", "name", "username", "tenant"])? {
                let text = match value {
                    Value::Null => None,
                    _ => Some(value.text()?.to_owned()),
                };
                match name.as_str() {
                    "email" => context.email = text,
                    "name" => context.name = text,
                    "username" => context.username = text,
                    _ => context.tenant = text,
                }
            }
            Ok(context)
        });
        context.map_err(|detail| Error::ContextInvalid { detail })
    }

    /// The terms a password may not contain: every value, the local part of the email, and
    /// each word of the name and of the tenant, when at least [`PersonalTerm::MIN_CHARS`] long.
    pub fn terms(&self) -> Vec<PersonalTerm> {
        let mut terms = Vec::new();
        let mut add = |field: &'static str, text: &str| {
            let term = fold_case(&nfkc(bounded(text).trim()));
            if term.chars().count() >= PersonalTerm::MIN_CHARS
                && !terms.iter().any(|t: &PersonalTerm| t.term == term)
            {
                terms.push(PersonalTerm { field, term });
            }
        };
        if let Some(email) = &self.email {
            add("email", email);
            if let Some((local, _domain)) = email.split_once('@') {
                add("email", local);
            }
        }
        // A name and a company name are made of words, and each word alone is as guessable
        // as the whole: "Roadrunner Logistics" gives "logistics" too.
        for (field, value, split) in
            [("name", &self.name, true), ("username", &self.username, false), ("tenant", &self.tenant, true)]
        {
            let Some(text) = value else { continue };
            add(field, text);
            if split {
                for word in text.split(|c: char| c.is_whitespace() || c == '-') {
                    add(field, word);
                }
            }
        }
        terms
    }
}

/// The first [`UserContext::MAX_FIELD_BYTES`] of `text`, cut at a character boundary.
fn bounded(text: &str) -> &str {
    let mut end = text.len().min(UserContext::MAX_FIELD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_come_from_every_field() {
        let context = UserContext {
            email: Some("Jane.Doe@Example.com".into()),
            name: Some("Jane Mary-Ann Doe".into()),
            username: Some("jd".into()),
            tenant: Some("ACME".into()),
        };
        let terms: Vec<(&str, String)> = context.terms().into_iter().map(|t| (t.field, t.term)).collect();
        assert_eq!(
            terms,
            [
                ("email", "jane.doe@example.com".to_owned()),
                ("email", "jane.doe".to_owned()),
                ("name", "jane mary-ann doe".to_owned()),
                ("name", "jane".to_owned()),
                ("name", "mary".to_owned()),
                ("tenant", "acme".to_owned()),
            ]
        );
    }

    #[test]
    fn a_tenant_is_split_into_words_like_a_name() {
        let context =
            UserContext { tenant: Some("Roadrunner Logistics-Group Co".into()), ..UserContext::default() };
        let terms: Vec<String> = context.terms().into_iter().map(|t| t.term).collect();
        assert_eq!(terms, ["roadrunner logistics-group co", "roadrunner", "logistics", "group"]);
    }

    #[test]
    fn context_json_is_strict() {
        assert!(UserContext::from_json(r#"{"email":"a@b.c"}"#).is_ok());
        assert!(matches!(UserContext::from_json(r#"{"mail":"a@b.c"}"#), Err(Error::ContextInvalid { .. })));
        assert!(matches!(UserContext::from_json(r#"{"email":5}"#), Err(Error::ContextInvalid { .. })));
        assert!(matches!(UserContext::from_json(r#"["a@b.c"]"#), Err(Error::ContextInvalid { .. })));
    }
}
