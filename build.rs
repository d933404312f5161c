//! Turns the data the password checker reads into statics, so that nothing is parsed at run
//! time: every `locales/*.json` catalogue (adding a language is adding a file), zxcvbn's
//! keyboard graphs (both read with the crate's own JSON parser), the Unicode data of NFKC
//! and lower case, and zxcvbn's word lists, packed.

// A build script reports failure by panicking.
#![allow(clippy::panic)]

use std::{env, fs, path::Path};

#[path = "build/catalogues.rs"]
mod catalogues;
#[path = "src/password/strength/coding.rs"]
#[allow(dead_code)]
mod coding;
#[path = "src/password/json.rs"]
#[allow(dead_code)]
mod json;
#[path = "build/keyboards.rs"]
mod keyboards;
#[path = "build/unicode.rs"]
mod unicode;
#[path = "build/words.rs"]
mod words;

use json::Value;

/// A JSON file, parsed.
pub fn read(path: &Path) -> Value {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An object's members.
pub fn members<'a>(value: &'a Value, what: &str) -> &'a [(String, Value)] {
    match value {
        Value::Object(members) => members,
        _ => panic!("{what} must be an object"),
    }
}

/// A string value.
pub fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value.text().unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// An object's member `name`.
pub fn member<'a>(value: &'a Value, name: &str, what: &str) -> &'a Value {
    let found = members(value, what).iter().find(|(n, _)| n == name);
    found.map_or_else(|| panic!("{what} lacks {name}"), |(_, v)| v)
}

/// Appends `n` as a LEB128 varint.
pub fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `n` zigzagged, as a varint.
pub fn signed(out: &mut Vec<u8>, n: i64) {
    varint(out, ((n << 1) ^ (n >> 63)) as u64);
}

fn main() {
    // Read when the script runs, not baked in when it is compiled: a script built for one
    // checkout may be run for another that shares the target folder.
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|e| panic!("CARGO_MANIFEST_DIR: {e}"));
    let root = Path::new(&manifest);
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"))).to_path_buf();
    let write =
        |file: &str, bytes: &[u8]| fs::write(out.join(file), bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    write("locales.rs", catalogues::locales(root).as_bytes());
    write("keyboards.rs", keyboards::keyboards(root).as_bytes());
    write("unicode.bin", &unicode::data());
    write("words.bin", &words::words(root));
}
