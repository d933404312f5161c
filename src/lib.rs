#![doc = include_str!("../README.md")]

#[cfg(feature = "passwords")]
mod banned;
mod base32;
#[cfg(feature = "passwords")]
mod checker;
mod code_options;
mod error;
#[cfg(feature = "passwords")]
mod i18n;
#[cfg(feature = "passwords")]
mod json;
#[cfg(feature = "passwords")]
mod normalize;
mod otp;
mod otpauth;
#[cfg(feature = "passwords")]
mod personal;
#[cfg(feature = "passwords")]
mod policy;
mod preset;
mod qr;
mod recovery;
mod secret;
#[cfg(feature = "passwords")]
mod strength;
mod time;
mod totp;
#[cfg(feature = "passwords")]
mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(feature = "passwords")]
pub use banned::FUZZY_WORD_CHARS;
#[cfg(feature = "passwords")]
pub use checker::{PasswordChecker, check_password};
pub use code_options::CodeOptions;
pub use error::{Error, Result};
#[cfg(feature = "passwords")]
pub use i18n::{FALLBACK_LOCALE, locales, resolve_locale};
#[cfg(feature = "passwords")]
pub use normalize::nfkc;
pub use otp::{
    Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD_SECONDS, DEFAULT_WINDOW, DIGITS, MAX_WINDOW, OtpParams,
    PERIOD_SECONDS, hotp, parse_code,
};
pub use otpauth::{
    MAX_URI_LENGTH, OtpType, OtpauthParams, OtpauthUri, Warning, build_otpauth_uri, parse_otpauth_uri,
};
#[cfg(feature = "passwords")]
pub use personal::{MAX_CONTEXT_FIELD_BYTES, MIN_PERSONAL_TERM_CHARS, PersonalTerm, UserContext};
#[cfg(feature = "passwords")]
pub use policy::{
    BANNED_WORD_LENGTH, ClassRequirements, MAX_AGE_DAYS, MAX_BANNED_WORDS, MAX_HISTORY_COUNT,
    MAX_POLICY_LENGTH, Policy, SCORES,
};
pub use preset::PRESETS;
#[cfg(feature = "passwords")]
pub use preset::{PresetOptions, preset_policy};
pub use qr::{
    Ecc, MAX_QR_MARGIN, MAX_QR_TITLE_LENGTH, MatrixOptions, QrMatrix, SvgOptions, qr_matrix, qr_svg,
};
pub use recovery::{
    DEFAULT_RECOVERY_CODE_COUNT, RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH,
    RECOVERY_ENTROPY_BYTES, RECOVERY_GROUP_LENGTH, generate_recovery_codes, normalize_recovery_code,
    recovery_code_from_entropy,
};
pub use secret::{
    DEFAULT_SECRET_BYTES, GENERATED_SECRET_BYTES, MAX_SECRET_BYTES, MIN_SECRET_BYTES,
    RECOMMENDED_MIN_SECRET_BYTES, Secret,
};
#[cfg(feature = "passwords")]
pub use strength::{CrackTime, CrackTimes, Feedback, MAX_ESTIMATED_CHARS, Strength, display_time};
pub use time::{MAX_SAFE_INTEGER, counter, unix_seconds};
pub use totp::{Totp, TotpCode, Verification};
#[cfg(feature = "passwords")]
pub use verdict::{ChecklistItem, Param, Params, Requirement, Verdict, Violation};

/// Base32 as secrets use it (RFC 4648, no padding out, forgiving in).
pub mod encoding {
    pub use crate::base32::{decode as base32_decode, encode as base32_encode};
}
