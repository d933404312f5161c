//! The `syslog_cursors` table: how far forwarding to each tenant's collector has got, and
//! which instance is at it (a lease), so two instances never send the same line.

use sqlx::Row;

use super::{Backend, Conn, StoreResult};

/// Starts (or restarts) the tenant's forwarding after the event `last_id`.
///
/// # Errors
///
/// Database errors.
pub async fn reset(conn: &mut Conn, tenant_id: i64, last_id: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO syslog_cursors (tenant_id, last_id) VALUES ($1, $2) \
         ON CONFLICT (tenant_id) DO UPDATE SET last_id = $2, lease_until = NULL",
    )
    .bind(tenant_id)
    .bind(last_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Leases every cursor of a tenant that forwards and that nobody holds, until `lease_until`;
/// answers (tenant, last id) for each.
///
/// # Errors
///
/// Database errors.
pub async fn lease(conn: &mut Conn, now: i64, lease_until: i64) -> StoreResult<Vec<(i64, i64)>> {
    let lock = match Backend::of(conn) {
        Backend::Postgres => "FOR UPDATE OF c SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE syslog_cursors SET lease_until = $2 WHERE tenant_id IN (SELECT c.tenant_id FROM syslog_cursors c \
         JOIN tenants t ON t.id = c.tenant_id WHERE t.syslog_target IS NOT NULL \
         AND (c.lease_until IS NULL OR c.lease_until <= $1) {lock}) RETURNING tenant_id, last_id"
    );
    let rows = sqlx::query(&sql).bind(now).bind(lease_until).fetch_all(conn).await?;
    Ok(rows.iter().map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, _>>()?)
}

/// Moves the cursor on to `last_id` and gives the lease back.
///
/// # Errors
///
/// Database errors.
pub async fn advance(conn: &mut Conn, tenant_id: i64, last_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE syslog_cursors SET last_id = $2, lease_until = NULL WHERE tenant_id = $1")
        .bind(tenant_id)
        .bind(last_id)
        .execute(conn)
        .await?;
    Ok(())
}
