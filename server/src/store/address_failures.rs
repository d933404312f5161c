//! The `address_failures` table: failed attempts per client address (an IPv4 address or an
//! IPv6 /64) in a fixed window, one row per address, counted by one upsert.

use sqlx::Row;

use super::{Conn, StoreResult};

/// Counts a failure from `address` in the window that started within `window` seconds
/// before `now` (or opens a new one); answers the failures in it.
///
/// # Errors
///
/// Database errors.
pub async fn record(conn: &mut Conn, address: &str, now: i64, window: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO address_failures (address, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (address) DO UPDATE SET \
         failures = CASE WHEN address_failures.window_start <= $2 - $3 THEN 1 ELSE address_failures.failures + 1 END, \
         window_start = CASE WHEN address_failures.window_start <= $2 - $3 THEN $2 ELSE address_failures.window_start END \
         RETURNING failures",
    )
    .bind(address)
    .bind(now)
    .bind(window)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The failures from `address` in its current window and when that window started, if
/// one is open at `now`.
///
/// # Errors
///
/// Database errors.
pub async fn current(
    conn: &mut Conn,
    address: &str,
    now: i64,
    window: i64,
) -> StoreResult<Option<(i64, i64)>> {
    let row = sqlx::query(
        "SELECT failures, window_start FROM address_failures WHERE address = $1 AND window_start > $2 - $3",
    )
    .bind(address)
    .bind(now)
    .bind(window)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).transpose()?)
}
