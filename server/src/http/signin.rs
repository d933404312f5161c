//! Sign-in: `POST /api/t/{tenant}/signin` with an email, login or phone and the password, then
//! `POST /api/signin/second-factor` with a code or a recovery code.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::{Cookie, session_cookie};
use super::body::StageBody;
use super::extract::{ApiJson, ApiPath};
use crate::error::{Error, Result};
use crate::service::Client;
use crate::service::factors::Proof;
use crate::service::sessions::Session;
use crate::service::signin::{self, Credentials, SignedIn};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/t/{tenant}/signin", post(signin_create))
        .route("/api/signin/second-factor", post(second_factor_create))
        .route("/api/signin/second-factor/send", post(second_factor_send))
}

/// `{ identifier, password }`, or `{ email, password }` as before identifiers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SigninBody {
    identifier: Option<String>,
    email: Option<String>,
    password: String,
}

impl SigninBody {
    fn credentials(&self) -> Result<Credentials<'_>> {
        let (identifier, field) = match (&self.identifier, &self.email) {
            (Some(identifier), None) => (identifier, "identifier"),
            (None, Some(email)) => (email, "email"),
            (Some(_), Some(_)) => return Err(Error::invalid("identifier_missing").reason("both")),
            (None, None) => return Err(Error::invalid("identifier_missing").field("identifier")),
        };
        Ok(Credentials { identifier, field, password: &self.password })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SecondFactorBody {
    code: Option<String>,
    recovery_code: Option<String>,
    factor_id: Option<i64>,
    #[serde(default)]
    remember_device: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SendBody {
    factor_id: i64,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SentBody {
    resend_after: i64,
}

/// The session cookies and the stage of a sign-in step (or of a password just set through a
/// link, which signs in as far as the password would).
pub(super) fn respond(app: &AppState, signed_in: &SignedIn) -> Response {
    let mut cookies = vec![session_cookie(app, &signed_in.session)];
    if let Some((token, lifetime)) = &signed_in.device {
        cookies.push(Cookie::Device.set(token, *lifetime, app.options.secure_cookies));
    }
    (AppendHeaders(cookies), Json(StageBody::new(signed_in.session.stage, signed_in.account.as_ref())))
        .into_response()
}

async fn signin_create(
    State(app): State<AppState>,
    client: Client,
    headers: HeaderMap,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SigninBody>,
) -> Result<Response> {
    let device = Cookie::Device.read(&headers, app.options.secure_cookies);
    let signed_in = signin::password_step(&app, &client, &slug, &body.credentials()?, device).await?;
    Ok(respond(&app, &signed_in))
}

async fn second_factor_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<SecondFactorBody>,
) -> Result<Response> {
    let proof = Proof::from_parts(body.code, body.recovery_code, body.factor_id)?;
    let signed_in = signin::second_factor_step(&app, &client, &session, &proof, body.remember_device).await?;
    Ok(respond(&app, &signed_in))
}

async fn second_factor_send(
    State(app): State<AppState>,
    session: Session,
    ApiJson(body): ApiJson<SendBody>,
) -> Result<Response> {
    let resend_after = signin::send_second_factor_code(&app, &session, body.factor_id).await?;
    Ok(Json(SentBody { resend_after }).into_response())
}
