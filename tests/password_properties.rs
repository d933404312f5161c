//! What must never happen to a password check, whatever the policy and the input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use twofold::{ClassRequirements, Policy, UserContext, check_password};

/// Policies of every shape, valid or not (the checker refuses the invalid ones).
fn policy() -> impl Strategy<Value = Policy> {
    let classes = prop::option::of((0u32..3, 0u32..3, 0u32..3, 0u32..3).prop_map(
        |(lowercase, uppercase, digit, symbol)| ClassRequirements { lowercase, uppercase, digit, symbol },
    ));
    let words = prop::collection::vec(
        prop_oneof![Just("acme".to_owned()), Just("roadrunner".to_owned()), "[a-z0-9@$]{3,12}"],
        0..3,
    );
    (
        (prop::option::of(0u32..30), prop::option::of(1u32..60), classes, prop::option::of(0u8..=4)),
        (
            any::<bool>(),
            words,
            prop::option::of(1u32..5),
            prop::option::of(1u32..400),
            prop::option::of(0u32..10),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (min_length, max_length, classes, min_score),
                (
                    reject_personal_data,
                    banned_words,
                    max_repeated_chars,
                    max_age_days,
                    history_count,
                    reject_breached,
                ),
            )| Policy {
                min_length,
                max_length,
                classes,
                min_score,
                reject_personal_data,
                reject_breached,
                banned_words,
                max_repeated_chars,
                max_age_days,
                history_count,
            },
        )
}

/// `base` with every rule of `extra` that `base` does not set added to it.
fn with_rules_of(base: &Policy, extra: &Policy) -> Policy {
    Policy {
        min_length: base.min_length.or(extra.min_length),
        max_length: base.max_length.or(extra.max_length),
        classes: base.classes.clone().or_else(|| extra.classes.clone()),
        min_score: base.min_score.or(extra.min_score),
        reject_personal_data: base.reject_personal_data || extra.reject_personal_data,
        reject_breached: base.reject_breached || extra.reject_breached,
        banned_words: base.banned_words.iter().chain(&extra.banned_words).cloned().collect(),
        max_repeated_chars: base.max_repeated_chars.or(extra.max_repeated_chars),
        max_age_days: base.max_age_days.or(extra.max_age_days),
        history_count: base.history_count.or(extra.history_count),
    }
}

fn password() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,30}",
        "[a-zA-Z0-9!@$ ]{0,24}",
        Just("password".to_owned()),
        Just("R0adRunn3r!2024".to_owned()),
        Just("jane.doe1984".to_owned()),
        Just("correct horse battery staple".to_owned()),
    ]
}

fn context() -> UserContext {
    UserContext {
        email: Some("jane.doe@example.com".into()),
        name: Some("Jane Doe".into()),
        username: Some("jdoe".into()),
        tenant: Some("Acme".into()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn checking_any_string_never_panics(password in "\\PC{0,200}", policy in policy(), locale in "[a-z]{0,3}") {
        if let Ok(verdict) = check_password(&password, &policy, &context(), &locale) {
            prop_assert_eq!(verdict.accepted, verdict.violations.is_empty());
            prop_assert!(verdict.strength.score <= 4);
            prop_assert!(verdict.evaluated_chars <= verdict.length);
        }
    }

    #[test]
    fn adding_a_rule_never_turns_a_rejection_into_an_acceptance(
        password in password(),
        base in policy(),
        extra in policy(),
    ) {
        let stricter = with_rules_of(&base, &extra);
        let (Ok(before), Ok(after)) = (
            check_password(&password, &base, &context(), "en"),
            check_password(&password, &stricter, &context(), "en"),
        ) else {
            // One of the two policies is impossible (say, minLength above maxLength).
            return Ok(());
        };
        if !before.accepted {
            prop_assert!(!after.accepted, "{:?} rejected by {:?} but accepted by {:?}", password, base, stricter);
        }
        for violation in &before.violations {
            prop_assert!(after.violations.iter().any(|v| v.code == violation.code));
        }
    }
}
