//! RFC 4226 Appendix D: HOTP values for the ASCII secret "12345678901234567890", counters 0–9.
// Under wasm the tests are `wasm_bindgen_test`s, which clippy does not know to be tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::{Algorithm, hotp};

#[test]
fn appendix_d_values() {
    let v = common::vectors();
    let secret = common::seed(&v, Algorithm::Sha1);
    assert_eq!(secret.as_bytes(), v.seeds_ascii["SHA1"].as_bytes());
    assert_eq!(v.hotp.len(), 10);
    for row in &v.hotp {
        assert_eq!(
            hotp(&secret, row.counter, &common::params(Algorithm::Sha1, 6)),
            row.code,
            "counter {}",
            row.counter
        );
    }
}

#[test]
fn codes_are_zero_padded() {
    // Appendix D's truncated values are 1284755224 and 1094287082: 8 digits keep the last 8.
    let v = common::vectors();
    let secret = common::seed(&v, Algorithm::Sha1);
    assert_eq!(hotp(&secret, 0, &common::params(Algorithm::Sha1, 8)), "84755224");
    assert_eq!(hotp(&secret, 1, &common::params(Algorithm::Sha1, 7)), "4287082");
    for digits in 6..=8 {
        for counter in 0..200 {
            let code = hotp(&secret, counter, &common::params(Algorithm::Sha1, digits));
            assert_eq!(code.len(), usize::from(digits));
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
