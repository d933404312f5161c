//! The JavaScript API as JS sees it (run by `wasm-pack test --node` and `--headless --chrome`):
//! RFC 4226 Appendix D and RFC 6238 Appendix B through the exported functions, options
//! objects in, plain objects out, and errors as `TwofoldError` with a stable `code`.
#![cfg(target_arch = "wasm32")]
// Under wasm the tests are `wasm_bindgen_test`s, which clippy does not know to be tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use js_sys::{JSON, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test as test;

use twofold::wasm;

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).expect("object")
}

/// The `code` of a thrown `TwofoldError`, after checking it is one.
fn error_code(thrown: JsValue) -> String {
    let error = thrown.dyn_into::<js_sys::Error>().expect("an Error object");
    assert_eq!(error.name(), "TwofoldError");
    assert!(!String::from(error.message()).is_empty());
    get(&error, "code").as_string().expect("a string code")
}

#[test]
fn rfc_4226_through_hotp() {
    let v = common::vectors();
    for row in &v.hotp {
        let code = wasm::hotp(s(&v.seeds["SHA1"]), (row.counter as f64).into(), JsValue::UNDEFINED);
        assert_eq!(code.ok().as_deref(), Some(row.code.as_str()));
    }
}

#[test]
fn rfc_6238_through_totp_and_verify_totp() {
    let v = common::vectors();
    for row in &v.totp {
        let algorithm = row.algorithm.as_str();
        let options = json(&format!(r#"{{"time":{},"digits":8,"algorithm":"{algorithm}"}}"#, row.time));
        let code = wasm::totp(s(&v.seeds[algorithm]), options.clone()).expect("valid");
        assert_eq!(get(&code, "code").as_string(), Some(row.code.clone()), "{algorithm} at {}", row.time);
        assert_eq!(get(&code, "timeStep").as_f64(), Some(row.time_step as f64));
        assert_eq!(get(&code, "remainingSeconds").as_f64(), Some((30 - row.time % 30) as f64));

        let check = wasm::verify_totp(s(&row.code), s(&v.seeds[algorithm]), options).expect("valid");
        assert_eq!(get(&check, "valid").as_bool(), Some(true));
        assert_eq!(get(&check, "delta").as_f64(), Some(0.0));
        let replay = json(&format!(
            r#"{{"time":{},"digits":8,"algorithm":"{algorithm}","afterTimeStep":{}}}"#,
            row.time, row.time_step
        ));
        let again = wasm::verify_totp(s(&row.code), s(&v.seeds[algorithm]), replay).expect("valid");
        assert_eq!(get(&again, "valid").as_bool(), Some(false));
        assert!(get(&again, "timeStep").is_undefined());
    }
}

#[test]
fn the_clock_is_read_when_no_time_is_given() {
    let secret = wasm::generate_secret(JsValue::UNDEFINED).expect("random");
    assert_eq!(secret.len(), 32);
    let code = wasm::totp(s(&secret), JsValue::UNDEFINED).expect("valid");
    let now = (js_sys::Date::now() / 1000.0 / 30.0).floor();
    let step = get(&code, "timeStep").as_f64().expect("number");
    assert!((step - now).abs() <= 1.0, "{step} vs {now}");
    let typed = get(&code, "code").as_string().expect("string");
    let check = wasm::verify_totp(s(&typed), s(&secret), JsValue::UNDEFINED).expect("valid");
    assert_eq!(get(&check, "valid").as_bool(), Some(true));
}

#[test]
fn errors_are_twofold_errors_with_stable_codes() {
    let v = common::vectors();
    let seed = || s(&v.seeds["SHA1"]);
    let cases: Vec<(Result<JsValue, JsValue>, &str)> = vec![
        (wasm::totp(s("not base32!"), JsValue::UNDEFINED), "base32_character_invalid"),
        (wasm::totp(seed(), json(r#"{"digit":8}"#)), "options_invalid"),
        (wasm::totp(seed(), json(r#"{"digits":"8"}"#)), "argument_invalid"),
        (wasm::totp(seed(), json(r#"{"algorithm":"MD5"}"#)), "argument_invalid"),
        (wasm::totp(seed(), json("42")), "argument_invalid"),
        (wasm::totp(JsValue::from(42), JsValue::UNDEFINED), "argument_invalid"),
        (wasm::totp(seed(), json(r#"{"digits":9}"#)), "digits_out_of_range"),
        (wasm::totp(seed(), json(r#"{"period":0}"#)), "period_out_of_range"),
        (wasm::totp(seed(), json(r#"{"time":-1}"#)), "time_invalid"),
        (wasm::verify_totp(s("12345"), seed(), JsValue::UNDEFINED), "code_length_mismatch"),
        (wasm::verify_totp(s("12345x"), seed(), JsValue::UNDEFINED), "code_not_numeric"),
        (wasm::verify_totp(s("123456"), seed(), json(r#"{"window":11}"#)), "window_out_of_range"),
        (wasm::verify_totp(s("123456"), seed(), json(r#"{"afterTimeStep":1.5}"#)), "argument_invalid"),
        (wasm::parse_otpauth_uri(s("https://example.com")), "uri_scheme_invalid"),
        (wasm::build_otpauth_uri(JsValue::UNDEFINED), "argument_invalid"),
        (wasm::qr_matrix(s(&"x".repeat(3000)), JsValue::UNDEFINED), "qr_data_too_long"),
    ];
    for (i, (result, code)) in cases.into_iter().enumerate() {
        assert_eq!(error_code(result.expect_err("must throw")), code, "case {i}");
    }
    let thrown = |result: Result<String, JsValue>| error_code(result.expect_err("throws"));
    assert_eq!(thrown(wasm::hotp(seed(), JsValue::from(-1), JsValue::UNDEFINED)), "argument_invalid");
    assert_eq!(thrown(wasm::generate_secret(JsValue::from(8))), "secret_size_out_of_range");
    assert_eq!(
        error_code(wasm::generate_recovery_codes(JsValue::from(0)).expect_err("throws")),
        "recovery_count_out_of_range"
    );
    assert_eq!(thrown(wasm::normalize_recovery_code(s("nope"))), "recovery_code_malformed");
    assert_eq!(thrown(wasm::qr_svg(s("x"), json(r#"{"dark":"red\"/>"}"#))), "qr_color_invalid");
}

#[test]
fn key_uris_round_trip_through_js_objects() {
    let params = json(
        r#"{"type":"totp","issuer":"ACME Co","account":"alice@example.com","secret":"jbswy3dpehpk3pxp","digits":8}"#,
    );
    let built = wasm::build_otpauth_uri(params).expect("valid");
    let uri = get(&built, "uri").as_string().expect("string");
    let warnings: Vec<String> = js_sys::Array::from(&get(&built, "warnings"))
        .iter()
        .map(|w| get(&w, "code").as_string().expect("code"))
        .collect();
    assert_eq!(warnings, ["secret_short", "digits_not_default"]);
    let parsed = wasm::parse_otpauth_uri(s(&uri)).expect("parses");
    assert_eq!(
        JSON::stringify(&parsed).map(String::from).ok().as_deref(),
        Some(
            r#"{"type":"totp","issuer":"ACME Co","account":"alice@example.com","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":8,"period":30}"#
        )
    );
}

#[test]
fn qr_codes_come_as_svg_and_as_a_matrix() {
    let svg = wasm::qr_svg(
        s("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"),
        json(r#"{"ecc":"H","title":"Scan me"}"#),
    )
    .expect("fits");
    assert!(svg.starts_with("<svg ") && svg.contains("<title>Scan me</title>"));
    assert_eq!(svg.matches("<path").count(), 2, "one background, one path for the modules");
    let matrix = wasm::qr_matrix(s("hello"), JsValue::UNDEFINED).expect("fits");
    let modules = get(&matrix, "modules").dyn_into::<Uint8Array>().expect("Uint8Array");
    assert_eq!(get(&matrix, "size").as_f64(), Some(21.0));
    assert_eq!(modules.length(), 21 * 21);
}

#[test]
fn recovery_codes_are_fresh_and_forgiving() {
    let codes = wasm::generate_recovery_codes(JsValue::UNDEFINED).expect("random");
    assert_eq!(codes.len(), 10);
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10);
    for code in &codes {
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(wasm::normalize_recovery_code(s(&typed)).as_ref(), Ok(code));
    }
}

/// A JS value from a JS expression, for what JSON cannot say: `undefined`, BigInt, prototypes.
fn js(expression: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return {expression}")).call0(&JsValue::NULL).expect("evaluates")
}

#[test]
fn options_follow_the_rules_of_their_types() {
    let seed = || s(&common::vectors().seeds["SHA1"]);
    let code_at = |options: &str| {
        wasm::totp(seed(), js(options)).map(|code| get(&code, "code").as_string().expect("string"))
    };
    let plain = code_at("({ time: 59 })").expect("valid");
    assert_eq!(code_at("({ time: 59, digits: undefined, algorithm: undefined })"), Ok(plain.clone()));
    // Only own properties are read: one on the prototype is never seen.
    assert_eq!(code_at("Object.create({ digits: 8 })").map(|c| c.len()), Ok(6));
    assert!(wasm::hotp(seed(), 1.into(), js("Object.create({ time: 'x' })")).is_ok());
    // The object `parseOtpauthUri` gives is accepted whole.
    let params = "({ type: 'totp', issuer: 'ACME', account: 'a', secret: 'gezdgnbvgy3tqojqgezdgnbvgy3tqojq', \
                  algorithm: 'SHA1', digits: 6, period: 30, time: 59 })";
    assert_eq!(code_at(params), Ok(plain));

    let refused: Vec<(Result<JsValue, JsValue>, &str)> = vec![
        (wasm::totp(seed(), js("({ digits: 6.5 })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ digits: 300 })")), "digits_out_of_range"),
        (wasm::totp(seed(), js("({ digits: -6 })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ digits: null })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ digits: 9 })")), "digits_out_of_range"),
        (wasm::totp(seed(), js("({ period: 5e9 })")), "period_out_of_range"),
        (wasm::totp(seed(), js("({ time: '59' })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ time: NaN })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ digits: 9, time: 'x' })")), "argument_invalid"),
        (wasm::totp(seed(), js("({ algorithm: 'sha1' })")), "argument_invalid"),
        (wasm::totp(seed(), js("() => 1")), "argument_invalid"),
        (wasm::totp(seed(), js("({ type: 'hotp' })")), "type_mismatch"),
        (wasm::totp(seed(), js("({ secret: 'JBSWY3DPEHPK3PXP' })")), "secret_mismatch"),
        (wasm::verify_totp(s("123456"), seed(), js("({ window: 1.5 })")), "argument_invalid"),
        (wasm::qr_matrix(s("x"), js("({ ecc: 'm' })")), "argument_invalid"),
        (wasm::qr_svg(s("x"), js("({ title: null })")).map(JsValue::from), "argument_invalid"),
        (wasm::qr_svg(s("x"), js("({ margin: 65 })")).map(JsValue::from), "qr_margin_out_of_range"),
        (wasm::build_otpauth_uri(js("({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP' })")), "argument_invalid"),
        (
            wasm::build_otpauth_uri(js("({ type: 'TOTP', account: 'a', secret: 'JBSWY3DPEHPK3PXP' })")),
            "argument_invalid",
        ),
        (
            wasm::build_otpauth_uri(js(
                "({ type: 'totp', account: 'a', secret: 'JBSWY3DPEHPK3PXP', time: 1 })",
            )),
            "options_invalid",
        ),
    ];
    for (i, (result, code)) in refused.into_iter().enumerate() {
        let Err(thrown) = result else { unreachable!("case {i} must throw") };
        assert_eq!(error_code(thrown), code, "case {i}");
    }
    assert!(wasm::qr_matrix(s("x"), js("({ ecc: undefined })")).is_ok());
}

#[test]
fn key_uri_objects_keep_their_shape() {
    let built = wasm::build_otpauth_uri(js(
        "({ type: 'hotp', account: 'a', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', issuer: undefined, counter: 5 })",
    ))
    .expect("valid");
    let uri = get(&built, "uri").as_string().expect("string");
    assert_eq!(
        uri,
        "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&counter=5"
    );
    assert_eq!(
        JSON::stringify(&get(&built, "warnings")).map(String::from).ok().as_deref(),
        Some(
            r#"[{"code":"issuer_missing","message":"without an issuer, apps list the code under the account name alone"}]"#
        )
    );
    let parsed = wasm::parse_otpauth_uri(s(&uri)).expect("parses");
    assert_eq!(
        JSON::stringify(&parsed).map(String::from).ok().as_deref(),
        Some(
            r#"{"type":"hotp","account":"a","secret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30,"counter":5}"#
        )
    );
    let code = wasm::totp(s(&common::vectors().seeds["SHA1"]), json(r#"{"time":59}"#)).expect("valid");
    assert_eq!(
        JSON::stringify(&code).map(String::from).ok().as_deref(),
        Some(r#"{"code":"287082","timeStep":1,"remainingSeconds":1}"#)
    );
}
