//! The shared table of password cases, checked natively: the verdicts must be those in
//! `tests/vectors/verdicts.json`, which the wasm API and the npm package must also give.
//! `TWOFOLD_BLESS=1 cargo test --test verdicts` rewrites the file after a deliberate change.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use twofold::{Policy, UserContext, check_password};

#[test]
fn native_verdicts_match_the_shared_table() {
    let table = common::password_cases();
    let mut actual: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for locale in &table.locales {
        for case in &table.cases {
            let policy = Policy::from_json(&table.policies[&case.policy].to_string()).expect("policy");
            let context =
                UserContext::from_json(&table.contexts[&case.context].to_string()).expect("context");
            let verdict = check_password(&case.password, &policy, &context, locale).expect("verdict");
            actual.entry(locale.clone()).or_default().push(serde_json::to_value(verdict).expect("json"));
        }
    }
    if std::env::var_os("TWOFOLD_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/verdicts.json");
        // One verdict a line: reviewable diffs without a pretty-printed half megabyte.
        let locales: Vec<String> = actual
            .iter()
            .map(|(locale, verdicts)| {
                let lines: Vec<String> =
                    verdicts.iter().map(|v| serde_json::to_string(v).expect("json")).collect();
                format!("{locale:?}: [\n{}\n]", lines.join(",\n"))
            })
            .collect();
        std::fs::write(path, format!("{{\n{}\n}}\n", locales.join(",\n"))).expect("write");
        return;
    }
    let expected = common::expected_verdicts();
    for (locale, verdicts) in &actual {
        for (i, (got, want)) in verdicts.iter().zip(&expected[locale]).enumerate() {
            assert_eq!(
                common::comparable(got.clone()),
                common::comparable(want.clone()),
                "{locale} case {i}: {:?}",
                table.cases[i].password
            );
        }
        assert_eq!(verdicts.len(), expected[locale].len());
    }
}
