//! Key URI parsing, fed arbitrary text: a URI that parses builds back into a URI that parses
//! to the same parameters, and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold::{build_otpauth_uri, parse_otpauth_uri};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(params) = parse_otpauth_uri(text) else { return };
    let built = build_otpauth_uri(&params).expect("what parses builds");
    let again = parse_otpauth_uri(&built.uri).expect("what was built parses");
    assert_eq!(again, params, "{text:?} → {:?}", built.uri);
});
