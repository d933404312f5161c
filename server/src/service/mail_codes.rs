//! One-time codes sent by mail: drawn from the CSPRNG without modulo bias, stored as keyed
//! hashes, valid ten minutes, spent once, at most five tries each; a new one no sooner than a
//! minute after the last, and at most ten to one recipient in ten minutes.

use subtle::ConstantTimeEq as _;

use crate::crypto::{self, SecretBox};
use crate::error::{Error, Result};
use crate::model::User;
use crate::store::{self, Conn};

/// Digits in a code.
pub const DIGITS: u32 = 6;
/// How long a code works.
pub const LIFETIME_SECONDS: i64 = 600;
/// Wrong tries before a code stops working.
pub const MAX_TRIES: i64 = 5;
/// The least time between two codes to one user.
pub const RESEND_SECONDS: i64 = 60;
/// The most codes to one recipient in [`SENDS_WINDOW_SECONDS`].
pub const MAX_SENDS: i64 = 10;
/// The window [`MAX_SENDS`] counts in.
pub const SENDS_WINDOW_SECONDS: i64 = 600;

/// A fresh code of [`DIGITS`] digits, uniform: draws at or above the largest multiple of
/// 10^digits below 2^32 are thrown away, so that no code is likelier than another.
///
/// # Errors
///
/// Internal errors when the OS has no randomness.
pub fn draw() -> Result<String> {
    let space = 10_u32.pow(DIGITS);
    let ceiling = u32::MAX - u32::MAX % space;
    loop {
        let mut bytes = [0u8; 4];
        crypto::random(&mut bytes)?;
        let n = u32::from_le_bytes(bytes);
        if n < ceiling {
            return Ok(format!("{:0width$}", n % space, width = DIGITS as usize));
        }
    }
}

/// Makes and stores a new code for the user's `purpose`; answers it, to be mailed.
///
/// # Errors
///
/// `rate_limited` with the seconds to wait when the last code is under a minute old or the
/// recipient has had its share; database errors.
pub async fn issue(
    conn: &mut Conn,
    vault: &SecretBox,
    user: &User,
    purpose: &str,
    now: i64,
) -> Result<String> {
    if let Some(last) = store::mail_codes::newest(conn, user.id, purpose).await? {
        let wait = last.created_at + RESEND_SECONDS - now;
        if wait > 0 {
            return Err(Error::RateLimited { retry_after: wait });
        }
    }
    let bucket = format!("mailcode:{}", crate::model::email_key(&user.email));
    let (sent, start) = store::rate_windows::hit(conn, &bucket, now, SENDS_WINDOW_SECONDS).await?;
    if sent > MAX_SENDS {
        return Err(Error::RateLimited { retry_after: (start + SENDS_WINDOW_SECONDS - now).max(1) });
    }
    let code = draw()?;
    store::mail_codes::insert(conn, user.id, purpose, &vault.code_hash(&code)?, now, now + LIFETIME_SECONDS)
        .await?;
    Ok(code)
}

/// What checking a code came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// Right, and now spent.
    Spent,
    /// Wrong; the try is counted (commit it).
    Wrong,
}

/// Checks `typed` against the user's newest code for `purpose`.
///
/// # Errors
///
/// `code_missing` when none was sent, `code_expired`, `code_tries_exhausted`, a malformed
/// code; database errors.
pub async fn check(
    conn: &mut Conn,
    vault: &SecretBox,
    user: &User,
    purpose: &str,
    typed: &str,
    now: i64,
) -> Result<Check> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("code_length_mismatch").with("expected", DIGITS).field("code"));
    }
    let code = store::mail_codes::newest(conn, user.id, purpose)
        .await?
        .ok_or_else(|| Error::conflict("code_missing").field("code"))?;
    if code.used_at.is_some() || code.expires_at <= now {
        return Err(Error::invalid("code_expired").field("code"));
    }
    if code.tries >= MAX_TRIES {
        return Err(Error::invalid("code_tries_exhausted").field("code"));
    }
    let right: bool = vault.code_hash(&typed)?.as_bytes().ct_eq(code.code_hash.as_bytes()).into();
    if right && store::mail_codes::spend(conn, code.id, now, MAX_TRIES).await? {
        return Ok(Check::Spent);
    }
    store::mail_codes::count_try(conn, code.id).await?;
    Ok(Check::Wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_six_digits_and_every_digit_turns_up() {
        let mut seen = [0u32; 10];
        for _ in 0..2000 {
            let code = draw().unwrap();
            assert_eq!(code.len(), 6);
            for b in code.bytes() {
                seen[usize::from(b - b'0')] += 1;
            }
        }
        // 12,000 digits: each of the ten expected 1,200 times; far from it means a bias.
        assert!(seen.iter().all(|n| (1000..1400).contains(n)), "{seen:?}");
    }
}
