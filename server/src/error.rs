//! The one error of the rules: why a request is refused, or that something broke. Every
//! refusal has a stable `code` and a message for the person; the HTTP layer
//! (`http::error`) gives each kind its status and its body, and nothing else knows HTTP.

use serde_json::Value;

use crate::store::StoreError;

/// Result of a service call.
pub type Result<T> = std::result::Result<T, Error>;

/// Why a request was refused.
#[derive(Debug)]
// Each variant's doc says what its fields carry: a stable `code` and a message for the client.
#[allow(missing_docs)]
pub enum Error {
    /// The input is malformed: a body, a parameter, a code, a setting.
    Invalid { code: &'static str, message: String },
    /// Not signed in, or the credentials are wrong.
    Unauthenticated { code: &'static str, message: String },
    /// Signed in but not allowed (a role, an address, a step still to do, CSRF).
    Forbidden { code: &'static str, message: String },
    /// No such tenant, route or resource.
    NotFound { code: &'static str, message: String },
    /// The request conflicts with the current state (an email taken, 2FA already on).
    Conflict { code: &'static str, message: String },
    /// The request body is larger than any this server reads.
    TooLarge,
    /// The password breaks the tenant's policy; carries the core's verdict.
    PasswordRefused { verdict: Value },
    /// The account is locked until `until` (unix seconds).
    Locked { until: i64 },
    /// Too many failures from this address; retry after `retry_after` seconds.
    RateLimited { retry_after: i64 },
    /// The database is away or overloaded: retry soon.
    Unavailable(String),
    /// A bug or an I/O failure: logged, never shown.
    Internal(String),
}

impl Error {
    /// Malformed input.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { code, message: message.into() }
    }

    /// Not signed in, or wrong credentials.
    pub fn unauthenticated(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unauthenticated { code, message: message.into() }
    }

    /// Not allowed.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::Forbidden { code, message: message.into() }
    }

    /// Not there.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::NotFound { code, message: message.into() }
    }

    /// In conflict with the current state.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    /// A bug, logged with `context`.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(context.to_string())
    }

    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. }
            | Self::Unauthenticated { code, .. }
            | Self::Forbidden { code, .. }
            | Self::NotFound { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::TooLarge => "payload_too_large",
            Self::PasswordRefused { .. } => "password_refused",
            Self::Locked { .. } => "locked",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }
}

/// A core error is the client's (a malformed secret, code, policy or URI), except a failing
/// random number generator, which is ours.
impl From<twofold::Error> for Error {
    fn from(error: twofold::Error) -> Self {
        match error {
            twofold::Error::RandomUnavailable => Self::internal(error),
            _ => Self::invalid(error.code(), error.to_string()),
        }
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(detail) => Self::Unavailable(detail),
            StoreError::Broken(detail) => Self::Internal(detail),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        StoreError::from(error).into()
    }
}
