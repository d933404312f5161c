//! zxcvbn's keyboard adjacency graphs: for each key, its neighbours in a fixed order of
//! directions (so a change of direction is a turn), each neighbour as its unshifted and
//! shifted character.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Qwerty,
    Dvorak,
    Keypad,
    MacKeypad,
}

impl Layout {
    /// zxcvbn's order of graphs.
    pub const ALL: [Layout; 4] = [Layout::Qwerty, Layout::Dvorak, Layout::Keypad, Layout::MacKeypad];

    fn name(self) -> &'static str {
        match self {
            Layout::Qwerty => "qwerty",
            Layout::Dvorak => "dvorak",
            Layout::Keypad => "keypad",
            Layout::MacKeypad => "mac_keypad",
        }
    }

    /// Keyboards have a shift key; keypads do not.
    pub fn has_shift(self) -> bool {
        matches!(self, Layout::Qwerty | Layout::Dvorak)
    }
}

/// One key's neighbours: `None` where the key has none in that direction.
pub type Neighbours = Vec<Option<Vec<char>>>;

pub struct Graph {
    keys: HashMap<char, Neighbours>,
}

impl Graph {
    pub fn neighbours(&self, key: char) -> &[Option<Vec<char>>] {
        self.keys.get(&key).map_or(&[], Vec::as_slice)
    }

    /// How many keys a pattern can start on.
    pub fn starting_positions(&self) -> f64 {
        self.keys.len() as f64
    }

    /// The mean number of neighbours of a key.
    pub fn average_degree(&self) -> f64 {
        let edges: usize = self.keys.values().map(|n| n.iter().flatten().count()).sum();
        edges as f64 / self.keys.len().max(1) as f64
    }
}

/// The graph of one layout (see data/README.md for the source).
pub fn graph(layout: Layout) -> &'static Graph {
    static GRAPHS: OnceLock<Vec<Graph>> = OnceLock::new();
    let graphs = GRAPHS.get_or_init(|| {
        type Raw = HashMap<String, HashMap<String, Vec<Option<String>>>>;
        // Checked by a test; were it ever unreadable, spatial patterns would go unnoticed
        // rather than the checker failing.
        let mut raw: Raw = serde_json::from_str(include_str!("data/keyboards.json")).unwrap_or_default();
        Layout::ALL
            .iter()
            .map(|layout| {
                let keys = raw.remove(layout.name()).unwrap_or_default();
                let keys = keys.into_iter().filter_map(|(key, neighbours)| {
                    let neighbours = neighbours.into_iter().map(|n| n.map(|n| n.chars().collect())).collect();
                    Some((key.chars().next()?, neighbours))
                });
                Graph { keys: keys.collect() }
            })
            .collect()
    });
    &graphs[Layout::ALL.iter().position(|l| *l == layout).unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_have_zxcvbns_shape() {
        let qwerty = graph(Layout::Qwerty);
        assert_eq!(qwerty.starting_positions(), 94.0);
        assert!((qwerty.average_degree() - 4.595_744_680_851_064).abs() < 1e-12);
        let keypad = graph(Layout::Keypad);
        assert_eq!(keypad.starting_positions(), 15.0);
        assert!((keypad.average_degree() - 5.066_666_666_666_666).abs() < 1e-12);
        assert_eq!(graph(Layout::Dvorak).starting_positions(), 94.0);
        assert_eq!(graph(Layout::MacKeypad).starting_positions(), 16.0);
        // q's neighbours start left of it and go clockwise: none left, then 1 and 2 above, w right.
        let q = qwerty.neighbours('q');
        assert_eq!(q[0], None);
        assert_eq!(q[1], Some(vec!['1', '!']));
        assert_eq!(q[3], Some(vec!['w', 'W']));
        assert!(qwerty.neighbours('é').is_empty());
    }
}
