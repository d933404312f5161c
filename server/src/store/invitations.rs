//! The `invitations` table: the live invitation of each card an administrator made, by the
//! keyed hash of its token. One per card: resending replaces the token, and accepting or
//! revoking deletes the row, so a token works once.

use sqlx::Row;

use super::{Conn, StoreResult};

/// An invitation as found by its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// The card it is for.
    pub user_id: i64,
    /// When it was sent.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
}

/// Gives the card a new token (replacing any earlier one), valid until `expires_at`.
///
/// # Errors
///
/// Database errors.
pub async fn upsert(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
    invited_by: i64,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (user_id, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, invited_by = $3, created_at = $4, expires_at = $5",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(invited_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The invitation whose token has this hash, expired or not.
///
/// # Errors
///
/// Database errors.
pub async fn by_token(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<Invitation>> {
    let row = sqlx::query("SELECT user_id, created_at, expires_at FROM invitations WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .map(|r| {
            Ok::<_, sqlx::Error>(Invitation {
                user_id: r.try_get(0)?,
                created_at: r.try_get(1)?,
                expires_at: r.try_get(2)?,
            })
        })
        .transpose()?)
}

/// Spends the invitation whose token has this hash if it is live at `now`; answers its card.
/// Of several requests with one token, exactly one gets it.
///
/// # Errors
///
/// Database errors.
pub async fn spend(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<i64>> {
    let row =
        sqlx::query("DELETE FROM invitations WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Deletes the card's invitation; `false` when it had none.
///
/// # Errors
///
/// Database errors.
pub async fn delete(conn: &mut Conn, user_id: i64) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM invitations WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes up to `limit` invitations that expired before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM invitations WHERE user_id IN (SELECT user_id FROM invitations WHERE expires_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
