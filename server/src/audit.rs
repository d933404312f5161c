//! The audit log: every security event with its time, tenant, user, address and user agent.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiResult, AppError};
use crate::extract::Client;

/// Who did it, from where.
pub struct Actor<'a> {
    /// The tenant.
    pub tenant_id: i64,
    /// The user, when known.
    pub user_id: Option<i64>,
    /// The email given or the user's, when known.
    pub email: Option<&'a str>,
    /// Address and user agent.
    pub client: &'a Client,
}

/// Writes an event. Call it inside the transaction that makes the change it records, so the
/// change and its record land together or not at all.
///
/// # Errors
///
/// Database errors.
pub fn record(conn: &Connection, at: i64, actor: &Actor<'_>, event: &str, detail: Value) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO audit (at, tenant_id, user_id, email, ip, user_agent, event, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![at, actor.tenant_id, actor.user_id, actor.email, actor.client.ip.to_string(), actor.client.user_agent, event, detail.to_string()],
    )?;
    Ok(())
}

/// An event as the admin API returns it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Row id, increasing.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The same, RFC 3339 in UTC.
    pub time: String,
    /// The user's id.
    pub user_id: Option<i64>,
    /// The user's email, or the one given for an unknown account.
    pub email: Option<String>,
    /// Client address.
    pub ip: String,
    /// Client user agent.
    pub user_agent: String,
    /// What happened, e.g. `signin_succeeded`, `code_failed`, `lockout`.
    pub event: String,
    /// Event-specific facts.
    pub detail: Value,
}

/// An event from a row whose first eight columns are
/// `id, at, user_id, email, ip, user_agent, event, detail`.
fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEvent> {
    let at: i64 = r.get(1)?;
    let detail: String = r.get(7)?;
    Ok(AuditEvent {
        id: r.get(0)?,
        at,
        time: crate::syslog::rfc3339(at),
        user_id: r.get(2)?,
        email: r.get(3)?,
        ip: r.get(4)?,
        user_agent: r.get(5)?,
        event: r.get(6)?,
        detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
    })
}

/// Filters and paging of an audit query.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this event.
    pub event: Option<String>,
    /// Only this email (exact, case-insensitive).
    pub email: Option<String>,
    /// From this unix second.
    pub since: Option<i64>,
    /// Up to this unix second.
    pub until: Option<i64>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Events a page, 1 to 500 (50 by default).
    pub per_page: Option<i64>,
    /// `jsonl` or `syslog`, for exports.
    pub format: Option<String>,
}

/// Events of `tenant_id` matching `q`, newest first, one page; and how many match in all.
///
/// # Errors
///
/// `query_invalid` for a page or page size out of range.
pub fn query(
    conn: &Connection,
    tenant_id: i64,
    q: &AuditQuery,
    paged: bool,
) -> ApiResult<(Vec<AuditEvent>, i64)> {
    let per_page = q.per_page.unwrap_or(50);
    let page = q.page.unwrap_or(1);
    if paged && (!(1..=500).contains(&per_page) || !(1..=1_000_000).contains(&page)) {
        return Err(AppError::bad_request("query_invalid", "page must be 1 or more and perPage 1 to 500"));
    }
    let filter = "tenant_id = ?1 AND (?2 IS NULL OR event = ?2) AND (?3 IS NULL OR lower(email) = lower(?3)) \
                  AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at <= ?5)";
    let args = params![tenant_id, q.event, q.email, q.since, q.until];
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM audit WHERE {filter}"), args, |r| r.get(0))?;
    let (limit, offset) = if paged { (per_page, (page - 1) * per_page) } else { (-1, 0) };
    let mut statement = conn.prepare(&format!(
        "SELECT id, at, user_id, email, ip, user_agent, event, detail FROM audit WHERE {filter} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
    ))?;
    let events = statement.query_map(args, event_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((events, total))
}

/// Events after `after_id` for tenants that forward to a collector: (tenant slug, target, event).
///
/// # Errors
///
/// Database errors.
pub fn to_forward(conn: &Connection, after_id: i64) -> ApiResult<Vec<(String, String, AuditEvent)>> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.at, a.user_id, a.email, a.ip, a.user_agent, a.event, a.detail, t.slug, t.syslog_target \
         FROM audit a JOIN tenants t ON t.id = a.tenant_id WHERE a.id > ?1 AND t.syslog_target IS NOT NULL ORDER BY a.id LIMIT 1000",
    )?;
    let rows = statement
        .query_map([after_id], |r| Ok((r.get(8)?, r.get(9)?, event_from_row(r)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
