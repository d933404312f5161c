//! `/api/invitations/…`: the page an invitation link opens looks the invitation up, then
//! sets the first password. The token travels in a body, never in a URL, so that no log
//! keeps it.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::session_cookie;
use super::body::{HolderBody, StageBody};
use super::extract::{ApiJson, Locale};
use crate::error::Result;
use crate::service::Client;
use crate::service::invitations::{self, Acceptance};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invitations/lookup", post(invitation_show))
        .route("/api/invitations/accept", post(invitation_accept))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TokenBody {
    pub(super) token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TokenPasswordBody {
    pub(super) token: String,
    pub(super) password: String,
    #[serde(default)]
    pub(super) locale: String,
}

async fn invitation_show(State(app): State<AppState>, ApiJson(body): ApiJson<TokenBody>) -> Result<Response> {
    let holder = invitations::lookup(&app, &body.token).await?;
    Ok(Json(HolderBody::from(&holder)).into_response())
}

async fn invitation_accept(
    State(app): State<AppState>,
    client: Client,
    Locale(request_locale): Locale,
    ApiJson(body): ApiJson<TokenPasswordBody>,
) -> Result<Response> {
    let acceptance =
        Acceptance { token: &body.token, password: &body.password, locale: &body.locale, request_locale };
    let (session, account) = invitations::accept(&app, &client, &acceptance).await?;
    let cookie = session_cookie(&app, &session);
    Ok(([cookie], Json(StageBody::new(session.stage, Some(&account)))).into_response())
}
