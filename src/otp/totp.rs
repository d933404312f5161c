//! TOTP (RFC 6238): codes from a secret and the time, and their verification.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::hmac::Hmac;
use super::hotp::{Digits, hotp, parse_code};
use super::params::OtpParams;
use super::secret::Secret;
use super::time::MAX_SAFE_INTEGER;
use crate::error::{Error, Result};

/// The code for a moment, with where it sits in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TotpCode {
    /// The code, zero-padded to its digits.
    pub code: String,
    /// The time step it belongs to: unix seconds divided by the period.
    pub time_step: u64,
    /// Seconds until the next time step begins (1 to the period).
    pub remaining_seconds: u32,
}

/// The outcome of checking a code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// Whether the code matched a time step inside the window and after the last accepted one.
    pub valid: bool,
    /// The time step that matched; store it and pass it as `after_time_step` next time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub time_step: Option<u64>,
    /// How many steps the matching code was from the current one (negative: the past).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub delta: Option<i64>,
}

impl Verification {
    const REFUSED: Self = Self { valid: false, time_step: None, delta: None };
}

/// A TOTP generator and verifier for one secret.
#[derive(Clone, Debug)]
pub struct Totp {
    secret: Secret,
    params: OtpParams,
}

impl Totp {
    /// Widest verification window, in time steps each way (±5 minutes at 30 s).
    pub const MAX_WINDOW: u32 = 10;
    /// The verification window unless asked otherwise: one step of clock drift each way.
    pub const DEFAULT_WINDOW: u32 = 1;

    /// Binds a secret to its parameters.
    pub fn new(secret: Secret, params: OtpParams) -> Self {
        Self { secret, params }
    }

    /// The time step that contains `unix_secs`.
    pub fn time_step(&self, unix_secs: u64) -> u64 {
        unix_secs / u64::from(self.params.period())
    }

    /// The code at `unix_secs`.
    pub fn generate(&self, unix_secs: u64) -> TotpCode {
        let period = u64::from(self.params.period());
        let time_step = self.time_step(unix_secs);
        TotpCode {
            code: hotp(&self.secret, time_step, &self.params),
            time_step,
            // Below the period, which is a u32, so the conversion is exact.
            remaining_seconds: (period - unix_secs % period) as u32,
        }
    }

    /// Checks `code` against the time steps within `window` steps of `unix_secs`, refusing
    /// every step up to and including `after_time_step` (RFC 6238 §5.2: a code is accepted once).
    ///
    /// Every candidate is compared in constant time and all of them are compared, so the time
    /// taken says nothing about which step (if any) matched. The closest match wins.
    ///
    /// # Errors
    ///
    /// [`Error::WindowOutOfRange`], and the errors of [`parse_code`] for a malformed code.
    pub fn verify(
        &self,
        code: &str,
        unix_secs: u64,
        window: u32,
        after_time_step: Option<u64>,
    ) -> Result<Verification> {
        if window > Self::MAX_WINDOW {
            return Err(Error::WindowOutOfRange { max: Self::MAX_WINDOW });
        }
        let code = parse_code(code, self.params.digits())?;
        let current = self.time_step(unix_secs);
        let key = Hmac::new(self.params.algorithm(), self.secret.as_bytes());
        let mut best: Option<(u64, i64)> = None;
        for delta in -i64::from(window)..=i64::from(window) {
            // A time step is a counter, which stays exact in JSON and JS numbers.
            let Some(step) = current.checked_add_signed(delta).filter(|s| *s <= MAX_SAFE_INTEGER) else {
                continue;
            };
            let matched: bool =
                Digits::of(&key, step, self.params.digits()).as_bytes().ct_eq(code.as_bytes()).into();
            let fresh = after_time_step.is_none_or(|last| step > last);
            if matched && fresh && best.is_none_or(|(_, d)| delta.abs() < d.abs()) {
                best = Some((step, delta));
            }
        }
        Ok(best.map_or(Verification::REFUSED, |(step, delta)| Verification {
            valid: true,
            time_step: Some(step),
            delta: Some(delta),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::params::Algorithm;

    fn rfc_totp() -> Totp {
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        let params = OtpParams::new(Algorithm::Sha1, 6, 30);
        match (secret, params) {
            (Ok(s), Ok(p)) => Totp::new(s, p),
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn remaining_seconds_count_down_to_the_next_step() {
        let totp = rfc_totp();
        assert_eq!(totp.generate(60).remaining_seconds, 30);
        assert_eq!(totp.generate(89).remaining_seconds, 1);
        assert_eq!(totp.generate(89).time_step, 2);
    }

    #[test]
    fn a_code_is_valid_one_step_each_way_by_default() {
        let totp = rfc_totp();
        let code = totp.generate(1_000_000).code;
        for (time, delta) in [(1_000_000 - 30, 1), (1_000_000, 0), (1_000_000 + 30, -1)] {
            let v = totp.verify(&code, time, 1, None);
            assert_eq!(v.map(|v| v.delta), Ok(Some(delta)));
        }
        assert_eq!(totp.verify(&code, 1_000_000 + 60, 1, None), Ok(Verification::REFUSED));
        assert_eq!(totp.verify(&code, 1_000_000 + 60, 2, None).map(|v| v.valid), Ok(true));
    }

    #[test]
    fn a_used_step_is_refused() {
        let totp = rfc_totp();
        let now = 1_000_000;
        let code = totp.generate(now);
        let first = totp.verify(&code.code, now, 1, None);
        assert_eq!(first.clone().map(|v| v.time_step), Ok(Some(code.time_step)));
        let replay = totp.verify(&code.code, now, 1, Some(code.time_step));
        assert_eq!(replay, Ok(Verification::REFUSED));
        let earlier = totp.verify(&code.code, now, 1, Some(code.time_step - 1));
        assert_eq!(earlier, first);
    }

    #[test]
    fn the_window_has_a_limit_and_time_zero_works() {
        let totp = rfc_totp();
        assert_eq!(totp.verify("000000", 0, 11, None), Err(Error::WindowOutOfRange { max: 10 }));
        let code = totp.generate(0).code;
        assert_eq!(totp.verify(&code, 0, 10, None).map(|v| v.delta), Ok(Some(0)));
    }

    #[test]
    fn no_step_past_the_last_exact_counter_is_tried() {
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        let Ok(totp) = secret.and_then(|s| Ok(Totp::new(s, OtpParams::new(Algorithm::Sha1, 6, 1)?))) else {
            unreachable!()
        };
        let last = totp.generate(MAX_SAFE_INTEGER);
        assert_eq!(
            totp.verify(&last.code, MAX_SAFE_INTEGER, 1, None).map(|v| v.time_step),
            Ok(Some(MAX_SAFE_INTEGER))
        );
        let beyond = hotp(&totp.secret, MAX_SAFE_INTEGER + 1, &totp.params);
        assert_eq!(totp.verify(&beyond, MAX_SAFE_INTEGER, 1, None).map(|v| v.valid), Ok(beyond == last.code));
    }
}
