//! How the word lists are coded, shared by the build script that encodes them
//! (`build/words.rs`, which includes this file) and `lists.rs` that decodes them: one walk
//! through the words, so the two sides cannot drift apart.
//!
//! Each list is sorted, so a word is the length of the prefix it shares with the word before,
//! the rest of it and its bucket (see `build/words.rs`). Each of those is a symbol coded with
//! a static canonical Huffman code chosen by its context:
//!
//! - the first symbol after the shared prefix must sort after the previous word's symbol
//!   there, and its odds depend on that symbol more than on anything else: one code per such
//!   bound;
//! - each later symbol by the two before it when that pair is common (at least
//!   a few hundred symbols follow it: `build/words.rs` says how many), else by the one before;
//! - the shared prefix's length by how long the previous word's was and how much of the
//!   previous word was not shared;
//! - the bucket by the sizes of the list's buckets, which the decoder knows, so that code
//!   costs nothing to store.
//!
//! Static codes rather than an adaptive model: decoding is a table lookup a symbol, where an
//! adaptive model (PPM, measured: 241 KiB) took 20 ms of WebAssembly on the first check,
//! too much of the 50 ms that call may take. The codes' lengths are stored one byte each,
//! mostly zeros, which gzip takes care of.

/// The end of a word; the alphabet's other symbols are its bytes in order, from 1.
pub const END: u16 = 0;

/// Words are at most this long, so that a prefix length is a small number.
pub const MAX_LENGTH: usize = 31;

/// No code is longer (the bit reader peeks this many bits).
pub const MAX_BITS: u32 = 24;

/// Codes this long or shorter are found in one table lookup (a code whose longest code is
/// shorter has a smaller table).
const FAST_BITS: u32 = 8;

/// How many previous prefix lengths and unshared lengths tell prefix contexts apart.
const PREFIX_SPLIT: usize = 9;

/// What codes or decodes one symbol of a code: the encoder counts or writes `want`, the
/// decoder reads a symbol. Either way the symbol is returned.
pub trait Coder {
    /// Codes a symbol with code `code` (a [`Tables`] number).
    fn symbol(&mut self, code: usize, want: u16) -> u16;
}

/// Which code each kind of symbol uses, numbered: the bounds' codes first, then the codes by
/// the symbol before, then the pairs', then the prefix lengths'.
pub struct Tables {
    symbols: usize,
    /// For each pair of symbols (the one two back, the one before), its code, or 0.
    pairs: Vec<u16>,
    pair_count: usize,
}

impl Tables {
    /// The codes for an alphabet of `symbols` symbols (the end included) and the common
    /// `pairs` (two back, one back).
    pub fn new(symbols: usize, pairs: &[(u16, u16)]) -> Self {
        let mut table = vec![0; symbols * symbols];
        for (i, &(two, one)) in pairs.iter().enumerate() {
            if let Some(slot) = table.get_mut(usize::from(two) * symbols + usize::from(one)) {
                *slot = (2 * symbols + i + 1) as u16;
            }
        }
        Self { symbols, pairs: table, pair_count: pairs.len() }
    }

    /// How many codes there are.
    pub fn len(&self) -> usize {
        2 * self.symbols + self.pair_count + PREFIX_SPLIT * PREFIX_SPLIT
    }

    /// How many symbols code `code` has.
    pub fn width(&self, code: usize) -> usize {
        if code >= 2 * self.symbols + self.pair_count { MAX_LENGTH + 1 } else { self.symbols }
    }

    fn first(&self, bound: u16) -> usize {
        usize::from(bound)
    }

    fn next(&self, two: Option<u16>, one: u16) -> usize {
        let pair = two.and_then(|two| self.pairs.get(usize::from(two) * self.symbols + usize::from(one)));
        match pair {
            Some(&code) if code > 0 => usize::from(code - 1),
            _ => self.symbols + usize::from(one),
        }
    }

    fn prefix(&self, previous: usize, previous_shared: usize) -> usize {
        let unshared = previous.saturating_sub(previous_shared);
        2 * self.symbols
            + self.pair_count
            + previous_shared.min(PREFIX_SPLIT - 1) * PREFIX_SPLIT
            + unshared.min(PREFIX_SPLIT - 1)
    }
}

