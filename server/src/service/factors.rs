//! The second factor: a code from one of the user's authenticators (an app's TOTP code, or
//! a code sent by email or SMS), or a recovery code, checked the same way wherever one is
//! asked for. A refusal writes what must stay (its audit row, the failure it counts) and
//! says so by coming back as [`Checked::Refused`]: the caller commits that, then refuses.

use serde_json::json;
use twofold::{OtpParams, Secret, Totp};

use super::mail_codes::{self, Check};
use super::{Actor, audit, lockout, notices};
use crate::crypto::{SecretBox, token_hash};
use crate::error::{Error, Result};
use crate::model::{Authenticator, FactorKind, Tenant, User};
use crate::store::{self, Conn};

/// How many steps of clock drift each way a code may have.
pub const WINDOW: u32 = 1;
/// How long after a recovery code is spent sending it again is taken for a double submit.
pub const RESUBMIT_SECONDS: i64 = 300;

/// What a code sent for an authenticator is stored under.
pub fn purpose(authenticator_id: i64) -> String {
    format!("factor:{authenticator_id}")
}

/// A proof of the second factor.
#[derive(Clone, Debug)]
pub enum Proof {
    /// A code: from the authenticator `factor` when it is named, else from any of the user's
    /// apps (or the code last sent to them).
    Code {
        /// The code as typed.
        code: String,
        /// Which authenticator it is from.
        factor: Option<i64>,
    },
    /// One of the recovery codes.
    RecoveryCode(String),
}

impl Proof {
    /// The proof a request carries: a code (with the authenticator it is from, if said) or a
    /// recovery code, not both.
    ///
    /// # Errors
    ///
    /// `proof_missing` for neither or both.
    pub fn from_parts(
        code: Option<String>,
        recovery_code: Option<String>,
        factor: Option<i64>,
    ) -> Result<Self> {
        match (code, recovery_code) {
            (Some(code), None) => Ok(Self::Code { code, factor }),
            (None, Some(code)) if factor.is_none() => Ok(Self::RecoveryCode(code)),
            _ => Err(Error::invalid("proof_missing")),
        }
    }

    /// A code from any app.
    pub fn code(code: &str) -> Self {
        Self::Code { code: code.to_owned(), factor: None }
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
    /// A code of this authenticator.
    Factor(i64, FactorKind),
    /// A recovery code (now spent).
    RecoveryCode,
}

impl Used {
    /// As the audit log names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Factor(_, FactorKind::Totp) => "code",
            Self::Factor(_, FactorKind::Email) => "email_code",
            Self::Factor(_, FactorKind::Sms) => "sms_code",
            Self::RecoveryCode => "recovery_code",
        }
    }
}

/// Who is proving what, when: the parts every check needs.
pub struct Attempt<'a> {
    /// Decrypts stored secrets and keys code hashes.
    pub vault: &'a SecretBox,
    /// The user's tenant (its lockout settings).
    pub tenant: &'a Tenant,
    /// The user, as just read in this transaction.
    pub user: &'a User,
    /// For the audit log.
    pub actor: &'a Actor,
    /// Unix seconds.
    pub now: i64,
    /// What the SMS provider said of the code, where the provider checks codes itself
    /// (Twilio Verify); asked before the transaction, since it goes over the network.
    pub provider_verdict: Option<bool>,
}

/// The TOTP generator of an authenticator app, its secret encrypted for `user_id`.
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

/// A code already used: say how long until the app shows the next one.
fn code_reused(now: i64) -> Error {
    let period = i64::from(OtpParams::default().period());
    let seconds = period - now.rem_euclid(period);
    Error::unauthenticated("code_reused").field("code").with("seconds", seconds).retry_after(seconds)
}

/// What one app said of a code.
enum AppVerdict {
    /// Right, and its time step is now spent.
    Accepted,
    /// Right, but its time step was already spent.
    Replayed,
    /// Not this app's code.
    Other,
}

/// Checks a code against one app, on its own replay state, spending the time step if right.
async fn check_app(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    app: &Authenticator,
    code: &str,
) -> Result<AppVerdict> {
    let sealed = app.secret.as_deref().ok_or_else(|| Error::internal("an app without a secret"))?;
    let totp = totp(attempt.vault, attempt.user.id, sealed)?;
    let time = u64::try_from(attempt.now).unwrap_or_default();
    let after = app.last_step.and_then(|s| u64::try_from(s).ok());
    let verification = totp.verify(code, time, WINDOW, after)?;
    if let Some(step) = verification.time_step.filter(|_| verification.valid) {
        let step = i64::try_from(step).map_err(Error::internal)?;
        // Atomic: of two requests with the same code, only one moves the step forward.
        if store::authenticators::advance_step(conn, app.id, step, attempt.now).await? {
            return Ok(AppVerdict::Accepted);
        }
    }
    // Right code, already used: a replay (or a double submit), not a guess.
    Ok(if totp.verify(code, time, WINDOW, None)?.valid { AppVerdict::Replayed } else { AppVerdict::Other })
}

/// Checks a code sent to the user for `sent` (by email, or SMS that we made).
async fn check_sent(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    sent: &Authenticator,
    code: &str,
) -> Result<Checked<Used>> {
    let passed = match attempt.provider_verdict {
        Some(approved) => approved,
        None => {
            let check =
                mail_codes::check(conn, attempt.vault, attempt.user, &purpose(sent.id), code, attempt.now)
                    .await?;
            check == Check::Spent
        }
    };
    if passed {
        store::authenticators::used(conn, sent.id, attempt.now).await?;
        return Ok(Checked::Passed(Used::Factor(sent.id, sent.kind)));
    }
    Ok(Checked::Refused(wrong(conn, attempt, "code_failed", code_invalid()).await?))
}

