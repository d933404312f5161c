//! What must never happen when a breached-password range is read, whatever the answer: no
//! panic, no match on padding or on anyone else's line, and the password's own line found with
//! its count, in either line ending and either case.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use twofold::{BreachQuery, Error};

/// Other hashes' lines, real or padding (count 0).
fn lines() -> impl Strategy<Value = Vec<(String, u64)>> {
    prop::collection::vec(("[0-9A-F]{35}", 0u64..1_000_000), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reading_any_answer_never_panics(password in "\\PC{0,40}", body in "\\PC{0,400}") {
        match BreachQuery::new(&password).count_in(&body) {
            Ok(_) | Err(Error::BreachRangeMalformed { .. }) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn the_own_line_is_found_and_nothing_else_matches(
        password in "\\PC{0,40}",
        others in lines(),
        count in 1u64..u64::MAX,
        crlf in any::<bool>(),
        lower in any::<bool>(),
    ) {
        let query = BreachQuery::new(&password);
        let hex = |s: &str| s.len() == 35 && s.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
        prop_assert!(query.prefix().len() == 5 && hex(query.suffix()));
        prop_assert!(query.prefix().bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        let end = if crlf { "\r\n" } else { "\n" };
        // Someone else's lines, unless the generator hit this very suffix (once in 2^140).
        let others: Vec<_> = others.into_iter().filter(|(s, _)| s != query.suffix()).collect();
        let mut body: String = others.iter().map(|(s, n)| format!("{s}:{n}{end}")).collect();
        prop_assert_eq!(query.count_in(&body), Ok(0));
        body.push_str(&format!("{}:0{end}", query.suffix()));
        prop_assert_eq!(query.count_in(&body), Ok(0), "padding never matches");
        let own = if lower { query.suffix().to_ascii_lowercase() } else { query.suffix().to_owned() };
        body.push_str(&format!("{own}:{count}{end}"));
        prop_assert_eq!(query.count_in(&body), Ok(count));
    }
}
