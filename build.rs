//! Turns the data the password checker reads into Rust statics, so that nothing is parsed at
//! run time: every `locales/*.json` catalogue (adding a language is adding a file) and
//! zxcvbn's keyboard graphs. Both are read with the crate's own JSON parser.

// A build script reports failure by panicking.
#![allow(clippy::panic)]

use std::fmt::Write as _;
use std::{env, fs, path::Path};

#[path = "src/password/json.rs"]
#[allow(dead_code)]
mod json;

use json::Value;

fn read(path: &Path) -> Value {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn members<'a>(value: &'a Value, what: &str) -> &'a [(String, Value)] {
    match value {
        Value::Object(members) => members,
        _ => panic!("{what} must be an object"),
    }
}

fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value.text().unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn member<'a>(value: &'a Value, name: &str, what: &str) -> &'a Value {
    let found = members(value, what).iter().find(|(n, _)| n == name);
    found.map_or_else(|| panic!("{what} lacks {name}"), |(_, v)| v)
}

/// `one_other` → `OneOther`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// One catalogue: its plural rule and its messages sorted by key, for a binary search.
fn catalogue(tag: &str, document: &Value) -> String {
    let rule = camel(text(member(document, "pluralRule", tag), tag));
    let mut messages: Vec<&(String, Value)> =
        members(member(document, "messages", tag), tag).iter().collect();
    messages.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = format!("    ({tag:?}, (PluralRule::{rule}, &[\n");
    for (key, message) in messages {
        match message {
            Value::String(text) => writeln!(out, "        ({key:?}, Message::Text({text:?})),"),
            Value::Object(forms) => {
                let plural = text(member(message, "plural", key), key);
                let forms: String = forms
                    .iter()
                    .filter(|(name, _)| name != "plural")
                    .map(|(name, form)| format!("({name:?}, {:?}), ", text(form, key)))
                    .collect();
                writeln!(
                    out,
                    "        ({key:?}, Message::Plural {{ plural: {plural:?}, forms: &[{forms}] }}),"
                )
            }
            _ => panic!("{tag}: {key} must be a string or an object of plural forms"),
        }
        .unwrap_or_default();
    }
    out.push_str("    ])),\n");
    out
}

fn locales(root: &Path) -> String {
    let dir = root.join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, std::path::PathBuf)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_ascii_lowercase(), path)))
        .collect();
    files.sort();
    let catalogues: String = files.iter().map(|(tag, path)| catalogue(tag, &read(path))).collect();
    format!(
        "/// Every catalogue in `locales/`, by language tag: its plural rule and its messages by key.\n\
         const LOCALES: &[(&str, Catalogue)] = &[\n{catalogues}];\n"
    )
}

/// Each graph as two strings: its keys, sorted, and for each key its neighbours in every
/// direction, `width` characters a neighbour (unshifted, then shifted), a space where there is
/// none (no layout has a space key).
fn keyboards(root: &Path) -> String {
    let graphs = read(&root.join("src/password/strength/data/keyboards.json"));
    let mut out = String::from("/// zxcvbn 4.4.2's adjacency graphs (see data/README.md), by layout.\n");
    for (name, graph) in members(&graphs, "keyboards.json") {
        let mut keys: Vec<&(String, Value)> = members(graph, name).iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let (mut directions, mut width) = (0, 0);
        for (_, neighbours) in &keys {
            let Value::Array(neighbours) = neighbours else { panic!("{name}: neighbours must be arrays") };
            directions = neighbours.len();
            for n in neighbours.iter().filter(|n| **n != Value::Null) {
                width = text(n, name).chars().count();
            }
        }
        let (mut key_text, mut neighbour_text) = (String::new(), String::new());
        for (key, neighbours) in &keys {
            key_text.push_str(key);
            let Value::Array(neighbours) = neighbours else { unreachable!() };
            assert_eq!(neighbours.len(), directions, "{name} {key}");
            for n in neighbours {
                match n {
                    Value::Null => neighbour_text.extend(std::iter::repeat_n(' ', width)),
                    n => neighbour_text.push_str(text(n, name)),
                }
            }
        }
        assert!(
            key_text.is_ascii() && neighbour_text.is_ascii() && !key_text.contains(' '),
            "{name}: ASCII, no space"
        );
        writeln!(
            out,
            "const {}: Graph = Graph {{ keys: {key_text:?}, neighbours: {neighbour_text:?}, directions: {directions}, width: {width} }};",
            name.to_ascii_uppercase()
        )
        .unwrap_or_default();
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"))).to_path_buf();
    for (file, text) in [("locales.rs", locales(root)), ("keyboards.rs", keyboards(root))] {
        fs::write(out.join(file), text).unwrap_or_else(|e| panic!("writing {file}: {e}"));
    }
}
