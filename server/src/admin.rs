//! Tenant administration: the password policy, security settings, users, the audit log and
//! the outbox.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::params;
use serde_json::{Value, json};
use twofold::{PasswordChecker, Policy};

use crate::audit::{self, Actor, AuditQuery};
use crate::error::{ApiResult, AppError};
use crate::extract::{ApiJson, ApiQuery, Client};
use crate::session::Session;
use crate::state::AppState;
use crate::tenants::{self, Settings};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/policy", get(policy_show).put(policy_update))
        .route("/api/admin/settings", get(settings_show).put(settings_update))
        .route("/api/admin/users", get(users_index))
        .route("/api/admin/audit", get(audit_index))
        .route("/api/admin/audit/export", get(audit_export))
        .route("/api/admin/outbox", get(outbox_index))
}

fn policy_view(policy: &Policy) -> ApiResult<Value> {
    let requirements = PasswordChecker::new(policy.clone(), "en")?.requirements();
    Ok(json!({ "policy": policy, "requirements": requirements }))
}

async fn policy_show(session: Session) -> ApiResult<Json<Value>> {
    session.require_admin()?;
    Ok(Json(policy_view(&session.tenant.policy)?))
}

/// Takes the raw body so the core's own parser reads it: the errors an admin sees are the
/// ones the browser's policy editor shows.
async fn policy_update(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    session.require_admin()?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| AppError::bad_request("body_invalid", "the body is not UTF-8"))?;
    let policy = Policy::from_json(text)?;
    let now = state.clock.now();
    let before = session.tenant.policy.clone();
    let saved = policy.clone();
    state
        .db
        .transaction(move |tx| {
            tx.execute(
                "UPDATE tenants SET policy = ?2 WHERE id = ?1",
                params![session.tenant.id, saved.to_json()],
            )?;
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(session.user.id),
                email: Some(&session.user.email),
                client: &client,
            };
            audit::record(tx, now, &actor, "policy_changed", json!({ "before": before, "after": saved }))
        })
        .await?;
    Ok(Json(policy_view(&policy)?))
}

async fn settings_show(session: Session) -> ApiResult<Json<Settings>> {
    session.require_admin()?;
    Ok(Json(session.tenant.settings))
}

async fn settings_update(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(settings): ApiJson<Settings>,
) -> ApiResult<Json<Settings>> {
    session.require_admin()?;
    settings.validate()?;
    if !settings.allows(client.ip) {
        return Err(AppError::bad_request(
            "settings_invalid",
            "ipAllowlist would lock you out: include your own address",
        ));
    }
    let now = state.clock.now();
    let before = session.tenant.settings.clone();
    let saved = settings.clone();
    state
        .db
        .transaction(move |tx| {
            tenants::save_settings(tx, session.tenant.id, &saved)?;
            if saved.two_factor_required && !before.two_factor_required {
                // Requiring 2FA starts every un-enrolled user's grace period now.
                tx.execute(
                    "UPDATE users SET two_factor_deadline = ?2 WHERE tenant_id = ?1 AND totp_secret IS NULL",
                    params![session.tenant.id, now + saved.grace_days * 86_400],
                )?;
            }
            if !saved.two_factor_required && before.two_factor_required {
                // No longer required: no deadline hangs over anyone.
                tx.execute(
                    "UPDATE users SET two_factor_deadline = NULL WHERE tenant_id = ?1",
                    [session.tenant.id],
                )?;
            }
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(session.user.id),
                email: Some(&session.user.email),
                client: &client,
            };
            audit::record(tx, now, &actor, "settings_changed", json!({ "before": before, "after": saved }))
        })
        .await?;
    Ok(Json(settings))
}

async fn users_index(State(state): State<AppState>, session: Session) -> ApiResult<Json<Value>> {
    session.require_admin()?;
    let tenant_id = session.tenant.id;
    let users = state
        .db
        .call(move |conn| {
            let mut statement = conn.prepare(
                "SELECT id, email, name, role, totp_secret IS NOT NULL, two_factor_deadline, locked_until, created_at, \
                 (SELECT count(*) FROM recovery_codes r WHERE r.user_id = users.id AND r.used_at IS NULL) \
                 FROM users WHERE tenant_id = ?1 ORDER BY email",
            )?;
            let users = statement
                .query_map([tenant_id], |r| {
                    Ok(json!({
                        "id": r.get::<_, i64>(0)?, "email": r.get::<_, String>(1)?, "name": r.get::<_, String>(2)?,
                        "role": r.get::<_, String>(3)?, "twoFactorEnabled": r.get::<_, bool>(4)?,
                        "twoFactorDeadline": r.get::<_, Option<i64>>(5)?, "lockedUntil": r.get::<_, Option<i64>>(6)?,
                        "createdAt": r.get::<_, i64>(7)?, "recoveryCodesLeft": r.get::<_, i64>(8)?,
                    }))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(users)
        })
        .await?;
    Ok(Json(json!({ "users": users })))
}

async fn audit_index(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Value>> {
    session.require_admin()?;
    let tenant_id = session.tenant.id;
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(50));
    let (events, total) = state.db.call(move |conn| audit::query(conn, tenant_id, &query, true)).await?;
    Ok(Json(json!({ "events": events, "total": total, "page": page, "perPage": per_page })))
}

async fn audit_export(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<impl IntoResponse> {
    session.require_admin()?;
    let (tenant_id, slug) = (session.tenant.id, session.tenant.slug.clone());
    let format = query.format.clone().unwrap_or_else(|| "jsonl".to_owned());
    if !matches!(format.as_str(), "jsonl" | "syslog") {
        return Err(AppError::bad_request("query_invalid", "format must be jsonl or syslog"));
    }
    let (mut events, _) = state.db.call(move |conn| audit::query(conn, tenant_id, &query, false)).await?;
    events.reverse();
    let (body, content_type, extension) = if format == "jsonl" {
        let lines: Vec<String> =
            events.iter().map(|e| serde_json::to_string(e).unwrap_or_default()).collect();
        (lines.join("\n") + "\n", "application/x-ndjson", "jsonl")
    } else {
        let lines: Vec<String> = events.iter().map(|e| crate::syslog::line(e, &slug)).collect();
        (lines.join("\n") + "\n", "text/plain; charset=utf-8", "log")
    };
    let disposition = format!("attachment; filename=\"audit-{slug}.{extension}\"");
    Ok(([(CONTENT_TYPE, content_type.to_owned()), (CONTENT_DISPOSITION, disposition)], body))
}

async fn outbox_index(State(state): State<AppState>, session: Session) -> ApiResult<Json<Value>> {
    session.require_admin()?;
    let tenant_id = session.tenant.id;
    let messages = state.db.call(move |conn| crate::outbox::list(conn, tenant_id, 200)).await?;
    Ok(Json(json!({ "messages": messages })))
}
