//! The `rate_windows` table: how often something happened per bucket (failures from an
//! address, signups to a tenant, mail to a recipient) in a fixed window, one row per bucket,
//! counted by one upsert so that every instance counts into the same row.

use sqlx::Row;

use super::{Conn, StoreResult};

/// Counts one hit in `bucket`'s window that started within `window` seconds before `now`
/// (or opens a new window); answers the hits in it and when it started.
///
/// # Errors
///
/// Database errors.
pub async fn hit(conn: &mut Conn, bucket: &str, now: i64, window: i64) -> StoreResult<(i64, i64)> {
    let row = sqlx::query(
        "INSERT INTO rate_windows (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
         hits = CASE WHEN rate_windows.window_start <= $2 - $3 THEN 1 ELSE rate_windows.hits + 1 END, \
         window_start = CASE WHEN rate_windows.window_start <= $2 - $3 THEN $2 ELSE rate_windows.window_start END \
         RETURNING hits, window_start",
    )
    .bind(bucket)
    .bind(now)
    .bind(window)
    .fetch_one(conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Takes back one hit of the window that started at `window_start`, if it is still the
/// bucket's window.
///
/// # Errors
///
/// Database errors.
pub async fn give_back(conn: &mut Conn, bucket: &str, window_start: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE rate_windows SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0",
    )
    .bind(bucket)
    .bind(window_start)
    .execute(conn)
    .await?;
    Ok(())
}

/// The hits in `bucket`'s window open at `now` and when it started.
///
/// # Errors
///
/// Database errors.
pub async fn current(
    conn: &mut Conn,
    bucket: &str,
    now: i64,
    window: i64,
) -> StoreResult<Option<(i64, i64)>> {
    let row = sqlx::query(
        "SELECT hits, window_start FROM rate_windows WHERE bucket = $1 AND window_start > $2 - $3",
    )
    .bind(bucket)
    .bind(now)
    .bind(window)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).transpose()?)
}

/// Deletes up to `limit` windows that started before `before`; answers how many.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM rate_windows WHERE bucket IN (SELECT bucket FROM rate_windows WHERE window_start < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
