//! HOTP (RFC 4226): a code from a secret and a counter, and codes as people type them.

use super::hmac::Hmac;
use super::params::OtpParams;
use super::secret::Secret;
use crate::error::{Error, Result};

/// The HOTP code for `counter` (RFC 4226 §5.3).
pub fn hotp(secret: &Secret, counter: u64, params: &OtpParams) -> String {
    let key = Hmac::new(params.algorithm(), secret.as_bytes());
    Digits::of(&key, counter, params.digits()).as_bytes().iter().map(|&d| char::from(d)).collect()
}

/// A code's digits in ASCII, on the stack: a window of codes is checked without allocating.
pub(super) struct Digits {
    digits: [u8; 8],
    len: usize,
}

impl Digits {
    /// The code for `counter` with `key` (the secret, keyed for the algorithm), `digits` long
    /// (at most 8, as `OtpParams` allows).
    pub(super) fn of(key: &Hmac, counter: u64, digits: u8) -> Self {
        let truncated = truncate(key.mac(&counter.to_be_bytes()).as_bytes());
        // Written digit by digit rather than with `format!`, whose padding code the wasm need
        // not carry; 10^8 fits a u32.
        let len = usize::from(digits).min(8);
        let mut code = Self { digits: [b'0'; 8], len };
        let mut rest = truncated;
        for slot in code.digits[..len].iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        code
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

/// RFC 4226 §5.3 dynamic truncation: 31 bits from the offset the hash's last nibble names.
fn truncate(hash: &[u8]) -> u32 {
    // Every hash here has at least 20 bytes and the offset is at most 15: the indexes are in range.
    let offset = usize::from(hash[hash.len() - 1] & 0xf);
    u32::from_be_bytes([hash[offset], hash[offset + 1], hash[offset + 2], hash[offset + 3]]) & 0x7fff_ffff
}

/// Reads a code as a person types it: white space is dropped (apps show `123 456`),
/// anything else must be exactly `digits` decimal digits.
///
/// # Errors
///
/// [`Error::CodeNotNumeric`], [`Error::CodeLengthMismatch`].
pub fn parse_code(code: &str, digits: u8) -> Result<String> {
    let mut parsed = String::with_capacity(usize::from(digits));
    for c in code.chars().filter(|c| !c.is_whitespace()) {
        if !c.is_ascii_digit() {
            return Err(Error::CodeNotNumeric);
        }
        if parsed.len() == usize::from(digits) {
            return Err(Error::CodeLengthMismatch { expected: digits });
        }
        parsed.push(c);
    }
    if parsed.len() != usize::from(digits) {
        return Err(Error::CodeLengthMismatch { expected: digits });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(parse_code(" 123 456 ", 6), Ok("123456".to_owned()));
        assert_eq!(parse_code("12345", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
        assert_eq!(parse_code("1234567", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
        assert_eq!(parse_code("12345a", 6), Err(Error::CodeNotNumeric));
        assert_eq!(parse_code("١٢٣٤٥٦", 6), Err(Error::CodeNotNumeric));
        assert_eq!(parse_code("", 6), Err(Error::CodeLengthMismatch { expected: 6 }));
    }
}
