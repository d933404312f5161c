//! Shared secrets for one-time passwords.

use core::fmt;
use core::ops::RangeInclusive;

use super::base32;
use crate::error::{Error, Result};

/// [`Secret::DEFAULT_BYTES`] under the crate-level name the server has always used.
pub const DEFAULT_SECRET_BYTES: usize = Secret::DEFAULT_BYTES;

/// A validated shared secret: between [`Secret::MIN_BYTES`] and [`Secret::MAX_BYTES`] bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Fewest bytes accepted in a secret: 80-bit secrets imported from older systems exist.
    pub const MIN_BYTES: usize = 10;
    /// Fewest bytes that earn no warning: RFC 4226 §4 asks for at least 128 bits.
    pub const RECOMMENDED_MIN_BYTES: usize = 16;
    /// Bytes in a generated secret unless asked otherwise: 160 bits, the size of a SHA-1 output.
    pub const DEFAULT_BYTES: usize = 20;
    /// Sizes the generator accepts: never below the recommendation, up to a SHA-512 seed.
    pub const GENERATED_BYTES: RangeInclusive<usize> = Self::RECOMMENDED_MIN_BYTES..=64;
    /// Most bytes accepted in a secret; HMAC hashes longer keys anyway, so more buys nothing.
    pub const MAX_BYTES: usize = 128;

    /// Wraps raw secret bytes.
    ///
    /// # Errors
    ///
    /// [`Error::SecretEmpty`], [`Error::SecretTooShort`] or [`Error::SecretTooLong`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        match bytes.len() {
            0 => Err(Error::SecretEmpty),
            n if n < Self::MIN_BYTES => Err(Error::SecretTooShort { min: Self::MIN_BYTES }),
            n if n > Self::MAX_BYTES => Err(Self::too_long()),
            _ => Ok(Self(bytes)),
        }
    }

    /// Decodes a base32 secret as people type it (see [`base32::decode`]).
    ///
    /// # Errors
    ///
    /// The base32 errors, then those of [`Secret::from_bytes`].
    pub fn from_base32(text: &str) -> Result<Self> {
        // Checked before decoding so a megabyte of pasted text costs nothing.
        if text.len() > Self::MAX_BYTES * 16 {
            return Err(Self::too_long());
        }
        Self::from_bytes(base32::decode(text)?)
    }

    /// Draws a fresh secret of `bytes` bytes from `fill`, the caller's CSPRNG.
    ///
    /// # Errors
    ///
    /// [`Error::SecretSizeOutOfRange`], or whatever `fill` returns.
    pub fn generate(bytes: usize, fill: impl FnOnce(&mut [u8]) -> Result<()>) -> Result<Self> {
        if !Self::GENERATED_BYTES.contains(&bytes) {
            let (min, max) = (*Self::GENERATED_BYTES.start(), *Self::GENERATED_BYTES.end());
            return Err(Error::SecretSizeOutOfRange { min, max });
        }
        let mut buffer = vec![0; bytes];
        fill(&mut buffer)?;
        Self::from_bytes(buffer)
    }

    /// The canonical base32 form: upper case, no padding.
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The raw bytes, as HMAC keys them.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether the secret is below [`Self::RECOMMENDED_MIN_BYTES`] and deserves a warning.
    pub fn is_short(&self) -> bool {
        self.0.len() < Self::RECOMMENDED_MIN_BYTES
    }

    fn too_long() -> Error {
        Error::SecretTooLong { max: Self::MAX_BYTES }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A secret must not end up in a log line by way of `{:?}`.
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_have_their_errors() {
        assert_eq!(Secret::from_bytes(vec![]), Err(Error::SecretEmpty));
        assert_eq!(Secret::from_bytes(vec![1; 9]), Err(Error::SecretTooShort { min: 10 }));
        assert!(Secret::from_bytes(vec![1; 10]).is_ok_and(|s| s.is_short()));
        assert!(Secret::from_bytes(vec![1; 16]).is_ok_and(|s| !s.is_short()));
        assert_eq!(Secret::from_bytes(vec![1; 129]), Err(Error::SecretTooLong { max: 128 }));
        assert_eq!(Secret::from_base32(&"A".repeat(1 << 20)), Err(Error::SecretTooLong { max: 128 }));
    }

    #[test]
    fn generation_uses_the_given_randomness() {
        let secret = Secret::generate(20, |buf| {
            buf.fill(0xAB);
            Ok(())
        });
        assert_eq!(secret.map(|s| s.as_bytes().to_vec()), Ok(vec![0xAB; 20]));
        assert_eq!(Secret::generate(8, |_| Ok(())), Err(Error::SecretSizeOutOfRange { min: 16, max: 64 }));
        assert_eq!(Secret::generate(20, |_| Err(Error::RandomUnavailable)), Err(Error::RandomUnavailable));
    }

    #[test]
    fn debug_hides_the_bytes() {
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(secret.map(|s| format!("{s:?}")), Ok("Secret(20 bytes)".to_owned()));
    }
}
