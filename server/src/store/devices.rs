//! The `remembered_devices` table: browsers that may skip the second step until they expire.

use sqlx::Row;

use super::{Conn, StoreResult};
use crate::model::RememberedDevice;

/// Remembers a device.
///
/// # Errors
///
/// Database errors.
pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    user_agent: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO remembered_devices (token_hash, user_id, created_at, expires_at, user_agent) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether this token hash is a live device of the user.
///
/// # Errors
///
/// Database errors.
pub async fn is_remembered(conn: &mut Conn, token_hash: &str, user_id: i64, now: i64) -> StoreResult<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM remembered_devices WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3 \
         AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// The user's live devices, newest first.
///
/// # Errors
///
/// Database errors.
pub async fn list(conn: &mut Conn, user_id: i64, now: i64) -> StoreResult<Vec<RememberedDevice>> {
    let rows = sqlx::query(
        "SELECT created_at, expires_at, user_agent FROM remembered_devices \
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RememberedDevice {
                created_at: r.try_get(0)?,
                expires_at: r.try_get(1)?,
                user_agent: r.try_get(2)?,
            })
        })
        .collect()
}

/// Forgets every device of the user; answers how many were live.
///
/// # Errors
///
/// Database errors.
pub async fn revoke_all(conn: &mut Conn, user_id: i64, now: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE remembered_devices SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes up to `limit` devices that expired, or were forgotten, before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM remembered_devices WHERE token_hash IN (SELECT token_hash FROM remembered_devices \
         WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
