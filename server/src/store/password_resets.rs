//! The `password_resets` table: links that let their holder choose a new password, by the
//! keyed hash of their token, each with the way it was sent.

use sqlx::Row;

use super::{Conn, StoreResult};

/// A reset link as found by its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reset {
    /// Whose password it resets.
    pub user_id: i64,
    /// `email` or `sms`.
    pub channel: String,
    /// When it stops working.
    pub expires_at: i64,
}

/// Stores a new link.
///
/// # Errors
///
/// Database errors.
pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    channel: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, channel, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(channel)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The link whose token has this hash, expired or not.
///
/// # Errors
///
/// Database errors.
pub async fn by_token(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<Reset>> {
    let row = sqlx::query("SELECT user_id, channel, expires_at FROM password_resets WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .map(|r| {
            Ok::<_, sqlx::Error>(Reset {
                user_id: r.try_get(0)?,
                channel: r.try_get(1)?,
                expires_at: r.try_get(2)?,
            })
        })
        .transpose()?)
}

/// Spends the link whose token has this hash if it is live at `now`, with every other link
/// of its user (a new password makes them moot); answers the link. Of several requests with
/// one token, exactly one gets it.
///
/// # Errors
///
/// Database errors.
pub async fn spend(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<Reset>> {
    let row = sqlx::query(
        "DELETE FROM password_resets WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id, channel, expires_at",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let reset = Reset { user_id: row.try_get(0)?, channel: row.try_get(1)?, expires_at: row.try_get(2)? };
    delete_all(conn, reset.user_id).await?;
    Ok(Some(reset))
}

/// Deletes every link of the user.
///
/// # Errors
///
/// Database errors.
pub async fn delete_all(conn: &mut Conn, user_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Deletes up to `limit` links that expired before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM password_resets WHERE token_hash IN \
         (SELECT token_hash FROM password_resets WHERE expires_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
