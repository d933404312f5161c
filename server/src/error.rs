//! The one error type of the HTTP API. Every refusal has a stable `code`; 4xx messages are
//! shown to the client, 5xx details are logged and hidden.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Result of a handler.
pub type ApiResult<T> = Result<T, AppError>;

/// Why a request was refused.
#[derive(Debug)]
// Each variant's doc says what its fields carry: a stable `code` and a message for the client.
#[allow(missing_docs)]
pub enum AppError {
    /// 400: the body, a parameter or a code is malformed.
    BadRequest { code: &'static str, message: String },
    /// 401: not signed in, or wrong credentials.
    Unauthorized { code: &'static str, message: String },
    /// 403: signed in but not allowed (CSRF, role, IP, a step still to do).
    Forbidden { code: &'static str, message: String },
    /// 404: no such tenant or resource.
    NotFound { code: &'static str, message: String },
    /// 409: the request conflicts with the current state (email taken, 2FA already on).
    Conflict { code: &'static str, message: String },
    /// 413: the body is too large.
    PayloadTooLarge,
    /// 422: the password breaks the tenant's policy; carries the core's verdict.
    PasswordRefused { verdict: Value },
    /// 423: the account is locked until `until` (unix seconds).
    Locked { until: i64 },
    /// 429: too many failures from this address; retry after `retry_after` seconds.
    RateLimited { retry_after: i64 },
    /// 500: a bug or an I/O failure; logged, never shown.
    Internal(String),
}

impl AppError {
    /// A 400 with a code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    /// A 401 with a code.
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unauthorized { code, message: message.into() }
    }

    /// A 403 with a code.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::Forbidden { code, message: message.into() }
    }

    /// A 404 with a code.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::NotFound { code, message: message.into() }
    }

    /// A 409 with a code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    /// A 500, logged with `context`.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(context.to_string())
    }

    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. }
            | Self::Unauthorized { code, .. }
            | Self::Forbidden { code, .. }
            | Self::NotFound { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::PayloadTooLarge => "payload_too_large",
            Self::PasswordRefused { .. } => "password_refused",
            Self::Locked { .. } => "locked",
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal(_) => "internal",
        }
    }
}

/// A core error is the client's (a malformed secret, code, policy or URI), except a failing
/// random number generator, which is ours.
impl From<twofold::Error> for AppError {
    fn from(error: twofold::Error) -> Self {
        match error {
            twofold::Error::RandomUnavailable => Self::internal(error),
            _ => Self::bad_request(error.code(), error.to_string()),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        Self::internal(format!("database: {error}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let code = self.code();
        let (status, body) = match self {
            Self::BadRequest { message, .. } => {
                (StatusCode::BAD_REQUEST, json!({ "code": code, "message": message }))
            }
            Self::Unauthorized { message, .. } => {
                (StatusCode::UNAUTHORIZED, json!({ "code": code, "message": message }))
            }
            Self::Forbidden { message, .. } => {
                (StatusCode::FORBIDDEN, json!({ "code": code, "message": message }))
            }
            Self::NotFound { message, .. } => {
                (StatusCode::NOT_FOUND, json!({ "code": code, "message": message }))
            }
            Self::Conflict { message, .. } => {
                (StatusCode::CONFLICT, json!({ "code": code, "message": message }))
            }
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({ "code": code, "message": "the request body is too large" }),
            ),
            Self::PasswordRefused { verdict } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "code": code, "message": "the password does not meet the policy", "verdict": verdict }),
            ),
            Self::Locked { until } => (
                StatusCode::LOCKED,
                json!({ "code": code, "message": "too many failed attempts: the account is locked for a while", "lockedUntil": until }),
            ),
            Self::RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                json!({ "code": code, "message": "too many failed attempts from this address", "retryAfter": retry_after }),
            ),
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "code": code, "message": "something went wrong on our side" }),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}
