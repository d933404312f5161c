//! `/api/me/email/…`: proving the account's email address.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::body::UserOnlyBody;
use super::extract::ApiJson;
use crate::error::Result;
use crate::service::sessions::Session;
use crate::service::{Client, verification};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/email/verification", post(verification_create))
        .route("/api/me/email/verify", post(verification_confirm))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SentBody {
    resend_after: i64,
    expires_in: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeBody {
    code: String,
}

async fn verification_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
) -> Result<Response> {
    let sent = verification::send(&app, &client, &session).await?;
    Ok(Json(SentBody { resend_after: sent.resend_after, expires_in: sent.expires_in }).into_response())
}

async fn verification_confirm(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<Response> {
    let account = verification::confirm(&app, &client, &session, &body.code).await?;
    Ok(Json(UserOnlyBody { user: (&account).into() }).into_response())
}
