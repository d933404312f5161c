//! Ready-made policies.

use serde::{Deserialize, Serialize};

use super::policy::{ClassRequirements, Policy};
use crate::error::{Error, Result};

/// The names [`preset_policy`] knows.
pub const PRESETS: &[&str] = &["nist-800-63b-4", "legacy-complex"];

/// What a preset depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PresetOptions {
    /// The tenant enforces two-factor authentication, so the password is not the only factor.
    pub two_factor: bool,
    /// The tenant's own banned words (company and product names).
    pub banned_words: Vec<String>,
}

/// A named policy.
///
/// - `nist-800-63b-4`: NIST SP 800-63B-4 §3.1.1.2 — at least 15 characters when the password is
///   the only factor, 8 with two-factor; up to 128 (the guideline asks for at least 64); no
///   composition rules and no expiry; the user's data and guessable passwords refused (score
///   below 2: the common-password blocklist zxcvbn's dictionaries carry).
/// - `legacy-complex`: for tenants that still require classes: 10 characters (8 with
///   two-factor), one of each class, score 2, no personal data, at most 3 repeats, changed
///   every 90 days, not one of the last 5.
///
/// # Errors
///
/// [`Error::PresetUnknown`], or [`Error::PolicyInvalid`] for unusable banned words.
pub fn preset_policy(name: &str, options: &PresetOptions) -> Result<Policy> {
    let policy = match name {
        "nist-800-63b-4" => Policy {
            min_length: Some(if options.two_factor { 8 } else { 15 }),
            max_length: Some(128),
            min_score: Some(2),
            reject_personal_data: true,
            banned_words: options.banned_words.clone(),
            ..Policy::default()
        },
        "legacy-complex" => Policy {
            min_length: Some(if options.two_factor { 8 } else { 10 }),
            max_length: Some(128),
            classes: Some(ClassRequirements { lowercase: 1, uppercase: 1, digit: 1, symbol: 1 }),
            min_score: Some(2),
            reject_personal_data: true,
            reject_breached: false,
            banned_words: options.banned_words.clone(),
            max_repeated_chars: Some(3),
            max_age_days: Some(90),
            history_count: Some(5),
        },
        _ => return Err(Error::PresetUnknown { known: PRESETS }),
    };
    policy.validate()?;
    Ok(policy)
}
