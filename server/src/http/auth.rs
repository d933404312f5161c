//! Sessions in cookies: the extractor that finds the signed-in user, the cookies themselves
//! (`HttpOnly; SameSite=Strict`), and the CSRF check every state-changing request passes.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::extract::cookie;
use crate::error::Error;
use crate::service::sessions::{self, Session};
use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "twofold_session";
/// The remembered-device cookie.
pub const DEVICE_COOKIE: &str = "twofold_device";
/// The CSRF cookie, which scripts read and echo in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "twofold_csrf";
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long the CSRF cookie lives: long, since it proves nothing by itself.
pub const CSRF_SECONDS: i64 = 30 * 86_400;

impl FromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token =
            cookie(&parts.headers, SESSION_COOKIE).ok_or_else(|| Error::unauthenticated("not_signed_in"))?;
        sessions::find(state, token)
            .await?
            .ok_or_else(|| Error::unauthenticated("not_signed_in").reason("ended"))
    }
}

/// A `Set-Cookie` value. `max_age` of 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: i64, http_only: bool, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite=Strict");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// Double-submit CSRF defence on top of `SameSite=Strict`: a state-changing request must echo
/// the `twofold_csrf` cookie in the `X-CSRF-Token` header, which another site cannot read.
pub async fn csrf(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let expected = cookie(headers, CSRF_COOKIE).filter(|t| t.len() >= 16);
    let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (expected, given) {
        (Some(expected), Some(given)) if expected == given => next.run(request).await,
        _ => Error::forbidden("csrf_failed").into_response(),
    }
}

/// The `Set-Cookie` header of a session just opened.
pub fn session_cookie(app: &AppState, session: &sessions::Opened) -> (axum::http::HeaderName, HeaderValue) {
    let value =
        set_cookie(SESSION_COOKIE, &session.token, session.lifetime, true, app.options.secure_cookies);
    (axum::http::header::SET_COOKIE, value)
}

/// The `Set-Cookie` header that ends the session cookie.
pub fn session_cookie_cleared(app: &AppState) -> (axum::http::HeaderName, HeaderValue) {
    (axum::http::header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, true, app.options.secure_cookies))
}
