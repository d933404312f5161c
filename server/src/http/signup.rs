//! `POST /api/t/{tenant}/signup`: a new account, signed in.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::session_cookie;
use super::body::StageBody;
use super::extract::{ApiJson, ApiPath, Locale};
use crate::error::Result;
use crate::service::{self, Client};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/t/{tenant}/signup", post(signup_create))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SignupBody {
    email: String,
    name: String,
    password: String,
    #[serde(default)]
    locale: String,
}

async fn signup_create(
    State(app): State<AppState>,
    client: Client,
    Locale(request_locale): Locale,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SignupBody>,
) -> Result<Response> {
    let form = service::accounts::Signup {
        email: &body.email,
        name: &body.name,
        password: &body.password,
        locale: &body.locale,
        request_locale,
    };
    let (session, account) = service::accounts::sign_up(&app, &client, &slug, &form).await?;
    let cookie = session_cookie(&app, &session);
    Ok((StatusCode::CREATED, [cookie], Json(StageBody::new(session.stage, Some(&account)))).into_response())
}
