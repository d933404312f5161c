//! One-time recovery codes, for when the phone with the authenticator is gone.
//!
//! A code is 15 characters from an alphabet without look-alikes (no 0/O, 1/I/L, nor U/V),
//! in three groups of five: `7KQ4M-XW9PA-3HTNC`. That is 15 × log2(29) ≈ 72.9 bits, above
//! the 64 asked for, and still short enough to read aloud and type from paper.

use core::ops::RangeInclusive;

use crate::error::{Error, Result};

/// The characters of a recovery code.
pub const RECOVERY_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTWXYZ";
/// Characters in a code, not counting the dashes.
pub const RECOVERY_CODE_LENGTH: usize = 15;
/// Characters between dashes.
pub const RECOVERY_GROUP_LENGTH: usize = 5;
/// Random bytes drawn for one code: 128 bits, reduced to the code's 72.9 with a bias
/// below 2^-54 per character.
pub const RECOVERY_ENTROPY_BYTES: usize = 16;
/// How many codes may be generated at once.
pub const RECOVERY_CODE_COUNT: RangeInclusive<usize> = 1..=100;
/// How many codes a user gets unless asked otherwise.
pub const DEFAULT_RECOVERY_CODE_COUNT: usize = 10;

const BASE: u128 = RECOVERY_ALPHABET.len() as u128;

/// Draws `count` codes, taking randomness from `fill`, the caller's CSPRNG.
///
/// # Errors
///
/// [`Error::RecoveryCountOutOfRange`], or whatever `fill` returns.
pub fn generate_recovery_codes(
    count: usize,
    mut fill: impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<Vec<String>> {
    if !RECOVERY_CODE_COUNT.contains(&count) {
        let (min, max) = (*RECOVERY_CODE_COUNT.start(), *RECOVERY_CODE_COUNT.end());
        return Err(Error::RecoveryCountOutOfRange { min, max });
    }
    (0..count)
        .map(|_| {
            let mut entropy = [0u8; RECOVERY_ENTROPY_BYTES];
            fill(&mut entropy)?;
            Ok(recovery_code_from_entropy(entropy))
        })
        .collect()
}

/// The code that `entropy` spells.
pub fn recovery_code_from_entropy(entropy: [u8; RECOVERY_ENTROPY_BYTES]) -> String {
    let alphabet = RECOVERY_ALPHABET.as_bytes();
    let mut value = u128::from_le_bytes(entropy);
    let symbols = (0..RECOVERY_CODE_LENGTH).map(|_| {
        // The remainder is below BASE, a small number, so the index is in range.
        let symbol = alphabet[(value % BASE) as usize];
        value /= BASE;
        symbol
    });
    group(symbols)
}

/// The canonical form of a typed code, forgiving case, spaces and dashes of any kind.
///
/// # Errors
///
/// [`Error::RecoveryCodeMalformed`] for a wrong length or a character outside the alphabet.
pub fn normalize_recovery_code(input: &str) -> Result<String> {
    let mut symbols = Vec::with_capacity(RECOVERY_CODE_LENGTH);
    for c in input.chars() {
        if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−') {
            continue;
        }
        let upper = c.to_ascii_uppercase();
        // Bytes, not `str::contains`: its searcher brings a panic message of string slicing.
        let known =
            u8::try_from(upper).is_ok_and(|b| b.is_ascii() && RECOVERY_ALPHABET.as_bytes().contains(&b));
        if !known || symbols.len() == RECOVERY_CODE_LENGTH {
            return Err(malformed());
        }
        symbols.push(upper as u8);
    }
    if symbols.len() != RECOVERY_CODE_LENGTH {
        return Err(malformed());
    }
    Ok(group(symbols.into_iter()))
}

fn malformed() -> Error {
    Error::RecoveryCodeMalformed { length: RECOVERY_CODE_LENGTH, alphabet: RECOVERY_ALPHABET }
}

fn group(symbols: impl Iterator<Item = u8>) -> String {
    let mut code = String::with_capacity(RECOVERY_CODE_LENGTH + 2);
    for (i, symbol) in symbols.enumerate() {
        if i > 0 && i % RECOVERY_GROUP_LENGTH == 0 {
            code.push('-');
        }
        code.push(char::from(symbol));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        assert_eq!(RECOVERY_ALPHABET.len(), 29);
        for look_alike in ['0', 'O', '1', 'I', 'L', 'U', 'V'] {
            assert!(!RECOVERY_ALPHABET.contains(look_alike), "{look_alike}");
        }
        let bits = RECOVERY_CODE_LENGTH as f64 * (RECOVERY_ALPHABET.len() as f64).log2();
        assert!(bits >= 64.0, "{bits}");
    }

    #[test]
    fn codes_come_from_the_given_entropy() {
        assert_eq!(recovery_code_from_entropy([0; 16]), "22222-22222-22222");
        assert_eq!(
            recovery_code_from_entropy([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            "32222-22222-22222"
        );
        let mut n = 0u8;
        let codes = generate_recovery_codes(3, |buf| {
            n += 1;
            buf.fill(n);
            Ok(())
        });
        let Ok(codes) = codes else { unreachable!() };
        assert_eq!(codes.len(), 3);
        assert!(codes[0] != codes[1] && codes[1] != codes[2]);
        let out_of_range = Err(Error::RecoveryCountOutOfRange { min: 1, max: 100 });
        assert_eq!(generate_recovery_codes(0, |_| Ok(())), out_of_range);
        assert_eq!(generate_recovery_codes(101, |_| Ok(())), out_of_range);
    }

    #[test]
    fn typing_is_forgiven() {
        for typed in ["7kq4m-xw9pa-3htnc", "7KQ4M XW9PA 3HTNC", " 7kq4mxw9pa3htnc ", "7KQ4M–XW9PA—3HTNC"]
        {
            assert_eq!(normalize_recovery_code(typed), Ok("7KQ4M-XW9PA-3HTNC".to_owned()), "{typed}");
        }
        for bad in ["", "7KQ4M-XW9PA-3HTN", "7KQ4M-XW9PA-3HTNCC", "7KQ4M-XW9PA-3HTN0", "7KQ4M-XW9PA-3HTNÇ"] {
            assert_eq!(normalize_recovery_code(bad), Err(malformed()), "{bad}");
        }
    }
}
