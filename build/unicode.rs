//! The Unicode data the password checker needs, written compactly for
//! `src/password/unicode.rs`: for NFKC, every code point's full compatibility decomposition,
//! its canonical combining class, its quick check answer and the canonical compositions, from
//! the unicode-normalization crate (a build dependency only); and lower case, from the
//! compiler's own `char::to_lowercase`, which is the same on every target.
//!
//! Numbers are LEB128 varints, signed ones zigzagged; each list is sorted by code point and
//! delta-coded, which is what makes it small once gzipped. First [`LIMIT`], then:
//!
//! - decompositions: count, then per code point: the gap from the previous one; its length;
//!   each character as the difference from the character at the same place in the previous
//!   decomposition (or from the one before it, or the code point);
//! - combining classes: count of runs, then per run: the gap from the end of the previous run,
//!   its length minus 1, and its class (one byte);
//! - NFKC_Quick_Check No, then Maybe: count of runs, then per run the gap and length minus 1;
//! - compositions: count, then per composite: the gap from the previous one, the difference
//!   from it to its first character, and the difference from the previous second character;
//! - lower case: count of runs of code points `stride` apart whose lower case is the same
//!   distance away, then per run: the gap from the end of the previous run, its length minus 1,
//!   its stride and the distance. (The one lower case of two characters, U+0130's, is written
//!   as its first; `src/password/unicode.rs` adds the second.)
//! - the class a policy counts a character in, over every code point (see [`class`]): count of
//!   runs, then per run the gap, length minus 1 and class.
//!
//! Hangul syllables are left out of all three: NFKC computes them.

use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_canonical, decompose_compatible,
};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::{signed, varint};

/// Every code point at or past this is its own NFKC and lower case, a starter, and composes
/// with nothing (checked below), so the run-time table stops here.
pub const LIMIT: u32 = 0x30000;

