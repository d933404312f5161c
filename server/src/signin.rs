//! Sign-in: the password, then a code or a recovery code, or a remembered device.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::post;
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;
use serde_json::json;

use crate::accounts::user_view;
use crate::audit::{self, Actor};
use crate::crypto::{self, token_hash};
use crate::error::{ApiResult, AppError};
use crate::extract::{ApiJson, ApiPath, Client, cookie};
use crate::factor::{self, Proof, Used};
use crate::lockout;
use crate::session::{
    self, DEVICE_COOKIE, SECOND_STEP_SECONDS, SESSION_COOKIE, SESSION_SECONDS, Session, Stage,
};
use crate::state::AppState;
use crate::tenants::{self, Tenant};
use crate::users::{self, User};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/t/{tenant}/signin", post(signin_create))
        .route("/api/signin/second-factor", post(second_factor_create))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SigninBody {
    email: String,
    password: String,
}

/// Where a user with the first factor done goes next: enrollment when 2FA is required and
/// the grace period is over, a password change when it expired, otherwise in.
pub fn stage_after_factors(tenant: &Tenant, user: &User, now: i64) -> Stage {
    let must_enroll = tenant.settings.two_factor_required
        && !user.two_factor_enabled()
        && user.two_factor_deadline.is_none_or(|d| d <= now);
    if must_enroll {
        Stage::EnrollmentOnly
    } else if user.password_expires_at.is_some_and(|e| e <= now) {
        Stage::PasswordChange
    } else {
        Stage::Full
    }
}

