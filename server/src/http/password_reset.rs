//! Password reset: `POST /api/t/{tenant}/password-reset` asks for a link (always 202, the
//! same body), `POST /api/password-reset/lookup` reads the link's page, and
//! `POST /api/password-reset/confirm` sets the new password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::body::HolderBody;
use super::extract::{ApiJson, ApiPath, Locale};
use super::invitations::{TokenBody, TokenPasswordBody};
use crate::error::Result;
use crate::service::Client;
use crate::service::password_reset::{self, NewPassword};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/t/{tenant}/password-reset", post(reset_create))
        .route("/api/password-reset/lookup", post(reset_show))
        .route("/api/password-reset/confirm", post(reset_confirm))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IdentifierBody {
    identifier: String,
}

/// The one answer to every request for a link that is not refused outright.
#[derive(Serialize)]
struct AcceptedBody {
    sent: &'static str,
}

async fn reset_create(
    State(app): State<AppState>,
    client: Client,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<IdentifierBody>,
) -> Result<Response> {
    password_reset::request(&app, &client, &slug, &body.identifier).await?;
    Ok((StatusCode::ACCEPTED, Json(AcceptedBody { sent: "if_known" })).into_response())
}

async fn reset_show(State(app): State<AppState>, ApiJson(body): ApiJson<TokenBody>) -> Result<Response> {
    let holder = password_reset::lookup(&app, &body.token).await?;
    Ok(Json(HolderBody::from(&holder)).into_response())
}

async fn reset_confirm(
    State(app): State<AppState>,
    client: Client,
    Locale(request_locale): Locale,
    ApiJson(body): ApiJson<TokenPasswordBody>,
) -> Result<Response> {
    let form =
        NewPassword { token: &body.token, password: &body.password, locale: &body.locale, request_locale };
    let signed_in = password_reset::confirm(&app, &client, &form).await?;
    Ok(super::signin::respond(&app, &signed_in))
}
