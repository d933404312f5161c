//! The shared table of official vectors (`tests/vectors/rfc.json`), read by the native tests,
//! the wasm tests and the JavaScript tests alike.
#![allow(dead_code, clippy::expect_used)]

use std::collections::BTreeMap;

use serde::Deserialize;
use twofold::{Algorithm, OtpParams, Secret};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vectors {
    pub seeds: BTreeMap<String, String>,
    pub seeds_ascii: BTreeMap<String, String>,
    pub hotp: Vec<HotpRow>,
    pub totp: Vec<TotpRow>,
    pub base32: Vec<Base32Row>,
}

#[derive(Deserialize)]
pub struct HotpRow {
    pub counter: u64,
    pub code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotpRow {
    pub time: u64,
    pub time_step: u64,
    pub algorithm: Algorithm,
    pub code: String,
}

#[derive(Deserialize)]
pub struct Base32Row {
    pub text: String,
    pub encoded: String,
}

pub fn vectors() -> Vectors {
    serde_json::from_str(include_str!("../vectors/rfc.json")).expect("tests/vectors/rfc.json")
}

pub fn seed(vectors: &Vectors, algorithm: Algorithm) -> Secret {
    Secret::from_base32(&vectors.seeds[algorithm.as_str()]).expect("seed")
}

pub fn params(algorithm: Algorithm, digits: u8) -> OtpParams {
    OtpParams::new(algorithm, digits, 30).expect("params")
}

/// The shared table of password cases (`tests/vectors/password-cases.json`).
#[derive(Deserialize)]
pub struct PasswordCases {
    pub locales: Vec<String>,
    pub policies: BTreeMap<String, serde_json::Value>,
    pub contexts: BTreeMap<String, serde_json::Value>,
    pub cases: Vec<PasswordCase>,
}

#[derive(Deserialize)]
pub struct PasswordCase {
    pub password: String,
    pub policy: String,
    pub context: String,
}

pub fn password_cases() -> PasswordCases {
    serde_json::from_str(include_str!("../vectors/password-cases.json"))
        .expect("tests/vectors/password-cases.json")
}

/// The expected verdicts, by locale, in case order.
pub fn expected_verdicts() -> BTreeMap<String, Vec<serde_json::Value>> {
    serde_json::from_str(include_str!("../vectors/verdicts.json")).expect("tests/vectors/verdicts.json")
}

/// `value` with every number rounded to 9 significant digits: log10 is computed by the
/// platform's maths library, which may differ in the last bit between native and wasm, and
/// JavaScript writes `0.0` as `0`.
pub fn comparable(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => Value::String(format!("{:.8e}", n.as_f64().unwrap_or_default())),
        Value::Array(items) => Value::Array(items.into_iter().map(comparable).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, comparable(v))).collect()),
        other => other,
    }
}
