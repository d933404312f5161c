//! Accounts: the tenant's public page, signup, the session, password change and sign-out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{Connection, params};
use serde::Deserialize;
use serde_json::{Value, json};
use twofold::{Policy, UserContext};

use crate::audit::{self, Actor};
use crate::crypto;
use crate::error::{ApiResult, AppError};
use crate::extract::{ApiJson, ApiPath, Client, cookie};
use crate::session::{self, CSRF_COOKIE, SESSION_COOKIE, SESSION_SECONDS, Session, Stage};
use crate::state::AppState;
use crate::tenants::{self, Tenant};
use crate::users::User;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/t/{tenant}", get(tenant_show))
        .route("/api/t/{tenant}/signup", post(signup_create))
        .route("/api/session", get(session_show).delete(session_delete))
        .route("/api/me/password", post(password_update))
}

/// Longest email accepted (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;
/// Longest display name accepted.
const MAX_NAME: usize = 100;
/// Longest password read: beyond it nobody is typing, and hashing it still costs the same.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// What a signed-in user sees of their account.
pub fn user_view(conn: &Connection, user: &User) -> ApiResult<Value> {
    let left = crate::users::recovery_codes_left(conn, user.id)?;
    Ok(json!({
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "twoFactorEnabled": user.two_factor_enabled(),
        "twoFactorDeadline": user.two_factor_deadline,
        "recoveryCodesLeft": left,
        "passwordExpiresAt": user.password_expires_at,
    }))
}

/// What anyone may know of a tenant: its name and the rules a new password must meet.
fn tenant_view(tenant: &Tenant) -> Value {
    json!({
        "slug": tenant.slug,
        "name": tenant.name,
        "policy": tenant.policy,
        "twoFactorRequired": tenant.settings.two_factor_required,
        "rememberDeviceDays": tenant.settings.remember_device_days,
    })
}

async fn tenant_show(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Value>> {
    let tenant = state.db.call(move |conn| tenants::by_slug(conn, &slug)).await?;
    Ok(Json(tenant_view(&tenant)))
}

/// Checks a new password with the very function the browser ran, off the async threads.
pub async fn verdict(
    password: String,
    policy: Policy,
    context: UserContext,
    locale: String,
) -> ApiResult<String> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::bad_request(
            "password_too_large",
            format!("a password may have at most {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    crypto::hashing(move || {
        let verdict = twofold::check_password(&password, &policy, &context, &locale)?;
        if verdict.accepted {
            // The hash is of the normalised password, as every rule saw it.
            return crypto::hash_password(&twofold::nfkc(&password));
        }
        Err(AppError::PasswordRefused {
            verdict: serde_json::to_value(&verdict).map_err(AppError::internal)?,
        })
    })
    .await?
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SignupBody {
    email: String,
    name: String,
    password: String,
    #[serde(default)]
    locale: String,
}

fn check_email(email: &str) -> ApiResult<()> {
    let valid = email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if valid {
        Ok(())
    } else {
        Err(AppError::bad_request("email_invalid", "enter an email address such as name@example.com"))
    }
}

fn check_name(name: &str) -> ApiResult<()> {
    let length = name.trim().chars().count();
    if (1..=MAX_NAME).contains(&length) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(AppError::bad_request("name_invalid", format!("enter a name of 1 to {MAX_NAME} characters")))
    }
}

/// Sets the password-dependent columns and keeps the history the policy asks for.
pub fn store_password(
    conn: &Connection,
    user_id: i64,
    hash: &str,
    policy: &Policy,
    now: i64,
) -> ApiResult<()> {
    let expires = policy.max_age_days.map(|days| now + i64::from(days) * 86_400);
    conn.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, password_expires_at = ?4 WHERE id = ?1",
        params![user_id, hash, now, expires],
    )?;
    conn.execute(
        "INSERT INTO password_history (user_id, hash, set_at) VALUES (?1, ?2, ?3)",
        params![user_id, hash, now],
    )?;
    // Keep what the largest allowed history needs, and no more.
    conn.execute(
        "DELETE FROM password_history WHERE user_id = ?1 AND rowid NOT IN \
         (SELECT rowid FROM password_history WHERE user_id = ?1 ORDER BY set_at DESC, rowid DESC LIMIT ?2)",
        params![user_id, i64::from(twofold::MAX_HISTORY_COUNT) + 1],
    )?;
    Ok(())
}

