//! RFC 6238 Appendix B: all 18 TOTP values (8 digits, 30 s), SHA1/SHA256/SHA512 with the
//! 20-, 32- and 64-byte seeds of the RFC erratum.
// Under wasm the tests are `wasm_bindgen_test`s, which clippy does not know to be tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::{Algorithm, Totp};

#[test]
fn appendix_b_values() {
    let v = common::vectors();
    assert_eq!(v.totp.len(), 18);
    for row in &v.totp {
        let secret = common::seed(&v, row.algorithm);
        assert_eq!(secret.as_bytes(), v.seeds_ascii[row.algorithm.as_str()].as_bytes());
        let totp = Totp::new(secret, common::params(row.algorithm, 8));
        let code = totp.generate(row.time);
        assert_eq!(code.code, row.code, "{:?} at {}", row.algorithm, row.time);
        assert_eq!(code.time_step, row.time_step);
    }
}

#[test]
fn appendix_b_values_verify_and_refuse_replay() {
    let v = common::vectors();
    for row in &v.totp {
        let totp = Totp::new(common::seed(&v, row.algorithm), common::params(row.algorithm, 8));
        let first = totp.verify(&row.code, row.time, 1, None).expect("well-formed");
        assert!(first.valid && first.time_step == Some(row.time_step) && first.delta == Some(0));
        let again = totp.verify(&row.code, row.time, 1, first.time_step).expect("well-formed");
        assert!(!again.valid, "replay of {} accepted", row.code);
    }
}

#[test]
fn times_past_2038_and_2_pow_32() {
    // 20000000000 is in the table; these check the arithmetic stays in u64 beyond 2^32 s.
    let v = common::vectors();
    let totp = Totp::new(common::seed(&v, Algorithm::Sha1), common::params(Algorithm::Sha1, 6));
    for time in [2_147_483_648, 4_294_967_296, 4_294_967_326, 9_007_199_254_740_991] {
        let code = totp.generate(time);
        assert_eq!(code.time_step, time / 30);
        let check = totp.verify(&code.code, time, 0, None).expect("well-formed");
        assert_eq!(check.time_step, Some(time / 30));
    }
}
