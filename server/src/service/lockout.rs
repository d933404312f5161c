//! Brute-force defences: consecutive failures lock an account for a growing period, and one
//! address may only fail so often. Every count is one statement in the store, so parallel
//! guesses, on one instance or several, each count exactly once.

use serde_json::json;

use super::{Actor, Client, audit};
use crate::error::{Error, Result};
use crate::model::{Settings, Tenant, User};
use crate::store::{self, Conn};

/// The window the per-address limit counts failures in.
pub const ADDRESS_WINDOW_SECONDS: i64 = 600;

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
/// `locked` with the time it ends.
pub fn check_unlocked(user: &User, now: i64) -> Result<()> {
    match user.locked_at(now) {
        Some(until) => Err(Error::Locked { until }),
        None => Ok(()),
    }
}

/// Refuses an address that failed `limit` times in its window.
///
/// # Errors
///
/// `rate_limited` with the seconds until the window ends; database errors.
pub async fn check_address(conn: &mut Conn, client: &Client, now: i64, limit: i64) -> Result<()> {
    let window =
        store::address_failures::current(conn, &client.rate_key(), now, ADDRESS_WINDOW_SECONDS).await?;
    match window {
        Some((failures, start)) if failures >= limit => {
            Err(Error::RateLimited { retry_after: (start + ADDRESS_WINDOW_SECONDS - now).max(1) })
        }
        _ => Ok(()),
    }
}

/// Counts a failure from an address, also for unknown accounts, where there is no account.
///
/// # Errors
///
/// Database errors.
pub async fn record_address_failure(conn: &mut Conn, client: &Client, now: i64) -> Result<()> {
    store::address_failures::record(conn, &client.rate_key(), now, ADDRESS_WINDOW_SECONDS).await?;
    Ok(())
}

/// Counts a failure against the account and its address, locking the account at the
/// threshold; answers the end of the lock when the account is now locked (by this failure,
/// or by a concurrent one a moment before).
///
/// # Errors
///
/// Database errors.
pub async fn record_failure(
    conn: &mut Conn,
    tenant: &Tenant,
    user: &User,
    actor: &Actor,
    now: i64,
) -> Result<Option<i64>> {
    record_address_failure(conn, &actor.client, now).await?;
    let Some((failures, lockouts)) = store::users::count_failure(conn, user.id, now).await? else {
        // Locked meanwhile: this guess came too late to count.
        let current = store::users::by_id(conn, user.id).await?;
        return Ok(current.and_then(|u| u.locked_at(now)));
    };
    if failures < tenant.settings.lockout_threshold {
        return Ok(None);
    }
    let until = now + lock_seconds(&tenant.settings, lockouts);
    store::users::lock(conn, user.id, until).await?;
    let detail = json!({ "until": until, "failures": failures, "lockouts": lockouts + 1 });
    audit::record(conn, now, actor, "lockout", detail).await?;
    Ok(Some(until))
}

/// Clears the failure count after a completed sign-in.
///
/// # Errors
///
/// `locked` when a concurrent failure locked the account meanwhile; database errors.
pub async fn record_success(conn: &mut Conn, user: &User, now: i64) -> Result<()> {
    if store::users::clear_failures(conn, user.id, now).await? {
        return Ok(());
    }
    let current = store::users::by_id(conn, user.id).await?;
    Err(Error::Locked { until: current.and_then(|u| u.locked_at(now)).unwrap_or(now) })
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
