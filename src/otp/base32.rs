//! RFC 4648 base32, written for secrets typed or pasted by people.
//!
//! Encoding is canonical (upper case, no padding). Decoding forgives what people and other
//! tools do to a secret — lower case, spaces between groups, `=` padding — and rejects
//! everything else with the position of the first bad character.

use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes bytes as upper-case base32 without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[usize::from((buffer >> bits) & 31)]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[usize::from((buffer << (5 - bits)) & 31)]));
    }
    out
}

/// Decodes base32, ignoring case, white space and trailing `=` padding.
///
/// Trailing bits that do not make a whole byte are dropped, as every authenticator app does;
/// a length that no encoder can produce (1, 3 or 6 characters past a multiple of 8) is refused.
///
/// # Errors
///
/// [`Error::Base32CharacterInvalid`] for a character outside the alphabet (or `=` before the
/// end), [`Error::Base32LengthInvalid`] for an impossible length.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u16 = 0;
    let mut bits = 0;
    let mut symbols = 0usize;
    let mut padding_seen = false;
    for (position, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        if c == '=' {
            padding_seen = true;
            continue;
        }
        let value = match c.to_ascii_uppercase() {
            upper @ 'A'..='Z' if !padding_seen => upper as u16 - u16::from(b'A'),
            digit @ '2'..='7' if !padding_seen => digit as u16 - u16::from(b'2') + 26,
            _ => return Err(Error::Base32CharacterInvalid { position }),
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        symbols += 1;
        if bits >= 8 {
            bits -= 8;
            // Truncation keeps the 8 bits just completed.
            out.push((buffer >> bits) as u8);
        }
    }
    if matches!(symbols % 8, 1 | 3 | 6) {
        return Err(Error::Base32LengthInvalid);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgives_case_spaces_and_padding() {
        assert_eq!(decode("mzxw 6ytb oi======"), Ok(b"foobar".to_vec()));
        assert_eq!(decode("MZXW6YTBOI"), Ok(b"foobar".to_vec()));
    }

    #[test]
    fn reports_the_first_bad_character() {
        assert_eq!(decode("MZ1W"), Err(Error::Base32CharacterInvalid { position: 2 }));
        assert_eq!(decode("MZ=XW"), Err(Error::Base32CharacterInvalid { position: 3 }));
        assert_eq!(decode("ЖZXW"), Err(Error::Base32CharacterInvalid { position: 0 }));
    }

    #[test]
    fn refuses_impossible_lengths() {
        for text in ["M", "MZX", "MZXW6Y", "MZXW6YTBO"] {
            assert_eq!(decode(text), Err(Error::Base32LengthInvalid), "{text}");
        }
    }
}
