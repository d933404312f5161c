//! The `known_browsers` table: the browsers each user has signed in from, by the hash of a
//! long-lived cookie, so that a sign-in from any other is worth telling them about.

use super::{Conn, StoreResult};

/// Records a sign-in of the user from the browser with this token hash; `true` when the
/// browser was new to them.
///
/// # Errors
///
/// Database errors.
pub async fn seen(conn: &mut Conn, user_id: i64, token_hash: &str, now: i64) -> StoreResult<bool> {
    let known = sqlx::query("UPDATE known_browsers SET last_at = $3 WHERE user_id = $1 AND token_hash = $2")
        .bind(user_id)
        .bind(token_hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    if known.rows_affected() == 1 {
        return Ok(false);
    }
    let added = sqlx::query(
        "INSERT INTO known_browsers (user_id, token_hash, first_at, last_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (user_id, token_hash) DO NOTHING",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// Deletes up to `limit` browsers last seen before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM known_browsers WHERE (user_id, token_hash) IN \
         (SELECT user_id, token_hash FROM known_browsers WHERE last_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
