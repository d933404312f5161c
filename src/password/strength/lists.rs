//! zxcvbn 4.4.2's word lists as the build script packs them (see `build/words.rs` and
//! `coding.rs`): decoded once, each into its words (sorted, one a line) and each word's rank
//! by bucket.

use super::coding::{self, Code, Decoder, Tables, code_lengths, list_sizes};

static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.bin"));

/// How many lists there are.
const LISTS: usize = 6;

/// One list: its words one a line, and each word's rank (its bucket's representative).
pub struct List {
    pub text: Vec<u8>,
    pub ranks: Vec<u16>,
}

fn varint(data: &mut &'static [u8]) -> usize {
    let mut value = 0;
    for shift in (0..64).step_by(7) {
        let Some((&byte, rest)) = data.split_first() else { break };
        *data = rest;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
    }
    value
}

/// The rounded geometric mean of `first` and `last`, in integers (as the build script's
/// bucket bounds are).
fn representative(first: u64, last: u64) -> u16 {
    let product = first * last;
    let root = product.isqrt();
    // √n ≥ r + ½ exactly when n > r² + r (n and r whole).
    let rounded = root + u64::from(product - root * root > root);
    u16::try_from(rounded).unwrap_or(u16::MAX)
}

/// Every list, in zxcvbn's order.
pub fn unpack() -> Vec<List> {
    let mut data = PACKED;
    let symbols = varint(&mut data);
    let (alphabet, rest) = data.split_at_checked(symbols).unwrap_or((data, &[]));
    data = rest;
    let buckets = varint(&mut data);
    let sizes: Vec<u32> = (0..buckets).map(|_| u32::try_from(varint(&mut data)).unwrap_or(0)).collect();
    let mut representatives = Vec::with_capacity(sizes.len());
    let mut first = 1u64;
    for &size in &sizes {
        let last = first + u64::from(size.max(1)) - 1;
        representatives.push(representative(first, last));
        first = last + 1;
    }
    let counts: Vec<usize> = (0..LISTS).map(|_| varint(&mut data)).collect();
    let pairs: Vec<(u16, u16)> = (0..varint(&mut data))
        .map(|_| {
            let (pair, rest) = data.split_at_checked(2).unwrap_or((&[0, 0], &[]));
            data = rest;
            (u16::from(pair[0]), u16::from(pair[1]))
        })
        .collect();
    // The end and the alphabet's symbols.
    let tables = Tables::new(symbols + 1, &pairs);
    let codes: Vec<Code> = (0..tables.len())
        .map(|code| {
            let (lengths, rest) = data.split_at_checked(tables.width(code)).unwrap_or((data, &[]));
            data = rest;
            Code::new(lengths)
        })
        .collect();
    let mut decoder = Decoder::new(data, codes);
    for (i, &count) in counts.iter().enumerate() {
        decoder.set(tables.len() + i, Code::new(&code_lengths(&list_sizes(&sizes, count))));
    }

    // A symbol is the alphabet's byte before it (0 is a word's end).
    let mut bytes = [b'?'; 256];
    for (slot, &byte) in bytes.iter_mut().skip(1).zip(alphabet) {
        *slot = byte;
    }
    let mut words = Words { decoder, tables, bytes, previous: Vec::new(), word: Vec::new(), shared: 0 };
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let mut list = List { text: Vec::with_capacity(count * 9), ranks: Vec::with_capacity(count) };
            (words.previous, words.shared) = (Vec::new(), 0);
            for _ in 0..count {
                words.next(i, &mut list, &representatives);
            }
            list
        })
        .collect()
}

/// The decoding of the words, one call a word.
struct Words<'a> {
    decoder: Decoder<'a>,
    tables: Tables,
    bytes: [u8; 256],
    previous: Vec<u16>,
    word: Vec<u16>,
    shared: usize,
}

impl Words<'_> {
    /// Decodes the next word of list `list` into `into`. Not inlined: a browser optimises a
    /// WebAssembly function between calls, never within one, so all the work of a word is
    /// here rather than in the loop that calls it once.
    #[inline(never)]
    fn next(&mut self, list: usize, into: &mut List, representatives: &[u16]) {
        let mut bucket = 0;
        let code = self.tables.len() + list;
        self.shared = coding::word(
            &mut self.decoder,
            &self.tables,
            &self.previous,
            self.shared,
            &mut self.word,
            code,
            &mut bucket,
        );
        for &symbol in &self.word {
            into.text.push(self.bytes[usize::from(symbol) & 0xff]);
        }
        into.text.push(b'\n');
        into.ranks.push(representatives.get(usize::from(bucket)).copied().unwrap_or(u16::MAX));
        std::mem::swap(&mut self.previous, &mut self.word);
    }
}
