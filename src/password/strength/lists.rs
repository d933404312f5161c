//! zxcvbn 4.4.2's word lists as the build script packs them (see `build/words.rs`): unpacked
//! once, each into its words (sorted, one a line) and each word's rank by bucket.

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

fn take(data: &mut &'static [u8], n: usize) -> &'static [u8] {
    let (taken, rest) = data.split_at_checked(n).unwrap_or((data, &[]));
    *data = rest;
    taken
}

/// Every list, in zxcvbn's order.
pub fn unpack() -> Vec<List> {
    let mut data = PACKED;
    let headers: Vec<(usize, Vec<u16>)> = (0..LISTS)
        .map(|_| {
            let count = varint(&mut data);
            let mut last = 0;
            let representatives = (0..varint(&mut data))
                .map(|_| {
                    last += varint(&mut data);
                    u16::try_from(last).unwrap_or(u16::MAX)
                })
                .collect();
            (count, representatives)
        })
        .collect();
    // The endings of all lists, then their prefix lengths, then their buckets.
    let words: usize = headers.iter().map(|(count, _)| count).sum();
    let mut endings = data;
    let mut lines = 0;
    let mut end = 0;
    while lines < words {
        match endings.get(end) {
            Some(b'\n') => lines += 1,
            Some(_) => {}
            None => break,
        }
        end += 1;
    }
    let mut rest = endings.get(end..).unwrap_or_default();
    endings = endings.get(..end).unwrap_or_default();
    let mut prefixes = take(&mut rest, words);
    let mut buckets = rest;
    headers
        .into_iter()
        .map(|(count, representatives)| {
            let mut list = List { text: Vec::with_capacity(count * 9), ranks: Vec::with_capacity(count) };
            let (mut previous_start, mut previous_len) = (0, 0);
            for (&shared, &bucket) in take(&mut prefixes, count).iter().zip(take(&mut buckets, count)) {
                let start = list.text.len();
                let shared = usize::from(shared).min(previous_len);
                list.text.extend_from_within(previous_start..previous_start + shared);
                let ending = endings.iter().position(|&b| b == b'\n').unwrap_or(endings.len());
                list.text.extend_from_slice(take(&mut endings, ending));
                take(&mut endings, 1);
                (previous_start, previous_len) = (start, list.text.len() - start);
                list.text.push(b'\n');
                list.ranks.push(representatives.get(usize::from(bucket)).copied().unwrap_or(u16::MAX));
            }
            list
        })
        .collect()
}
