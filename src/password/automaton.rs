//! Every occurrence of many byte strings in one pass over a text (Aho–Corasick): how banned
//! words are found in a password of up to a megabyte, whatever the number of words.
//!
//! Small sets of patterns (every real policy) get a full transition table over the byte
//! classes the patterns use, one lookup a byte; a set too large for that table keeps the trie
//! and follows failure links, which is still linear in the text.

use core::ops::Range;

use super::measures::CHUNK;

/// Most entries of the full transition table (4 bytes each): beyond it, the trie is walked.
const MAX_TABLE: usize = 1 << 21;

/// The patterns, compiled.
#[derive(Clone, Debug)]
pub struct Automaton {
    /// Each byte's class: the bytes no pattern uses share class 0.
    classes: [u8; 256],
    class_count: usize,
    /// Each state's children in the trie, by class, sorted.
    children: Vec<Vec<(u8, u32)>>,
    /// Each state's failure link: the longest proper suffix of its path that is in the trie.
    fail: Vec<u32>,
    /// The full transition table (`state * class_count + class`), when small enough.
    table: Vec<u32>,
    /// The patterns ending at each state (its own and its failure chain's), as a range of
    /// `outputs`.
    ends: Vec<Range<u32>>,
    outputs: Vec<u32>,
    lengths: Vec<usize>,
}

impl Automaton {
    /// Compiles `patterns`; empty ones never match.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Self {
        Self::folding(patterns, &core::array::from_fn(|b| b as u8))
    }

    /// Compiles `patterns` to be found in text whose every byte `b` reads as `fold[b]`,
    /// without the text ever being rewritten.
    pub fn folding<P: AsRef<[u8]>>(patterns: &[P], fold: &[u8; 256]) -> Self {
        let mut classes = [0u8; 256];
        let mut class_count = 1;
        for byte in patterns.iter().flat_map(|p| p.as_ref()) {
            if classes[usize::from(*byte)] == 0 {
                // At most 255 used bytes, plus class 0.
                classes[usize::from(*byte)] = class_count as u8;
                class_count += 1;
            }
        }
        let classes: [u8; 256] = core::array::from_fn(|b| classes[usize::from(fold[b])]);
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            if pattern.is_empty() {
                continue;
            }
            let mut state = 0;
            for &byte in pattern {
                let class = classes[usize::from(byte)];
                state = match children[state].binary_search_by_key(&class, |&(c, _)| c) {
                    Ok(at) => children[state][at].1 as usize,
                    Err(at) => {
                        let next = children.len();
                        children[state].insert(at, (class, next as u32));
                        children.push(Vec::new());
                        own.push(Vec::new());
                        next
                    }
                };
            }
            own[state].push(id as u32);
        }

        // Breadth first, so a state's failure link is finished before its children's.
        let mut fail = vec![0u32; children.len()];
        let mut order = Vec::with_capacity(children.len());
        order.extend(children[0].iter().map(|&(_, child)| child));
        let mut at = 0;
        while let Some(&state) = order.get(at) {
            at += 1;
            for i in 0..children[state as usize].len() {
                let (class, child) = children[state as usize][i];
                let mut link = fail[state as usize];
                fail[child as usize] = loop {
                    if let Some(next) = child_of(&children, link, class) {
                        break next;
                    }
                    if link == 0 {
                        break 0;
                    }
                    link = fail[link as usize];
                };
                order.push(child);
            }
        }

        let mut automaton = Self {
            classes,
            class_count,
            children,
            fail,
            table: Vec::new(),
            ends: vec![0..0; own.len()],
            outputs: Vec::new(),
            lengths: patterns.iter().map(|p| p.as_ref().len()).collect(),
        };
        // Outputs in breadth-first order too, each state's own then its failure link's.
        for &state in [0].iter().chain(&order) {
            let start = automaton.outputs.len() as u32;
            automaton.outputs.extend(&own[state as usize]);
            let inherited = automaton.ends[automaton.fail[state as usize] as usize].clone();
            if state != 0 {
                automaton.outputs.extend_from_within(inherited.start as usize..inherited.end as usize);
            }
            automaton.ends[state as usize] = start..automaton.outputs.len() as u32;
        }
        if automaton.children.len() * class_count <= MAX_TABLE {
            let mut table = vec![0; automaton.children.len() * class_count];
            for &state in [0].iter().chain(&order) {
                for class in 0..class_count {
                    table[state as usize * class_count + class] = automaton.walk(state, class as u8);
                }
            }
            automaton.table = table;
        }
        automaton
    }

    /// The state after `class` from `state`, through failure links.
    fn walk(&self, mut state: u32, class: u8) -> u32 {
        loop {
            if let Some(next) = child_of(&self.children, state, class) {
                return next;
            }
            if state == 0 {
                return 0;
            }
            state = self.fail[state as usize];
        }
    }

    /// Calls `found(pattern, start..end)` for every occurrence of every pattern in `text`,
    /// overlapping ones included, in order of where they end; `found` returns whether to go on.
    pub fn for_each(&self, text: &[u8], mut found: impl FnMut(usize, Range<usize>) -> bool) {
        let mut state = Some(0u32);
        for (n, chunk) in text.chunks(CHUNK).enumerate() {
            let Some(from) = state else { return };
            state = self.run(chunk, n * CHUNK, from, &mut found);
        }
    }

    /// One chunk of the text from `state` (see [`CHUNK`] for why chunks); `None` once `found`
    /// says to stop.
    #[inline(never)]
    fn run(
        &self,
        chunk: &[u8],
        base: usize,
        mut state: u32,
        found: &mut impl FnMut(usize, Range<usize>) -> bool,
    ) -> Option<u32> {
        for (i, &byte) in chunk.iter().enumerate() {
            let class = self.classes[usize::from(byte)];
            state = match self.table.get(state as usize * self.class_count + usize::from(class)) {
                Some(&next) => next,
                None => self.walk(state, class),
            };
            let ends = &self.ends[state as usize];
            for &pattern in &self.outputs[ends.start as usize..ends.end as usize] {
                let (end, length) = (base + i + 1, self.lengths[pattern as usize]);
                if !found(pattern as usize, end - length..end) {
                    return None;
                }
            }
        }
        Some(state)
    }
}

