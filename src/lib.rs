#![doc = include_str!("../README.md")]

mod base32;
mod error;
mod otp;
mod otpauth;
mod qr;
mod recovery;
mod secret;
mod time;
mod totp;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
pub use otp::{
    Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD_SECONDS, DIGITS, MAX_WINDOW, OtpParams,
    PERIOD_SECONDS, hotp, parse_code,
};
pub use otpauth::{
    MAX_URI_LENGTH, OtpType, OtpauthParams, OtpauthUri, Warning, build_otpauth_uri,
    parse_otpauth_uri,
};
pub use qr::{
    Ecc, MAX_QR_MARGIN, MAX_QR_TITLE_LENGTH, MatrixOptions, QrMatrix, SvgOptions, qr_matrix, qr_svg,
};
pub use recovery::{
    DEFAULT_RECOVERY_CODE_COUNT, RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH,
    RECOVERY_ENTROPY_BYTES, RECOVERY_GROUP_LENGTH, generate_recovery_codes,
    normalize_recovery_code, recovery_code_from_entropy,
};
pub use secret::{
    DEFAULT_SECRET_BYTES, GENERATED_SECRET_BYTES, MAX_SECRET_BYTES, MIN_SECRET_BYTES,
    RECOMMENDED_MIN_SECRET_BYTES, Secret,
};
pub use time::{MAX_SAFE_INTEGER, counter, unix_seconds};
pub use totp::{Totp, TotpCode, Verification};

/// Base32 as secrets use it (RFC 4648, no padding out, forgiving in).
pub mod encoding {
    pub use crate::base32::{decode as base32_decode, encode as base32_encode};
}