/// Codes one word after `previous` (both in symbols, without the end): the shared prefix's
/// length, the rest of the word, then its bucket with `bucket`, the code of `bucket_code`.
/// Encoding, `word` and `bucket` are read; decoding, written. Returns how much of `previous`
/// the word shares, which the next call takes as `previous_shared`.
///
/// Not inlined: a browser optimises a WebAssembly function between calls, never within one,
/// so decoding is a function called once a word.
#[inline(never)]
pub fn word<C: Coder>(
    coder: &mut C,
    tables: &Tables,
    previous: &[u16],
    previous_shared: usize,
    word: &mut Vec<u16>,
    bucket_code: usize,
    bucket: &mut u16,
) -> usize {
    let want = previous.iter().zip(word.iter()).take_while(|(a, b)| a == b).count();
    let code = tables.prefix(previous.len(), previous_shared);
    let shared = usize::from(coder.symbol(code, want as u16)).min(previous.len());
    // Encoding, the rest of the word; decoding, `word` is any buffer.
    let mut ending = [END; MAX_LENGTH + 1];
    for (slot, &s) in ending.iter_mut().zip(word.get(shared..).unwrap_or(&[])) {
        *slot = s;
    }
    word.clear();
    word.extend_from_slice(previous.get(..shared).unwrap_or(&[]));
    // The first symbol sorts after the previous word's there (after the end, when the
    // previous word is a prefix of this one).
    let bound = previous.get(shared).copied().unwrap_or(END);
    let mut want = ending.iter().copied();
    // (the array ends with the end, and the loop stops at MAX_LENGTH)
    let mut symbol = coder.symbol(tables.first(bound), want.next().unwrap_or(END));
    while symbol != END && word.len() < MAX_LENGTH {
        word.push(symbol);
        let two = word.len().checked_sub(2).and_then(|i| word.get(i)).copied();
        symbol = coder.symbol(tables.next(two, symbol), want.next().unwrap_or(END));
    }
    *bucket = coder.symbol(bucket_code, *bucket);
    shared
}

/// The sizes of the buckets of a list of `count` words, from those of the longest list
/// (`sizes`): a bucket's ranks are the same in every list, so a shorter list has the first
/// buckets, its last one cut short.
pub fn list_sizes(sizes: &[u32], count: usize) -> Vec<u32> {
    let mut left = count as u32;
    sizes
        .iter()
        .map_while(|&size| {
            (left > 0).then(|| {
                let taken = size.min(left);
                left -= taken;
                taken
            })
        })
        .collect()
}

/// The lengths of a Huffman code for symbols seen `counts` times (0 for those never seen),
/// none longer than [`MAX_BITS`]. A code of one symbol gets one bit.
pub fn code_lengths(counts: &[u32]) -> Vec<u8> {
    let mut lengths = vec![0u8; counts.len()];
    let mut counts: Vec<u64> = counts.iter().map(|&c| u64::from(c)).collect();
    let mut flatten = MAX_BITS - 4;
    loop {
        // Leaves by count (then by symbol, so that both sides agree), merged two at a time:
        // with the leaves sorted, the merged nodes come out sorted too (two queues).
        // Sorted as integers, count above symbol: the one sort of u64 the wasm has anyway,
        // where a sort of tuples would be a copy of its own (8 KiB of code).
        let mut keys: Vec<u64> =
            counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(s, &c)| c << 16 | s as u64).collect();
        keys.sort_unstable();
        let leaves: Vec<(u64, usize)> = keys.iter().map(|&k| (k >> 16, (k & 0xffff) as usize)).collect();
        if leaves.len() == 1 {
            lengths[leaves[0].1] = 1;
            return lengths;
        }
        // Nodes: (count, parent); leaves are the first ones.
        let mut nodes: Vec<(u64, usize)> = leaves.iter().map(|&(c, _)| (c, usize::MAX)).collect();
        let (mut next_leaf, mut next_node) = (0, leaves.len());
        let mut take = |nodes: &Vec<(u64, usize)>| {
            let leaf = nodes.get(next_leaf).filter(|_| next_leaf < leaves.len()).map(|n| n.0);
            let inner = nodes.get(next_node).map(|n| n.0);
            match (leaf, inner) {
                (Some(l), Some(i)) if i < l => {
                    next_node += 1;
                    next_node - 1
                }
                (Some(_), _) => {
                    next_leaf += 1;
                    next_leaf - 1
                }
                _ => {
                    next_node += 1;
                    next_node - 1
                }
            }
        };
        for _ in 1..leaves.len() {
            let (a, b) = (take(&nodes), take(&nodes));
            let parent = nodes.len();
            let count = nodes[a].0 + nodes[b].0;
            nodes[a].1 = parent;
            nodes[b].1 = parent;
            nodes.push((count, usize::MAX));
        }
        // Depths from the root down: a node's parent comes after it.
        let mut depth = vec![0u32; nodes.len()];
        for i in (0..nodes.len().saturating_sub(1)).rev() {
            depth[i] = depth[nodes[i].1] + 1;
        }
        if depth.iter().take(leaves.len()).all(|&d| d <= MAX_BITS) {
            for (i, &(_, symbol)) in leaves.iter().enumerate() {
                lengths[symbol] = depth[i] as u8;
            }
            return lengths;
        }
        // Too deep: raise the rarest counts towards the commonest, more each time.
        let floor = (counts.iter().copied().max().unwrap_or(1) >> flatten).max(1);
        for c in counts.iter_mut().filter(|c| **c > 0) {
            *c = (*c).max(floor);
        }
        flatten = flatten.saturating_sub(2);
    }
}