async fn signup_create(
    State(state): State<AppState>,
    client: Client,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SignupBody>,
) -> ApiResult<impl IntoResponse> {
    check_email(&body.email)?;
    check_name(&body.name)?;
    let tenant = state.db.call(move |conn| tenants::by_slug(conn, &slug)).await?;
    if !tenant.settings.allows(client.ip) {
        return Err(AppError::forbidden(
            "ip_not_allowed",
            "this organisation does not allow sign-up from your network",
        ));
    }
    let context = UserContext {
        email: Some(body.email.clone()),
        name: Some(body.name.clone()),
        username: None,
        tenant: Some(tenant.name.clone()),
    };
    let hash = verdict(body.password, tenant.policy.clone(), context, body.locale).await?;
    let now = state.clock.now();
    let (email, name) = (body.email.trim().to_owned(), body.name.trim().to_owned());
    let (token, view) = state
        .db
        .transaction(move |tx| {
            if crate::users::by_email(tx, tenant.id, &email)?.is_some() {
                return Err(AppError::conflict("email_taken", "an account with this email exists: sign in instead"));
            }
            let deadline = tenant.settings.two_factor_required.then(|| now + tenant.settings.grace_days * 86_400);
            tx.execute(
                "INSERT INTO users (tenant_id, email, name, password_hash, password_changed_at, two_factor_deadline, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
                params![tenant.id, email, name, hash, now, deadline],
            )?;
            let user_id = tx.last_insert_rowid();
            store_password(tx, user_id, &hash, &tenant.policy, now)?;
            let actor = Actor { tenant_id: tenant.id, user_id: Some(user_id), email: Some(&email), client: &client };
            audit::record(tx, now, &actor, "signup", json!({}))?;
            let stage = if deadline.is_some_and(|d| d <= now) { Stage::EnrollmentOnly } else { Stage::Full };
            let token = session::create(tx, user_id, stage, now)?;
            let user = crate::users::by_id(tx, user_id)?;
            Ok((token, json!({ "stage": stage.as_str(), "user": user_view(tx, &user)? })))
        })
        .await?;
    let cookie =
        session::set_cookie(SESSION_COOKIE, &token, SESSION_SECONDS, true, state.options.secure_cookies);
    Ok((StatusCode::CREATED, AppendHeaders([(SET_COOKIE, cookie)]), Json(view)))
}

/// The current session, if any, and a CSRF token (set as a cookie too) for the next request.
async fn session_show(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> ApiResult<impl IntoResponse> {
    let csrf = match cookie(&headers, CSRF_COOKIE).filter(|t| t.len() >= 16) {
        Some(token) => token.to_owned(),
        None => crypto::token()?,
    };
    let set_csrf =
        session::set_cookie(CSRF_COOKIE, &csrf, SESSION_SECONDS * 60, false, state.options.secure_cookies);
    let token = cookie(&headers, SESSION_COOKIE).map(str::to_owned);
    let now = state.clock.now();
    let body = state
        .db
        .call(move |conn| {
            let Some(session) = token.map(|t| session::find(conn, &t, now)).transpose()?.flatten() else {
                return Ok(json!({ "signedIn": false }));
            };
            if session.stage == Stage::SecondFactor {
                // Only the password is proven: nothing about the account yet.
                return Ok(json!({ "signedIn": false, "stage": session.stage.as_str() }));
            }
            Ok(json!({
                "signedIn": session.stage == Stage::Full,
                "stage": session.stage.as_str(),
                "user": user_view(conn, &session.user)?,
                "tenant": tenant_view(&session.tenant),
            }))
        })
        .await?;
    let mut body = body;
    body["csrfToken"] = Value::String(csrf);
    Ok((AppendHeaders([(SET_COOKIE, set_csrf)]), Json(body)))
}

async fn session_delete(
    State(state): State<AppState>,
    client: Client,
    session: Session,
) -> ApiResult<impl IntoResponse> {
    let now = state.clock.now();
    state
        .db
        .transaction(move |tx| {
            tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [&session.token_hash])?;
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(session.user.id),
                email: Some(&session.user.email),
                client: &client,
            };
            audit::record(tx, now, &actor, "signout", json!({}))
        })
        .await?;
    let expired = session::set_cookie(SESSION_COOKIE, "", 0, true, state.options.secure_cookies);
    Ok((AppendHeaders([(SET_COOKIE, expired)]), Json(json!({ "signedIn": false }))))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordBody {
    current: String,
    new: String,
    #[serde(default)]
    locale: String,
}

