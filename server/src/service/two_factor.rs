//! Two-factor management: enroll, confirm, show the QR again, re-enroll a new device,
//! regenerate recovery codes, disable. Each step after enrollment asks for a current code
//! (or a recovery code where a lost phone calls for one).

use serde_json::json;
use twofold::{OtpParams, OtpType, OtpauthParams, Secret};

use super::account::Account;
use super::factors::{self, Attempt, Checked, Proof};
use super::notices::{self, TwoFactorChange};
use super::password::{self, Password};
use super::sessions::Session;
use super::signin::stage_after_factors;
use super::{Actor, Client, audit, lockout, refuse};
use crate::crypto::{self, token_hash};
use crate::error::{Error, Result};
use crate::model::{Stage, Tenant, User};
use crate::state::AppState;
use crate::store::{self, Conn, Tx};

/// A secret to put in an authenticator app: typed by hand, or scanned from its Key URI.
#[derive(Debug)]
pub struct Enrollment {
    /// Base32, no padding.
    pub secret: String,
    /// The `otpauth://` Key URI.
    pub uri: String,
}

/// The Key URI of `secret`, with the parameters [`factors::totp`] verifies with.
fn enrollment(tenant: &Tenant, user: &User, secret: &Secret) -> Result<Enrollment> {
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
    Ok(Enrollment { secret: secret.to_base32(), uri: twofold::build_otpauth_uri(&params)?.uri })
}

/// Stores a fresh pending secret and answers what the enrollment page shows.
async fn start(conn: &mut Conn, app: &AppState, tenant: &Tenant, user: &User) -> Result<Enrollment> {
    let secret = Secret::generate(twofold::DEFAULT_SECRET_BYTES, crypto::core_random)?;
    store::users::set_totp_pending(conn, user.id, &app.vault.seal(user.id, secret.as_bytes())?).await?;
    enrollment(tenant, user, &secret)
}

/// Replaces the user's recovery codes with fresh ones, stored hashed; answers them once.
async fn new_recovery_codes(conn: &mut Conn, user_id: i64) -> Result<Vec<String>> {
    let codes = twofold::generate_recovery_codes(twofold::DEFAULT_RECOVERY_CODE_COUNT, crypto::core_random)?;
    let hashes = codes
        .iter()
        .map(|code| Ok(token_hash(&twofold::normalize_recovery_code(code)?)))
        .collect::<Result<Vec<_>>>()?;
    store::recovery_codes::replace(conn, user_id, &hashes).await?;
    Ok(codes)
}

/// Starts enrollment: a new pending secret.
///
/// # Errors
///
/// `two_factor_on` when it is on already; database errors.
pub async fn enroll(app: &AppState, session: &Session) -> Result<Enrollment> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    if session.user.two_factor_enabled() {
        return Err(Error::conflict("two_factor_on"));
    }
    let mut tx = app.store.begin().await?;
    let enrollment = start(&mut tx, app, &session.tenant, &session.user).await?;
    tx.commit().await?;
    Ok(enrollment)
}

/// What confirming a secret gives: recovery codes, shown once.
#[derive(Debug)]
pub struct Confirmed {
    /// The new recovery codes.
    pub recovery_codes: Vec<String>,
    /// The account as it is now.
    pub account: Account,
}

/// Confirms the pending secret with a code from it: 2FA is on (or on the new device), with
/// fresh recovery codes.
///
/// # Errors
///
/// `enrollment_not_started`, `code_invalid`, `locked`, a malformed code; database errors.
pub async fn confirm(app: &AppState, client: &Client, session: &Session, code: &str) -> Result<Confirmed> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    let user = reread(&mut tx, &session.user).await?;
    let tenant = &session.tenant;
    let pending = user.totp_pending.clone().ok_or_else(|| Error::conflict("enrollment_not_started"))?;
    let actor = Actor::user(&user, client);
    let attempt = Attempt { vault: &app.vault, tenant, user: &user, actor: &actor, now };
    let step = match factors::check_new_secret(&mut tx, &attempt, &pending, code).await? {
        Checked::Passed(step) => step,
        Checked::Refused(why) => return refuse(tx, why).await,
    };
    lockout::give_back(&mut tx, reservation).await?;
    if !store::users::confirm_totp(&mut tx, user.id, &pending, step).await? {
        return Err(Error::conflict("enrollment_changed"));
    }
    let replacing = user.two_factor_enabled();
    let recovery_codes = new_recovery_codes(&mut tx, user.id).await?;
    // A new device invalidates the devices remembered with the old one, and the sessions
    // the old one opened.
    store::devices::revoke_all(&mut tx, user.id, now).await?;
    if replacing {
        store::sessions::delete_others(&mut tx, user.id, &session.token_hash).await?;
    }
    let event = if replacing { "two_factor_reenrolled" } else { "two_factor_enabled" };
    audit::record(&mut tx, now, &actor, event, json!({})).await?;
    let change = if replacing { TwoFactorChange::Reenrolled } else { TwoFactorChange::Enabled };
    notices::two_factor_changed(&mut tx, now, tenant, &user, change).await?;
    let user = reread(&mut tx, &user).await?;
    // Enrolled: the session moves on, to a password change if that is due too.
    let stage = stage_after_factors(tenant, &user, now);
    store::sessions::move_stage(&mut tx, &session.token_hash, Stage::EnrollmentOnly, stage).await?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(Confirmed { recovery_codes, account })
}

async fn reread(conn: &mut Conn, user: &User) -> Result<User> {
    store::users::by_id(conn, user.id).await?.ok_or_else(|| Error::internal("the user of a session is gone"))
}

