//! zxcvbn 4.4.2's word lists (`src/password/strength/data/*.txt`, one word a line in rank
//! order) packed for `src/password/strength/lists.rs`, ranks by bucket.
//!
//! A rank r > 1 is put in bucket ⌊64 · log10(r − 1)⌋ (64 buckets per power of ten; r − 1 so
//! that ranks 10 and 100, where zxcvbn's feedback changes, end a bucket) and stands for the
//! rounded geometric mean of its bucket's first and last rank: off by at most 3.7 %, and
//! exact below rank 30, where a bucket holds one rank. Within a list the words are then sorted,
//! so their order costs nothing, and coded with the codes of `src/password/strength/coding.rs`.
//!
//! The layout: the alphabet (its size, then its bytes in order); the size of each bucket of
//! the longest list (their count, then each size; a bucket's ranks are the same in every list,
//! so a shorter list has the first of them, its last one cut short); each list's word count;
//! the pairs of symbols with a code of their own (their count, then two bytes each); each
//! code's lengths, a byte a symbol; then the bits. Numbers are varints.

use std::fs;
use std::path::Path;

use crate::coding::{self, Coder, END, MAX_LENGTH, Tables, canonical, code_lengths, list_sizes};
use crate::varint;

/// zxcvbn's lists, in zxcvbn's order (the order of `Dictionary`).
pub const LISTS: [&str; 6] =
    ["passwords", "english_wikipedia", "female_names", "surnames", "us_tv_and_film", "male_names"];

/// A pair of symbols has a code of its own for the symbol after it when at least this many
/// symbols follow it in the lists: measured, the best of 100, 300, 1,000 and 3,000 once the
/// codes' lengths are counted.
pub const PAIR_THRESHOLD: u32 = 300;

/// Buckets per power of ten.
const PER_DECADE: f64 = 64.0;

/// The bucket of rank `rank` (from 1), 0 for rank 1.
fn bucket(rank: usize) -> usize {
    if rank == 1 {
        return 0;
    }
    // Checked against the bucket's bounds rather than trusted from log10, so that a power of
    // ten (rank 11, 101...) cannot fall on the wrong side by rounding.
    let below = (rank - 1) as f64;
    let mut k = (PER_DECADE * below.log10()).floor().max(0.0) as usize;
    while k > 0 && 10f64.powf(k as f64 / PER_DECADE) > below {
        k -= 1;
    }
    while 10f64.powf((k + 1) as f64 / PER_DECADE) <= below {
        k += 1;
    }
    k + 1
}

/// Counts the symbols each code codes, to choose the codes.
struct Counter(Vec<Vec<u32>>);

impl Coder for Counter {
    fn symbol(&mut self, code: usize, want: u16) -> u16 {
        if let Some(count) = self.0.get_mut(code).and_then(|c| c.get_mut(usize::from(want))) {
            *count += 1;
        }
        want
    }
}

/// Writes each symbol's canonical code, first bit first.
struct Writer {
    codes: Vec<Vec<(u32, u8)>>,
    out: Vec<u8>,
    buffer: u64,
    held: u32,
}

impl Coder for Writer {
    fn symbol(&mut self, code: usize, want: u16) -> u16 {
        let Some(&(bits, length)) = self.codes.get(code).and_then(|c| c.get(usize::from(want))) else {
            panic!("code {code} has no symbol {want}");
        };
        assert!(length > 0, "code {code} has no code for {want}");
        self.buffer = self.buffer << length | u64::from(bits);
        self.held += u32::from(length);
        while self.held >= 8 {
            self.held -= 8;
            self.out.push((self.buffer >> self.held) as u8);
        }
        want
    }
}

impl Writer {
    fn finish(mut self) -> Vec<u8> {
        if self.held > 0 {
            self.out.push((self.buffer << (8 - self.held)) as u8);
        }
        self.out
    }
}

/// Codes every list's words (sorted, in symbols, each with its bucket) with `coder`. A list's
/// bucket code comes after the tables' codes: code number `tables.len()` + the list's number.
fn walk<C: Coder>(coder: &mut C, tables: &Tables, sorted: &[Vec<(Vec<u16>, u16)>]) {
    for (i, list) in sorted.iter().enumerate() {
        let (mut previous, mut previous_shared): (Vec<u16>, usize) = (Vec::new(), 0);
        for (word, number) in list {
            let (mut word, mut number) = (word.clone(), *number);
            previous_shared = coding::word(
                coder,
                tables,
                &previous,
                previous_shared,
                &mut word,
                tables.len() + i,
                &mut number,
            );
            previous = word;
        }
    }
}

