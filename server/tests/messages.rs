//! Every refusal the server's code can give has its sentence in every language: the code (and
//! its reason, where one code has several) is read from the source and looked up in the
//! catalogues, so a new refusal without words fails here rather than reaching someone as a key.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

fn sources(folder: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// `error.{code}` or `error.{code}.{reason}` for each `Error::kind("code")…` in `text`.
fn keys(text: &str, keys: &mut BTreeSet<String>) {
    for kind in ["invalid", "unauthenticated", "forbidden", "not_found", "conflict"] {
        let opening = format!("Error::{kind}(\"");
        let mut rest = text;
        while let Some(at) = rest.find(&opening) {
            rest = &rest[at + opening.len()..];
            let code = &rest[..rest.find('"').unwrap()];
            // The builder chain that follows, up to the end of the expression.
            let chain = &rest[..rest.find([';', '}']).unwrap_or(rest.len())];
            let reason = chain.split(".reason(\"").nth(1).map(|r| &r[..r.find('"').unwrap()]);
            keys.insert(match reason {
                Some(reason) => format!("error.{code}.{reason}"),
                None => format!("error.{code}"),
            });
        }
    }
}

#[test]
fn every_refusal_in_the_source_has_words_in_every_language() {
    let mut texts = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut texts);
    let mut wanted = BTreeSet::new();
    for text in &texts {
        keys(text, &mut wanted);
    }
    for fixed in [
        "payload_too_large",
        "request_timeout",
        "method_not_allowed",
        "password_refused",
        "locked",
        "rate_limited",
        "unavailable",
        "internal",
        "request_invalid",
    ] {
        wanted.insert(format!("error.{fixed}"));
    }
    assert!(wanted.len() > 40, "the scan found only {wanted:?}");
    for locale in twofold_server::i18n::locales() {
        let missing: Vec<&String> =
            wanted.iter().filter(|key| twofold_server::i18n::lookup(locale, key, &[]).is_none()).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
    }
}
