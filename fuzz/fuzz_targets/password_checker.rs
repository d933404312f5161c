//! The password checker, fed arbitrary passwords and personal data under a policy with every
//! rule on, in each language: a verdict always comes back, it accepts exactly when nothing is
//! violated, and its lengths agree with each other.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use twofold::{PasswordChecker, Policy, UserContext, locales};

static CHECKERS: LazyLock<Vec<PasswordChecker>> = LazyLock::new(|| {
    let every_rule = r#"{"minLength":12,"maxLength":128,"classes":{"lowercase":1,"uppercase":1,"digit":1,"symbol":1},
        "minScore":3,"rejectPersonalData":true,"bannedWords":["acme","roadrunner","пароль"],"maxRepeatedChars":3}"#;
    let policy = Policy::from_json(every_rule).expect("policy");
    locales().iter().map(|locale| PasswordChecker::new(policy.clone(), locale).expect("checker")).collect()
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    // Fields split at 0xFF, which UTF-8 never uses: password, email, name, username, tenant.
    let mut fields = rest.split(|&b| b == 0xff).map(|f| String::from_utf8_lossy(f).into_owned());
    let password = fields.next().unwrap_or_default();
    let context = UserContext { email: fields.next(), name: fields.next(), username: fields.next(), tenant: fields.next() };
    let checker = &CHECKERS[usize::from(pick) % CHECKERS.len()];
    let verdict = checker.check(&password, &context);
    assert_eq!(verdict.accepted, verdict.violations.is_empty());
    assert!(verdict.evaluated_chars <= verdict.length);
    assert!(verdict.strength.score <= 4);
});
