//! Security events, as written and as read back.

use serde_json::Value;

/// An event as the admin API and the exports show it.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    /// Row id, increasing.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The user's id.
    pub user_id: Option<i64>,
    /// The user's email, or the one given for an unknown account (folded by
    /// [`crate::model::email_key`]).
    pub email: Option<String>,
    /// Client address.
    pub ip: String,
    /// Client user agent.
    pub user_agent: String,
    /// What happened, e.g. `signin_succeeded`, `code_failed`, `lockout`.
    pub event: String,
    /// Event-specific facts.
    pub detail: Value,
    /// How many times it happened: a refusal repeated from one address is one row.
    pub repeats: i64,
}

/// An event to write.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    /// Unix seconds.
    pub at: i64,
    /// The tenant.
    pub tenant_id: i64,
    /// The user, when known.
    pub user_id: Option<i64>,
    /// The user's email or the one given, folded.
    pub email: Option<String>,
    /// Client address.
    pub ip: String,
    /// Client user agent.
    pub user_agent: &'a str,
    /// What happened.
    pub event: &'a str,
    /// Event-specific facts.
    pub detail: Value,
}

/// Which events to read.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only this event.
    pub event: Option<String>,
    /// Only this email (folded).
    pub email: Option<String>,
    /// From this unix second.
    pub since: Option<i64>,
    /// Up to this unix second.
    pub until: Option<i64>,
}

impl AuditFilter {
    /// A filter; the email is folded as stored.
    pub fn new(event: Option<String>, email: Option<&str>, since: Option<i64>, until: Option<i64>) -> Self {
        Self { event, email: email.map(crate::model::email_key), since, until }
    }
}
