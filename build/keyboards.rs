//! zxcvbn's keyboard graphs as statics.

use std::fmt::Write as _;
use std::path::Path;

use crate::json::Value;
use crate::{members, read, text};

/// Each graph as two strings: its keys, sorted, and for each key its neighbours in every
/// direction, `width` characters a neighbour (unshifted, then shifted), a space where there is
/// none (no layout has a space key).
pub fn keyboards(root: &Path) -> String {
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
