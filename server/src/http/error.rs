//! How a refusal looks on the wire: one status per kind, one JSON body with a stable `code`
//! and a message. 4xx messages are the person's to read; 5xx details are logged and hidden.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

impl Error {
    /// The status of each kind:
    /// `Invalid` 400, `Unauthenticated` 401, `Forbidden` 403, `NotFound` 404, `Conflict` 409,
    /// `TooLarge` 413, `PasswordRefused` 422, `Locked` 423, `RateLimited` 429,
    /// `Internal` 500, `Unavailable` 503.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::PasswordRefused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Locked { .. } => StatusCode::LOCKED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// The body of every refusal.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locked_until: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<i64>,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = (self.status(), self.code());
        let mut body = ErrorBody { code, message: "", verdict: None, locked_until: None, retry_after: None };
        let message;
        match self {
            Self::Invalid { message: m, .. }
            | Self::Unauthenticated { message: m, .. }
            | Self::Forbidden { message: m, .. }
            | Self::NotFound { message: m, .. }
            | Self::Conflict { message: m, .. } => {
                message = m;
                body.message = &message;
            }
            Self::TooLarge => body.message = "the request body is too large",
            Self::PasswordRefused { verdict } => {
                body.message = "the password does not meet the policy";
                body.verdict = Some(verdict);
            }
            Self::Locked { until } => {
                body.message = "too many failed attempts: the account is locked for a while";
                body.locked_until = Some(until);
            }
            Self::RateLimited { retry_after } => {
                body.message = "too many failed attempts from this address";
                body.retry_after = Some(retry_after);
            }
            Self::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                body.message = "the service is busy or restarting: try again in a moment";
            }
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                body.message = "something went wrong on our side";
            }
        }
        (status, Json(body)).into_response()
    }
}
