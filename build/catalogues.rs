//! The message catalogues of `locales/` as statics: each language's plural rule and its
//! messages sorted by key, for a binary search at run time.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::json::Value;
use crate::{member, members, read, text};

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

pub fn locales(root: &Path) -> String {
    let dir = root.join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(&dir)
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
