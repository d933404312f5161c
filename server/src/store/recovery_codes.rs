//! The `recovery_codes` table: a user's one-time codes, stored as hashes.

use sqlx::Row;

use super::{Conn, StoreResult};

/// Replaces the user's codes with `hashes`.
///
/// # Errors
///
/// Database errors.
pub async fn replace(conn: &mut Conn, user_id: i64, hashes: &[String]) -> StoreResult<()> {
    delete_all(&mut *conn, user_id).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deletes every code of the user.
///
/// # Errors
///
/// Database errors.
pub async fn delete_all(conn: &mut Conn, user_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Spends the unspent code with this hash; of several requests with the same code, exactly
/// one gets `true`.
///
/// # Errors
///
/// Database errors.
pub async fn spend(conn: &mut Conn, user_id: i64, hash: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many of the user's codes are unspent.
///
/// # Errors
///
/// Database errors.
pub async fn left(conn: &mut Conn, user_id: i64) -> StoreResult<i64> {
    let row = sqlx::query("SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// Whether the user's code with this hash was spent at `since` or later.
///
/// # Errors
///
/// Database errors.
pub async fn spent_since(conn: &mut Conn, user_id: i64, hash: &str, since: i64) -> StoreResult<bool> {
    let row =
        sqlx::query("SELECT 1 FROM recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at >= $3")
            .bind(user_id)
            .bind(hash)
            .bind(since)
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}
