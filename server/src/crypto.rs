//! Randomness, token hashes, password hashes and the encryption of TOTP secrets at rest.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Fills `buffer` from the operating system's CSPRNG.
///
/// # Errors
///
/// An internal error if the OS cannot provide randomness.
pub fn random(buffer: &mut [u8]) -> Result<()> {
    getrandom::fill(buffer).map_err(|e| Error::internal(format!("random: {e}")))
}

/// The same, as the core expects it.
pub fn core_random(buffer: &mut [u8]) -> twofold::Result<()> {
    getrandom::fill(buffer).map_err(|_| twofold::Error::RandomUnavailable)
}

/// A fresh bearer token: 32 random bytes, URL-safe base64.
pub fn token() -> Result<String> {
    let mut bytes = [0u8; 32];
    random(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// How a token or recovery code is stored: SHA-256, hex. They are random and long, so a fast
/// hash is enough; only their hash ever reaches the database.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// argon2id with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| Error::internal(format!("argon2: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (already NFKC-normalised) in a PHC string. Slow by design: call it
/// from a blocking thread.
///
/// # Errors
///
/// An internal error if hashing fails.
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    random(&mut salt)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::internal(format!("salt: {e}")))?;
    Ok(argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| Error::internal(format!("argon2: {e}")))?
        .to_string())
}

/// Whether `password` matches the PHC string `hash`. Slow by design.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let (Ok(parsed), Ok(argon2)) = (PasswordHash::new(hash), argon2()) else {
        return false;
    };
    argon2.verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Runs slow hashing work (argon2: 19 MiB and tens of milliseconds each) on a blocking
/// thread, at most a few at a time, so a burst of sign-ins queues instead of exhausting memory.
///
/// # Errors
///
/// An internal error if the task panicked.
pub async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    static PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(8);
    let _permit = PERMITS.acquire().await.map_err(Error::internal)?;
    tokio::task::spawn_blocking(work).await.map_err(Error::internal)
}

/// A hash of a password nobody has, verified when the email is unknown so that an unknown
/// email costs the same time as a known one.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, only a timing equaliser").unwrap_or_default())
}

/// Encrypts TOTP secrets for storage (XChaCha20-Poly1305, a random nonce per secret).
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

/// Bytes in the key.
pub const KEY_BYTES: usize = 32;

impl SecretBox {
    /// From a 32-byte key.
    pub fn new(key: &[u8; KEY_BYTES]) -> Self {
        Self { cipher: XChaCha20Poly1305::new(key.into()) }
    }

    /// Nonce followed by ciphertext.
    ///
    /// # Errors
    ///
    /// An internal error if encryption or randomness fails.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        random(&mut nonce)?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .map_err(|_| Error::internal("encrypting a secret"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// The plaintext of [`SecretBox::seal`]'s output.
    ///
    /// # Errors
    ///
    /// An internal error if the data was altered or sealed with another key.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>> {
        if sealed.len() < 24 {
            return Err(Error::internal("a stored secret is truncated"));
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| Error::internal("a stored secret does not decrypt with this key"))
    }
}

/// The key that encrypts TOTP secrets: from `base64` text if given (an environment
/// variable), else from `file`, which is created with a fresh random key (mode 0600) when
/// missing.
///
/// # Errors
///
/// A message when the text or file does not hold 32 bytes, or the file cannot be written.
pub fn load_key(
    base64: Option<&str>,
    file: &std::path::Path,
) -> std::result::Result<[u8; KEY_BYTES], String> {
    let decode = |text: &str| -> std::result::Result<[u8; KEY_BYTES], String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("the secret key is not base64: {e}"))?;
        bytes.try_into().map_err(|_| format!("the secret key must be {KEY_BYTES} bytes"))
    };
    if let Some(text) = base64 {
        return decode(text);
    }
    match std::fs::read_to_string(file) {
        Ok(text) => decode(&text).map_err(|e| format!("{}: {e}", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = [0u8; KEY_BYTES];
            getrandom::fill(&mut key).map_err(|e| format!("random: {e}"))?;
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut out = options.open(file).map_err(|e| format!("{}: {e}", file.display()))?;
            std::io::Write::write_all(
                &mut out,
                base64::engine::general_purpose::STANDARD.encode(key).as_bytes(),
            )
            .map_err(|e| format!("{}: {e}", file.display()))?;
            Ok(key)
        }
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_and_resist_tampering() {
        let vault = SecretBox::new(&[7; KEY_BYTES]);
        let sealed = vault.seal(b"12345678901234567890").unwrap();
        assert_eq!(vault.open(&sealed).unwrap(), b"12345678901234567890");
        let mut altered = sealed.clone();
        altered[30] ^= 1;
        assert!(vault.open(&altered).is_err());
        assert!(SecretBox::new(&[8; KEY_BYTES]).open(&sealed).is_err());
    }

    #[test]
    fn passwords_hash_with_argon2id() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse!", &hash));
        assert!(!verify_password("x", "not a hash"));
    }
}
