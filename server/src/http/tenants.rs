//! `GET /api/t/{tenant}`: a tenant's public face.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::body::TenantBody;
use super::extract::ApiPath;
use crate::error::Result;
use crate::service;
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/t/{tenant}", get(tenant_show))
}

async fn tenant_show(State(app): State<AppState>, ApiPath(slug): ApiPath<String>) -> Result<Response> {
    let tenant = service::tenants::find(&app, &slug).await?;
    Ok(Json(TenantBody::from(&tenant)).into_response())
}
