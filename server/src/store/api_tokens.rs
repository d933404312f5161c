//! The `api_tokens` table: tokens by the keyed hash of their secret, with their owner, scopes,
//! expiry, last use and revocation.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, StoreError, StoreResult};
use crate::model::{ApiToken, Scope};

const COLUMNS: &str = "t.id, t.tenant_id, t.user_id, u.email AS owner_email, u.name AS owner_name, \
     u.service_account AS owner_service, t.created_by, t.name, t.scopes, t.hint, t.created_at, t.expires_at, \
     t.last_used_at, t.revoked_at";
const FROM: &str = "api_tokens t JOIN users u ON u.id = t.user_id";

fn from_row(row: &AnyRow) -> StoreResult<ApiToken> {
    let scopes: String = row.try_get("scopes")?;
    let scopes = scopes
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| Scope::parse(s).ok_or_else(|| StoreError::Broken(format!("unknown token scope {s}"))))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        user_id: row.try_get("user_id")?,
        owner_email: row.try_get("owner_email")?,
        owner_name: row.try_get("owner_name")?,
        owner_service: row.try_get::<i64, _>("owner_service")? != 0,
        created_by: row.try_get("created_by")?,
        name: row.try_get("name")?,
        scopes,
        hint: row.try_get("hint")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// A token to store.
#[derive(Clone, Debug)]
pub struct NewToken<'a> {
    /// The tenant.
    pub tenant_id: i64,
    /// Its owner.
    pub user_id: i64,
    /// Its maker.
    pub created_by: i64,
    /// Its name.
    pub name: &'a str,
    /// Its scopes.
    pub scopes: &'a [Scope],
    /// The keyed hash of its secret.
    pub token_hash: &'a str,
    /// Its first characters.
    pub hint: &'a str,
    /// Now.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
}

/// Stores a token; answers it as read back.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, token: &NewToken<'_>) -> StoreResult<ApiToken> {
    let scopes: Vec<&str> = token.scopes.iter().map(|s| s.as_str()).collect();
    let row = sqlx::query(
        "INSERT INTO api_tokens (tenant_id, user_id, created_by, name, scopes, token_hash, hint, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(token.tenant_id)
    .bind(token.user_id)
    .bind(token.created_by)
    .bind(token.name)
    .bind(scopes.join(" "))
    .bind(token.token_hash)
    .bind(token.hint)
    .bind(token.created_at)
    .bind(token.expires_at)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get(0)?;
    by_id(conn, token.tenant_id, id).await?.ok_or_else(|| StoreError::Broken("a token just stored".into()))
}

/// The tenant's token `id`.
///
/// # Errors
///
/// Database errors.
pub async fn by_id(conn: &mut Conn, tenant_id: i64, id: i64) -> StoreResult<Option<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = $1 AND t.tenant_id = $2");
    sqlx::query(&sql).bind(id).bind(tenant_id).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The token whose secret has this keyed hash, live or not.
///
/// # Errors
///
/// Database errors.
pub async fn by_hash(conn: &mut Conn, token_hash: &str) -> StoreResult<Option<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.token_hash = $1");
    sqlx::query(&sql).bind(token_hash).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The user's tokens, newest first.
///
/// # Errors
///
/// Database errors.
pub async fn of_user(conn: &mut Conn, user_id: i64) -> StoreResult<Vec<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.user_id = $1 ORDER BY t.id DESC");
    sqlx::query(&sql).bind(user_id).fetch_all(conn).await?.iter().map(from_row).collect()
}

/// The tenant's tokens, newest first.
///
/// # Errors
///
/// Database errors.
pub async fn of_tenant(conn: &mut Conn, tenant_id: i64) -> StoreResult<Vec<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.tenant_id = $1 ORDER BY t.id DESC");
    sqlx::query(&sql).bind(tenant_id).fetch_all(conn).await?.iter().map(from_row).collect()
}

/// How many of the user's tokens still work at `now`.
///
/// # Errors
///
/// Database errors.
pub async fn count_live(conn: &mut Conn, user_id: i64, now: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Revokes the tenant's token `id` unless it was already; `false` then.
///
/// # Errors
///
/// Database errors.
pub async fn revoke(conn: &mut Conn, tenant_id: i64, id: i64, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that the token got in at `now`.
///
/// # Errors
///
/// Database errors.
pub async fn used(conn: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes up to `limit` tokens that expired or were revoked before `before`.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM api_tokens WHERE id IN (SELECT id FROM api_tokens \
         WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