fn child_of(children: &[Vec<(u8, u32)>], state: u32, class: u8) -> Option<u32> {
    let row = &children[state as usize];
    row.binary_search_by_key(&class, |&(c, _)| c).ok().map(|at| row[at].1)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn all(automaton: &Automaton, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut found = Vec::new();
        automaton.for_each(text.as_bytes(), |pattern, at| {
            found.push((pattern, at));
            true
        });
        found.sort_by_key(|(pattern, at)| (at.start, at.end, *pattern));
        found
    }

    /// Every occurrence, the slow way.
    fn naive(patterns: &[String], text: &str) -> Vec<(usize, Range<usize>)> {
        let mut found = Vec::new();
        for (id, pattern) in patterns.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            for start in 0..=text.len().saturating_sub(pattern.len()) {
                if text.as_bytes()[start..].starts_with(pattern.as_bytes()) {
                    found.push((id, start..start + pattern.len()));
                }
            }
        }
        found.sort_by_key(|(pattern, at)| (at.start, at.end, *pattern));
        found
    }

    #[test]
    fn finds_overlapping_and_nested_patterns() {
        let patterns = ["he", "she", "his", "hers", "e"];
        let automaton = Automaton::new(&patterns);
        assert_eq!(all(&automaton, "ushers"), [(1, 1..4), (0, 2..4), (3, 2..6), (4, 3..4)]);
        let mut stops = 0;
        automaton.for_each(b"ushers", |_, _| {
            stops += 1;
            false
        });
        assert_eq!(stops, 1);
    }

    proptest! {
        #[test]
        fn agrees_with_a_naive_search(
            patterns in proptest::collection::vec("[abc]{0,4}", 1..8),
            text in "[abcd]{0,40}",
        ) {
            prop_assert_eq!(all(&Automaton::new(&patterns), &text), naive(&patterns, &text));
        }
    }

    #[test]
    fn large_sets_walk_the_trie_and_agree() {
        // Enough distinct bytes and states to pass the table's limit.
        let patterns: Vec<String> = (0..20_000)
            .map(|i: u32| format!("{:x}{}", i * 7919, char::from_u32(0x400 + i % 200).unwrap_or('x')))
            .collect();
        let automaton = Automaton::new(&patterns);
        assert!(automaton.table.is_empty());
        let text: String = patterns.iter().step_by(97).map(String::as_str).collect();
        assert_eq!(all(&automaton, &text), naive(&patterns, &text));
    }
}
