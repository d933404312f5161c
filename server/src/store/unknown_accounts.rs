//! The `unknown_accounts` table: failure counts for emails that have no account in a tenant,
//! kept like an account's, so that guessing at an unknown email is answered exactly as
//! guessing at a known one and lockout tells nobody which accounts exist.

use sqlx::Row;

use super::{Conn, StoreResult};

/// Counts one more failure for `email_key` unless it is locked at `now`; answers the count
/// and the lockouts so far, or `None` when it is locked.
///
/// # Errors
///
/// Database errors.
pub async fn count_failure(
    conn: &mut Conn,
    tenant_id: i64,
    email_key: &str,
    now: i64,
) -> StoreResult<Option<(i64, i64)>> {
    let row = sqlx::query(
        "INSERT INTO unknown_accounts (tenant_id, email_key, failed_attempts, lockouts, last_at) VALUES ($1, $2, 1, 0, $3) \
         ON CONFLICT (tenant_id, email_key) DO UPDATE SET failed_attempts = unknown_accounts.failed_attempts + 1, \
         last_at = $3 WHERE unknown_accounts.locked_until IS NULL OR unknown_accounts.locked_until <= $3 \
         RETURNING failed_attempts, lockouts",
    )
    .bind(tenant_id)
    .bind(email_key)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).transpose()?)
}

/// Locks `email_key` until `until` and starts counting afresh.
///
/// # Errors
///
/// Database errors.
pub async fn lock(conn: &mut Conn, tenant_id: i64, email_key: &str, until: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE unknown_accounts SET failed_attempts = 0, lockouts = lockouts + 1, locked_until = $3 \
         WHERE tenant_id = $1 AND email_key = $2",
    )
    .bind(tenant_id)
    .bind(email_key)
    .bind(until)
    .execute(conn)
    .await?;
    Ok(())
}

/// Until when `email_key` is locked, if it is at `now`.
///
/// # Errors
///
/// Database errors.
pub async fn locked_until(
    conn: &mut Conn,
    tenant_id: i64,
    email_key: &str,
    now: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT locked_until FROM unknown_accounts WHERE tenant_id = $1 AND email_key = $2 AND locked_until > $3",
    )
    .bind(tenant_id)
    .bind(email_key)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Deletes up to `limit` entries untouched since `before` and not locked then.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM unknown_accounts WHERE (tenant_id, email_key) IN (SELECT tenant_id, email_key FROM unknown_accounts \
         WHERE last_at < $1 AND (locked_until IS NULL OR locked_until < $1) LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
