//! What the checker says about a password: the shapes of its answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::strength::Strength;

/// A value in a violation's or rule's parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Param {
    /// A count or limit.
    Number(u64),
    /// A word or field name.
    Text(String),
}

/// Named parameters, e.g. `{ "min": 12, "actual": 8 }`.
pub type Params = BTreeMap<String, Param>;

/// A rule the password breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Violation {
    /// Stable code: `too_short`, `too_long`, `missing_lowercase`, `missing_uppercase`,
    /// `missing_digit`, `missing_symbol`, `too_weak`, `contains_personal_data`,
    /// `contains_banned_word`, `too_many_repeats` or `breached`.
    pub code: String,
    /// The numbers and words behind it (`min`, `max`, `actual`, `field`, `word`, `count`).
    #[cfg_attr(feature = "typescript", tsify(type = "Record<string, number | string>"))]
    pub params: Params,
    /// What to tell the user, in the verdict's language.
    pub message: String,
}

/// One rule of the policy, as a line of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    /// Stable code: `min_length`, `max_length`, `lowercase`, `uppercase`, `digit`, `symbol`,
    /// `min_score`, `personal_data`, `banned_words`, `max_repeats`, `max_age_days`,
    /// `history_count` or `known_breaches`.
    pub code: String,
    /// The rule's numbers (`min`, `max`, `days`, `count`).
    #[cfg_attr(feature = "typescript", tsify(type = "Record<string, number | string>"))]
    pub params: Params,
    /// The line to show, e.g. "At least 12 characters".
    pub label: String,
    /// Not known from the password alone — the server's (password lifetime, reuse) or a range
    /// API's (known breaches) — so never ticked while typing.
    pub server_side: bool,
}

/// A checklist line for a password being typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct ChecklistItem {
    /// The rule's code, as in [`Requirement::code`].
    pub code: String,
    /// Whether the password meets it.
    pub met: bool,
    /// The line to show.
    pub label: String,
}

/// The answer for one password under one policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Whether the policy accepts the password: no violations.
    pub accepted: bool,
    /// Every rule broken, in the policy's order.
    pub violations: Vec<Violation>,
    /// Every rule the checker can evaluate, met or not, for a live checklist.
    pub checklist: Vec<ChecklistItem>,
    /// How guessable the password is.
    pub strength: Strength,
    /// Length in Unicode code points, after NFKC normalisation.
    pub length: u32,
    /// How many of those characters the strength estimate looked at.
    pub evaluated_chars: u32,
}
