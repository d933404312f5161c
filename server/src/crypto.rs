//! Randomness, token hashes, password hashes and the encryption of TOTP secrets at rest.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
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

/// A hash of a password nobody has, verified when the email is unknown so that an unknown
/// email costs the same time as a known one.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, only a timing equaliser").unwrap_or_default())
}

/// Encrypts TOTP secrets for storage (XChaCha20-Poly1305, a random nonce per secret, the
/// owner's id as associated data, so that a sealed secret moved to another user's row does
/// not open), and keys the hashes of short codes, which a fast hash alone would leave
/// guessable from a copy of the database.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    mac_key: [u8; 32],
}

/// Bytes in the key.
pub const KEY_BYTES: usize = 32;

fn owner(user_id: i64) -> String {
    format!("twofold/user/{user_id}")
}

fn tenant_owner(tenant_id: i64) -> String {
    format!("twofold/tenant/{tenant_id}")
}

impl SecretBox {
    /// From a 32-byte key.
    pub fn new(key: &[u8; KEY_BYTES]) -> Self {
        let mac_key: [u8; 32] =
            Sha256::new().chain_update(b"twofold/code-hashes/v1").chain_update(key).finalize().into();
        Self { cipher: XChaCha20Poly1305::new(key.into()), mac_key }
    }

    /// Nonce followed by ciphertext, bound to `user_id`.
    ///
    /// # Errors
    ///
    /// An internal error if encryption or randomness fails.
    pub fn seal(&self, user_id: i64, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.seal_for(&owner(user_id), plaintext)
    }

    /// A tenant's secret (its SMS provider's credentials), bound to the tenant.
    ///
    /// # Errors
    ///
    /// An internal error if encryption or randomness fails.
    pub fn seal_tenant(&self, tenant_id: i64, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.seal_for(&tenant_owner(tenant_id), plaintext)
    }

    /// The plaintext of [`SecretBox::seal_tenant`]'s output for `tenant_id`.
    ///
    /// # Errors
    ///
    /// An internal error if the data was altered, or sealed with another key or for another
    /// tenant.
    pub fn open_tenant(&self, tenant_id: i64, sealed: &[u8]) -> Result<Vec<u8>> {
        if sealed.len() < 24 {
            return Err(Error::internal("a stored secret is truncated"));
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        let aad = tenant_owner(tenant_id);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_bytes() })
            .map_err(|_| Error::internal("a stored secret does not open with this key for this tenant"))
    }

    fn seal_for(&self, owner: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        random(&mut nonce)?;
        let aad = owner.to_owned();
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.as_bytes() })
            .map_err(|_| Error::internal("encrypting a secret"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// The plaintext of [`SecretBox::seal`]'s output for `user_id`. Secrets sealed before
    /// they were bound to their owner open without it.
    ///
    /// # Errors
    ///
    /// An internal error if the data was altered, sealed with another key or for another user.
    pub fn open(&self, user_id: i64, sealed: &[u8]) -> Result<Vec<u8>> {
        if sealed.len() < 24 {
            return Err(Error::internal("a stored secret is truncated"));
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        let nonce = XNonce::from_slice(nonce);
        let aad = owner(user_id);
        self.cipher
            .decrypt(nonce, Payload { msg: ciphertext, aad: aad.as_bytes() })
            .or_else(|_| self.cipher.decrypt(nonce, ciphertext))
            .map_err(|_| Error::internal("a stored secret does not open with this key for this user"))
    }

    /// The keyed hash an API token is stored and found by: a copy of the database alone
    /// cannot tell whether a string is a token. Apart from the codes' by a label.
    ///
    /// # Errors
    ///
    /// Never in practice: HMAC takes a key of any length.
    pub fn api_token_hash(&self, token: &str) -> Result<String> {
        self.code_hash(&format!("api-token:{token}"))
    }

    /// A keyed hash (HMAC-SHA256, hex) of a short code, as stored.
    ///
    /// # Errors
    ///
    /// Never in practice: HMAC takes a key of any length.
    pub fn code_hash(&self, code: &str) -> Result<String> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).map_err(Error::internal)?;
        mac.update(code.as_bytes());
        Ok(mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect())
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
        Ok(text) => {
            refuse_loose_permissions(file)?;
            decode(&text).map_err(|e| format!("{}: {e}", file.display()))
        }
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

/// A key file others can read is a key others may have: refused, with what to do about it.
fn refuse_loose_permissions(file: &std::path::Path) -> std::result::Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode =
            std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} can be read by other users (mode {:o}): run chmod 600 on it, and replace the key if others may have read it",
                file.display(),
                mode & 0o777
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let folder = std::env::temp_dir().join(format!("twofold-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let file = folder.join("secret.key");
        let key = load_key(None, &file).unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(load_key(None, &file).unwrap(), key, "the same key the second time");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = load_key(None, &file).unwrap_err();
        assert!(refused.contains("chmod 600"), "{refused}");
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn secrets_round_trip_and_resist_tampering() {
        let vault = SecretBox::new(&[7; KEY_BYTES]);
        let sealed = vault.seal(1, b"12345678901234567890").unwrap();
        assert_eq!(vault.open(1, &sealed).unwrap(), b"12345678901234567890");
        assert!(vault.open(2, &sealed).is_err(), "bound to its owner");
        let mut altered = sealed.clone();
        altered[30] ^= 1;
        assert!(vault.open(1, &altered).is_err());
        assert!(SecretBox::new(&[8; KEY_BYTES]).open(1, &sealed).is_err());
        // Sealed before owners were bound: opens for whoever holds the row.
        let mut nonce = [0u8; 24];
        random(&mut nonce).unwrap();
        let legacy = vault.cipher.encrypt(XNonce::from_slice(&nonce), b"old".as_slice()).unwrap();
        assert_eq!(vault.open(9, &[nonce.as_slice(), &legacy].concat()).unwrap(), b"old");
        assert_eq!(vault.code_hash("123456").unwrap(), vault.code_hash("123456").unwrap());
        assert_ne!(
            vault.code_hash("123456").unwrap(),
            SecretBox::new(&[8; KEY_BYTES]).code_hash("123456").unwrap()
        );
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
