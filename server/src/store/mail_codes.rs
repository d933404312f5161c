//! The `mail_codes` table: one-time codes sent by mail (to prove an email address), stored
//! as keyed hashes, each with its expiry and its count of tries.

use sqlx::Row;

use super::{Conn, StoreResult};

/// A code as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailCode {
    /// Row id.
    pub id: i64,
    /// The keyed hash of the code.
    pub code_hash: String,
    /// When it was sent.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
    /// Wrong tries so far.
    pub tries: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
}

/// Stores a new code for the user's `purpose`.
///
/// # Errors
///
/// Database errors.
pub async fn insert(
    conn: &mut Conn,
    user_id: i64,
    purpose: &str,
    code_hash: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO mail_codes (user_id, purpose, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose)
    .bind(code_hash)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's newest code for `purpose`.
///
/// # Errors
///
/// Database errors.
pub async fn newest(conn: &mut Conn, user_id: i64, purpose: &str) -> StoreResult<Option<MailCode>> {
    let row = sqlx::query(
        "SELECT id, code_hash, created_at, expires_at, tries, used_at FROM mail_codes \
         WHERE user_id = $1 AND purpose = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(purpose)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(MailCode {
            id: r.try_get(0)?,
            code_hash: r.try_get(1)?,
            created_at: r.try_get(2)?,
            expires_at: r.try_get(3)?,
            tries: r.try_get(4)?,
            used_at: r.try_get(5)?,
        })
    })
    .transpose()
}

/// Spends the code if it is unused, unexpired at `now` and has had fewer than `max_tries`
/// wrong tries; of several requests, exactly one gets `true`.
///
/// # Errors
///
/// Database errors.
pub async fn spend(conn: &mut Conn, id: i64, now: i64, max_tries: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE mail_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND tries < $3",
    )
    .bind(id)
    .bind(now)
    .bind(max_tries)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a wrong try; answers the tries now.
///
/// # Errors
///
/// Database errors.
pub async fn count_try(conn: &mut Conn, id: i64) -> StoreResult<i64> {
    let row = sqlx::query("UPDATE mail_codes SET tries = tries + 1 WHERE id = $1 RETURNING tries")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// Deletes up to `limit` codes that expired before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM mail_codes WHERE id IN (SELECT id FROM mail_codes WHERE expires_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