/// Whether the request carries a live remembered-device token of this user, and the tenant
/// still lets devices be remembered.
fn remembered(
    conn: &Connection,
    headers: &HeaderMap,
    tenant: &Tenant,
    user_id: i64,
    now: i64,
) -> ApiResult<bool> {
    let Some(token) = cookie(headers, DEVICE_COOKIE).filter(|_| tenant.settings.remember_device_days > 0)
    else {
        return Ok(false);
    };
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM remembered_devices WHERE token_hash = ?1 AND user_id = ?2 AND expires_at > ?3 AND revoked_at IS NULL",
            params![token_hash(token), user_id, now],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Finishes sign-in: records it and opens the session at the right stage.
fn complete(
    conn: &Connection,
    tenant: &Tenant,
    user: &User,
    actor: &Actor<'_>,
    now: i64,
    how: &str,
) -> ApiResult<(String, serde_json::Value)> {
    let stage = stage_after_factors(tenant, user, now);
    // Only a completed sign-in clears the failure count: a right password alone must not
    // reset the guesses made at the code.
    lockout::record_success(conn, user.id)?;
    if stage == Stage::PasswordChange {
        audit::record(conn, now, actor, "password_expired", json!({}))?;
    }
    audit::record(conn, now, actor, "signin_succeeded", json!({ "via": how, "stage": stage.as_str() }))?;
    let token = session::create(conn, user.id, stage, now)?;
    Ok((token, json!({ "stage": stage.as_str(), "user": user_view(conn, user)? })))
}

async fn signin_create(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SigninBody>,
) -> ApiResult<impl IntoResponse> {
    let now = state.clock.now();
    let (ip, limit, email) = (client.rate_key(), state.options.ip_failure_limit, body.email.clone());
    let (tenant, user) = state
        .db
        .transaction({
            let client = client.clone();
            move |tx| {
                let tenant = tenants::by_slug(tx, &slug)?;
                if !tenant.settings.allows(client.ip) {
                    let actor =
                        Actor { tenant_id: tenant.id, user_id: None, email: Some(&email), client: &client };
                    audit::record(tx, now, &actor, "ip_refused", json!({}))?;
                    return Err(AppError::forbidden(
                        "ip_not_allowed",
                        "your organisation does not allow sign-in from this network",
                    ));
                }
                lockout::check_ip(tx, &ip, now, limit)?;
                let user = users::by_email(tx, tenant.id, &email)?;
                Ok((tenant, user))
            }
        })
        .await?;

    // An unknown email is checked against a dummy hash, so it costs the same time.
    let (password, stored) = (
        body.password,
        user.as_ref().map_or_else(|| crypto::dummy_hash().to_owned(), |u| u.password_hash.clone()),
    );
    let right = crypto::hashing(move || {
        password.len() <= crate::accounts::MAX_PASSWORD_BYTES
            && crypto::verify_password(&twofold::nfkc(&password), &stored)
    })
    .await?;

    let (token, body, second_step) = state
        .db
        // The user is read again: the counts may have moved during the slow password check.
        .transaction(move |tx| match (user.map(|u| users::by_id(tx, u.id)).transpose()?, right) {
            (Some(user), true) => {
                let actor = Actor {
                    tenant_id: tenant.id,
                    user_id: Some(user.id),
                    email: Some(&user.email),
                    client: &client,
                };
                lockout::check_unlocked(&user, now)?;
                if user.two_factor_enabled() && !remembered(tx, &headers, &tenant, user.id, now)? {
                    let token = session::create(tx, user.id, Stage::SecondFactor, now)?;
                    return Ok((token, json!({ "stage": Stage::SecondFactor.as_str() }), true));
                }
                let how = if user.two_factor_enabled() { "remembered_device" } else { "password" };
                let (token, body) = complete(tx, &tenant, &user, &actor, now, how)?;
                Ok((token, body, false))
            }
            (user, _) => {
                // Wrong password, or no such account: the same answer either way.
                let actor = Actor {
                    tenant_id: tenant.id,
                    user_id: user.as_ref().map(|u| u.id),
                    email: Some(&body.email),
                    client: &client,
                };
                audit::record(tx, now, &actor, "password_failed", json!({ "knownAccount": user.is_some() }))?;
                match &user {
                    Some(user) => {
                        lockout::check_unlocked(user, now)?;
                        if let Some(until) = lockout::record_failure(tx, &tenant.settings, user, &actor, now)?
                        {
                            return Err(AppError::Locked { until });
                        }
                    }
                    None => lockout::record_ip_failure(tx, &client.rate_key(), now)?,
                }
                Err(AppError::unauthorized("credentials_invalid", "that email and password do not match"))
            }
        })
        .await?;
    let lifetime = if second_step { SECOND_STEP_SECONDS } else { SESSION_SECONDS };
    let cookie = session::set_cookie(SESSION_COOKIE, &token, lifetime, true, state.options.secure_cookies);
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(body)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SecondFactorBody {
    code: Option<String>,
    recovery_code: Option<String>,
    #[serde(default)]
    remember_device: bool,
}

async fn second_factor_create(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<SecondFactorBody>,
) -> ApiResult<impl IntoResponse> {
    session.require(&[Stage::SecondFactor])?;
    let now = state.clock.now();
    let (vault, limit, secure) =
        (state.vault.clone(), state.options.ip_failure_limit, state.options.secure_cookies);
    let proof = Proof { code: body.code, recovery_code: body.recovery_code };
    let (token, device, view) = state
        .db
        .transaction(move |tx| {
            lockout::check_ip(tx, &client.rate_key(), now, limit)?;
            // A pending step that expired (or was just completed) must not spend a code.
            let live: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
                    params![session.token_hash, now],
                    |r| r.get(0),
                )
                .optional()?;
            if live.is_none() {
                return Err(AppError::unauthorized("not_signed_in", "this sign-in has expired: enter your password again"));
            }
            // Re-read: a concurrent request may have moved the last time step on.
            let user = users::by_id(tx, session.user.id)?;
            let tenant = &session.tenant;
            let actor = Actor { tenant_id: tenant.id, user_id: Some(user.id), email: Some(&user.email), client: &client };
            let used = factor::check(tx, &factor::Attempt { vault: &vault, tenant, user: &user, actor: &actor, now }, &proof)?;
            tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [&session.token_hash])?;
            let how = if used == Used::RecoveryCode { "recovery_code" } else { "code" };
            let (token, view) = complete(tx, tenant, &user, &actor, now, how)?;
            let days = tenant.settings.remember_device_days;
            let device = if body.remember_device && days > 0 {
                let device = crypto::token()?;
                tx.execute(
                    "INSERT INTO remembered_devices (token_hash, user_id, created_at, expires_at, user_agent) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![token_hash(&device), user.id, now, now + days * 86_400, client.user_agent],
                )?;
                audit::record(tx, now, &actor, "device_remembered", json!({ "days": days }))?;
                Some((device, days))
            } else {
                None
            };
            Ok((token, device, view))
        })
        .await?;
    let mut cookies =
        vec![(SET_COOKIE, session::set_cookie(SESSION_COOKIE, &token, SESSION_SECONDS, true, secure))];
    if let Some((device, days)) = device {
        cookies.push((SET_COOKIE, session::set_cookie(DEVICE_COOKIE, &device, days * 86_400, true, secure)));
    }
    Ok((AppendHeaders(cookies), Json(view)))
}

/// Reports pending second steps that expired: the password was right but sign-in was never
/// completed. Each becomes a `signin_partial` event and a message to the user.
///
/// # Errors
///
/// Database errors.
pub fn sweep_partial_signins(conn: &Connection, now: i64) -> ApiResult<usize> {
    let mut statement = conn.prepare(
        "SELECT s.token_hash, u.id, u.email, u.tenant_id, t.name FROM sessions s JOIN users u ON u.id = s.user_id \
         JOIN tenants t ON t.id = u.tenant_id WHERE s.stage = 'second_factor' AND s.expires_at <= ?1",
    )?;
    let expired = statement
        .query_map([now], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let system = crate::extract::Client {
        ip: std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        user_agent: "twofold (expiry)".into(),
    };
    for (hash, user_id, email, tenant_id, tenant_name) in &expired {
        let actor =
            Actor { tenant_id: *tenant_id, user_id: Some(*user_id), email: Some(email), client: &system };
        audit::record(conn, now, &actor, "signin_partial", json!({}))?;
        crate::outbox::enqueue(
            conn,
            now,
            *tenant_id,
            *user_id,
            email,
            &format!("{tenant_name}: was this you?"),
            &format!(
                "Someone entered your {tenant_name} password correctly but did not complete the second step of sign-in.\n\n\
                 If this was you, there is nothing to do. If not, change your password now: someone knows it."
            ),
        )?;
        conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [hash])?;
    }
    Ok(expired.len())
}
