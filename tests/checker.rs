//! Every rule of a policy, the presets, Unicode, and what the verdict says.
#![allow(clippy::expect_used)]

use twofold::{
    BreachQuery, ClassRequirements, MAX_ESTIMATED_CHARS, PasswordChecker, Policy, PresetOptions, UserContext,
    Verdict, check_password, preset_policy,
};

fn check(password: &str, policy: &Policy) -> Verdict {
    check_password(password, policy, &UserContext::default(), "en").expect("valid policy")
}

fn codes(verdict: &Verdict) -> Vec<&str> {
    verdict.violations.iter().map(|v| v.code.as_str()).collect()
}

fn classes(lowercase: u32, uppercase: u32, digit: u32, symbol: u32) -> Policy {
    Policy { classes: Some(ClassRequirements { lowercase, uppercase, digit, symbol }), ..Policy::default() }
}

#[test]
fn an_empty_policy_accepts_anything_and_still_reports_strength() {
    for password in ["", "a", "password", "correct horse battery staple"] {
        let verdict = check(password, &Policy::default());
        assert!(
            verdict.accepted && verdict.violations.is_empty() && verdict.checklist.is_empty(),
            "{password}"
        );
    }
    assert_eq!(check("password", &Policy::default()).strength.score, 0);
    assert_eq!(check("correct horse battery staple", &Policy::default()).strength.score, 4);
}

#[test]
fn length_counts_code_points_after_nfkc() {
    let policy = Policy { min_length: Some(4), max_length: Some(6), ..Policy::default() };
    assert_eq!(codes(&check("abc", &policy)), ["too_short"]);
    assert_eq!(codes(&check("日本語です", &policy)), Vec::<&str>::new(), "5 code points, 15 bytes");
    assert_eq!(codes(&check("🔐🔐🔐🔐", &policy)), Vec::<&str>::new(), "4 code points, 8 UTF-16 units");
    assert_eq!(codes(&check("abcdefg", &policy)), ["too_long"]);
    // "ﬃ" (one ligature) is "ffi" under NFKC: 3 + 3 = 6 characters.
    assert_eq!(check("ﬃabc", &policy).length, 6);
    let short = check("abc", &policy);
    assert_eq!(short.violations[0].params["min"], twofold::Param::Number(4));
    assert_eq!(short.violations[0].params["actual"], twofold::Param::Number(3));
    assert_eq!(short.violations[0].message, "Use at least 4 characters.");
}

#[test]
fn character_classes_are_unicode_aware() {
    let policy = classes(1, 1, 1, 1);
    assert_eq!(codes(&check("Жж٣!", &policy)), Vec::<&str>::new(), "Cyrillic cases, an Arabic-Indic digit");
    assert_eq!(codes(&check("жж٣!", &policy)), ["missing_uppercase"]);
    assert_eq!(codes(&check("ЖЖ٣ ", &policy)), ["missing_lowercase"], "a space is a symbol");
    assert_eq!(codes(&check("Жжx🔐", &policy)), ["missing_digit"], "an emoji is a symbol");
    assert_eq!(codes(&check("Жж٣x", &policy)), ["missing_symbol"]);
    assert_eq!(codes(&check("", &classes(2, 0, 3, 0))), ["missing_lowercase", "missing_digit"]);
    assert_eq!(codes(&check("ab12", &classes(2, 0, 3, 0))), ["missing_digit"]);
    // Full-width digits are digits once normalised.
    assert_eq!(codes(&check("aＡ１!", &policy)), Vec::<&str>::new());
}

#[test]
fn minimum_score() {
    let policy = Policy { min_score: Some(3), ..Policy::default() };
    let weak = check("password1", &policy);
    assert_eq!(codes(&weak), ["too_weak"]);
    assert_eq!(weak.violations[0].params["actual"], twofold::Param::Number(u64::from(weak.strength.score)));
    assert!(check("correct horse battery staple", &policy).accepted);
}

#[test]
fn personal_data_is_refused_case_insensitively_for_terms_of_four_or_more() {
    let policy = Policy { reject_personal_data: true, ..Policy::default() };
    let context = UserContext {
        email: Some("j.smith@example.com".into()),
        name: Some("Jo Smithers".into()),
        username: Some("jsm".into()),
        tenant: Some("Roadrunner Logistics".into()),
    };
    let run = |password: &str| {
        let verdict = check_password(password, &policy, &context, "en").expect("valid");
        verdict.violations.first().map(|v| (v.code.clone(), v.params["field"].clone()))
    };
    let field = |f: &str| Some(("contains_personal_data".to_owned(), twofold::Param::Text(f.into())));
    assert_eq!(run("my J.SMITH password"), field("email"));
    assert_eq!(run("xxSMITHERSxx"), field("name"));
    assert_eq!(run("roadrunner logistics rocks"), field("tenant"));
    assert_eq!(run("Logistics2024!"), field("tenant"), "a word of the tenant's name alone");
    assert_eq!(run("Jo and jsm and smith"), None, "Jo and jsm are too short; smith alone is not a term");
    // The same password is fine when the policy does not ask.
    let relaxed = check_password("my j.smith password", &Policy::default(), &context, "en").expect("valid");
    assert!(relaxed.accepted);
}