async fn password_update(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full, Stage::PasswordChange])?;
    let now = state.clock.now();
    // The current password is a secret to guess like any other: locks and limits apply.
    let (user_id, rate_key, limit) = (session.user.id, client.rate_key(), state.options.ip_failure_limit);
    state
        .db
        .call(move |conn| {
            crate::lockout::check_unlocked(&crate::users::by_id(conn, user_id)?, now)?;
            crate::lockout::check_ip(conn, &rate_key, now, limit)
        })
        .await?;
    let (current, stored) = (body.current, session.user.password_hash.clone());
    let right = crypto::hashing(move || {
        current.len() <= MAX_PASSWORD_BYTES && crypto::verify_password(&twofold::nfkc(&current), &stored)
    })
    .await?;
    let actor_client = client.clone();
    if !right {
        let s = session.clone();
        return state
            .db
            .transaction(move |tx| {
                let actor = Actor {
                    tenant_id: s.tenant.id,
                    user_id: Some(s.user.id),
                    email: Some(&s.user.email),
                    client: &actor_client,
                };
                audit::record(tx, now, &actor, "password_failed", json!({ "during": "password_change" }))?;
                if let Some(until) =
                    crate::lockout::record_failure(tx, &s.tenant.settings, &s.user, &actor, now)?
                {
                    return Err(AppError::Locked { until });
                }
                Err(AppError::unauthorized("password_wrong", "your current password is not right"))
            })
            .await;
    }
    let tenant = &session.tenant;
    let context = UserContext {
        email: Some(session.user.email.clone()),
        name: Some(session.user.name.clone()),
        username: None,
        tenant: Some(tenant.name.clone()),
    };
    let new_password = twofold::nfkc(&body.new);
    let hash = verdict(body.new, tenant.policy.clone(), context, body.locale).await?;

    // Reuse: compare with the last `historyCount` passwords, the current one included.
    let history_count = i64::from(tenant.policy.history_count.unwrap_or(0));
    let user_id = session.user.id;
    let previous: Vec<String> = state
        .db
        .call(move |conn| {
            let mut statement = conn.prepare("SELECT hash FROM password_history WHERE user_id = ?1 ORDER BY set_at DESC, rowid DESC LIMIT ?2")?;
            let hashes = statement.query_map(params![user_id, history_count], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(hashes)
        })
        .await?;
    let reused =
        crypto::hashing(move || previous.iter().any(|h| crypto::verify_password(&new_password, h))).await?;
    if reused {
        return Err(AppError::bad_request(
            "password_reused",
            format!("choose a password you have not used for your last {history_count} passwords"),
        ));
    }
    let policy = tenant.policy.clone();
    state
        .db
        .transaction(move |tx| {
            store_password(tx, session.user.id, &hash, &policy, now)?;
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(session.user.id),
                email: Some(&session.user.email),
                client: &client,
            };
            audit::record(tx, now, &actor, "password_changed", json!({}))?;
            // A new password ends other sessions and forgets remembered devices.
            tx.execute(
                "UPDATE remembered_devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
                params![session.user.id, now],
            )?;
            tx.execute(
                "DELETE FROM sessions WHERE user_id = ?1 AND token_hash != ?2",
                params![session.user.id, session.token_hash],
            )?;
            tx.execute("UPDATE sessions SET stage = 'full' WHERE token_hash = ?1", [&session.token_hash])?;
            let user = crate::users::by_id(tx, session.user.id)?;
            Ok(Json(json!({ "stage": "full", "user": user_view(tx, &user)? })))
        })
        .await
}
