//! Two-factor management: enroll, confirm, show the QR again, re-enroll a new device,
//! regenerate recovery codes, disable. Each step after enrollment asks for a current code
//! (or a recovery code where a lost phone calls for one).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{Connection, params};
use serde::Deserialize;
use serde_json::{Value, json};
use twofold::{OtpParams, OtpType, OtpauthParams, Secret};

use crate::accounts::user_view;
use crate::audit::{self, Actor};
use crate::crypto::{self, token_hash};
use crate::error::{ApiResult, AppError};
use crate::extract::{ApiJson, Client};
use crate::factor::{self, Proof};
use crate::session::{Session, Stage};
use crate::state::AppState;
use crate::tenants::Tenant;
use crate::users::{self, User};

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/2fa/enroll", post(enrollment_create))
        .route("/api/me/2fa/confirm", post(enrollment_confirm))
        .route("/api/me/2fa/qr", post(qr_show))
        .route("/api/me/2fa/reenroll", post(reenrollment_create))
        .route("/api/me/2fa/recovery-codes", get(recovery_codes_show).post(recovery_codes_create))
        .route("/api/me/2fa/disable", post(two_factor_delete))
}

/// The Key URI of `secret`, with the parameters [`factor::totp`] verifies with.
fn uri(tenant: &Tenant, user: &User, secret: &Secret) -> ApiResult<String> {
    let otp = OtpParams::default();
    let params = OtpauthParams {
        otp_type: OtpType::Totp,
        issuer: Some(tenant.name.replace(':', " ")),
        account: user.email.replace(':', " "),
        secret: secret.to_base32(),
        algorithm: otp.algorithm(),
        digits: otp.digits(),
        period: otp.period(),
        counter: None,
    };
    Ok(twofold::build_otpauth_uri(&params)?.uri)
}

/// Stores a fresh pending secret and returns what the enrollment page shows.
fn start(conn: &Connection, state: &AppState, tenant: &Tenant, user: &User) -> ApiResult<Value> {
    let secret = Secret::generate(twofold::DEFAULT_SECRET_BYTES, crypto::core_random)?;
    conn.execute(
        "UPDATE users SET totp_pending = ?2 WHERE id = ?1",
        params![user.id, state.vault.seal(secret.as_bytes())?],
    )?;
    Ok(json!({ "secret": secret.to_base32(), "uri": uri(tenant, user, &secret)? }))
}

/// Replaces the user's recovery codes with fresh ones, stored hashed; returns them once.
fn new_recovery_codes(conn: &Connection, user_id: i64) -> ApiResult<Vec<String>> {
    let codes = twofold::generate_recovery_codes(twofold::DEFAULT_RECOVERY_CODE_COUNT, crypto::core_random)?;
    conn.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])?;
    for code in &codes {
        conn.execute(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
            params![user_id, token_hash(&twofold::normalize_recovery_code(code)?)],
        )?;
    }
    Ok(codes)
}

fn notify(conn: &Connection, tenant: &Tenant, user: &User, now: i64, what: &str) -> ApiResult<()> {
    crate::outbox::enqueue(
        conn,
        now,
        tenant.id,
        user.id,
        &user.email,
        &format!("{}: two-factor authentication {what}", tenant.name),
        &format!(
            "Two-factor authentication was {what} for your {} account.\n\nIf this was not you, contact your administrator now.",
            tenant.name
        ),
    )
}

async fn enrollment_create(State(state): State<AppState>, session: Session) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    if session.user.two_factor_enabled() {
        return Err(AppError::conflict(
            "two_factor_on",
            "two-factor authentication is already on: use re-enroll for a new device",
        ));
    }
    let st = state.clone();
    state.db.transaction(move |tx| Ok(Json(start(tx, &st, &session.tenant, &session.user)?))).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    code: String,
}

async fn enrollment_confirm(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    let now = state.clock.now();
    let vault = state.vault.clone();
    state
        .db
        .transaction(move |tx| {
            let user = users::by_id(tx, session.user.id)?;
            let tenant = &session.tenant;
            let pending = user.totp_pending.clone().ok_or_else(|| AppError::conflict("enrollment_not_started", "start enrollment first"))?;
            let actor = Actor { tenant_id: tenant.id, user_id: Some(user.id), email: Some(&user.email), client: &client };
            crate::lockout::check_unlocked(&user, now)?;
            factor::check_code(tx, &factor::Attempt { vault: &vault, tenant, user: &user, actor: &actor, now }, &pending, &body.code)?;
            let replacing = user.two_factor_enabled();
            tx.execute(
                "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled_at = ?2, two_factor_deadline = NULL WHERE id = ?1",
                params![user.id, now],
            )?;
            let codes = new_recovery_codes(tx, user.id)?;
            // A new device invalidates the devices remembered with the old one.
            tx.execute("UPDATE remembered_devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL", params![user.id, now])?;
            let event = if replacing { "two_factor_reenrolled" } else { "two_factor_enabled" };
            audit::record(tx, now, &actor, event, json!({}))?;
            notify(tx, tenant, &user, now, if replacing { "moved to a new device" } else { "turned on" })?;
            let user = users::by_id(tx, user.id)?;
            // Enrolled: the session moves on, to a password change if that is due too.
            let stage = crate::signin::stage_after_factors(tenant, &user, now);
            tx.execute(
                "UPDATE sessions SET stage = ?2 WHERE token_hash = ?1 AND stage = 'enrollment_only'",
                params![session.token_hash, stage.as_str()],
            )?;
            Ok(Json(json!({ "recoveryCodes": codes, "user": user_view(tx, &user)? })))
        })
        .await
}

