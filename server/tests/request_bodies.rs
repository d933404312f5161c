//! Every JSON body a route takes is in the list the fuzz target decodes (`fuzz/`), so a new
//! route cannot slip past it: the routes' `ApiJson<…>` types are read from the source. And
//! each listed body refuses what is not JSON as the route would, with `body_invalid`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use twofold_server::http::decoding::{REQUEST_BODIES, decode_body};

/// `module::Type` for each `ApiJson<Type>` in the module `module` whose text is `text`.
fn bodies_used(module: &str, text: &str, found: &mut BTreeSet<String>) {
    for piece in text.split("ApiJson<").skip(1) {
        let name: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name == "T" || name.is_empty() {
            continue;
        }
        let owner = if text.contains(&format!("struct {name} {{")) {
            module.to_owned()
        } else {
            // Imported: `use super::other::{…, Name, …};` or `use super::other::Name;`.
            text.lines()
                .filter(|line| line.starts_with("use super::") && line.contains(&name))
                .find_map(|line| line.trim_start_matches("use super::").split("::").next().map(str::to_owned))
                .unwrap_or_else(|| "model".to_owned())
        };
        found.insert(format!("{owner}::{name}"));
    }
}

#[test]
fn every_routes_body_is_fuzzed() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.extension().is_some_and(|e| e == "rs") && module != "decoding" && module != "extract" {
            bodies_used(&module, &std::fs::read_to_string(&path).unwrap(), &mut used);
        }
    }
    assert!(used.len() > 10, "the scan found only {used:?}");
    let listed: BTreeSet<String> = REQUEST_BODIES.iter().map(|s| (*s).to_owned()).collect();
    let missing: Vec<_> = used.difference(&listed).collect();
    assert!(missing.is_empty(), "add to http/decoding.rs: {missing:?}");
    let stale: Vec<_> = listed.difference(&used).collect();
    assert!(stale.is_empty(), "no route takes {stale:?} any more");
}

#[test]
fn each_listed_body_decodes_as_its_route_does() {
    for name in REQUEST_BODIES {
        let refused = decode_body(name, b"{\"a\":").expect("listed").expect_err("not JSON");
        assert_eq!(refused.code(), "body_invalid", "{name}");
        let wrong = decode_body(name, b"[1, 2]").expect("listed").expect_err("not an object");
        assert_eq!(wrong.code(), "body_invalid", "{name}");
    }
    assert!(decode_body("nothing::Here", b"{}").is_none());
}
