//! How a refusal looks on the wire: one status per kind, and one JSON body with a stable
//! `code` and a `message` in the reader's language (`localize` puts in the language the
//! request asked for). 5xx details are logged and hidden.

use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use super::extract::Locale;
use crate::error::Error;
use crate::i18n;

impl Error {
    /// The status of each kind:
    /// `Invalid` 400, `Unauthenticated` 401, `Forbidden` 403, `NotFound` 404,
    /// `MethodNotAllowed` 405, `TimedOut` 408, `Conflict` 409, `TooLarge` 413, `PasswordRefused` 422,
    /// `Locked` 423, `RateLimited` 429, `Internal` 500, `BadGateway` 502, `Unavailable` and
    /// `CheckUnavailable` 503.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::TimedOut => StatusCode::REQUEST_TIMEOUT,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::PasswordRefused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Locked { .. } => StatusCode::LOCKED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) | Self::CheckUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// The body of every refusal.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locked_until: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<i64>,
}

/// The response for `error` in `locale`.
pub(super) fn render(error: &Error, locale: &str) -> Response {
    let refusal = error.refusal();
    let body = ErrorBody {
        code: error.code(),
        message: error.message(locale),
        field: refusal.and_then(|r| r.field.as_deref()),
        detail: refusal.and_then(|r| r.detail.as_deref()),
        verdict: match error {
            Error::PasswordRefused { verdict } => Some(verdict),
            _ => None,
        },
        locked_until: match error {
            Error::Locked { until } => Some(*until),
            _ => None,
        },
        retry_after: match error {
            Error::RateLimited { retry_after } => Some(*retry_after),
            _ => refusal.and_then(|r| r.retry_after),
        },
    };
    let mut response = (error.status(), Json(body)).into_response();
    if error.code() == "token_invalid" {
        // RFC 6750 §3: a resource server that refuses a bearer token says so in this header.
        response.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
    }
    if let (Error::CheckUnavailable(_), Some(seconds)) = (error, refusal.and_then(|r| r.retry_after)) {
        // RFC 9110 §10.2.3: how long a 503 is expected to last.
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
    }
    response
}

/// In English; [`localize`] renders it again in the request's language on its way out.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Self::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            Self::Internal(detail) => tracing::error!(%detail, "internal error"),
            _ => {}
        }
        let mut response = render(&self, i18n::FALLBACK);
        response.extensions_mut().insert(self);
        response
    }
}

/// Puts every refusal in the language the request asked for (`Accept-Language`), and makes
/// the bare 405 that routing answers a refusal like the others.
pub async fn localize(request: Request, next: Next) -> Response {
    let Locale(locale) = Locale::of(request.headers());
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<Error>() {
        if locale != i18n::FALLBACK {
            return render(&error, locale);
        }
        return response;
    }
    if response.status() == StatusCode::METHOD_NOT_ALLOWED && response.headers().get("content-type").is_none()
    {
        let mut refused = render(&Error::MethodNotAllowed, locale);
        if let Some(allow) = response.headers().get(axum::http::header::ALLOW).cloned() {
            refused.headers_mut().insert(axum::http::header::ALLOW, allow);
        }
        return refused;
    }
    response
}
