//! The `password_history` table: the hashes of a user's last passwords, the current one
//! included, so that a policy's `historyCount` can refuse them.

use sqlx::Row;

use super::{Conn, StoreResult};

/// Records `hash` as set at `now` and keeps only the newest `keep`.
///
/// # Errors
///
/// Database errors.
pub async fn push(conn: &mut Conn, user_id: i64, hash: &str, now: i64, keep: i64) -> StoreResult<()> {
    sqlx::query("INSERT INTO password_history (user_id, hash, set_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM password_history WHERE user_id = $1 AND id NOT IN \
         (SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(user_id)
    .bind(keep)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest `count` hashes, newest first.
///
/// # Errors
///
/// Database errors.
pub async fn recent(conn: &mut Conn, user_id: i64, count: i64) -> StoreResult<Vec<String>> {
    let rows = sqlx::query("SELECT hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(user_id)
        .bind(count)
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?)
}
