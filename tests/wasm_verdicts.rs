//! The shared table of password cases through the wasm API (`checkPassword`), under
//! `wasm-pack test`: the verdicts must equal the native ones in `tests/vectors/verdicts.json`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used)]

mod common;

use js_sys::JSON;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::wasm;

#[test]
fn wasm_verdicts_equal_native_verdicts() {
    let table = common::password_cases();
    let expected = common::expected_verdicts();
    for locale in &table.locales {
        for (i, case) in table.cases.iter().enumerate() {
            let policy = JSON::parse(&table.policies[&case.policy].to_string()).expect("policy");
            let context = JSON::parse(&table.contexts[&case.context].to_string()).expect("context");
            let verdict = wasm::check_password(
                JsValue::from_str(&case.password),
                policy,
                context,
                JsValue::from_str(locale),
            )
            .expect("verdict");
            let json: String = JSON::stringify(&verdict).expect("stringify").into();
            let got: serde_json::Value = serde_json::from_str(&json).expect("json");
            assert_eq!(
                common::comparable(got),
                common::comparable(expected[locale][i].clone()),
                "{locale} case {i}: {:?}",
                case.password
            );
        }
    }
}

#[test]
fn the_checker_class_gives_the_same_verdicts() {
    let table = common::password_cases();
    let expected = common::expected_verdicts();
    let policy = JSON::parse(&table.policies["design"].to_string()).expect("policy");
    let checker = wasm::PasswordChecker::new(policy, JsValue::from_str("ru")).expect("valid");
    for (i, case) in table.cases.iter().enumerate().filter(|(_, c)| c.policy == "design") {
        let context = JSON::parse(&table.contexts[&case.context].to_string()).expect("context");
        let json: String =
            JSON::stringify(&checker.check(JsValue::from_str(&case.password), context).expect("verdict"))
                .expect("json")
                .into();
        let got: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(common::comparable(got), common::comparable(expected["ru"][i].clone()), "case {i}");
    }
}
