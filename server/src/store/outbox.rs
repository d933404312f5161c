//! The `outbox` table: messages to users, written with the event that caused them and
//! delivered by whichever instance leases them first.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Conn, StoreResult};
use crate::model::{Message, NewMessage};

/// Queues a message.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, at: i64, message: &NewMessage<'_>) -> StoreResult<()> {
    sqlx::query("INSERT INTO outbox (at, tenant_id, recipient, subject, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(at)
        .bind(message.tenant_id)
        .bind(message.recipient)
        .bind(&message.subject)
        .bind(&message.body)
        .execute(conn)
        .await?;
    Ok(())
}

const COLUMNS: &str = "id, at, recipient, subject, body, delivered_at";

fn from_row(r: &AnyRow) -> StoreResult<Message> {
    Ok(Message {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        recipient: r.try_get("recipient")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        delivered_at: r.try_get("delivered_at")?,
    })
}

/// The tenant's newest messages.
///
/// # Errors
///
/// Database errors.
pub async fn list(conn: &mut Conn, tenant_id: i64, limit: i64) -> StoreResult<Vec<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2");
    let rows = sqlx::query(&sql).bind(tenant_id).bind(limit).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// Leases up to `limit` undelivered messages until `lease_until`, oldest first, skipping
/// those leased by someone else and those tried `max_attempts` times. Each message goes to
/// one caller: the update is the claim, and on PostgreSQL rows another instance is
/// claiming are skipped rather than waited for.
///
/// # Errors
///
/// Database errors.
pub async fn lease(
    conn: &mut Conn,
    now: i64,
    lease_until: i64,
    max_attempts: i64,
    limit: i64,
) -> StoreResult<Vec<Message>> {
    let lock = match Backend::of(conn) {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 WHERE id IN (SELECT id FROM outbox \
         WHERE delivered_at IS NULL AND attempts < $3 AND (lease_until IS NULL OR lease_until <= $1) \
         ORDER BY id LIMIT $4 {lock}) RETURNING {COLUMNS}"
    );
    let rows =
        sqlx::query(&sql).bind(now).bind(lease_until).bind(max_attempts).bind(limit).fetch_all(conn).await?;
    let mut messages = rows.iter().map(from_row).collect::<StoreResult<Vec<_>>>()?;
    // RETURNING comes in no promised order.
    messages.sort_by_key(|m| m.id);
    Ok(messages)
}

/// Records that the relay took the message.
///
/// # Errors
///
/// Database errors.
pub async fn delivered(conn: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE outbox SET delivered_at = $2, lease_until = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes up to `limit` messages written before `before` that were delivered or given up.
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, max_attempts: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE at < $1 \
         AND (delivered_at IS NOT NULL OR attempts >= $2) LIMIT $3)",
    )
    .bind(before)
    .bind(max_attempts)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
