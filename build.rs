//! Embeds every `locales/*.json` catalogue, so adding a language is adding a file.

// A build script reports failure by panicking.
#![allow(clippy::panic)]

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut locales: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| {
            let tag = path.file_stem()?.to_str()?.to_ascii_lowercase();
            println!("cargo:rerun-if-changed={}", path.display());
            Some((tag, path.display().to_string()))
        })
        .collect();
    locales.sort();
    let entries: String =
        locales.iter().map(|(tag, path)| format!("    ({tag:?}, include_str!({path:?})),\n")).collect();
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"))).join("locales.rs");
    fs::write(&out, format!("/// Every catalogue in `locales/`, by language tag.\npub(crate) const LOCALES: &[(&str, &str)] = &[\n{entries}];\n"))
        .unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
