//! Two-factor management with an authenticator app, as the first pages asked for it:
//! enroll, confirm, show the QR again, re-enroll a new device, recovery codes, turn off. Each
//! is a case of the authenticators `enrollment` manages, and each sensitive step takes a
//! current code or a second factor proved in this session a few minutes before.

use serde_json::json;
use twofold::Secret;

use super::account::Account;
use super::enrollment::{self, Request};
use super::factors::Proof;
use super::notices::{self, FactorChange};
use super::password;
use super::sessions::Session;
use super::{Client, audit};
use crate::error::{Error, Result};
use crate::model::{FactorKind, Stage};
use crate::state::AppState;
use crate::store;

/// A secret to put in an authenticator app: typed by hand, or scanned from its Key URI.
#[derive(Debug)]
pub struct Enrollment {
    /// The pending (or, shown again, the confirmed) authenticator.
    pub factor_id: i64,
    /// Base32, no padding.
    pub secret: String,
    /// The `otpauth://` Key URI.
    pub uri: String,
}

fn enrollment_of(added: enrollment::Added) -> Result<Enrollment> {
    match (added.secret, added.uri) {
        (Some(secret), Some(uri)) => Ok(Enrollment { factor_id: added.factor.id, secret, uri }),
        _ => Err(Error::internal("an app added without a key")),
    }
}

/// Starts enrollment: a new pending app (the same one again while it waits).
///
/// # Errors
///
/// `two_factor_on` when it is on already; database errors.
pub async fn enroll(app: &AppState, client: &Client, session: &Session) -> Result<Enrollment> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    if session.user.two_factor_enabled() {
        return Err(Error::conflict("two_factor_on"));
    }
    let request = Request { kind: FactorKind::Totp, name: None, phone: None, replaces: false };
    enrollment_of(enrollment::add(app, client, session, &request, None).await?)
}

/// The user's newest pending app.
async fn pending_app(app: &AppState, session: &Session) -> Result<i64> {
    let factors = store::authenticators::of_user(&mut *app.store.conn().await?, session.user.id).await?;
    factors
        .iter()
        .rev()
        .find(|f| f.kind == FactorKind::Totp && !f.confirmed())
        .map(|f| f.id)
        .ok_or_else(|| Error::conflict("enrollment_not_started"))
}

/// Confirms the pending app with a code from it.
///
/// # Errors
///
/// As [`enrollment::confirm`]; `enrollment_not_started`.
pub async fn confirm(
    app: &AppState,
    client: &Client,
    session: &Session,
    code: &str,
) -> Result<enrollment::Confirmed> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    let id = pending_app(app, session).await?;
    enrollment::confirm(app, client, session, id, code).await
}

/// The current app's secret again, to add a second device. Whoever sees it can make codes
/// forever, so it takes the password as well as a second factor.
///
/// # Errors
///
/// `password_wrong`, `locked`, `rate_limited`, `step_up_required`, as the code's check;
/// database errors.
pub async fn show_qr(
    app: &AppState,
    client: &Client,
    session: &Session,
    code: Option<&str>,
    typed: &str,
) -> Result<Enrollment> {
    session.require(&[Stage::Full])?;
    password::confirm_current(app, client, session, typed, "show_qr", "password").await?;
    let proof = code.map(Proof::code);
    let (mut tx, user, _) = enrollment::step_up(app, client, session, proof.as_ref()).await?;
    let apps = store::authenticators::of_user(&mut tx, user.id).await?;
    let current = apps
        .iter()
        .find(|f| f.kind == FactorKind::Totp && f.confirmed())
        .ok_or_else(|| Error::conflict("two_factor_off"))?;
    let sealed = current.secret.as_deref().ok_or_else(|| Error::internal("an app without a secret"))?;
    let secret = Secret::from_bytes(app.vault.open(user.id, sealed)?)?;
    let factor_id = current.id;
    tx.commit().await?;
    let (secret, uri) = enrollment::key_uri(&session.tenant, &user, &secret)?;
    Ok(Enrollment { factor_id, secret, uri })
}

/// "My device has changed": a new pending app that, once confirmed, takes the old ones'
/// place; until then the old ones work.
///
/// # Errors
///
/// `step_up_required`, as the proof's check; database errors.
pub async fn reenroll(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: Option<&Proof>,
) -> Result<Enrollment> {
    session.require(&[Stage::Full])?;
    let request = Request { kind: FactorKind::Totp, name: None, phone: None, replaces: true };
    enrollment_of(enrollment::add(app, client, session, &request, proof).await?)
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
/// `step_up_required`, `code_required` (a recovery code cannot make new ones), as the code's
/// check; database errors.
pub async fn renew_recovery_codes(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: Option<&Proof>,
) -> Result<Vec<String>> {
    session.require(&[Stage::Full])?;
    if matches!(proof, Some(Proof::RecoveryCode(_))) {
        return Err(Error::invalid("code_required").field("recoveryCode"));
    }
    if !session.user.two_factor_enabled() {
        return Err(Error::conflict("two_factor_off"));
    }
    let (mut tx, user, actor) = enrollment::step_up(app, client, session, proof).await?;
    let now = app.clock.now();
    let codes = enrollment::new_recovery_codes(&mut tx, user.id).await?;
    audit::record(&mut tx, now, &actor, "recovery_codes_regenerated", json!({})).await?;
    notices::factor_changed(&mut tx, now, &session.tenant, &user, FactorChange::NewRecoveryCodes, "", client)
        .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns 2FA off (every authenticator), where it is not required.
///
/// # Errors
///
/// `two_factor_required`, `two_factor_off`, `step_up_required`, as the proof's check;
/// database errors.
pub async fn disable(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: Option<&Proof>,
) -> Result<Account> {
    session.require(&[Stage::Full])?;
    if super::signin::must_use_two_factor(&session.tenant, &session.user) {
        return Err(Error::forbidden("two_factor_required"));
    }
    if !session.user.two_factor_enabled() {
        return Err(Error::conflict("two_factor_off"));
    }
    let (mut tx, user, actor) = enrollment::step_up(app, client, session, proof).await?;
    let now = app.clock.now();
    store::authenticators::delete_all(&mut tx, user.id).await?;
    enrollment::turned_off(&mut tx, session, &user, now).await?;
    audit::record(&mut tx, now, &actor, "two_factor_disabled", json!({})).await?;
    notices::factor_changed(&mut tx, now, &session.tenant, &user, FactorChange::Disabled, "", client).await?;
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}
