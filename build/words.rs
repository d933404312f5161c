//! zxcvbn 4.4.2's word lists (`src/password/strength/data/*.txt`, one word a line in rank
//! order) packed for `src/password/strength/lists.rs`, ranks by bucket.
//!
//! A rank r > 1 is put in bucket ⌊64 · log10(r − 1)⌋ (64 buckets per power of ten; r − 1 so
//! that ranks 10 and 100, where zxcvbn's feedback changes, end a bucket) and stands for the
//! rounded geometric mean of its bucket's first and last rank: off by at most 3.7 %, and
//! exact below rank 30, where a bucket holds one rank. Within a list the words are then sorted,
//! so their order costs nothing: each is the length of the prefix it shares with the word
//! before and the rest of it.
//!
//! The layout is for gzip, which the package is served with, and costs nothing to read: for
//! each list, as varints, its word count and the representative rank of each bucket (their
//! count, then each as the gap from the one before); then every list's word endings, one a
//! line; then every list's shared-prefix lengths, a byte a word; then every list's buckets, a
//! byte a word. Like kinds together is what gzip models best.

use std::fs;
use std::path::Path;

use crate::varint;

/// zxcvbn's lists, in zxcvbn's order (the order of `Dictionary`).
pub const LISTS: [&str; 6] =
    ["passwords", "english_wikipedia", "female_names", "surnames", "us_tv_and_film", "male_names"];

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

/// One list's parts: its header, its word endings, its shared-prefix lengths, its buckets.
struct Packed {
    header: Vec<u8>,
    endings: Vec<u8>,
    prefixes: Vec<u8>,
    buckets: Vec<u8>,
}

fn pack(name: &str, text: &str) -> Packed {
    let words: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    assert!(words.iter().all(|w| !w.is_empty() && !w.contains(&b'\n')), "{name}: empty word");
    // Each bucket's first and last rank, then its representative; the empty buckets (below
    // rank 30, there are more buckets than ranks) are left out, so a bucket's number fits a byte.
    let mut bounds: Vec<(usize, usize, usize)> = Vec::new();
    let mut buckets = Vec::with_capacity(words.len());
    for rank in 1..=words.len() {
        let k = bucket(rank);
        match bounds.last_mut() {
            Some((bucket, _, last)) if *bucket == k => *last = rank,
            _ => bounds.push((k, rank, rank)),
        }
        buckets.push(bounds.len() - 1);
    }
    let representatives: Vec<usize> =
        bounds.iter().map(|&(_, first, last)| ((first * last) as f64).sqrt().round() as usize).collect();
    assert!(representatives.len() <= 256, "{name}: buckets must fit a byte");

    let mut sorted: Vec<(&[u8], usize)> = words.iter().copied().zip(buckets).collect();
    sorted.sort();
    let mut packed =
        Packed { header: Vec::new(), endings: Vec::new(), prefixes: Vec::new(), buckets: Vec::new() };
    varint(&mut packed.header, sorted.len() as u64);
    varint(&mut packed.header, representatives.len() as u64);
    let mut last = 0;
    for &r in &representatives {
        varint(&mut packed.header, (r - last) as u64);
        last = r;
    }
    let mut previous: &[u8] = &[];
    for &(word, bucket) in &sorted {
        let shared = previous.iter().zip(word).take_while(|(a, b)| a == b).count().min(255);
        packed.prefixes.push(shared as u8);
        packed.endings.extend_from_slice(&word[shared..]);
        packed.endings.push(b'\n');
        packed.buckets.push(bucket as u8);
        previous = word;
    }
    packed
}

/// Every list, packed, in [`LISTS`] order.
pub fn words(root: &Path) -> Vec<u8> {
    let lists: Vec<Packed> = LISTS
        .iter()
        .map(|name| {
            let path = root.join("src/password/strength/data").join(format!("{name}.txt"));
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            pack(name, &text)
        })
        .collect();
    let mut out = Vec::new();
    lists.iter().for_each(|l| out.extend_from_slice(&l.header));
    lists.iter().for_each(|l| out.extend_from_slice(&l.endings));
    lists.iter().for_each(|l| out.extend_from_slice(&l.prefixes));
    lists.iter().for_each(|l| out.extend_from_slice(&l.buckets));
    out
}