/// Every list, packed, in [`LISTS`] order.
pub fn words(root: &Path) -> Vec<u8> {
    let texts: Vec<String> = LISTS
        .iter()
        .map(|name| {
            let path = root.join("src/password/strength/data").join(format!("{name}.txt"));
            println!("cargo:rerun-if-changed={}", path.display());
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    let lists: Vec<Vec<&[u8]>> = texts.iter().map(|t| t.lines().map(str::as_bytes).collect()).collect();
    for (name, words) in LISTS.iter().zip(&lists) {
        assert!(
            words.iter().all(|w| !w.is_empty() && w.len() <= MAX_LENGTH),
            "{name}: a word empty or too long"
        );
    }

    let mut alphabet: Vec<u8> = lists.iter().flatten().flat_map(|w| w.iter().copied()).collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    let symbols = alphabet.len() + 1;
    let symbol = |byte: &u8| alphabet.binary_search(byte).map_or(END, |i| i as u16 + 1);

    // The buckets, numbered from 0 without the empty ones (below rank 30 there are more
    // buckets than ranks), as the longest list has them: the others have their first ones.
    let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut sizes: Vec<u32> = Vec::new();
    let mut numbers = Vec::with_capacity(longest);
    let mut last = usize::MAX;
    for rank in 1..=longest {
        let k = bucket(rank);
        if k != last {
            sizes.push(0);
            last = k;
        }
        if let Some(size) = sizes.last_mut() {
            *size += 1;
        }
        numbers.push(sizes.len() as u16 - 1);
    }

    // Each list sorted, in symbols, with each word's bucket.
    let sorted: Vec<Vec<(Vec<u16>, u16)>> = lists
        .iter()
        .map(|words| {
            let mut sorted: Vec<(Vec<u16>, u16)> =
                words.iter().zip(&numbers).map(|(w, &n)| (w.iter().map(symbol).collect(), n)).collect();
            sorted.sort();
            sorted
        })
        .collect();

    // The common pairs: how many symbols follow each pair after a word's first new symbol.
    let mut following = vec![0u32; symbols * symbols];
    for list in &sorted {
        let mut previous: &[u16] = &[];
        for (word, _) in list {
            let shared = previous.iter().zip(word).take_while(|(a, b)| a == b).count();
            for at in (shared + 1).max(2)..=word.len() {
                following[usize::from(word[at - 2]) * symbols + usize::from(word[at - 1])] += 1;
            }
            previous = word;
        }
    }
    let pairs: Vec<(u16, u16)> = (0..symbols * symbols)
        .filter(|&i| following[i] >= PAIR_THRESHOLD)
        .map(|i| ((i / symbols) as u16, (i % symbols) as u16))
        .collect();
    let tables = Tables::new(symbols, &pairs);

    let widths: Vec<usize> =
        (0..tables.len()).map(|c| tables.width(c)).chain(sizes.iter().map(|_| 0)).collect();
    let mut counter = Counter(
        (0..tables.len())
            .map(|c| vec![0; widths[c]])
            .chain(sorted.iter().map(|_| vec![0; sizes.len()]))
            .collect(),
    );
    walk(&mut counter, &tables, &sorted);
    let mut lengths: Vec<Vec<u8>> = counter.0.iter().take(tables.len()).map(|c| code_lengths(c)).collect();
    // A list's bucket code is made from its buckets' sizes, which the decoder knows.
    for words in &lists {
        lengths.push(code_lengths(&list_sizes(&sizes, words.len())));
    }
    let mut writer =
        Writer { codes: lengths.iter().map(|l| canonical(l)).collect(), out: Vec::new(), buffer: 0, held: 0 };
    walk(&mut writer, &tables, &sorted);

    let mut out = Vec::new();
    varint(&mut out, alphabet.len() as u64);
    out.extend_from_slice(&alphabet);
    varint(&mut out, sizes.len() as u64);
    for &size in &sizes {
        varint(&mut out, u64::from(size));
    }
    for words in &lists {
        varint(&mut out, words.len() as u64);
    }
    varint(&mut out, pairs.len() as u64);
    for &(two, one) in &pairs {
        out.extend_from_slice(&[two as u8, one as u8]);
    }
    for code in lengths.iter().take(tables.len()) {
        out.extend_from_slice(code);
    }
    out.extend_from_slice(&writer.finish());
    out
}
