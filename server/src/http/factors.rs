//! `/api/me/factors`: the user's authenticators — listed, added (an app, an email address,
//! a phone), confirmed with their first code, removed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::body::{AddedBody, ConfirmedBody, FactorBody, FactorsBody, UserBody, UserOnlyBody};
use super::extract::{ApiJson, ApiOptionalJson, ApiPath};
use super::two_factor::ProofBody;
use crate::error::{Error, Result};
use crate::model::FactorKind;
use crate::service::Client;
use crate::service::enrollment::{self, Request};
use crate::service::sessions::Session;
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/factors", get(factors_index).post(factor_create))
        .route("/api/me/factors/{id}", axum::routing::delete(factor_delete))
        .route("/api/me/factors/{id}/confirm", post(factor_confirm))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct AddBody {
    #[serde(rename = "type")]
    kind: String,
    name: Option<String>,
    phone: Option<String>,
    code: Option<String>,
    recovery_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeBody {
    code: String,
}

async fn factors_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let factors = enrollment::list(&app, &session).await?;
    Ok(Json(FactorsBody::from(factors.as_slice())).into_response())
}

async fn factor_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<AddBody>,
) -> Result<Response> {
    let kind =
        FactorKind::parse(&body.kind).ok_or_else(|| Error::invalid("factor_kind_unknown").field("type"))?;
    let request = Request { kind, name: body.name, phone: body.phone, replaces: false };
    let proof = ProofBody::from_code(body.code, body.recovery_code).proof()?;
    let added = enrollment::add(&app, &client, &session, &request, proof.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(AddedBody::from(&added))).into_response())
}

async fn factor_confirm(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<Response> {
    let confirmed = enrollment::confirm(&app, &client, &session, id, &body.code).await?;
    let body = ConfirmedBody {
        factor: FactorBody::from(&confirmed.factor),
        recovery_codes: confirmed.recovery_codes.as_deref(),
        user: UserBody::from(&confirmed.account),
    };
    Ok(Json(body).into_response())
}

async fn factor_delete(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiOptionalJson(body): ApiOptionalJson<ProofBody>,
) -> Result<Response> {
    // A DELETE may carry a proof, or nothing at all.
    let proof = match body {
        Some(body) => body.proof()?,
        None => None,
    };
    let account = enrollment::remove(&app, &client, &session, id, proof.as_ref()).await?;
    Ok(Json(UserOnlyBody { user: UserBody::from(&account) }).into_response())
}
