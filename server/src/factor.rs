//! The second factor: a TOTP code or a recovery code, checked the same way wherever one is
//! asked for (sign-in, showing the QR again, re-enrolling, new recovery codes, disabling).

use rusqlite::{Connection, params};
use serde::Deserialize;
use serde_json::json;
use twofold::{OtpParams, Secret, Totp};

use crate::audit::{self, Actor};
use crate::crypto::{SecretBox, token_hash};
use crate::error::{ApiResult, AppError};
use crate::lockout;
use crate::tenants::Tenant;
use crate::users::User;

/// How many steps of clock drift each way a code may have.
pub const WINDOW: u32 = 1;

/// A proof of the second factor, as a request carries it: exactly one of the two.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Proof {
    /// A code from the authenticator app.
    pub code: Option<String>,
    /// One of the recovery codes.
    pub recovery_code: Option<String>,
}

/// What was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Used {
    /// A TOTP code.
    Code,
    /// A recovery code (now spent).
    RecoveryCode,
}

/// The TOTP generator for a stored, encrypted secret.
///
/// # Errors
///
/// Internal errors if the secret does not decrypt.
pub fn totp(vault: &SecretBox, sealed: &[u8]) -> ApiResult<Totp> {
    let secret = Secret::from_bytes(vault.open(sealed)?)
        .map_err(|e| AppError::internal(format!("stored secret: {e}")))?;
    Ok(Totp::new(secret, OtpParams::default()))
}

/// Who is proving what, when: the parts every check needs.
pub struct Attempt<'a> {
    /// Decrypts the stored secret.
    pub vault: &'a SecretBox,
    /// The user's tenant (its lockout settings).
    pub tenant: &'a Tenant,
    /// The user, as just read in this transaction.
    pub user: &'a User,
    /// For the audit log.
    pub actor: &'a Actor<'a>,
    /// Unix seconds.
    pub now: i64,
}

/// Checks a code against `sealed` (the user's secret or a pending one) and, if it is right,
/// records its time step so it is never accepted again. Failures are counted toward the
/// account's lockout; run it in [`crate::db::Db::transaction`] so they stay counted.
///
/// # Errors
///
/// 401 `code_invalid` or `code_reused`, 423 `locked`, 400 for a malformed code; database and
/// decryption errors.
pub fn check_code(conn: &Connection, attempt: &Attempt<'_>, sealed: &[u8], code: &str) -> ApiResult<()> {
    let Attempt { vault, tenant, user, actor, now } = *attempt;
    let totp = totp(vault, sealed)?;
    let time = u64::try_from(now).unwrap_or_default();
    let after = user.totp_last_step.and_then(|s| u64::try_from(s).ok());
    let verification = totp.verify(code, time, WINDOW, after)?;
    if let Some(step) = verification.time_step.filter(|_| verification.valid) {
        let step = i64::try_from(step).map_err(AppError::internal)?;
        // Atomic: of two requests with the same code, only one moves the step forward.
        let advanced = conn.execute(
            "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![user.id, step],
        )?;
        if advanced == 1 {
            lockout::record_success(conn, user.id)?;
            return Ok(());
        }
    }
    // Right code, already used: a replay (or a double submit), not a guess.
    if totp.verify(code, time, WINDOW, None)?.valid {
        audit::record(conn, now, actor, "code_reused", json!({}))?;
        return Err(AppError::unauthorized(
            "code_reused",
            "this code was already used: wait for the next one",
        ));
    }
    audit::record(conn, now, actor, "code_failed", json!({}))?;
    if let Some(until) = lockout::record_failure(conn, &tenant.settings, user, actor, now)? {
        return Err(AppError::Locked { until });
    }
    Err(AppError::unauthorized(
        "code_invalid",
        "that code is not right: check the time on your phone and try again",
    ))
}

/// Spends a recovery code.
///
/// # Errors
///
/// 401 `recovery_code_invalid`, 423 `locked`, 400 for a malformed recovery code; database errors.
pub fn check_recovery_code(conn: &Connection, attempt: &Attempt<'_>, code: &str) -> ApiResult<()> {
    let Attempt { tenant, user, actor, now, .. } = *attempt;
    let normalized = twofold::normalize_recovery_code(code)?;
    let spent = conn.execute(
        "UPDATE recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
        params![user.id, token_hash(&normalized), now],
    )?;
    if spent == 1 {
        lockout::record_success(conn, user.id)?;
        let left = crate::users::recovery_codes_left(conn, user.id)?;
        audit::record(conn, now, actor, "recovery_code_used", json!({ "left": left }))?;
        crate::outbox::enqueue(
            conn,
            now,
            tenant.id,
            user.id,
            &user.email,
            &format!("{}: a recovery code was used", tenant.name),
            &format!(
                "A recovery code was used for your {} account. {left} codes are left.\n\nIf this was not you, change your password and contact your administrator.",
                tenant.name
            ),
        )?;
        return Ok(());
    }
    audit::record(conn, now, actor, "recovery_code_failed", json!({}))?;
    if let Some(until) = lockout::record_failure(conn, &tenant.settings, user, actor, now)? {
        return Err(AppError::Locked { until });
    }
    Err(AppError::unauthorized(
        "recovery_code_invalid",
        "that recovery code is not right or was already used",
    ))
}

/// Checks whichever proof the request carries against the user's active secret.
///
/// # Errors
///
/// 400 `proof_missing` when the request has neither or both, 409 `two_factor_off`; otherwise
/// as the checks.
pub fn check(conn: &Connection, attempt: &Attempt<'_>, proof: &Proof) -> ApiResult<Used> {
    lockout::check_unlocked(attempt.user, attempt.now)?;
    let sealed = attempt
        .user
        .totp_secret
        .as_deref()
        .ok_or_else(|| AppError::conflict("two_factor_off", "two-factor authentication is not on"))?;
    match (&proof.code, &proof.recovery_code) {
        (Some(code), None) => check_code(conn, attempt, sealed, code).map(|()| Used::Code),
        (None, Some(code)) => check_recovery_code(conn, attempt, code).map(|()| Used::RecoveryCode),
        _ => Err(AppError::bad_request("proof_missing", "send either code or recoveryCode")),
    }
}
