//! Remembered devices: listing them, and forgetting them all ("sign out other browsers").

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::params;
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::error::ApiResult;
use crate::extract::Client;
use crate::session::{Session, Stage};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/me/devices", get(devices_index).delete(devices_delete))
}

async fn devices_index(State(state): State<AppState>, session: Session) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full])?;
    let (user_id, now) = (session.user.id, state.clock.now());
    let devices = state
        .db
        .call(move |conn| {
            let mut statement = conn.prepare(
                "SELECT created_at, expires_at, user_agent FROM remembered_devices \
                 WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2 ORDER BY created_at DESC",
            )?;
            let devices = statement
                .query_map(params![user_id, now], |r| {
                    Ok(json!({ "createdAt": r.get::<_, i64>(0)?, "expiresAt": r.get::<_, i64>(1)?, "userAgent": r.get::<_, String>(2)? }))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(devices)
        })
        .await?;
    Ok(Json(json!({ "devices": devices })))
}

async fn devices_delete(
    State(state): State<AppState>,
    client: Client,
    session: Session,
) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full])?;
    let now = state.clock.now();
    let revoked = state
        .db
        .transaction(move |tx| {
            let revoked = tx.execute(
                "UPDATE remembered_devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
                params![session.user.id, now],
            )?;
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(session.user.id),
                email: Some(&session.user.email),
                client: &client,
            };
            audit::record(tx, now, &actor, "devices_forgotten", json!({ "count": revoked }))?;
            Ok(revoked)
        })
        .await?;
    Ok(Json(json!({ "revoked": revoked })))
}
