//! The second factor: a TOTP code or a recovery code, checked the same way wherever one is
//! asked for (sign-in, showing the QR again, re-enrolling, new recovery codes, disabling).
//! A refusal writes what must stay (its audit row, the failure it counts) and says so by
//! coming back as [`Checked::Refused`]: the caller commits that, then refuses.

use serde_json::json;
use twofold::{OtpParams, Secret, Totp};

use super::{Actor, audit, lockout, notices};
use crate::crypto::{SecretBox, token_hash};
use crate::error::{Error, Result};
use crate::model::{Tenant, User};
use crate::store::{self, Conn};

/// How many steps of clock drift each way a code may have.
pub const WINDOW: u32 = 1;
/// How long after a recovery code is spent sending it again is taken for a double submit.
pub const RESUBMIT_SECONDS: i64 = 300;

/// A proof of the second factor.
#[derive(Clone, Debug)]
pub enum Proof {
    /// A code from the authenticator app.
    Code(String),
    /// One of the recovery codes.
    RecoveryCode(String),
}

impl Proof {
    /// The proof a request carries: exactly one of the two.
    ///
    /// # Errors
    ///
    /// `proof_missing` for neither or both.
    pub fn from_parts(code: Option<String>, recovery_code: Option<String>) -> Result<Self> {
        match (code, recovery_code) {
            (Some(code), None) => Ok(Self::Code(code)),
            (None, Some(code)) => Ok(Self::RecoveryCode(code)),
            _ => Err(Error::invalid("proof_missing")),
        }
    }
}

/// What a proof came to.
#[derive(Debug)]
#[must_use = "a refusal's records stay only if the caller commits them"]
pub enum Checked<T> {
    /// It was right; `T` says what was used.
    Passed(T),
    /// It was wrong, and what the refusal writes is in the transaction: commit, then refuse.
    Refused(Error),
}

/// What was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Used {
    /// A TOTP code.
    Code,
    /// A recovery code (now spent).
    RecoveryCode,
}

impl Used {
    /// As the audit log names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::RecoveryCode => "recovery_code",
        }
    }
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
    pub actor: &'a Actor,
    /// Unix seconds.
    pub now: i64,
}

/// The TOTP generator for a secret stored encrypted for `user_id`.
///
/// # Errors
///
/// Internal errors if the secret does not decrypt.
pub fn totp(vault: &SecretBox, user_id: i64, sealed: &[u8]) -> Result<Totp> {
    let secret = Secret::from_bytes(vault.open(user_id, sealed)?)
        .map_err(|e| Error::internal(format!("stored secret: {e}")))?;
    Ok(Totp::new(secret, OtpParams::default()))
}

/// Counts a wrong proof and answers the refusal to give.
async fn wrong(conn: &mut Conn, attempt: &Attempt<'_>, event: &str, refusal: Error) -> Result<Error> {
    let Attempt { tenant, user, actor, now, .. } = *attempt;
    audit::record(conn, now, actor, event, json!({})).await?;
    Ok(match lockout::record_failure(conn, tenant, user, actor, now).await? {
        Some(until) => Error::Locked { until },
        None => refusal,
    })
}

fn code_invalid() -> Error {
    Error::unauthenticated("code_invalid").field("code")
}

/// Checks a code against the user's active secret and, if it is right, records its time step
/// so that it is never accepted again.
async fn check_code(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    sealed: &[u8],
    code: &str,
) -> Result<Checked<Used>> {
    let totp = totp(attempt.vault, attempt.user.id, sealed)?;
    let time = u64::try_from(attempt.now).unwrap_or_default();
    let after = attempt.user.totp_last_step.and_then(|s| u64::try_from(s).ok());
    let verification = totp.verify(code, time, WINDOW, after)?;
    if let Some(step) = verification.time_step.filter(|_| verification.valid) {
        let step = i64::try_from(step).map_err(Error::internal)?;
        if store::users::advance_totp_step(conn, attempt.user.id, step).await? {
            return Ok(Checked::Passed(Used::Code));
        }
    }
    // Right code, already used: a replay (or a double submit), not a guess.
    if totp.verify(code, time, WINDOW, None)?.valid {
        audit::record(conn, attempt.now, attempt.actor, "code_reused", json!({})).await?;
        let refusal = Error::unauthenticated("code_reused").field("code");
        return Ok(Checked::Refused(refusal));
    }
    Ok(Checked::Refused(wrong(conn, attempt, "code_failed", code_invalid()).await?))
}

/// Checks the code that confirms a new secret, `sealed`, on its own replay state (it has
/// none yet); answers the time step it used.
///
/// # Errors
///
/// A malformed code; database and decryption errors.
pub async fn check_new_secret(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    sealed: &[u8],
    code: &str,
) -> Result<Checked<i64>> {
    lockout::check_unlocked(attempt.user, attempt.now)?;
    let totp = totp(attempt.vault, attempt.user.id, sealed)?;
    let verification = totp.verify(code, u64::try_from(attempt.now).unwrap_or_default(), WINDOW, None)?;
    match verification.time_step.filter(|_| verification.valid) {
        Some(step) => Ok(Checked::Passed(i64::try_from(step).map_err(Error::internal)?)),
        None => Ok(Checked::Refused(wrong(conn, attempt, "code_failed", code_invalid()).await?)),
    }
}

/// Spends a recovery code.
async fn check_recovery_code(conn: &mut Conn, attempt: &Attempt<'_>, code: &str) -> Result<Checked<Used>> {
    let Attempt { tenant, user, actor, now, .. } = *attempt;
    let normalized = twofold::normalize_recovery_code(code)?;
    if store::recovery_codes::spend(conn, user.id, &token_hash(&normalized), now).await? {
        let left = store::recovery_codes::left(conn, user.id).await?;
        audit::record(conn, now, actor, "recovery_code_used", json!({ "left": left })).await?;
        notices::recovery_code_used(conn, now, tenant, user, left).await?;
        return Ok(Checked::Passed(Used::RecoveryCode));
    }
    // A code spent a moment ago is a double submit (two tabs, a second click), not a guess.
    if store::recovery_codes::spent_since(conn, user.id, &token_hash(&normalized), now - RESUBMIT_SECONDS)
        .await?
    {
        let refusal = Error::unauthenticated("recovery_code_reused").field("recoveryCode");
        return Ok(Checked::Refused(refusal));
    }
    let refusal = Error::unauthenticated("recovery_code_invalid").field("recoveryCode");
    Ok(Checked::Refused(wrong(conn, attempt, "recovery_code_failed", refusal).await?))
}

/// Checks `proof` against the user's active second factor.
///
/// # Errors
///
/// `locked`, `two_factor_off`, a malformed code; database errors. A wrong proof is not an
/// error but [`Checked::Refused`].
pub async fn check(conn: &mut Conn, attempt: &Attempt<'_>, proof: &Proof) -> Result<Checked<Used>> {
    lockout::check_unlocked(attempt.user, attempt.now)?;
    let sealed = attempt.user.totp_secret.as_deref().ok_or_else(|| Error::conflict("two_factor_off"))?;
    match proof {
        Proof::Code(code) => check_code(conn, attempt, sealed, code).await,
        Proof::RecoveryCode(code) => check_recovery_code(conn, attempt, code).await,
    }
}
