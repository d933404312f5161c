//! Policy JSON, fed arbitrary text: a policy that reads writes back to JSON that reads as the
//! same policy, and makes a checker; nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold::{PasswordChecker, Policy};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(policy) = Policy::from_json(text) else { return };
    let again = Policy::from_json(&policy.to_json()).expect("written JSON reads");
    assert_eq!(again, policy);
    PasswordChecker::new(policy, "en").expect("a policy that reads makes a checker");
});
