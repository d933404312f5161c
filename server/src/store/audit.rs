//! The `audit` table: every security event with its time, tenant, user, address and agent.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::{Conn, StoreResult};
use crate::model::{AuditEvent, AuditFilter, NewEvent};

/// Writes an event. Call it in the transaction that makes the change it records, so the two
/// land together or not at all.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, event: &NewEvent<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit (at, tenant_id, user_id, email, ip, user_agent, event, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.at)
    .bind(event.tenant_id)
    .bind(event.user_id)
    .bind(event.email.as_deref())
    .bind(&event.ip)
    .bind(event.user_agent)
    .bind(event.event)
    .bind(event.detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, at, user_id, email, ip, user_agent, event, detail, repeats";

fn from_row(row: &AnyRow) -> StoreResult<AuditEvent> {
    let detail: String = row.try_get("detail")?;
    Ok(AuditEvent {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        ip: row.try_get("ip")?,
        user_agent: row.try_get("user_agent")?,
        event: row.try_get("event")?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        repeats: row.try_get("repeats")?,
    })
}

/// `$1` is the tenant; `$2`..`$5` the filter, bound by [`filtered`].
const FILTER: &str = "tenant_id = $1 AND ($2 IS NULL OR event = $2) AND ($3 IS NULL OR email = $3) \
     AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at <= $5)";

/// `sql`, which holds [`FILTER`], with the tenant and the filter bound.
fn filtered<'q>(sql: &'q str, tenant_id: i64, filter: &'q AuditFilter) -> Query<'q, Any, AnyArguments<'q>> {
    sqlx::query(sql)
        .bind(tenant_id)
        .bind(filter.event.as_deref())
        .bind(filter.email.as_deref())
        .bind(filter.since)
        .bind(filter.until)
}

/// How many of the tenant's events match.
///
/// # Errors
///
/// Database errors.
pub async fn count(conn: &mut Conn, tenant_id: i64, filter: &AuditFilter) -> StoreResult<i64> {
    let sql = format!("SELECT count(*) FROM audit WHERE {FILTER}");
    Ok(filtered(&sql, tenant_id, filter).fetch_one(conn).await?.try_get(0)?)
}

/// One page of matching events, newest first.
///
/// # Errors
///
/// Database errors.
pub async fn page(
    conn: &mut Conn,
    tenant_id: i64,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<AuditEvent>> {
    let sql = format!("SELECT {COLUMNS} FROM audit WHERE {FILTER} ORDER BY id DESC LIMIT $6 OFFSET $7");
    let rows = filtered(&sql, tenant_id, filter).bind(limit).bind(offset).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// Up to `limit` matching events after `after_id`, oldest first: an export reads the log in
/// such pages, so it never holds more than one in memory.
///
/// # Errors
///
/// Database errors.
pub async fn after(
    conn: &mut Conn,
    tenant_id: i64,
    filter: &AuditFilter,
    after_id: i64,
    limit: i64,
) -> StoreResult<Vec<AuditEvent>> {
    let sql = format!("SELECT {COLUMNS} FROM audit WHERE {FILTER} AND id > $6 ORDER BY id LIMIT $7");
    let rows = filtered(&sql, tenant_id, filter).bind(after_id).bind(limit).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// The id of the newest event (0 when there is none).
///
/// # Errors
///
/// Database errors.
pub async fn newest_id(conn: &mut Conn) -> StoreResult<i64> {
    let row = sqlx::query("SELECT CAST(coalesce(max(id), 0) AS BIGINT) FROM audit").fetch_one(conn).await?;
    Ok(row.try_get(0)?)
}

/// Counts one more of the tenant's newest `event` from `ip` since `since`, instead of a new
/// row; `false` when there is none to count on.
///
/// # Errors
///
/// Database errors.
pub async fn repeat(conn: &mut Conn, tenant_id: i64, ip: &str, event: &str, since: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE audit SET repeats = repeats + 1 WHERE id = (SELECT id FROM audit \
         WHERE tenant_id = $1 AND ip = $2 AND event = $3 AND at >= $4 ORDER BY id DESC LIMIT 1)",
    )
    .bind(tenant_id)
    .bind(ip)
    .bind(event)
    .bind(since)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts one more of the tenant's newest `event` from `ip` since `since` whose facts are
/// `detail` exactly, instead of a new row; `false` when there is none to count on.
///
/// # Errors
///
/// Database errors.
pub async fn repeat_same(
    conn: &mut Conn,
    tenant_id: i64,
    ip: &str,
    event: &str,
    detail: &serde_json::Value,
    since: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE audit SET repeats = repeats + 1 WHERE id = (SELECT id FROM audit \
         WHERE tenant_id = $1 AND ip = $2 AND event = $3 AND at >= $4 AND detail = $5 ORDER BY id DESC LIMIT 1)",
    )
    .bind(tenant_id)
    .bind(ip)
    .bind(event)
    .bind(since)
    .bind(detail.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes up to `limit` events older than `before`; answers how many.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < $1 LIMIT $2)")
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
