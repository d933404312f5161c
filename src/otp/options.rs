//! What `totp`, `verify_totp` and `hotp` take besides the secret: code parameters that default
//! to what every app supports, or a key URI's whole set of parameters, so that the object
//! [`crate::parse_otpauth_uri`] gives can be passed as it is.

use super::hotp::hotp;
use super::otpauth::OtpType;
use super::params::{Algorithm, OtpParams};
use super::secret::Secret;
use super::totp::Totp;
use crate::error::{Error, Result};

/// Code options as a caller gives them, each optional. A key URI's `type`, `secret` and
/// `counter` may ride along but must agree with the call: a disagreement is an error rather
/// than one of the two silently winning, since either could be the stale one. (Its issuer and
/// account are labels, which no code depends on.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeOptions {
    /// SHA1 when left out.
    pub algorithm: Option<Algorithm>,
    /// [`OtpParams::DEFAULT_DIGITS`] when left out.
    pub digits: Option<u8>,
    /// [`OtpParams::DEFAULT_PERIOD_SECONDS`] when left out; HOTP takes no other.
    pub period: Option<u32>,
    /// A key URI's type, which must be the kind of code asked for.
    pub otp_type: Option<OtpType>,
    /// A key URI's secret, which must decode to the same bytes as the secret given.
    pub secret: Option<String>,
    /// A key URI's counter: HOTP only, and the same as the counter given.
    pub counter: Option<u64>,
}

impl CodeOptions {
    /// The TOTP generator and verifier for `secret` under these options.
    ///
    /// # Errors
    ///
    /// [`Error::OtpTypeMismatch`], [`Error::CounterWithTotp`], [`Error::SecretMismatch`], the
    /// errors of [`Secret::from_base32`] and of [`OtpParams::new`].
    pub fn totp(&self, secret: &str) -> Result<Totp> {
        self.expect(OtpType::Totp)?;
        if self.counter.is_some() {
            return Err(Error::CounterWithTotp);
        }
        Ok(Totp::new(self.secret(secret)?, self.params()?))
    }

    /// The HOTP code for `secret` at `counter` under these options.
    ///
    /// # Errors
    ///
    /// [`Error::OtpTypeMismatch`], [`Error::CounterMismatch`], [`Error::PeriodWithHotp`],
    /// [`Error::SecretMismatch`], the errors of [`Secret::from_base32`] and of
    /// [`OtpParams::new`].
    pub fn hotp(&self, secret: &str, counter: u64) -> Result<String> {
        self.expect(OtpType::Hotp)?;
        if self.counter.is_some_and(|c| c != counter) {
            return Err(Error::CounterMismatch);
        }
        if self.period.is_some_and(|p| p != OtpParams::DEFAULT_PERIOD_SECONDS) {
            return Err(Error::PeriodWithHotp);
        }
        Ok(hotp(&self.secret(secret)?, counter, &self.params()?))
    }

    fn expect(&self, otp_type: OtpType) -> Result<()> {
        if self.otp_type.is_some_and(|t| t != otp_type) { Err(Error::OtpTypeMismatch) } else { Ok(()) }
    }

    fn secret(&self, secret: &str) -> Result<Secret> {
        let secret = Secret::from_base32(secret)?;
        match &self.secret {
            Some(other) if Secret::from_base32(other).ok().as_ref() != Some(&secret) => {
                Err(Error::SecretMismatch)
            }
            _ => Ok(secret),
        }
    }

    fn params(&self) -> Result<OtpParams> {
        OtpParams::new(
            self.algorithm.unwrap_or(Algorithm::Sha1),
            self.digits.unwrap_or(OtpParams::DEFAULT_DIGITS),
            self.period.unwrap_or(OtpParams::DEFAULT_PERIOD_SECONDS),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn defaults_are_what_every_app_supports() {
        let options = CodeOptions::default();
        assert_eq!(options.hotp(SECRET, 0), Ok("755224".to_owned()));
        assert_eq!(options.totp(SECRET).map(|t| t.generate(59).code), Ok("287082".to_owned()));
    }

    #[test]
    fn a_key_uri_rides_along_when_it_agrees() {
        let hotp = CodeOptions {
            otp_type: Some(OtpType::Hotp),
            secret: Some(SECRET.to_lowercase()),
            counter: Some(1),
            period: Some(30),
            ..CodeOptions::default()
        };
        assert_eq!(hotp.hotp(SECRET, 1), Ok("287082".to_owned()));
        assert_eq!(hotp.hotp(SECRET, 2), Err(Error::CounterMismatch));
        assert_eq!(hotp.totp(SECRET).map(|_| ()), Err(Error::OtpTypeMismatch));
        let other = CodeOptions { secret: Some("JBSWY3DPEHPK3PXP".to_owned()), ..CodeOptions::default() };
        assert_eq!(other.hotp(SECRET, 1), Err(Error::SecretMismatch));
        let broken = CodeOptions { secret: Some("not base32".to_owned()), ..CodeOptions::default() };
        assert_eq!(broken.totp(SECRET).map(|_| ()), Err(Error::SecretMismatch));
    }

    #[test]
    fn each_kind_refuses_the_others_parameters() {
        let counter = CodeOptions { counter: Some(0), ..CodeOptions::default() };
        assert_eq!(counter.totp(SECRET).map(|_| ()), Err(Error::CounterWithTotp));
        let period = CodeOptions { period: Some(60), ..CodeOptions::default() };
        assert_eq!(period.hotp(SECRET, 0), Err(Error::PeriodWithHotp));
        let digits = CodeOptions { digits: Some(9), ..CodeOptions::default() };
        assert_eq!(digits.hotp(SECRET, 0), Err(OtpParams::digits_out_of_range()));
    }
}