/// Which proofs an action takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Accepts {
    /// Only a code from the app: the action shows or renews what the app holds.
    Code,
    /// A code or a recovery code: the action is what a lost phone calls for.
    CodeOrRecoveryCode,
}

/// Opens a transaction and checks the proof in it, counted against the client's address
/// unless `reserved` already is; answers the transaction and the user as read in it, or a
/// refusal whose records are already committed.
async fn prove(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: &Proof,
    accepts: Accepts,
    reserved: Option<lockout::Reservation>,
) -> Result<(Tx, User, Actor)> {
    session.require(&[Stage::Full])?;
    if matches!(proof, Proof::RecoveryCode(_)) && accepts == Accepts::Code {
        return Err(Error::invalid("code_required").field("recoveryCode"));
    }
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let reservation = match reserved {
        Some(reservation) => reservation,
        None => lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?,
    };
    let user = reread(&mut tx, &session.user).await?;
    let actor = Actor::user(&user, client);
    let attempt = Attempt { vault: &app.vault, tenant: &session.tenant, user: &user, actor: &actor, now };
    match factors::check(&mut tx, &attempt, proof).await? {
        Checked::Passed(_) => {
            lockout::give_back(&mut tx, reservation).await?;
            Ok((tx, user, actor))
        }
        Checked::Refused(why) => refuse(tx, why).await,
    }
}

/// The current secret again, to add a second device. Whoever sees it can make codes
/// forever, so it takes the password as well as a current code.
///
/// # Errors
///
/// `password_wrong`, `locked`, `rate_limited`, as the code's check; database errors.
pub async fn show_qr(
    app: &AppState,
    client: &Client,
    session: &Session,
    code: &str,
    typed: &str,
) -> Result<Enrollment> {
    session.require(&[Stage::Full])?;
    let now = app.clock.now();
    let user = reread(&mut *app.store.conn().await?, &session.user).await?;
    lockout::check_unlocked(&user, now)?;
    let reservation = {
        let mut tx = app.store.begin().await?;
        let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
        tx.commit().await?;
        reservation
    };
    let offered = Password::offered(typed);
    let right =
        password::matches(&app.hashing, &client.rate_key(), offered.as_ref(), user.password_hash.clone())
            .await?;
    if !right {
        let mut tx = app.store.begin().await?;
        let actor = Actor::user(&user, client);
        audit::record(&mut tx, now, &actor, "password_failed", json!({ "during": "show_qr" })).await?;
        let refusal = match lockout::record_failure(&mut tx, &session.tenant, &user, &actor, now).await? {
            Some(until) => Error::Locked { until },
            None => Error::unauthenticated("password_wrong").field("password"),
        };
        return refuse(tx, refusal).await;
    }
    let proof = Proof::Code(code.to_owned());
    let (tx, user, _) = prove(app, client, session, &proof, Accepts::Code, Some(reservation)).await?;
    let sealed = user.totp_secret.as_deref().ok_or_else(|| Error::internal("2FA on without a secret"))?;
    let secret = Secret::from_bytes(app.vault.open(user.id, sealed)?)?;
    tx.commit().await?;
    enrollment(&session.tenant, &user, &secret)
}

/// "My device has changed": a new pending secret; the old one works until it is confirmed.
///
/// # Errors
///
/// As the proof's check; database errors.
pub async fn reenroll(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: &Proof,
) -> Result<Enrollment> {
    let (mut tx, user, _) = prove(app, client, session, proof, Accepts::CodeOrRecoveryCode, None).await?;
    let enrollment = start(&mut tx, app, &session.tenant, &user).await?;
    tx.commit().await?;
    Ok(enrollment)
}

/// How many recovery codes are left.
///
/// # Errors
///
/// Database errors.
pub async fn recovery_codes_left(app: &AppState, session: &Session) -> Result<i64> {
    session.require(&[Stage::Full])?;
    Ok(store::recovery_codes::left(&mut *app.store.conn().await?, session.user.id).await?)
}

/// Fresh recovery codes in place of the old ones.
///
/// # Errors
///
/// As the code's check; database errors.
pub async fn renew_recovery_codes(
    app: &AppState,
    client: &Client,
    session: &Session,
    code: &str,
) -> Result<Vec<String>> {
    let (mut tx, user, actor) =
        prove(app, client, session, &Proof::Code(code.to_owned()), Accepts::Code, None).await?;
    let now = app.clock.now();
    let codes = new_recovery_codes(&mut tx, user.id).await?;
    audit::record(&mut tx, now, &actor, "recovery_codes_regenerated", json!({})).await?;
    notices::two_factor_changed(&mut tx, now, &session.tenant, &user, TwoFactorChange::NewRecoveryCodes)
        .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns 2FA off, where the tenant does not require it.
///
/// # Errors
///
/// `two_factor_required`, as the proof's check; database errors.
pub async fn disable(app: &AppState, client: &Client, session: &Session, proof: &Proof) -> Result<Account> {
    if session.tenant.settings.two_factor_required {
        return Err(Error::forbidden("two_factor_required"));
    }
    let (mut tx, user, actor) = prove(app, client, session, proof, Accepts::CodeOrRecoveryCode, None).await?;
    let now = app.clock.now();
    store::users::clear_totp(&mut tx, user.id).await?;
    // Sessions that the second factor opened no longer have it behind them.
    store::sessions::delete_others(&mut tx, user.id, &session.token_hash).await?;
    store::recovery_codes::delete_all(&mut tx, user.id).await?;
    store::devices::revoke_all(&mut tx, user.id, now).await?;
    audit::record(&mut tx, now, &actor, "two_factor_disabled", json!({})).await?;
    notices::two_factor_changed(&mut tx, now, &session.tenant, &user, TwoFactorChange::Disabled).await?;
    let user = reread(&mut tx, &user).await?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}
