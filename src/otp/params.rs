//! The parameters shared by every one-time password: hash, digits and period.

use core::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The HMAC hash of a one-time password.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
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
        Self {
            algorithm: Algorithm::Sha1,
            digits: Self::DEFAULT_DIGITS,
            period: Self::DEFAULT_PERIOD_SECONDS,
        }
    }
}

impl OtpParams {
    /// Digits a code may have. RFC 4226 asks for at least 6; apps show at most 8.
    pub const DIGITS: RangeInclusive<u8> = 6..=8;
    /// Periods a time step may last, in seconds: a second to an hour.
    pub const PERIOD_SECONDS: RangeInclusive<u32> = 1..=3600;
    /// The digits every authenticator app supports.
    pub const DEFAULT_DIGITS: u8 = 6;
    /// The period every authenticator app supports (RFC 6238 §5.2).
    pub const DEFAULT_PERIOD_SECONDS: u32 = 30;

    /// Checks the parameters against [`Self::DIGITS`] and [`Self::PERIOD_SECONDS`].
    ///
    /// # Errors
    ///
    /// [`Error::DigitsOutOfRange`], [`Error::PeriodOutOfRange`].
    pub fn new(algorithm: Algorithm, digits: u8, period: u32) -> Result<Self> {
        if !Self::DIGITS.contains(&digits) {
            return Err(Self::digits_out_of_range());
        }
        if !Self::PERIOD_SECONDS.contains(&period) {
            return Err(Self::period_out_of_range());
        }
        Ok(Self { algorithm, digits, period })
    }

    /// The error for digits outside [`Self::DIGITS`], with the limits it names.
    pub(crate) fn digits_out_of_range() -> Error {
        Error::DigitsOutOfRange { min: *Self::DIGITS.start(), max: *Self::DIGITS.end() }
    }

    /// The error for a period outside [`Self::PERIOD_SECONDS`], with the limits it names.
    pub(crate) fn period_out_of_range() -> Error {
        Error::PeriodOutOfRange { min: *Self::PERIOD_SECONDS.start(), max: *Self::PERIOD_SECONDS.end() }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_have_named_limits() {
        let digits = Err(Error::DigitsOutOfRange { min: 6, max: 8 });
        let period = Err(Error::PeriodOutOfRange { min: 1, max: 3600 });
        assert_eq!(OtpParams::new(Algorithm::Sha1, 5, 30), digits);
        assert_eq!(OtpParams::new(Algorithm::Sha1, 9, 30), digits);
        assert_eq!(OtpParams::new(Algorithm::Sha1, 6, 0), period);
        assert_eq!(OtpParams::new(Algorithm::Sha1, 6, 3601), period);
        assert!(OtpParams::new(Algorithm::Sha512, 8, 3600).is_ok());
    }

    #[test]
    fn algorithm_names_ignore_case() {
        assert_eq!(Algorithm::from_name("sha256"), Ok(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("MD5"), Err(Error::AlgorithmUnknown));
    }
}
