//! Brute-force defences: consecutive failures lock an account for a growing period, and one
//! address may only fail so often.

use rusqlite::{Connection, params};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::error::{ApiResult, AppError};
use crate::tenants::Settings;
use crate::users::User;

/// The window the per-address limit counts failures in.
pub const IP_WINDOW_SECONDS: i64 = 600;

/// The lock that follows the `lockouts`-th consecutive lockout (0-based): the base, doubled
/// each time, never above the maximum.
pub fn lock_seconds(settings: &Settings, lockouts: i64) -> i64 {
    let doublings = u32::try_from(lockouts.clamp(0, 30)).unwrap_or(30);
    settings.lockout_base_seconds.saturating_mul(1_i64 << doublings).min(settings.lockout_max_seconds)
}

/// Refuses a locked account.
///
/// # Errors
///
/// 423 `locked` with the time it ends.
pub fn check_unlocked(user: &User, now: i64) -> ApiResult<()> {
    match user.locked_until {
        Some(until) if until > now => Err(AppError::Locked { until }),
        _ => Ok(()),
    }
}

/// Counts a failure against the account (and its address), locking it at the threshold.
/// Returns the end of the lock if this failure caused one.
///
/// # Errors
///
/// Database errors.
pub fn record_failure(
    conn: &Connection,
    settings: &Settings,
    user: &User,
    actor: &Actor<'_>,
    now: i64,
) -> ApiResult<Option<i64>> {
    record_ip_failure(conn, &actor.client.rate_key(), now)?;
    // The counts as stored now, not as the caller read them before its (slow) password check:
    // parallel guesses must each count.
    let (failed, lockouts): (i64, i64) =
        conn.query_row("SELECT failed_attempts + 1, lockouts FROM users WHERE id = ?1", [user.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if failed < settings.lockout_threshold {
        conn.execute("UPDATE users SET failed_attempts = ?2 WHERE id = ?1", params![user.id, failed])?;
        return Ok(None);
    }
    let until = now + lock_seconds(settings, lockouts);
    conn.execute(
        "UPDATE users SET failed_attempts = 0, lockouts = lockouts + 1, locked_until = ?2 WHERE id = ?1",
        params![user.id, until],
    )?;
    let detail = json!({ "until": until, "failures": failed, "lockouts": lockouts + 1 });
    audit::record(conn, now, actor, "lockout", detail)?;
    Ok(Some(until))
}

/// Clears the failure count after a success.
///
/// # Errors
///
/// Database errors.
pub fn record_success(conn: &Connection, user_id: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET failed_attempts = 0, lockouts = 0, locked_until = NULL WHERE id = ?1",
        [user_id],
    )?;
    Ok(())
}

/// Counts a failure from an address (its [`crate::extract::Client::rate_key`]), also for
/// unknown accounts, where there is no account to lock.
///
/// # Errors
///
/// Database errors.
pub fn record_ip_failure(conn: &Connection, ip: &str, now: i64) -> ApiResult<()> {
    conn.execute("DELETE FROM ip_failures WHERE at <= ?1", [now - IP_WINDOW_SECONDS])?;
    conn.execute("INSERT INTO ip_failures (ip, at) VALUES (?1, ?2)", params![ip, now])?;
    Ok(())
}

/// Refuses an address that failed `limit` times in the window.
///
/// # Errors
///
/// 429 `rate_limited` with the seconds until the oldest failure leaves the window.
pub fn check_ip(conn: &Connection, ip: &str, now: i64, limit: i64) -> ApiResult<()> {
    let (count, oldest): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), min(at) FROM ip_failures WHERE ip = ?1 AND at > ?2",
        params![ip, now - IP_WINDOW_SECONDS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if count >= limit {
        let retry_after = oldest.map_or(IP_WINDOW_SECONDS, |o| o + IP_WINDOW_SECONDS - now).max(1);
        return Err(AppError::RateLimited { retry_after });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_and_stop_at_the_maximum() {
        let settings = Settings { lockout_base_seconds: 60, lockout_max_seconds: 600, ..Settings::default() };
        let locks: Vec<i64> = (0..6).map(|n| lock_seconds(&settings, n)).collect();
        assert_eq!(locks, [60, 120, 240, 480, 600, 600]);
        assert_eq!(lock_seconds(&settings, i64::MAX), 600);
    }
}
