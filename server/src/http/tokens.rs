//! `/api/me/tokens` and `/api/admin/tokens`: API tokens made, listed and revoked; and
//! `/api/admin/service-accounts`, the users that hold tokens for a system.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::body::{CreatedTokenBody, OneTokenBody, ServiceAccountBody, TokenBody, TokensBody};
use super::extract::{ApiJson, ApiPath};
use super::two_factor::ProofBody;
use crate::error::Result;
use crate::service::Client;
use crate::service::sessions::Session;
use crate::service::tokens::{self, Created, Request};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/tokens", get(tokens_index).post(token_create))
        .route("/api/me/tokens/{id}", delete(token_delete))
        .route("/api/admin/tokens", get(tenant_tokens_index))
        .route("/api/admin/tokens/{id}", delete(tenant_token_delete))
        .route("/api/admin/service-accounts", post(service_account_create))
        .route("/api/admin/service-accounts/{id}/tokens", post(service_account_token_create))
}

/// A token to make, and the proof that its maker is who they say.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct TokenRequestBody {
    name: String,
    scopes: Vec<String>,
    expires_in_days: Option<i64>,
    password: String,
    code: Option<String>,
    recovery_code: Option<String>,
}

impl TokenRequestBody {
    fn request(&self) -> Request<'_> {
        Request { name: &self.name, scopes: &self.scopes, expires_in_days: self.expires_in_days }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServiceAccountRequestBody {
    name: String,
    email: String,
}

fn created(created: &Created) -> Response {
    let body = CreatedTokenBody { token: TokenBody::from(&created.token), secret: &created.secret };
    (StatusCode::CREATED, Json(body)).into_response()
}

async fn tokens_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let tokens = tokens::list_own(&app, &session).await?;
    Ok(Json(TokensBody::from(tokens.as_slice())).into_response())
}

async fn token_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<TokenRequestBody>,
) -> Result<Response> {
    let proof = ProofBody::from_code(body.code.clone(), body.recovery_code.clone()).proof()?;
    let made =
        tokens::create_own(&app, &client, &session, &body.request(), &body.password, proof.as_ref()).await?;
    Ok(created(&made))
}

async fn token_delete(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response> {
    let token = tokens::revoke_own(&app, &client, &session, id).await?;
    Ok(Json(OneTokenBody { token: TokenBody::from(&token) }).into_response())
}

async fn tenant_tokens_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let tokens = tokens::list_tenant(&app, &session).await?;
    Ok(Json(TokensBody::from(tokens.as_slice())).into_response())
}

async fn tenant_token_delete(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response> {
    let token = tokens::revoke_any(&app, &client, &session, id).await?;
    Ok(Json(OneTokenBody { token: TokenBody::from(&token) }).into_response())
}

async fn service_account_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<ServiceAccountRequestBody>,
) -> Result<Response> {
    let user = tokens::create_service_account(&app, &client, &session, &body.name, &body.email).await?;
    Ok((StatusCode::CREATED, Json(ServiceAccountBody::from(&user))).into_response())
}

async fn service_account_token_create(
    State(app): State<AppState>,
    client: Client,
    session: Session,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TokenRequestBody>,
) -> Result<Response> {
    let proof = ProofBody::from_code(body.code.clone(), body.recovery_code.clone()).proof()?;
    let request = body.request();
    let made = tokens::create_for_service_account(
        &app,
        &client,
        &session,
        id,
        &request,
        &body.password,
        proof.as_ref(),
    )
    .await?;
    Ok(created(&made))
}