/// Checks a code against the user's authenticators: the one named, else every app.
async fn check_code(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    factors: &[Authenticator],
    code: &str,
    named: Option<i64>,
) -> Result<Checked<Used>> {
    if let Some(id) = named {
        let factor = factors
            .iter()
            .find(|f| f.id == id && f.confirmed())
            .ok_or_else(|| Error::not_found("factor_unknown").field("factorId"))?;
        if factor.kind.is_sent() {
            return check_sent(conn, attempt, factor, code).await;
        }
    }
    let apps: Vec<&Authenticator> = factors
        .iter()
        .filter(|f| f.kind == FactorKind::Totp && f.confirmed() && named.is_none_or(|id| f.id == id))
        .collect();
    if apps.is_empty() {
        // No app: the code is the one last sent, to whichever authenticator it went.
        if let Some(sent) = newest_sent(conn, attempt.user, factors).await? {
            return check_sent(conn, attempt, sent, code).await;
        }
    }
    let mut replayed = false;
    for app in apps {
        match check_app(conn, attempt, app, code).await? {
            AppVerdict::Accepted => return Ok(Checked::Passed(Used::Factor(app.id, FactorKind::Totp))),
            AppVerdict::Replayed => replayed = true,
            AppVerdict::Other => {}
        }
    }
    if replayed {
        audit::record(conn, attempt.now, attempt.actor, "code_reused", json!({})).await?;
        return Ok(Checked::Refused(code_reused(attempt.now)));
    }
    Ok(Checked::Refused(wrong(conn, attempt, "code_failed", code_invalid()).await?))
}

/// The confirmed authenticator the newest sent code went to, if any.
async fn newest_sent<'f>(
    conn: &mut Conn,
    user: &User,
    factors: &'f [Authenticator],
) -> Result<Option<&'f Authenticator>> {
    let mut newest: Option<(i64, &Authenticator)> = None;
    for factor in factors.iter().filter(|f| f.kind.is_sent() && f.confirmed()) {
        if let Some(code) = store::mail_codes::newest(conn, user.id, &purpose(factor.id)).await? {
            if newest.is_none_or(|(at, _)| code.created_at > at) {
                newest = Some((code.created_at, factor));
            }
        }
    }
    Ok(newest.map(|(_, factor)| factor))
}

/// Checks the first code of a pending authenticator: an app's on its own replay state (it
/// has none yet), a sent one against the code sent to it. Answers the time step an app's
/// code used.
///
/// # Errors
///
/// A malformed, expired or exhausted code; database and decryption errors.
pub async fn check_new(
    conn: &mut Conn,
    attempt: &Attempt<'_>,
    pending: &Authenticator,
    code: &str,
) -> Result<Checked<Option<i64>>> {
    lockout::check_unlocked(attempt.user, attempt.now)?;
    let right = match pending.kind {
        FactorKind::Totp => {
            let sealed =
                pending.secret.as_deref().ok_or_else(|| Error::internal("an app without a secret"))?;
            let totp = totp(attempt.vault, attempt.user.id, sealed)?;
            let verification =
                totp.verify(code, u64::try_from(attempt.now).unwrap_or_default(), WINDOW, None)?;
            match verification.time_step.filter(|_| verification.valid) {
                Some(step) => {
                    return Ok(Checked::Passed(Some(i64::try_from(step).map_err(Error::internal)?)));
                }
                None => false,
            }
        }
        FactorKind::Email | FactorKind::Sms => match attempt.provider_verdict {
            Some(approved) => approved,
            None => {
                let purpose = purpose(pending.id);
                mail_codes::check(conn, attempt.vault, attempt.user, &purpose, code, attempt.now).await?
                    == Check::Spent
            }
        },
    };
    if right {
        return Ok(Checked::Passed(None));
    }
    Ok(Checked::Refused(wrong(conn, attempt, "code_failed", code_invalid()).await?))
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
        return Ok(Checked::Refused(Error::unauthenticated("recovery_code_reused").field("recoveryCode")));
    }
    let refusal = Error::unauthenticated("recovery_code_invalid").field("recoveryCode");
    Ok(Checked::Refused(wrong(conn, attempt, "recovery_code_failed", refusal).await?))
}

/// Checks `proof` against the user's second factors.
///
/// # Errors
///
/// `locked`, `two_factor_off`, `factor_unknown`, a malformed code; database errors. A wrong
/// proof is not an error but [`Checked::Refused`].
pub async fn check(conn: &mut Conn, attempt: &Attempt<'_>, proof: &Proof) -> Result<Checked<Used>> {
    lockout::check_unlocked(attempt.user, attempt.now)?;
    let factors = store::authenticators::of_user(conn, attempt.user.id).await?;
    if !factors.iter().any(Authenticator::confirmed) {
        return Err(Error::conflict("two_factor_off"));
    }
    match proof {
        Proof::Code { code, factor } => check_code(conn, attempt, &factors, code, *factor).await,
        Proof::RecoveryCode(code) => check_recovery_code(conn, attempt, code).await,
    }
}
