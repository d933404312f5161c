//! `/api/me/2fa/…`: enroll an app, confirm it, show the QR again, re-enroll, recovery codes,
//! turn off. A sensitive step takes `{ code }` (or `{ recoveryCode }` where a lost phone
//! calls for one), or nothing when a second factor was proved in this session a few minutes
//! before.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::body::{EnrollmentBody, LeftBody, RecoveryCodesBody, UserBody, UserOnlyBody};
use super::extract::ApiJson;
use crate::error::Result;
use crate::service::factors::Proof;
use crate::service::sessions::Session;
use crate::service::{Client, two_factor};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/2fa/enroll", post(enrollment_create))
        .route("/api/me/2fa/confirm", post(enrollment_confirm))
        .route("/api/me/2fa/qr", post(qr_show))
        .route("/api/me/2fa/reenroll", post(reenrollment_create))
        .route("/api/me/2fa/recovery-codes", get(recovery_codes_show).post(recovery_codes_create))
        .route("/api/me/2fa/disable", post(two_factor_delete))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeBody {
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QrBody {
    code: Option<String>,
    password: String,
}

/// A proof, or none (a second factor proved in this session a few minutes before).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProofBody {
    code: Option<String>,
    recovery_code: Option<String>,
    factor_id: Option<i64>,
}

impl ProofBody {
    /// A body of a code or a recovery code.
    pub fn from_code(code: Option<String>, recovery_code: Option<String>) -> Self {
        Self { code, recovery_code, factor_id: None }
    }

    /// The proof, if the body carries one.
    pub fn proof(self) -> Result<Option<Proof>> {
        if self.code.is_none() && self.recovery_code.is_none() && self.factor_id.is_none() {
            return Ok(None);
        }
        Proof::from_parts(self.code, self.recovery_code, self.factor_id).map(Some)
    }
}

async fn enrollment_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
) -> Result<Response> {
    let enrollment = two_factor::enroll(&app, &client, &session).await?;
    Ok(Json(EnrollmentBody::from(&enrollment)).into_response())
}

async fn enrollment_confirm(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<Response> {
    let confirmed = two_factor::confirm(&app, &client, &session, &body.code).await?;
    let body = RecoveryCodesBody {
        recovery_codes: confirmed.recovery_codes.as_deref().unwrap_or_default(),
        user: Some(UserBody::from(&confirmed.account)),
    };
    Ok(Json(body).into_response())
}

async fn qr_show(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<QrBody>,
) -> Result<Response> {
    let enrollment =
        two_factor::show_qr(&app, &client, &session, body.code.as_deref(), &body.password).await?;
    Ok(Json(EnrollmentBody::from(&enrollment)).into_response())
}

async fn reenrollment_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<ProofBody>,
) -> Result<Response> {
    let enrollment = two_factor::reenroll(&app, &client, &session, body.proof()?.as_ref()).await?;
    Ok(Json(EnrollmentBody::from(&enrollment)).into_response())
}

async fn recovery_codes_show(State(app): State<AppState>, session: Session) -> Result<Response> {
    let left = two_factor::recovery_codes_left(&app, &session).await?;
    Ok(Json(LeftBody { left }).into_response())
}

async fn recovery_codes_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<ProofBody>,
) -> Result<Response> {
    let codes = two_factor::renew_recovery_codes(&app, &client, &session, body.proof()?.as_ref()).await?;
    Ok(Json(RecoveryCodesBody { recovery_codes: &codes, user: None }).into_response())
}

async fn two_factor_delete(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<ProofBody>,
) -> Result<Response> {
    let account = two_factor::disable(&app, &client, &session, body.proof()?.as_ref()).await?;
    Ok(Json(UserOnlyBody { user: UserBody::from(&account) }).into_response())
}
