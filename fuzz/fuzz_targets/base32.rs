//! Base32 decoding, fed arbitrary text: a secret that decodes encodes back to canonical text
//! that decodes to the same bytes; any bytes encode and decode back to themselves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold::Secret;
use twofold::encoding::{base32_decode, base32_encode};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = base32_decode(&text) {
        assert_eq!(base32_decode(&base32_encode(&bytes)).expect("canonical text decodes"), bytes);
    }
    if let Ok(secret) = Secret::from_base32(&text) {
        let canonical = secret.to_base32();
        assert_eq!(Secret::from_base32(&canonical).expect("canonical").as_bytes(), secret.as_bytes());
    }
    assert_eq!(base32_decode(&base32_encode(data)).expect("encoded bytes decode"), data);
});
