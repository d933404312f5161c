//! totp-lite, the TOTP crate the package was first specified with (a thin wrapper over the same
//! hmac, sha1 and sha2 crates), as an oracle: on random secrets, times, periods, algorithms and
//! digit counts, every code we compute is the one it computes.

use proptest::collection::vec;
use proptest::prelude::*;
use totp_lite::{Sha1, Sha256, Sha512, totp_custom};
use twofold::{Algorithm, MAX_SAFE_INTEGER, OtpParams, Secret, Totp};

fn oracle(algorithm: Algorithm, period: u32, digits: u8, secret: &[u8], time: u64) -> String {
    let (step, digits) = (u64::from(period), u32::from(digits));
    match algorithm {
        Algorithm::Sha1 => totp_custom::<Sha1>(step, digits, secret, time),
        Algorithm::Sha256 => totp_custom::<Sha256>(step, digits, secret, time),
        Algorithm::Sha512 => totp_custom::<Sha512>(step, digits, secret, time),
    }
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn our_codes_are_totp_lites(
        secret in vec(any::<u8>(), Secret::MIN_BYTES..=Secret::MAX_BYTES),
        time in prop_oneof![0..=2_000_000_000u64, 0..=MAX_SAFE_INTEGER],
        period in prop_oneof![Just(30u32), OtpParams::PERIOD_SECONDS],
        digits in OtpParams::DIGITS,
        algorithm in algorithm(),
    ) {
        let expected = oracle(algorithm, period, digits, &secret, time);
        let totp = Totp::new(Secret::from_bytes(secret).map_err(|e| TestCaseError::fail(e.to_string()))?,
            OtpParams::new(algorithm, digits, period).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let code = totp.generate(time);
        prop_assert_eq!(&code.code, &expected);
        let verified = totp.verify(&expected, time, 0, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(verified.time_step, Some(time / u64::from(period)));
    }
}
