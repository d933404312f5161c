//! `/api/me/devices`: remembered devices, listed and forgotten.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::body::{DevicesBody, RevokedBody};
use crate::error::Result;
use crate::service::sessions::Session;
use crate::service::{Client, devices};
use crate::state::AppState;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/me/devices", get(devices_index).delete(devices_delete))
}

async fn devices_index(State(app): State<AppState>, session: Session) -> Result<Response> {
    let list = devices::list(&app, &session).await?;
    Ok(Json(DevicesBody::from(list.as_slice())).into_response())
}

async fn devices_delete(State(app): State<AppState>, client: Client, session: Session) -> Result<Response> {
    let revoked = devices::forget_all(&app, &client, &session).await?;
    Ok(Json(RevokedBody { revoked }).into_response())
}
