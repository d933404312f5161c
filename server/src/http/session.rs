//! `GET /api/session` and `DELETE /api/session`: who is signed in, at which stage, with a
//! CSRF token for what comes next; and signing out.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::auth::{BROWSER_SECONDS, CSRF_SECONDS, Cookie, session_cookie_cleared};
use super::body::{SessionBody, SignedOutBody, TenantBody, UserBody};
use crate::crypto;
use crate::error::Result;
use crate::model::Stage;
use crate::service::sessions::{self, Session};
use crate::service::{self, Client};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/session", get(session_show).delete(session_delete))
}

async fn session_show(State(app): State<AppState>, headers: HeaderMap) -> Result<Response> {
    let secure = app.options.secure_cookies;
    let csrf = match Cookie::Csrf.read(&headers, secure).filter(|t| t.len() >= 16) {
        Some(token) => token.to_owned(),
        None => crypto::token()?,
    };
    let set_csrf = Cookie::Csrf.set(&csrf, CSRF_SECONDS, secure);
    let set_browser = match Cookie::Browser.read(&headers, secure).filter(|t| t.len() >= 16) {
        Some(_) => None,
        None => Some(Cookie::Browser.set(&crypto::token()?, BROWSER_SECONDS, secure)),
    };
    let session = match Cookie::Session.read(&headers, secure) {
        Some(token) => sessions::find(&app, token).await?,
        None => None,
    };
    // At the second step only the password is proven: nothing about the account yet.
    let account = match &session {
        Some(session) if session.stage != Stage::SecondFactor => {
            Some(service::accounts::account(&app, session).await?)
        }
        _ => None,
    };
    let body = SessionBody {
        signed_in: session.as_ref().is_some_and(|s| s.stage == Stage::Full),
        stage: session.as_ref().map(|s| s.stage.as_str()),
        user: account.as_ref().map(UserBody::from),
        tenant: account.as_ref().and(session.as_ref()).map(|s| TenantBody::from(&s.tenant)),
        csrf_token: &csrf,
    };
    let cookies: Vec<_> = std::iter::once(set_csrf).chain(set_browser).collect();
    Ok((AppendHeaders(cookies), Json(body)).into_response())
}

async fn session_delete(State(app): State<AppState>, client: Client, session: Session) -> Result<Response> {
    service::accounts::sign_out(&app, &client, &session).await?;
    Ok(([session_cookie_cleared(&app)], Json(SignedOutBody::VALUE)).into_response())
}