/// Runs `then` after a current code (or, if `allow_recovery`, a recovery code) checks out.
async fn with_proof<T: Send + 'static>(
    state: &AppState,
    client: Client,
    session: Session,
    proof: Proof,
    allow_recovery: bool,
    then: impl FnOnce(&Connection, &AppState, &Tenant, &User, &Actor<'_>, i64) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    session.require(&[Stage::Full])?;
    if proof.recovery_code.is_some() && !allow_recovery {
        return Err(AppError::bad_request("code_required", "this needs a code from your authenticator app"));
    }
    let now = state.clock.now();
    let st = state.clone();
    state
        .db
        .transaction(move |tx| {
            let user = users::by_id(tx, session.user.id)?;
            let actor = Actor {
                tenant_id: session.tenant.id,
                user_id: Some(user.id),
                email: Some(&user.email),
                client: &client,
            };
            factor::check(
                tx,
                &factor::Attempt {
                    vault: &st.vault,
                    tenant: &session.tenant,
                    user: &user,
                    actor: &actor,
                    now,
                },
                &proof,
            )?;
            then(tx, &st, &session.tenant, &user, &actor, now)
        })
        .await
}

async fn qr_show(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> ApiResult<Json<Value>> {
    let proof = Proof { code: Some(body.code), recovery_code: None };
    with_proof(&state, client, session, proof, false, |_, st, tenant, user, _, _| {
        let sealed =
            user.totp_secret.as_deref().ok_or_else(|| AppError::internal("2FA on without a secret"))?;
        let secret = Secret::from_bytes(st.vault.open(sealed)?)?;
        Ok(Json(json!({ "secret": secret.to_base32(), "uri": uri(tenant, user, &secret)? })))
    })
    .await
}

async fn reenrollment_create(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(proof): ApiJson<Proof>,
) -> ApiResult<Json<Value>> {
    with_proof(&state, client, session, proof, true, |tx, st, tenant, user, _, _| {
        Ok(Json(start(tx, st, tenant, user)?))
    })
    .await
}

async fn recovery_codes_show(State(state): State<AppState>, session: Session) -> ApiResult<Json<Value>> {
    session.require(&[Stage::Full])?;
    let user_id = session.user.id;
    let left = state.db.call(move |conn| users::recovery_codes_left(conn, user_id)).await?;
    Ok(Json(json!({ "left": left })))
}

async fn recovery_codes_create(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(body): ApiJson<CodeBody>,
) -> ApiResult<Json<Value>> {
    let proof = Proof { code: Some(body.code), recovery_code: None };
    with_proof(&state, client, session, proof, false, |tx, _, tenant, user, actor, now| {
        let codes = new_recovery_codes(tx, user.id)?;
        audit::record(tx, now, actor, "recovery_codes_regenerated", json!({}))?;
        notify(tx, tenant, user, now, "given new recovery codes")?;
        Ok(Json(json!({ "recoveryCodes": codes })))
    })
    .await
}

async fn two_factor_delete(
    State(state): State<AppState>,
    client: Client,
    session: Session,
    ApiJson(proof): ApiJson<Proof>,
) -> ApiResult<Json<Value>> {
    if session.tenant.settings.two_factor_required {
        return Err(AppError::forbidden(
            "two_factor_required",
            "your organisation requires two-factor authentication: re-enroll a new device instead",
        ));
    }
    with_proof(&state, client, session, proof, true, |tx, _, tenant, user, actor, now| {
        tx.execute("UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, totp_enabled_at = NULL WHERE id = ?1", [user.id])?;
        tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user.id])?;
        tx.execute("UPDATE remembered_devices SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL", params![user.id, now])?;
        audit::record(tx, now, actor, "two_factor_disabled", json!({}))?;
        notify(tx, tenant, user, now, "turned off")?;
        let user = users::by_id(tx, user.id)?;
        Ok(Json(json!({ "user": user_view(tx, &user)? })))
    })
    .await
}
