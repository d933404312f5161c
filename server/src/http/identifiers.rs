//! `/api/me/login` and `/api/me/phone`: the names the signed-in user may sign in with
//! besides the email.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::body::{UserBody, UserOnlyBody};
use super::extract::ApiJson;
use crate::error::Result;
use crate::service::sessions::Session;
use crate::service::{Client, identifiers};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/login", put(login_update))
        .route("/api/me/phone", post(phone_update).delete(phone_delete))
        .route("/api/me/phone/verify", post(phone_verify))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LoginBody {
    login: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhoneBody {
    phone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeBody {
    code: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhoneSetBody<'a> {
    user: UserBody<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resend_after: Option<i64>,
}

async fn login_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response> {
    let account = identifiers::set_login(&app, &client, &session, body.login.as_deref()).await?;
    Ok(Json(UserOnlyBody { user: (&account).into() }).into_response())
}

async fn phone_update(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<PhoneBody>,
) -> Result<Response> {
    let set = identifiers::set_phone(&app, &client, &session, &body.phone).await?;
    Ok(Json(PhoneSetBody { user: (&set.account).into(), resend_after: set.resend_after }).into_response())
}

async fn phone_verify(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<Response> {
    let account = identifiers::verify_phone(&app, &client, &session, &body.code).await?;
    Ok(Json(UserOnlyBody { user: (&account).into() }).into_response())
}

async fn phone_delete(State(app): State<AppState>, client: Client, session: Session) -> Result<Response> {
    let account = identifiers::remove_phone(&app, &client, &session).await?;
    Ok(Json(UserOnlyBody { user: (&account).into() }).into_response())
}
