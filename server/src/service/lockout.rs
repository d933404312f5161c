//! Brute-force defences. Consecutive failures lock an account for a growing period, and an
//! email with no account locks just the same, so that the answers never tell which accounts
//! exist. One address may only try so often: each attempt is counted before the slow work
//! it asks for and given back when it succeeds, so that a burst of parallel requests is held
//! to the limit too. Every count is one statement in the store, shared by every instance.

use serde_json::json;

use super::{Actor, Client, audit};
use crate::error::{Error, Result};
use crate::model::{Settings, Tenant, User};
use crate::store::{self, Conn};

/// The window the per-address limit counts attempts in.
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

/// An attempt counted against an address before it is made.
#[derive(Debug)]
#[must_use = "an attempt that succeeds must be given back"]
pub struct Reservation {
    bucket: String,
    window_start: i64,
}

fn address_bucket(client: &Client) -> String {
    format!("attempt:{}", client.rate_key())
}

/// Counts an attempt from the client's address as failed until it is [`give_back`]; refuses
/// it when the address has used up `limit` in the window.
///
/// # Errors
///
/// `rate_limited` with the seconds until the window ends; database errors.
pub async fn reserve(conn: &mut Conn, client: &Client, now: i64, limit: i64) -> Result<Reservation> {
    let bucket = address_bucket(client);
    let (hits, window_start) = store::rate_windows::hit(conn, &bucket, now, ADDRESS_WINDOW_SECONDS).await?;
    if hits > limit {
        return Err(Error::RateLimited { retry_after: (window_start + ADDRESS_WINDOW_SECONDS - now).max(1) });
    }
    Ok(Reservation { bucket, window_start })
}

/// Takes back an attempt that succeeded.
///
/// # Errors
///
/// Database errors.
pub async fn give_back(conn: &mut Conn, reservation: Reservation) -> Result<()> {
    Ok(store::rate_windows::give_back(conn, &reservation.bucket, reservation.window_start).await?)
}

/// Counts a failure against the account, locking it at the threshold and telling its owner;
/// answers the end of the lock when the account is now locked (by this failure, or by a
/// concurrent one a moment before).
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
    super::notices::account_locked(conn, now, tenant, user, until, &actor.client).await?;
    Ok(Some(until))
}

/// The same for an email with no account, so that it answers exactly like one.
///
/// # Errors
///
/// Database errors.
pub async fn record_unknown_failure(
    conn: &mut Conn,
    tenant: &Tenant,
    email_key: &str,
    actor: &Actor,
    now: i64,
) -> Result<Option<i64>> {
    let Some((failures, lockouts)) =
        store::unknown_accounts::count_failure(conn, tenant.id, email_key, now).await?
    else {
        return Ok(store::unknown_accounts::locked_until(conn, tenant.id, email_key, now).await?);
    };
    if failures < tenant.settings.lockout_threshold {
        return Ok(None);
    }
    let until = now + lock_seconds(&tenant.settings, lockouts);
    store::unknown_accounts::lock(conn, tenant.id, email_key, until).await?;
    let detail =
        json!({ "until": until, "failures": failures, "lockouts": lockouts + 1, "knownAccount": false });
    audit::record(conn, now, actor, "lockout", detail).await?;
    Ok(Some(until))
}

/// Until when an email with no account is locked, if it is.
///
/// # Errors
///
/// Database errors.
pub async fn unknown_locked_until(
    conn: &mut Conn,
    tenant: &Tenant,
    email_key: &str,
    now: i64,
) -> Result<Option<i64>> {
    Ok(store::unknown_accounts::locked_until(conn, tenant.id, email_key, now).await?)
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
