//! The audit log: recording events, reading them page by page, and exporting them as JSON
//! lines or RFC 5424 syslog lines without holding the whole log in memory.

use serde::Serialize;
use serde_json::Value;

use super::Actor;
use crate::error::{Error, Result};
use crate::model::{AuditEvent, AuditFilter, NewEvent};
use crate::state::AppState;
use crate::store::{self, Conn};

/// Writes an event in the caller's transaction, so the change and its record land together.
///
/// # Errors
///
/// Database errors.
pub async fn record(conn: &mut Conn, now: i64, actor: &Actor, event: &str, detail: Value) -> Result<()> {
    let row = NewEvent {
        at: now,
        tenant_id: actor.tenant_id,
        user_id: actor.user_id,
        email: actor.email.clone(),
        ip: actor.client.ip.to_string(),
        user_agent: &actor.client.user_agent,
        event,
        detail,
    };
    Ok(store::audit::insert(conn, &row).await?)
}

/// How long repeats of one refusal from one address count on one row.
pub const REPEAT_WINDOW_SECONDS: i64 = 3600;

/// Writes a refusal that may come again and again from one address (an address outside the
/// allow-list, one over its limit) as one row that counts its repeats within an hour, so that
/// whoever repeats it cannot fill the log.
///
/// # Errors
///
/// Database errors.
pub async fn record_repeated(conn: &mut Conn, now: i64, actor: &Actor, event: &str) -> Result<()> {
    let ip = actor.client.ip.to_string();
    if store::audit::repeat(conn, actor.tenant_id, &ip, event, now - REPEAT_WINDOW_SECONDS).await? {
        return Ok(());
    }
    record(conn, now, actor, event, Value::Object(serde_json::Map::new())).await
}

/// The same for a refusal with facts of its own (a token refused, and why): repeats with
/// the very same facts count on one row, and other facts get a row of their own.
///
/// # Errors
///
/// Database errors.
pub async fn record_repeated_with(
    conn: &mut Conn,
    now: i64,
    actor: &Actor,
    event: &str,
    detail: Value,
) -> Result<()> {
    let (ip, since) = (actor.client.ip.to_string(), now - REPEAT_WINDOW_SECONDS);
    if store::audit::repeat_same(conn, actor.tenant_id, &ip, event, &detail, since).await? {
        return Ok(());
    }
    record(conn, now, actor, event, detail).await
}

/// The most events one page may hold.
pub const MAX_PER_PAGE: i64 = 500;
/// Events a page holds when the query does not say.
pub const DEFAULT_PER_PAGE: i64 = 50;
/// Events an export reads from the database at a time.
const EXPORT_PAGE: i64 = 500;

/// A page of events, newest first, and how many match in all.
#[derive(Debug)]
pub struct Page {
    /// The events.
    pub events: Vec<AuditEvent>,
    /// How many match.
    pub total: i64,
    /// The page number, from 1.
    pub page: i64,
    /// Events a page.
    pub per_page: i64,
}

/// One page of the tenant's events matching `filter`.
///
/// # Errors
///
/// `query_invalid` for a page or page size out of range; database errors.
pub async fn page(
    app: &AppState,
    tenant_id: i64,
    filter: &AuditFilter,
    page: i64,
    per_page: i64,
) -> Result<Page> {
    if !(1..=MAX_PER_PAGE).contains(&per_page) || !(1..=1_000_000).contains(&page) {
        return Err(Error::invalid("query_invalid").reason("page").with("max", MAX_PER_PAGE));
    }
    let mut conn = app.store.conn().await?;
    let total = store::audit::count(&mut conn, tenant_id, filter).await?;
    let events = store::audit::page(&mut conn, tenant_id, filter, per_page, (page - 1) * per_page).await?;
    Ok(Page { events, total, page, per_page })
}

/// How an export writes each event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object a line.
    JsonLines,
    /// One RFC 5424 line each.
    Syslog,
}

impl ExportFormat {
    /// `jsonl` or `syslog`.
    ///
    /// # Errors
    ///
    /// `query_invalid` otherwise.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "jsonl" => Ok(Self::JsonLines),
            "syslog" => Ok(Self::Syslog),
            _ => Err(Error::invalid("query_invalid").reason("format").field("format")),
        }
    }
}

/// An export in progress: the lines of the matching events, oldest first, a page at a time.
pub struct Export {
    app: AppState,
    tenant_id: i64,
    slug: String,
    filter: AuditFilter,
    format: ExportFormat,
    after_id: i64,
    done: bool,
}

impl Export {
    /// Starts an export of the tenant's events matching `filter`.
    pub fn new(
        app: &AppState,
        tenant_id: i64,
        slug: &str,
        filter: AuditFilter,
        format: ExportFormat,
    ) -> Self {
        Self { app: app.clone(), tenant_id, slug: slug.to_owned(), filter, format, after_id: 0, done: false }
    }

    /// The URL name of the tenant whose log this is.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The next chunk of lines, each ending in a newline; `None` at the end.
    ///
    /// # Errors
    ///
    /// Database errors.
    pub async fn next_chunk(&mut self) -> Result<Option<String>> {
        if self.done {
            return Ok(None);
        }
        let mut conn = self.app.store.conn().await?;
        let events =
            store::audit::after(&mut conn, self.tenant_id, &self.filter, self.after_id, EXPORT_PAGE).await?;
        self.done = i64::try_from(events.len()).unwrap_or(i64::MAX) < EXPORT_PAGE;
        let Some(last) = events.last() else { return Ok(None) };
        self.after_id = last.id;
        let mut chunk = String::new();
        for event in &events {
            chunk.push_str(&match self.format {
                ExportFormat::JsonLines => json_line(event),
                ExportFormat::Syslog => crate::delivery::syslog::line(event, &self.slug),
            });
            chunk.push('\n');
        }
        Ok(Some(chunk))
    }
}

/// An event as the API lists it and JSON-lines exports write it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRecord<'a> {
    /// Row id, increasing.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The same, RFC 3339 in UTC.
    pub time: String,
    /// The user's id.
    pub user_id: Option<i64>,
    /// The email.
    pub email: Option<&'a str>,
    /// Client address.
    pub ip: &'a str,
    /// Client user agent.
    pub user_agent: &'a str,
    /// What happened.
    pub event: &'a str,
    /// Event-specific facts.
    pub detail: &'a Value,
    /// How many times it happened (a refusal repeated from one address is one event).
    pub repeats: i64,
}

impl<'a> From<&'a AuditEvent> for EventRecord<'a> {
    fn from(event: &'a AuditEvent) -> Self {
        Self {
            id: event.id,
            at: event.at,
            time: crate::delivery::syslog::rfc3339(event.at),
            user_id: event.user_id,
            email: event.email.as_deref(),
            ip: &event.ip,
            user_agent: &event.user_agent,
            event: &event.event,
            detail: &event.detail,
            repeats: event.repeats,
        }
    }
}

fn json_line(event: &AuditEvent) -> String {
    // Serialising borrowed strings and numbers into a String cannot fail.
    serde_json::to_string(&EventRecord::from(event)).unwrap_or_default()
}
