//! The `authenticators` table: each user's second factors, pending until confirmed, each TOTP
//! app with its own replay state.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, StoreError, StoreResult};
use crate::model::{Authenticator, FactorKind};

const COLUMNS: &str = "id, user_id, kind, name, secret, address, last_step, created_at, confirmed_at, expires_at, last_used_at, replaces";

fn from_row(row: &AnyRow) -> StoreResult<Authenticator> {
    let kind: String = row.try_get("kind")?;
    Ok(Authenticator {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        kind: FactorKind::parse(&kind)
            .ok_or_else(|| StoreError::Broken(format!("unknown factor kind {kind}")))?,
        name: row.try_get("name")?,
        secret: row.try_get("secret")?,
        address: row.try_get("address")?,
        last_step: row.try_get("last_step")?,
        created_at: row.try_get("created_at")?,
        confirmed_at: row.try_get("confirmed_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
        replaces: row.try_get::<i64, _>("replaces")? != 0,
    })
}

/// An authenticator to add, pending until its first code.
#[derive(Clone, Debug)]
pub struct NewAuthenticator<'a> {
    /// Its user.
    pub user_id: i64,
    /// Its kind.
    pub kind: FactorKind,
    /// Its name.
    pub name: &'a str,
    /// A TOTP app's sealed secret.
    pub secret: Option<&'a [u8]>,
    /// An email address or E.164 phone.
    pub address: Option<&'a str>,
    /// Now.
    pub created_at: i64,
    /// When it lapses unconfirmed.
    pub expires_at: i64,
    /// Whether confirming it retires the others of its kind.
    pub replaces: bool,
}

/// Adds a pending authenticator; answers it.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, new: &NewAuthenticator<'_>) -> StoreResult<Authenticator> {
    let sql = format!(
        "INSERT INTO authenticators (user_id, kind, name, secret, address, created_at, expires_at, replaces) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(new.user_id)
        .bind(new.kind.as_str())
        .bind(new.name)
        .bind(new.secret)
        .bind(new.address)
        .bind(new.created_at)
        .bind(new.expires_at)
        .bind(i64::from(new.replaces))
        .fetch_one(conn)
        .await?;
    from_row(&row)
}

/// The user's authenticators, confirmed and pending, oldest first.
///
/// # Errors
///
/// Database errors.
pub async fn of_user(conn: &mut Conn, user_id: i64) -> StoreResult<Vec<Authenticator>> {
    let sql = format!("SELECT {COLUMNS} FROM authenticators WHERE user_id = $1 ORDER BY id");
    sqlx::query(&sql).bind(user_id).fetch_all(conn).await?.iter().map(from_row).collect()
}

/// The user's authenticator with this id.
///
/// # Errors
///
/// Database errors.
pub async fn by_id(conn: &mut Conn, user_id: i64, id: i64) -> StoreResult<Option<Authenticator>> {
    let sql = format!("SELECT {COLUMNS} FROM authenticators WHERE user_id = $1 AND id = $2");
    sqlx::query(&sql).bind(user_id).bind(id).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// Confirms a pending authenticator (with the time step its first code used, for a TOTP
/// app); `false` when it is not pending any more (confirmed meanwhile, lapsed, removed).
///
/// # Errors
///
/// Database errors.
pub async fn confirm(conn: &mut Conn, id: i64, now: i64, step: Option<i64>) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE authenticators SET confirmed_at = $2, expires_at = NULL, last_step = $3, last_used_at = $2 \
         WHERE id = $1 AND confirmed_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a TOTP app's last accepted time step to `step` if it is later; of several requests
/// with the same code, exactly one gets `true`.
///
/// # Errors
///
/// Database errors.
pub async fn advance_step(conn: &mut Conn, id: i64, step: i64, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE authenticators SET last_step = $2, last_used_at = $3 \
         WHERE id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2)",
    )
    .bind(id)
    .bind(step)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that a sent code of this authenticator signed someone in.
///
/// # Errors
///
/// Database errors.
pub async fn used(conn: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE authenticators SET last_used_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes one authenticator of the user; `false` when there was none.
///
/// # Errors
///
/// Database errors.
pub async fn delete(conn: &mut Conn, user_id: i64, id: i64) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM authenticators WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes every authenticator of the user.
///
/// # Errors
///
/// Database errors.
pub async fn delete_all(conn: &mut Conn, user_id: i64) -> StoreResult<u64> {
    let done =
        sqlx::query("DELETE FROM authenticators WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(done.rows_affected())
}

/// Removes the user's pending authenticators of `kind` (a new enrollment replaces them).
///
/// # Errors
///
/// Database errors.
pub async fn delete_pending(conn: &mut Conn, user_id: i64, kind: FactorKind) -> StoreResult<()> {
    sqlx::query("DELETE FROM authenticators WHERE user_id = $1 AND kind = $2 AND confirmed_at IS NULL")
        .bind(user_id)
        .bind(kind.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes up to `limit` pending authenticators that lapsed before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM authenticators WHERE id IN (SELECT id FROM authenticators \
         WHERE confirmed_at IS NULL AND expires_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Removes the user's confirmed authenticators of `kind` other than `keep`.
///
/// # Errors
///
/// Database errors.
pub async fn delete_others_of_kind(
    conn: &mut Conn,
    user_id: i64,
    kind: FactorKind,
    keep: i64,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM authenticators WHERE user_id = $1 AND kind = $2 AND id <> $3")
        .bind(user_id)
        .bind(kind.as_str())
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
