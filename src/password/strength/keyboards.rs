//! zxcvbn's keyboard adjacency graphs: for each key, its neighbours in a fixed order of
//! directions (so a change of direction is a turn), each neighbour as its unshifted and
//! shifted character.

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

    /// Keyboards have a shift key; keypads do not.
    pub fn has_shift(self) -> bool {
        matches!(self, Layout::Qwerty | Layout::Dvorak)
    }
}

include!(concat!(env!("OUT_DIR"), "/keyboards.rs"));

/// A layout's keys and their neighbours, as the build script lays them out.
pub struct Graph {
    /// Every key, sorted.
    keys: &'static str,
    /// For each key, `directions` neighbours of `width` characters, a space where there is none.
    neighbours: &'static str,
    directions: usize,
    width: usize,
}

impl Graph {
    /// `key`'s neighbour in each direction, unshifted then shifted; nothing for a key that is
    /// not on the layout.
    pub fn neighbours(&self, key: char) -> impl Iterator<Item = Option<&'static [u8]>> + '_ {
        // Bytes, not `str` slices: the data is ASCII, and an index into a `str` could panic.
        let slot = u8::try_from(key).ok().and_then(|key| self.keys.bytes().position(|k| k == key));
        let size = self.directions * self.width;
        let row = slot.and_then(|slot| self.neighbours.as_bytes().get(slot * size..(slot + 1) * size));
        row.unwrap_or_default()
            .chunks(self.width.max(1))
            .map(|neighbour| (neighbour[0] != b' ').then_some(neighbour))
    }

    /// How many keys a pattern can start on.
    pub fn starting_positions(&self) -> f64 {
        self.keys.len() as f64
    }

    /// The mean number of neighbours of a key.
    pub fn average_degree(&self) -> f64 {
        let edges = self.neighbours.as_bytes().chunks(self.width).filter(|n| n[0] != b' ').count();
        edges as f64 / self.keys.len().max(1) as f64
    }
}

/// The graph of one layout (see data/README.md for the source).
pub fn graph(layout: Layout) -> &'static Graph {
    match layout {
        Layout::Qwerty => &QWERTY,
        Layout::Dvorak => &DVORAK,
        Layout::Keypad => &KEYPAD,
        Layout::MacKeypad => &MAC_KEYPAD,
    }
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
        // Neighbours start left of a key and go clockwise: q has none left, then 1 and 2 above, w right.
        let q: Vec<Option<&[u8]>> = qwerty.neighbours('q').collect();
        assert_eq!(q[0], None);
        assert_eq!(q[1], Some(&b"1!"[..]));
        assert_eq!(q[3], Some(&b"wW"[..]));
        assert_eq!(qwerty.neighbours('é').count(), 0);
        assert_eq!(
            graph(Layout::Keypad)
                .neighbours('5')
                .flatten()
                .flatten()
                .map(|&b| char::from(b))
                .collect::<String>(),
            "47896321"
        );
    }
}