#[test]
fn banned_words_see_through_substitutions_and_one_edit() {
    let policy = Policy { banned_words: vec!["acme".into(), "Roadrunner".into()], ..Policy::default() };
    for password in
        ["I work at ACME", "@cm3 rocks", "r0adrunn3r!", "beep roadrunnr beep", "roadrrunner", "R04DRUNN3R"]
    {
        let verdict = check(password, &policy);
        assert_eq!(codes(&verdict), ["contains_banned_word"], "{password}");
    }
    assert_eq!(check("rodrumner", &policy).violations.len(), 0, "two edits away");
    assert_eq!(check("acne", &policy).violations.len(), 0, "short words match exactly");
    let verdict = check("ACME", &policy);
    assert_eq!(verdict.violations[0].message, "Don't use “acme” or a variation of it.");
}

#[test]
fn repeated_characters() {
    let policy = Policy { max_repeated_chars: Some(2), ..Policy::default() };
    assert!(check("aabbcc", &policy).accepted);
    let verdict = check("abcccd", &policy);
    assert_eq!(codes(&verdict), ["too_many_repeats"]);
    assert_eq!(verdict.violations[0].params["actual"], twofold::Param::Number(3));
}

#[test]
fn server_side_rules_are_requirements_not_checklist_items() {
    let policy =
        Policy { min_length: Some(8), max_age_days: Some(90), history_count: Some(5), ..Policy::default() };
    let checker = PasswordChecker::new(policy, "en").expect("valid");
    let requirements: Vec<(String, String, bool)> =
        checker.requirements().into_iter().map(|r| (r.code, r.label, r.server_side)).collect();
    assert_eq!(
        requirements,
        [
            ("min_length".to_owned(), "At least 8 characters".to_owned(), false),
            ("max_age_days".to_owned(), "Must be changed every 90 days".to_owned(), true),
            ("history_count".to_owned(), "Not one of your last 5 passwords".to_owned(), true),
        ]
    );
    let verdict = checker.check("short", &UserContext::default());
    let checklist: Vec<(&str, bool)> = verdict.checklist.iter().map(|c| (c.code.as_str(), c.met)).collect();
    assert_eq!(checklist, [("min_length", false)]);
}

#[test]
fn requirements_read_as_a_checklist_in_three_languages() {
    let policy = preset_policy("legacy-complex", &PresetOptions::default()).expect("preset");
    let labels = |locale: &str| -> Vec<String> {
        PasswordChecker::new(policy.clone(), locale)
            .expect("valid")
            .requirements()
            .into_iter()
            .map(|r| r.label)
            .collect()
    };
    assert_eq!(labels("en")[..2], ["At least 10 characters", "At most 128 characters"]);
    assert_eq!(labels("en")[7], "Not your name or email");
    assert_eq!(labels("ru-RU")[0], "Не менее 10 символов");
    assert_eq!(labels("ca")[0], "Almenys 10 caràcters");
    assert_eq!(labels("zz"), labels("en"), "unknown locales fall back to English");
}

#[test]
fn presets() {
    let nist = preset_policy("nist-800-63b-4", &PresetOptions::default()).expect("preset");
    assert_eq!(nist.min_length, Some(15));
    assert!(nist.max_length.is_some_and(|max| max >= 64));
    assert_eq!((nist.classes.clone(), nist.max_age_days, nist.history_count), (None, None, None));
    assert!(nist.reject_personal_data && nist.min_score.is_some());
    let nist_2fa = preset_policy("nist-800-63b-4", &PresetOptions { two_factor: true, ..Default::default() });
    assert_eq!(nist_2fa.expect("preset").min_length, Some(8));
    assert!(check("correct horse battery staple", &nist).accepted);
    assert_eq!(codes(&check("password", &nist)), ["too_short", "too_weak"]);

    let legacy = preset_policy(
        "legacy-complex",
        &PresetOptions { banned_words: vec!["acme".into()], ..Default::default() },
    )
    .expect("preset");
    assert_eq!(legacy.classes, Some(ClassRequirements { lowercase: 1, uppercase: 1, digit: 1, symbol: 1 }));
    assert_eq!(codes(&check("Acme-Tr4ck-Wombat", &legacy)), ["contains_banned_word"]);
    assert!(check("Tr4ck-Wombat-Kettle", &legacy).accepted);
    assert_eq!(
        preset_policy("nope", &PresetOptions::default()).map(|_| ()),
        Err(twofold::Error::PresetUnknown { known: twofold::PRESETS })
    );
}

