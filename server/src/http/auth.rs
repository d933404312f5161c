//! Sessions in cookies: the cookies themselves (`SameSite=Strict`, `HttpOnly` but for the
//! CSRF one, and `Secure` with the `__Host-` prefix unless serving plain HTTP on loopback),
//! the extractor that finds the signed-in user, and the CSRF check every state-changing
//! request passes: the header must echo the CSRF cookie and, once signed in, be the very
//! token the session was opened with. API tokens come in `Authorization: Bearer` only, on
//! the routes that take them; anywhere else a bearer token is refused outright.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::extract::cookie;
use crate::error::Error;
use crate::service::sessions::{self, Opened, Session};
use crate::service::tokens::Credentials;
use crate::state::AppState;

/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long the CSRF cookie lives: long, since it proves nothing by itself.
pub const CSRF_SECONDS: i64 = 30 * 86_400;
/// How long the browser's own token lives: as long as a browser is kept.
pub const BROWSER_SECONDS: i64 = 5 * 365 * 86_400;

/// The cookies the server sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cookie {
    /// The session token.
    Session,
    /// A remembered device's token.
    Device,
    /// The CSRF token, which the page reads from `GET /api/session` and echoes in
    /// [`CSRF_HEADER`].
    Csrf,
    /// The browser's own token: a sign-in from one its user never used is worth a notice.
    Browser,
}

impl Cookie {
    fn base(self) -> &'static str {
        match self {
            Self::Session => "twofold_session",
            Self::Device => "twofold_device",
            Self::Csrf => "twofold_csrf",
            Self::Browser => "twofold_browser",
        }
    }

    /// Its name: with `__Host-` when secure, which a browser accepts only from HTTPS, for
    /// the whole host and no subdomain, so that no other site can plant one.
    pub fn name(self, secure: bool) -> String {
        if secure { format!("__Host-{}", self.base()) } else { self.base().to_owned() }
    }

    /// Its value in the request.
    pub fn read(self, headers: &HeaderMap, secure: bool) -> Option<&str> {
        cookie(headers, &self.name(secure))
    }

    /// A `Set-Cookie` header giving it `value` for `max_age` seconds (0 deletes it).
    pub fn set(self, value: &str, max_age: i64, secure: bool) -> (HeaderName, HeaderValue) {
        let mut cookie = format!("{}={value}; Path=/; Max-Age={max_age}; SameSite=Strict", self.name(secure));
        if self != Self::Csrf {
            cookie.push_str("; HttpOnly");
        }
        if secure {
            cookie.push_str("; Secure");
        }
        let value = HeaderValue::from_str(&cookie)
            .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"));
        (SET_COOKIE, value)
    }
}

/// The `Set-Cookie` header of a session just opened.
pub fn session_cookie(app: &AppState, session: &Opened) -> (HeaderName, HeaderValue) {
    Cookie::Session.set(&session.token, session.lifetime, app.options.secure_cookies)
}

/// The `Set-Cookie` header that ends the session cookie.
pub fn session_cookie_cleared(app: &AppState) -> (HeaderName, HeaderValue) {
    Cookie::Session.set("", 0, app.options.secure_cookies)
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let secure = state.options.secure_cookies;
        let token = Cookie::Session
            .read(&parts.headers, secure)
            .ok_or_else(|| Error::unauthenticated("not_signed_in"))?;
        let session = sessions::find(state, token)
            .await?
            .ok_or_else(|| Error::unauthenticated("not_signed_in").reason("ended"))?;
        if changes_state(&parts.method) {
            let given = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
            if !session.csrf_matches(given) {
                return Err(Error::forbidden("csrf_failed"));
            }
        }
        Ok(session)
    }
}

/// The token of the first `Authorization: Bearer …` header (the scheme in any case), as
/// sent: bytes that are not text come through lossily and then match no token. Other schemes
/// (a proxy's `Basic`) are not ours and are left alone.
fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get_all(axum::http::header::AUTHORIZATION).iter().find_map(|value| {
        let bytes = value.as_bytes();
        let (scheme, rest) = match bytes.iter().position(|b| *b == b' ') {
            Some(space) => (&bytes[..space], &bytes[space + 1..]),
            None => (bytes, &[][..]),
        };
        scheme.eq_ignore_ascii_case(b"bearer").then(|| String::from_utf8_lossy(rest).trim().to_owned())
    })
}

/// Refuses a bearer token on a route that takes none: a token never stands in for a
/// session, whatever route it is tried on.
pub async fn no_tokens(request: Request, next: Next) -> Response {
    if bearer(request.headers()).is_some() {
        return Error::forbidden("token_not_allowed_here").into_response();
    }
    next.run(request).await
}

/// On a route that takes tokens: the bearer token when there is one (a cookie beside it
/// does not count), else the session.
impl FromRequestParts<AppState> for Credentials {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(&parts.headers) {
            // The routes that take tokens have no parameters in their paths: the path is the route.
            let route =
                format!("{} {}", parts.method, parts.uri.path().chars().take(200).collect::<String>());
            return Ok(Self::Bearer { token, route });
        }
        Ok(Self::Session(Box::new(Session::from_request_parts(parts, state).await?)))
    }
}

/// Double-submit CSRF defence on top of `SameSite=Strict`: a state-changing request must echo
/// the CSRF cookie in the `X-CSRF-Token` header, which another site cannot read. A request
/// with a bearer token needs none: no browser adds that header on another site's behalf, and
/// a route that takes no token refuses it anyway ([`no_tokens`]).
pub async fn csrf(State(app): State<AppState>, request: Request, next: Next) -> Response {
    if !changes_state(request.method()) || bearer(request.headers()).is_some() {
        return next.run(request).await;
    }
    let headers = request.headers();
    let expected = Cookie::Csrf.read(headers, app.options.secure_cookies).filter(|t| t.len() >= 16);
    let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (expected, given) {
        (Some(expected), Some(given)) if expected == given => next.run(request).await,
        _ => Error::forbidden("csrf_failed").into_response(),
    }
}
