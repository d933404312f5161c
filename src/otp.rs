//! HOTP (RFC 4226) and the parameters shared by every one-time password.

use core::ops::RangeInclusive;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Digits a code may have. RFC 4226 asks for at least 6; apps show at most 8.
pub const DIGITS: RangeInclusive<u8> = 6..=8;
/// Periods a time step may last, in seconds: a second to an hour.
pub const PERIOD_SECONDS: RangeInclusive<u32> = 1..=3600;
/// Widest verification window, in time steps each way (±5 minutes at 30 s).
pub const MAX_WINDOW: u32 = 10;
/// The verification window unless asked otherwise: one step of clock drift each way.
pub const DEFAULT_WINDOW: u32 = 1;
/// The digits every authenticator app supports.
pub const DEFAULT_DIGITS: u8 = 6;
/// The period every authenticator app supports (RFC 6238 §5.2).
pub const DEFAULT_PERIOD_SECONDS: u32 = 30;

/// The HMAC hash of a one-time password.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Algorithm {
    /// HMAC-SHA-1, the default and the only one most apps honour.
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    /// HMAC-SHA-256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// HMAC-SHA-512.
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    /// The name used in key URIs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    /// Reads a name as key URIs write it, in any case.
    ///
    /// # Errors
    ///
    /// [`Error::AlgorithmUnknown`].
    pub fn from_name(name: &str) -> Result<Self> {
        [Self::Sha1, Self::Sha256, Self::Sha512]
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
            .ok_or(Error::AlgorithmUnknown)
    }
}

/// Validated code parameters: algorithm, digits, and (for TOTP) the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtpParams {
    algorithm: Algorithm,
    digits: u8,
    period: u32,
}

impl Default for OtpParams {
    fn default() -> Self {
        Self { algorithm: Algorithm::Sha1, digits: DEFAULT_DIGITS, period: DEFAULT_PERIOD_SECONDS }
    }
}

impl OtpParams {
    /// Checks the parameters against [`DIGITS`] and [`PERIOD_SECONDS`].
    ///
    /// # Errors
    ///
    /// [`Error::DigitsOutOfRange`], [`Error::PeriodOutOfRange`].
    pub fn new(algorithm: Algorithm, digits: u8, period: u32) -> Result<Self> {
        if !DIGITS.contains(&digits) {
            return Err(Error::DigitsOutOfRange);
        }
        if !PERIOD_SECONDS.contains(&period) {
            return Err(Error::PeriodOutOfRange);
        }
        Ok(Self { algorithm, digits, period })
    }

    /// The hash.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits in a code.
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The length of a time step in seconds.
    pub fn period(&self) -> u32 {
        self.period
    }

    /// Whether most authenticator apps will honour these parameters (SHA1, 6 digits, 30 s).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The HOTP code for `counter` (RFC 4226 §5.3).
pub fn hotp(secret: &Secret, counter: u64, params: &OtpParams) -> String {
    let (key, message) = (secret.as_bytes(), counter.to_be_bytes());
    let truncated = match params.algorithm {
        Algorithm::Sha1 => truncate(&mac::<Hmac<Sha1>>(key, &message).finalize().into_bytes()),
        Algorithm::Sha256 => truncate(&mac::<Hmac<Sha256>>(key, &message).finalize().into_bytes()),
        Algorithm::Sha512 => truncate(&mac::<Hmac<Sha512>>(key, &message).finalize().into_bytes()),
    };
    // Written digit by digit rather than with `format!`, whose padding code the wasm need not
    // carry; 10^8 fits a u32.
    let code = truncated % 10u32.pow(u32::from(params.digits));
    (0..u32::from(params.digits)).rev().map(|i| char::from(b'0' + (code / 10u32.pow(i) % 10) as u8)).collect()
}

fn mac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> M {
    let Ok(mac) = <M as KeyInit>::new_from_slice(key) else {
        unreachable!("HMAC takes keys of any length");
    };
    mac.chain_update(message)
}

/// RFC 4226 §5.3 dynamic truncation: 31 bits from the offset the hash's last nibble names.
fn truncate(hash: &[u8]) -> u32 {
    // Every hash here has at least 20 bytes and the offset is at most 15: the indexes are in range.
    let offset = usize::from(hash[hash.len() - 1] & 0xf);
    u32::from_be_bytes([hash[offset], hash[offset + 1], hash[offset + 2], hash[offset + 3]]) & 0x7fff_ffff
}

/// Reads a code as a person types it: white space is dropped (apps show `123 456`),
/// anything else must be exactly `digits` decimal digits.
///
/// # Errors
///
/// [`Error::CodeNotNumeric`], [`Error::CodeLengthMismatch`].
pub fn parse_code(code: &str, digits: u8) -> Result<String> {
    let mut parsed = String::with_capacity(usize::from(digits));
    for c in code.chars().filter(|c| !c.is_whitespace()) {
        if !c.is_ascii_digit() {
            return Err(Error::CodeNotNumeric);
        }
        if parsed.len() == usize::from(digits) {
            return Err(Error::CodeLengthMismatch { expected: digits });
        }
        parsed.push(c);
    }
    if parsed.len() != usize::from(digits) {
        return Err(Error::CodeLengthMismatch { expected: digits });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_have_named_limits() {
        assert_eq!(OtpParams::new(Algorithm::Sha1, 5, 30), Err(Error::DigitsOutOfRange));
        assert_eq!(OtpParams::new(Algorithm::Sha1, 9, 30), Err(Error::DigitsOutOfRange));
        assert_eq!(OtpParams::new(Algorithm::Sha1, 6, 0), Err(Error::PeriodOutOfRange));
        assert_eq!(OtpParams::new(Algorithm::Sha1, 6, 3601), Err(Error::PeriodOutOfRange));
        assert!(OtpParams::new(Algorithm::Sha512, 8, 3600).is_ok());
    }

    #[test]
    fn algorithm_names_ignore_case() {
        assert_eq!(Algorithm::from_name("sha256"), Ok(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("MD5"), Err(Error::AlgorithmUnknown));
    }

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(parse_code(" 123 456 ", 6), Ok("123456".to_owned()));
        assert_eq!(parse_code("12345", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
        assert_eq!(parse_code("1234567", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
        assert_eq!(parse_code("12345a", 6), Err(Error::CodeNotNumeric));
        assert_eq!(parse_code("١٢٣٤٥٦", 6), Err(Error::CodeNotNumeric));
        assert_eq!(parse_code("", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
    }
}