#[test]
fn only_a_prefix_is_estimated_but_every_rule_sees_the_whole_password() {
    let policy = Policy {
        max_length: Some(200),
        classes: Some(ClassRequirements { symbol: 1, ..ClassRequirements::default() }),
        banned_words: vec!["roadrunner".into()],
        ..Policy::default()
    };
    // The symbol and the banned word sit past the estimated prefix.
    let password = format!("{}!roadrunner", "a".repeat(150));
    let verdict = check(&password, &policy);
    assert_eq!(verdict.evaluated_chars as usize, MAX_ESTIMATED_CHARS);
    assert_eq!(verdict.length, 161);
    assert_eq!(codes(&verdict), ["contains_banned_word"]);
    assert!(verdict.strength.notice.as_deref().is_some_and(|n| n.contains("64")));
    let past = check(&format!("{}x", "a".repeat(200)), &policy);
    assert_eq!(codes(&past), ["too_long", "missing_symbol"]);
}

#[test]
fn a_megabyte_returns_quickly_and_whole() {
    let policy = Policy {
        max_length: Some(128),
        classes: Some(ClassRequirements { lowercase: 1, uppercase: 1, digit: 1, symbol: 1 }),
        reject_personal_data: true,
        banned_words: vec!["acme".into(), "roadrunner".into()],
        max_repeated_chars: Some(3),
        ..Policy::default()
    };
    let context = UserContext { email: Some("jane@example.com".into()), ..UserContext::default() };
    let mut password = "Zq7!xk".repeat(1 << 17);
    password.push_str("roadrunner");
    let verdict = check_password(&password, &policy, &context, "en").expect("valid");
    assert_eq!(codes(&verdict), ["too_long", "contains_banned_word"]);
    assert_eq!(verdict.length as usize, password.chars().count());
}

#[test]
fn known_breaches_are_the_range_apis_to_say_and_the_verdicts_to_tell() {
    let policy = Policy { reject_breached: true, min_length: Some(8), ..Policy::default() };
    let checker = PasswordChecker::new(policy.clone(), "en").expect("valid policy");
    let requirement =
        checker.requirements().into_iter().find(|r| r.code == "known_breaches").expect("listed");
    assert!(requirement.server_side, "never ticked while typing");
    assert_eq!(requirement.label, "Not found in known data breaches");
    // Without the range API's answer the rule is neither met nor broken.
    let typed = checker.check("password", &UserContext::default());
    assert!(typed.accepted && !typed.checklist.iter().any(|i| i.code == "known_breaches"));
    // With it: the same verdict plus the rule.
    let range = format!("{}:3861493\r\n", &"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"[5..]);
    let count = BreachQuery::new("password").count_in(&range).expect("a range");
    let refused = checker.check_with_breaches("password", &UserContext::default(), count);
    assert_eq!(codes(&refused), ["breached"]);
    assert!(!refused.accepted && refused.checklist.iter().any(|i| i.code == "known_breaches" && !i.met));
    assert_eq!(refused.violations[0].params["count"], twofold::Param::Number(3_861_493));
    assert_eq!(refused.strength, typed.strength, "nothing else changes");
    let passed = checker.check_with_breaches("password", &UserContext::default(), 0);
    assert!(passed.accepted && passed.checklist.iter().any(|i| i.code == "known_breaches" && i.met));
    for (locale, start) in
        [("ru", "Этот пароль есть в известных утечках"), ("ca", "Aquesta contrasenya apareix")]
    {
        let verdict = PasswordChecker::new(policy.clone(), locale).expect("valid").check_with_breaches(
            "password",
            &UserContext::default(),
            1,
        );
        assert!(
            verdict.violations[0].message.starts_with(start),
            "{locale}: {}",
            verdict.violations[0].message
        );
    }
    // A policy that does not ask ignores the answer.
    let relaxed = PasswordChecker::new(Policy::default(), "en").expect("valid");
    assert!(relaxed.check_with_breaches("password", &UserContext::default(), 7).accepted);
    assert_eq!(
        Policy::from_json(r#"{"rejectBreached":true}"#).expect("parses").to_json(),
        r#"{"rejectBreached":true}"#
    );
    assert!(Policy::from_json(r#"{"rejectBreached":"yes"}"#).is_err());
}
