//! `POST /api/me/password`: changing the password; `POST /api/me/preferences`: whether
//! sign-ins from new browsers are mailed.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use super::body::StageBody;
use super::extract::{ApiJson, Locale};
use crate::error::Result;
use crate::model::Stage;
use crate::service::Client;
use crate::service::accounts::{self, PasswordChange};
use crate::service::sessions::Session;
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/password", post(password_update))
        .route("/api/me/preferences", post(preferences_update))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PasswordBody {
    current: String,
    new: String,
    #[serde(default)]
    locale: String,
}

async fn password_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    Locale(request_locale): Locale,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<Response> {
    let change =
        PasswordChange { current: &body.current, new: &body.new, locale: &body.locale, request_locale };
    let account = accounts::change_password(&app, &client, &session, &change).await?;
    Ok(Json(StageBody::new(Stage::Full, Some(&account))).into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PreferencesBody {
    notify_new_browser: bool,
}

async fn preferences_update(
    State(app): State<AppState>,
    session: Session,
    ApiJson(body): ApiJson<PreferencesBody>,
) -> Result<Response> {
    let account = accounts::set_new_browser_notices(&app, &session, body.notify_new_browser).await?;
    Ok(Json(super::body::UserOnlyBody { user: (&account).into() }).into_response())
}