fn is_hangul_syllable(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// The class a policy counts a character in, by the compiler's own `char` properties and in
/// the checker's order: 1 lowercase, 2 uppercase, 3 digit (any numeric), 4 another letter or
/// number (counted in no class), 0 a symbol (neither letter nor number).
fn class(c: char) -> u8 {
    if c.is_lowercase() {
        1
    } else if c.is_uppercase() {
        2
    } else if c.is_numeric() {
        3
    } else if c.is_alphanumeric() {
        4
    } else {
        0
    }
}

fn all_chars() -> impl Iterator<Item = char> {
    (0..=0x10ffff).filter_map(char::from_u32)
}

/// The runs of consecutive code points with the same value, each as its gap from the end of
/// the one before, its length minus 1 and (when `with_value`) the value.
fn write_runs(out: &mut Vec<u8>, values: &[(char, u8)], with_value: bool) {
    let mut runs: Vec<(u32, u32, u8)> = Vec::new();
    for &(c, value) in values {
        match runs.last_mut() {
            Some((start, length, run)) if *run == value && *start + *length == c as u32 => *length += 1,
            _ => runs.push((c as u32, 1, value)),
        }
    }
    varint(out, runs.len() as u64);
    let mut end = 0;
    for &(start, length, value) in &runs {
        varint(out, u64::from(start - end));
        varint(out, u64::from(length - 1));
        if with_value {
            out.push(value);
        }
        end = start + length;
    }
}

/// The compact data, as described above.
pub fn data() -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, u64::from(LIMIT));

    let decompositions: Vec<(char, Vec<char>)> = all_chars()
        .filter(|&c| !is_hangul_syllable(c))
        .filter_map(|c| {
            let mut d = Vec::new();
            decompose_compatible(c, |x| d.push(x));
            (d != [c]).then_some((c, d))
        })
        .collect();
    varint(&mut out, decompositions.len() as u64);
    let (mut previous, mut previous_mapping) = (0u32, Vec::new());
    for (c, mapping) in &decompositions {
        varint(&mut out, u64::from(*c as u32 - previous));
        varint(&mut out, mapping.len() as u64);
        for (i, &x) in mapping.iter().enumerate() {
            let reference =
                previous_mapping.get(i).copied().unwrap_or(if i > 0 { mapping[i - 1] } else { *c });
            signed(&mut out, i64::from(x as u32) - i64::from(reference as u32));
        }
        (previous, previous_mapping) = (*c as u32, mapping.clone());
    }

    let combining: Vec<(char, u8)> =
        all_chars().map(|c| (c, canonical_combining_class(c))).filter(|&(_, ccc)| ccc != 0).collect();
    write_runs(&mut out, &combining, true);
    let mut quick = Vec::new();
    for answer in [IsNormalized::No, IsNormalized::Maybe] {
        let set: Vec<(char, u8)> =
            all_chars().filter(|c| is_nfkc_quick(std::iter::once(*c)) == answer).map(|c| (c, 0)).collect();
        write_runs(&mut out, &set, false);
        quick.extend(set);
    }

    // A primary composite is the composition of its canonical decomposition's last character
    // with the NFC of the rest.
    let compositions: Vec<(char, char, char)> = all_chars()
        .filter(|&c| !is_hangul_syllable(c))
        .filter_map(|c| {
            let mut d = Vec::new();
            decompose_canonical(c, |x| d.push(x));
            let (&second, rest) = d.split_last()?;
            let mut first = rest.iter().copied().nfc();
            let (Some(first), None) = (first.next(), first.next()) else { return None };
            (compose(first, second) == Some(c)).then_some((c, first, second))
        })
        .collect();
    varint(&mut out, compositions.len() as u64);
    let (mut previous, mut previous_second) = (0u32, 0u32);
    for &(c, first, second) in &compositions {
        varint(&mut out, u64::from(c as u32 - previous));
        signed(&mut out, i64::from(c as u32) - i64::from(first as u32));
        signed(&mut out, i64::from(second as u32) - i64::from(previous_second));
        (previous, previous_second) = (c as u32, second as u32);
    }

    let lower: Vec<(u32, i64)> = all_chars()
        .filter_map(|c| {
            let mut lower = c.to_lowercase();
            let first = lower.next()?;
            let rest: String = lower.collect();
            assert!(rest.is_empty() || (c, first, rest.as_str()) == ('\u{130}', 'i', "\u{307}"), "{c:?}");
            (first != c).then_some((c as u32, i64::from(first as u32) - i64::from(c as u32)))
        })
        .collect();
    let mut lower_runs: Vec<(u32, u32, u32, i64)> = Vec::new();
    for &(c, delta) in &lower {
        match lower_runs.last_mut() {
            Some((start, length, stride, run))
                if *run == delta && (*length == 1 && c - *start <= 2 || c == *start + *length * *stride) =>
            {
                *stride = if *length == 1 { c - *start } else { *stride };
                *length += 1;
            }
            _ => lower_runs.push((c, 1, 1, delta)),
        }
    }
    varint(&mut out, lower_runs.len() as u64);
    let mut end = 0;
    for &(start, length, stride, delta) in &lower_runs {
        varint(&mut out, u64::from(start - end));
        varint(&mut out, u64::from(length - 1));
        varint(&mut out, u64::from(stride));
        signed(&mut out, delta);
        end = start + (length - 1) * stride + 1;
    }

    let classes: Vec<(char, u8)> = all_chars().map(|c| (c, class(c))).collect();
    write_runs(&mut out, &classes, true);

    let beyond = |c: char| c as u32 >= LIMIT;
    assert!(
        !decompositions.iter().any(|(c, _)| beyond(*c))
            && !combining.iter().chain(&quick).any(|(c, _)| beyond(*c))
            && !compositions.iter().any(|&(c, f, s)| beyond(c) || beyond(f) || beyond(s))
            && !lower.iter().any(|&(c, _)| c >= LIMIT),
        "data past {LIMIT:#x}: raise LIMIT"
    );
    let mut deltas: Vec<i64> = lower.iter().map(|&(_, d)| d).collect();
    deltas.sort_unstable();
    deltas.dedup();
    assert!(decompositions.len() < 1 << 16 && deltas.len() < 1 << 8, "the table's fields are too narrow");
    out
}
