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
