//! RFC 4648 §10: base32 test vectors, encoded without padding and decoded with or without it.
// Under wasm the tests are `wasm_bindgen_test`s, which clippy does not know to be tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::encoding::{base32_decode, base32_encode};

#[test]
fn section_10_vectors() {
    let v = common::vectors();
    assert_eq!(v.base32.len(), 7);
    for row in &v.base32 {
        let unpadded = row.encoded.trim_end_matches('=');
        assert_eq!(base32_encode(row.text.as_bytes()), unpadded);
        assert_eq!(base32_decode(&row.encoded).as_deref(), Ok(row.text.as_bytes()));
        assert_eq!(base32_decode(unpadded).as_deref(), Ok(row.text.as_bytes()));
        assert_eq!(base32_decode(&unpadded.to_lowercase()).as_deref(), Ok(row.text.as_bytes()));
    }
}