/// The canonical code of each symbol (DEFLATE's: shorter codes first, then by symbol), as
/// (bits, length); (0, 0) for a symbol without a code.
pub fn canonical(lengths: &[u8]) -> Vec<(u32, u8)> {
    let mut count = [0u32; MAX_BITS as usize + 2];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u32; MAX_BITS as usize + 2];
    let mut code = 0;
    for bits in 1..=MAX_BITS as usize {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return (0, 0);
            }
            let code = next[usize::from(l)];
            next[usize::from(l)] += 1;
            (code, l)
        })
        .collect()
}

/// A code ready for decoding: a table for the short codes, and for the rest, per length,
/// the codes' upper limit (left-aligned, so that finding the length is a few comparisons),
/// its first code and where its symbols start among the symbols sorted by code.
#[derive(Clone, Default)]
pub struct Code {
    /// Indexed by the next `fast_bits` bits: the symbol above its length, or 0 for longer codes.
    fast: Vec<u16>,
    fast_bits: u32,
    limit: [u32; MAX_BITS as usize + 1],
    first: [u32; MAX_BITS as usize + 1],
    offset: [u32; MAX_BITS as usize + 1],
    sorted: Vec<u16>,
}

impl Code {
    /// The decoder of the code with these `lengths`.
    pub fn new(lengths: &[u8]) -> Self {
        let longest = lengths.iter().copied().max().unwrap_or(0);
        let fast_bits = u32::from(longest).clamp(1, FAST_BITS);
        let mut code = Self { fast: vec![0; 1 << fast_bits], fast_bits, ..Self::default() };
        let codes = canonical(lengths);
        // Canonical codes of one length go up with the symbol, so (length, symbol) is their
        // order: sorted as integers, like the leaves above.
        let mut keys: Vec<u64> = codes
            .iter()
            .enumerate()
            .filter(|(_, (_, l))| *l > 0)
            .map(|(s, &(_, l))| u64::from(l) << 16 | s as u64)
            .collect();
        keys.sort_unstable();
        let by_code = keys.iter().map(|&k| {
            let symbol = (k & 0xffff) as usize;
            let (bits, length) = codes.get(symbol).copied().unwrap_or((0, 0));
            (length, bits, symbol as u16)
        });
        let mut count = [0u32; MAX_BITS as usize + 1];
        for (i, (length, bits, symbol)) in by_code.enumerate() {
            let l = usize::from(length);
            if count[l] == 0 {
                code.first[l] = bits;
                code.offset[l] = i as u32;
            }
            count[l] += 1;
            code.sorted.push(symbol);
            if u32::from(length) <= fast_bits {
                let shift = fast_bits - u32::from(length);
                let start = (bits << shift) as usize;
                for slot in code.fast.iter_mut().skip(start).take(1 << shift) {
                    *slot = symbol << 4 | u16::from(length);
                }
            }
        }
        // The codes of length l are below `limit[l]` (as MAX_BITS bits) and the longer ones
        // above it; no length, no codes: the limit of the length before.
        let mut limit = 0;
        for (l, (&n, &first)) in count.iter().zip(&code.first).enumerate().skip(1) {
            if n > 0 {
                limit = (first + n) << (MAX_BITS as usize - l);
            }
            code.limit[l] = limit;
        }
        code
    }

    /// Reads one symbol.
    fn read(&self, bits: &mut Bits<'_>) -> u16 {
        let peek = bits.peek();
        let fast = self.fast.get((peek >> (MAX_BITS - self.fast_bits)) as usize).copied().unwrap_or(0);
        if fast != 0 {
            bits.consume(u32::from(fast & 0xf));
            return fast >> 4;
        }
        let mut length = self.fast_bits as usize + 1;
        while length < MAX_BITS as usize && peek >= self.limit[length] {
            length += 1;
        }
        bits.consume(length as u32);
        let index = (peek >> (MAX_BITS as usize - length)).wrapping_sub(self.first[length]);
        self.sorted.get(self.offset[length].wrapping_add(index) as usize).copied().unwrap_or(END)
    }
}

