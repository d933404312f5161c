#![doc = include_str!("../README.md")]

mod decimal;
mod error;
mod otp;
#[cfg(feature = "passwords")]
mod password;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Detail, Error, Result};

// One-time passwords: secrets, codes, Key URIs, QR and recovery codes.
pub use otp::hotp::{hotp, parse_code};
pub use otp::options::CodeOptions;
pub use otp::otpauth::{OtpType, OtpauthParams, OtpauthUri, Warning, build_otpauth_uri, parse_otpauth_uri};
pub use otp::params::{Algorithm, OtpParams};
pub use otp::qr::{Ecc, MatrixOptions, QrMatrix, SvgOptions, qr_matrix, qr_svg};
pub use otp::recovery::{
    DEFAULT_RECOVERY_CODE_COUNT, RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH,
    RECOVERY_ENTROPY_BYTES, RECOVERY_GROUP_LENGTH, generate_recovery_codes, normalize_recovery_code,
    recovery_code_from_entropy,
};
pub use otp::secret::{DEFAULT_SECRET_BYTES, Secret};
pub use otp::time::{MAX_SAFE_INTEGER, counter, unix_seconds};
pub use otp::totp::{Totp, TotpCode, Verification};

// Passwords: policies, the checker and its verdict, the strength estimate.
#[cfg(feature = "passwords")]
pub use password::{
    banned::FUZZY_WORD_CHARS,
    breach::BreachQuery,
    checker::{PasswordChecker, check_password},
    i18n::{FALLBACK_LOCALE, locales, resolve_locale},
    normalize::nfkc,
    personal::{PersonalTerm, UserContext},
    policy::{ClassRequirements, MAX_HISTORY_COUNT, Policy},
    preset::{PRESETS, PresetOptions, preset_policy},
    strength::{CrackTime, CrackTimes, Feedback, MAX_ESTIMATED_CHARS, Strength, display_time},
    verdict::{ChecklistItem, Param, Params, Requirement, Verdict, Violation},
};

/// Base32 as secrets use it (RFC 4648, no padding out, forgiving in).
pub mod encoding {
    pub use crate::otp::base32::{decode as base32_decode, encode as base32_encode};
}
