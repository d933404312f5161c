//! The password half (the `passwords` feature): tenant policies and their presets, the
//! checker and its verdict, personal data and banned words, the zxcvbn strength estimate,
//! breached passwords, and messages in the user's language. Nothing here depends on the
//! one-time-password half but for its SHA-1, which a breach check hashes with.

pub(crate) mod automaton;
pub(crate) mod banned;
pub(crate) mod breach;
pub(crate) mod checker;
pub(crate) mod i18n;
pub(crate) mod json;
pub(crate) mod measures;
pub(crate) mod nfkc;
pub(crate) mod normalize;
pub(crate) mod personal;
pub(crate) mod policy;
pub(crate) mod preset;
pub(crate) mod strength;
pub(crate) mod unicode;
pub(crate) mod verdict;