/// Bits read from the front of each byte first, past the end as zeros.
struct Bits<'a> {
    data: &'a [u8],
    buffer: u64,
    held: u32,
}

impl Bits<'_> {
    fn peek(&mut self) -> u32 {
        while self.held <= 56 {
            let Some((&byte, rest)) = self.data.split_first() else {
                self.held = 64;
                break;
            };
            self.data = rest;
            self.buffer |= u64::from(byte) << (56 - self.held);
            self.held += 8;
        }
        (self.buffer >> (64 - MAX_BITS)) as u32
    }

    fn consume(&mut self, n: u32) {
        self.buffer <<= n;
        self.held = self.held.saturating_sub(n);
    }
}

/// Reads what the build script's bit writer wrote, with these codes.
pub struct Decoder<'a> {
    bits: Bits<'a>,
    codes: Vec<Code>,
}

impl<'a> Decoder<'a> {
    /// Starts reading `data` with `codes` (numbered as [`Tables`] numbers them, and more).
    pub fn new(data: &'a [u8], codes: Vec<Code>) -> Self {
        Self { bits: Bits { data, buffer: 0, held: 0 }, codes }
    }

    /// Sets code number `code`.
    pub fn set(&mut self, code: usize, decoder: Code) {
        if let Some(slot) = self.codes.get_mut(code) {
            *slot = decoder;
        } else {
            self.codes.resize(code, Code::default());
            self.codes.push(decoder);
        }
    }
}

impl Coder for Decoder<'_> {
    fn symbol(&mut self, code: usize, _want: u16) -> u16 {
        match self.codes.get(code) {
            Some(table) => table.read(&mut self.bits),
            None => END,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fibonacci counts make the deepest Huffman trees: 40 of them would need 39 bits.
    fn fibonacci(n: usize) -> Vec<u32> {
        let mut counts = vec![1u32, 1];
        while counts.len() < n {
            let next = counts[counts.len() - 1].saturating_add(counts[counts.len() - 2]);
            counts.push(next);
        }
        counts
    }

    #[test]
    fn code_lengths_are_limited_and_complete() {
        for counts in [fibonacci(40), vec![5, 0, 3, 0, 0, 9, 1], vec![0, 7, 0], vec![1; 300]] {
            let lengths = code_lengths(&counts);
            assert!(lengths.iter().all(|&l| u32::from(l) <= MAX_BITS), "{lengths:?}");
            assert!(counts.iter().zip(&lengths).all(|(&c, &l)| (c == 0) == (l == 0)), "{lengths:?}");
            // Kraft: the codes fill the code space exactly (a lone symbol has one bit of two).
            let used: u64 =
                lengths.iter().filter(|&&l| l > 0).map(|&l| 1u64 << (MAX_BITS - u32::from(l))).sum();
            let expected = if counts.iter().filter(|&&c| c > 0).count() == 1 {
                1 << (MAX_BITS - 1)
            } else {
                1 << MAX_BITS
            };
            assert_eq!(used, expected, "{lengths:?}");
        }
    }

    #[test]
    fn what_the_canonical_codes_write_the_decoder_reads() {
        let codes = [code_lengths(&fibonacci(40)), code_lengths(&[4, 1, 1, 9, 0, 2])];
        // Symbols of both codes in turn, the rare ones (long codes) included.
        let message: Vec<(usize, u16)> = (0..200u16)
            .map(|i| if i % 3 == 0 { (1, [0, 1, 2, 3, 5][usize::from(i) % 5]) } else { (0, i % 40) })
            .collect();
        let (mut out, mut buffer, mut held) = (Vec::new(), 0u64, 0u32);
        for &(code, symbol) in &message {
            let (bits, length) = canonical(&codes[code])[usize::from(symbol)];
            buffer = buffer << length | u64::from(bits);
            held += u32::from(length);
            while held >= 8 {
                held -= 8;
                out.push((buffer >> held) as u8);
            }
        }
        if held > 0 {
            out.push((buffer << (8 - held)) as u8);
        }
        let mut decoder = Decoder::new(&out, codes.iter().map(|l| Code::new(l)).collect());
        for &(code, symbol) in &message {
            assert_eq!(decoder.symbol(code, END), symbol);
        }
    }
}
