//! A user's authenticators: listing them, adding one (an app, an email address, a phone),
//! confirming it with its first code, removing one. Adding or removing one when 2FA is on
//! is a sensitive action: it takes a current code, or a second factor proved in this session
//! a few minutes before.

use serde_json::json;
use twofold::{OtpParams, OtpType, OtpauthParams, Secret};

use super::account::Account;
use super::factors::{self, Attempt, Checked, Proof};
use super::notices::{self, FactorChange};
use super::sessions::Session;
use super::{Actor, Client, audit, lockout, mail_codes, refuse, sms};
use crate::crypto::{self, token_hash};
use crate::error::{Error, Result};
use crate::i18n;
use crate::model::{Authenticator, FactorKind, Stage, Tenant, User};
use crate::state::AppState;
use crate::store::authenticators::NewAuthenticator;
use crate::store::{self, Conn, Tx};

/// How long an authenticator being added waits for its first code. Long enough to find the
/// phone and install an app; a reload within it shows the same key.
pub const PENDING_SECONDS: i64 = 30 * 60;
/// The longest name an authenticator may have, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// What adding an authenticator asks for.
#[derive(Clone, Debug)]
pub struct Request {
    /// The kind.
    pub kind: FactorKind,
    /// A name of the user's ("phone", "tablet"); a default one otherwise.
    pub name: Option<String>,
    /// For SMS: the phone number as typed.
    pub phone: Option<String>,
    /// Whether confirming it retires the user's other authenticators of its kind.
    pub replaces: bool,
}

/// An authenticator just added, with what the page needs to show.
#[derive(Debug)]
pub struct Added {
    /// The authenticator, pending.
    pub factor: Authenticator,
    /// An app's key, base32.
    pub secret: Option<String>,
    /// An app's Key URI.
    pub uri: Option<String>,
}

/// An app's secret and Key URI for `user` in `tenant`.
pub fn key_uri(tenant: &Tenant, user: &User, secret: &Secret) -> Result<(String, String)> {
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
    Ok((secret.to_base32(), twofold::build_otpauth_uri(&params)?.uri))
}

fn check_name(name: Option<&str>, kind: FactorKind, locale: &str) -> Result<String> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) if name.chars().count() <= MAX_NAME_CHARS && !name.chars().any(char::is_control) => {
            Ok(name.to_owned())
        }
        Some(_) => Err(Error::invalid("factor_name_invalid").field("name").with("max", MAX_NAME_CHARS)),
        None => Ok(i18n::text(locale, &format!("factor.default_name.{}", kind.as_str()), &[])),
    }
}

/// The user's authenticators, confirmed and pending.
///
/// # Errors
///
/// Database errors.
pub async fn list(app: &AppState, session: &Session) -> Result<Vec<Authenticator>> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    Ok(store::authenticators::of_user(&mut *app.store.conn().await?, session.user.id).await?)
}

/// Opens a transaction for a sensitive action: with `proof` checked (and recorded as the
/// session's step-up), or, without one, on a second factor proved in the session a few
/// minutes before. A user without 2FA has nothing to prove.
///
/// # Errors
///
/// `step_up_required`; as the proof's check (its refusal already committed).
pub async fn step_up(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: Option<&Proof>,
) -> Result<(Tx, User, Actor)> {
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let user =
        store::users::by_id(&mut tx, session.user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let actor = Actor::user(&user, client);
    let Some(proof) = proof else {
        if !user.two_factor_enabled() || session.proved_recently(now) {
            return Ok((tx, user, actor));
        }
        return Err(Error::forbidden("step_up_required"));
    };
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    let attempt = Attempt {
        vault: &app.vault,
        tenant: &session.tenant,
        user: &user,
        actor: &actor,
        now,
        provider_verdict: None,
    };
    match factors::check(&mut tx, &attempt, proof).await? {
        Checked::Passed(_) => {
            lockout::give_back(&mut tx, reservation).await?;
            store::sessions::proved(&mut tx, &session.token_hash, now).await?;
            Ok((tx, user, actor))
        }
        Checked::Refused(why) => refuse(tx, why).await,
    }
}

/// Adds an authenticator, pending until its first code: an app gets its key (the same key
/// again while a pending one waits), an email address or a phone gets a code sent to it.
///
/// # Errors
///
/// `factor_not_allowed`, `factor_name_invalid`, `phone_invalid`, `step_up_required`, the
/// sending's refusals; database errors.
pub async fn add(
    app: &AppState,
    client: &Client,
    session: &Session,
    request: &Request,
    proof: Option<&Proof>,
) -> Result<Added> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    let tenant = &session.tenant;
    if !tenant.settings.allows_factor(request.kind) {
        return Err(Error::forbidden("factor_not_allowed").field("type").with("kind", request.kind.as_str()));
    }
    let name = check_name(request.name.as_deref(), request.kind, &session.user.locale)?;
    let address = match request.kind {
        FactorKind::Totp => None,
        FactorKind::Email => Some(session.user.email.clone()),
        FactorKind::Sms => Some(sms::phone(request.phone.as_deref())?),
    };
    let now = app.clock.now();
    let (mut tx, user, actor) = step_up(app, client, session, proof).await?;
    if request.kind == FactorKind::Totp {
        let pending = store::authenticators::of_user(&mut tx, user.id).await?.into_iter().find(|f| {
            f.kind == FactorKind::Totp
                && !f.confirmed()
                && f.replaces == request.replaces
                && f.expires_at.is_some_and(|e| e > now)
        });
        let (factor, secret) = match pending {
            Some(factor) => {
                let sealed =
                    factor.secret.as_deref().ok_or_else(|| Error::internal("an app without a secret"))?;
                let secret = Secret::from_bytes(app.vault.open(user.id, sealed)?)?;
                (factor, secret)
            }
            None => {
                store::authenticators::delete_pending(&mut tx, user.id, FactorKind::Totp).await?;
                let secret = Secret::generate(twofold::DEFAULT_SECRET_BYTES, crypto::core_random)?;
                let sealed = app.vault.seal(user.id, secret.as_bytes())?;
                let new = NewAuthenticator {
                    user_id: user.id,
                    kind: FactorKind::Totp,
                    name: &name,
                    secret: Some(&sealed),
                    address: None,
                    created_at: now,
                    expires_at: now + PENDING_SECONDS,
                    replaces: request.replaces,
                };
                (store::authenticators::insert(&mut tx, &new).await?, secret)
            }
        };
        let (secret, uri) = key_uri(tenant, &user, &secret)?;
        tx.commit().await?;
        return Ok(Added { factor, secret: Some(secret), uri: Some(uri) });
    }
    store::authenticators::delete_pending(&mut tx, user.id, request.kind).await?;
    let new = NewAuthenticator {
        user_id: user.id,
        kind: request.kind,
        name: &name,
        secret: None,
        address: address.as_deref(),
        created_at: now,
        expires_at: now + PENDING_SECONDS,
        replaces: request.replaces,
    };
    let factor = store::authenticators::insert(&mut tx, &new).await?;
    audit::record(&mut tx, now, &actor, "factor_started", json!({ "kind": factor.kind.as_str() })).await?;
    tx.commit().await?;
    if let Err(unsent) = send_code(app, tenant, &user, &factor).await {
        // A number that got no code is not left half-added.
        let mut tx = app.store.begin().await?;
        store::authenticators::delete(&mut tx, user.id, factor.id).await?;
        tx.commit().await?;
        return Err(unsent);
    }
    Ok(Added { factor, secret: None, uri: None })
}

/// Sends a code for a sent authenticator (email or SMS): mailed through the outbox, or sent
/// through the tenant's SMS provider. A provider that refuses leaves no code behind.
///
/// # Errors
///
/// `rate_limited` (a minute between codes, ten to a recipient in ten minutes), the SMS
/// provider's refusal; database errors.
pub async fn send_code(app: &AppState, tenant: &Tenant, user: &User, factor: &Authenticator) -> Result<()> {
    let now = app.clock.now();
    let address =
        factor.address.as_deref().ok_or_else(|| Error::internal("a sent factor without an address"))?;
    match factor.kind {
        FactorKind::Totp => Err(Error::invalid("factor_not_sent").field("factorId")),
        FactorKind::Email => {
            let mut tx = app.store.begin().await?;
            let code =
                mail_codes::issue(&mut tx, &app.vault, user, &factors::purpose(factor.id), now).await?;
            notices::factor_code(&mut tx, now, tenant, user, address, &code).await?;
            tx.commit().await?;
            Ok(())
        }
        FactorKind::Sms => sms::send_code(app, tenant, user, factor, address).await,
    }
}

/// What confirming an authenticator gives.
#[derive(Debug)]
pub struct Confirmed {
    /// The authenticator, confirmed.
    pub factor: Authenticator,
    /// Recovery codes, shown once, when this turned 2FA on.
    pub recovery_codes: Option<Vec<String>>,
    /// The account as it is now.
    pub account: Account,
}

/// Replaces the user's recovery codes with fresh ones, stored hashed; answers them once.
///
/// # Errors
///
/// Database errors.
pub async fn new_recovery_codes(conn: &mut Conn, user_id: i64) -> Result<Vec<String>> {
    let codes = twofold::generate_recovery_codes(twofold::DEFAULT_RECOVERY_CODE_COUNT, crypto::core_random)?;
    let hashes = codes
        .iter()
        .map(|code| Ok(token_hash(&twofold::normalize_recovery_code(code)?)))
        .collect::<Result<Vec<_>>>()?;
    store::recovery_codes::replace(conn, user_id, &hashes).await?;
    Ok(codes)
}

/// Confirms a pending authenticator with its first code. The first one turns 2FA on, with
/// recovery codes; a replacing one retires the user's others of its kind and the sessions
/// and remembered devices they opened.
///
/// # Errors
///
/// `factor_unknown`, `factor_confirmed_already`, `code_invalid`, `locked`, `rate_limited`,
/// a malformed, expired or exhausted code; database errors.
pub async fn confirm(
    app: &AppState,
    client: &Client,
    session: &Session,
    id: i64,
    code: &str,
) -> Result<Confirmed> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly])?;
    let now = app.clock.now();
    let pending = store::authenticators::by_id(&mut *app.store.conn().await?, session.user.id, id)
        .await?
        .ok_or_else(|| Error::not_found("factor_unknown"))?;
    if pending.confirmed() {
        return Err(Error::conflict("factor_confirmed_already"));
    }
    if pending.expires_at.is_none_or(|e| e <= now) {
        return Err(Error::invalid("factor_expired"));
    }
    let provider_verdict = sms::provider_verdict(app, &session.tenant, &pending, code).await?;
    let mut tx = app.store.begin().await?;
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    let user =
        store::users::by_id(&mut tx, session.user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let tenant = &session.tenant;
    let actor = Actor::user(&user, client);
    let attempt = Attempt { vault: &app.vault, tenant, user: &user, actor: &actor, now, provider_verdict };
    let step = match factors::check_new(&mut tx, &attempt, &pending, code).await? {
        Checked::Passed(step) => step,
        Checked::Refused(why) => return refuse(tx, why).await,
    };
    lockout::give_back(&mut tx, reservation).await?;
    if !store::authenticators::confirm(&mut tx, pending.id, now, step).await? {
        return Err(Error::conflict("enrollment_changed"));
    }
    let first = !user.two_factor_enabled();
    if pending.replaces {
        store::authenticators::delete_others_of_kind(&mut tx, user.id, pending.kind, pending.id).await?;
        // A new device invalidates what the old one let in.
        store::devices::revoke_all(&mut tx, user.id, now).await?;
        store::sessions::delete_others(&mut tx, user.id, &session.token_hash).await?;
    }
    if pending.kind == FactorKind::Email {
        store::users::set_email_verified(&mut tx, user.id, now).await?;
    }
    // The code proved the number, which is also the phone the user may sign in with.
    let number = pending.address.as_deref().filter(|a| user.phone.as_deref() == Some(*a));
    if let (FactorKind::Sms, Some(number), None) = (pending.kind, number, user.phone_verified_at) {
        if !store::users::phone_taken(&mut tx, user.tenant_id, number, user.id).await? {
            store::users::verify_phone(&mut tx, user.id, user.tenant_id, number, now).await?;
        }
    }
    let recovery_codes =
        if first || pending.replaces { Some(new_recovery_codes(&mut tx, user.id).await?) } else { None };
    store::users::enrolled(&mut tx, user.id).await?;
    store::sessions::proved(&mut tx, &session.token_hash, now).await?;
    let event = match (first, pending.replaces) {
        (true, _) => "two_factor_enabled",
        (false, true) => "two_factor_reenrolled",
        (false, false) => "factor_added",
    };
    audit::record(
        &mut tx,
        now,
        &actor,
        event,
        json!({ "kind": pending.kind.as_str(), "name": pending.name }),
    )
    .await?;
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let change = match (first, pending.replaces) {
        (true, _) => FactorChange::Enabled,
        (false, true) => FactorChange::Replaced,
        (false, false) => FactorChange::Added,
    };
    notices::factor_changed(&mut tx, now, tenant, &user, change, &pending.name, client).await?;
    // Enrolled: the session moves on, to a password change if that is due too.
    let stage = super::signin::stage_after_factors(tenant, &user, now);
    store::sessions::move_stage(&mut tx, &session.token_hash, Stage::EnrollmentOnly, stage).await?;
    let factor = store::authenticators::by_id(&mut tx, user.id, pending.id)
        .await?
        .ok_or_else(|| Error::internal("factor gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(Confirmed { factor, recovery_codes, account })
}

/// Removes an authenticator. The last one turns 2FA off, which is refused where the tenant
/// (or an administrator's reset) requires it.
///
/// # Errors
///
/// `factor_unknown`, `two_factor_required`, `step_up_required`, as the proof's check;
/// database errors.
pub async fn remove(
    app: &AppState,
    client: &Client,
    session: &Session,
    id: i64,
    proof: Option<&Proof>,
) -> Result<Account> {
    session.require(&[Stage::Full])?;
    let now = app.clock.now();
    let factors = store::authenticators::of_user(&mut *app.store.conn().await?, session.user.id).await?;
    let factor = factors.iter().find(|f| f.id == id).ok_or_else(|| Error::not_found("factor_unknown"))?;
    let last = factor.confirmed() && factors.iter().filter(|f| f.confirmed()).count() == 1;
    if last && super::signin::must_use_two_factor(&session.tenant, &session.user) {
        return Err(Error::forbidden("two_factor_required"));
    }
    // A pending one is no key to anything yet: removing it needs no proof.
    let proof = if factor.confirmed() { proof } else { None };
    let (mut tx, user, actor) = if factor.confirmed() {
        step_up(app, client, session, proof).await?
    } else {
        let mut tx = app.store.begin().await?;
        let user = store::users::by_id(&mut tx, session.user.id)
            .await?
            .ok_or_else(|| Error::internal("user gone"))?;
        let actor = Actor::user(&user, client);
        (tx, user, actor)
    };
    if !store::authenticators::delete(&mut tx, user.id, id).await? {
        return Err(Error::not_found("factor_unknown"));
    }
    if factor.confirmed() {
        if last {
            turned_off(&mut tx, session, &user, now).await?;
        }
        audit::record(
            &mut tx,
            now,
            &actor,
            if last { "two_factor_disabled" } else { "factor_removed" },
            json!({ "kind": factor.kind.as_str(), "name": factor.name }),
        )
        .await?;
        let change = if last { FactorChange::Disabled } else { FactorChange::Removed };
        notices::factor_changed(&mut tx, now, &session.tenant, &user, change, &factor.name, client).await?;
    }
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}

/// What turning 2FA off takes with it: the recovery codes, the remembered devices, and the
/// sessions the second factor opened, save this one.
///
/// # Errors
///
/// Database errors.
pub async fn turned_off(conn: &mut Conn, session: &Session, user: &User, now: i64) -> Result<()> {
    store::recovery_codes::delete_all(conn, user.id).await?;
    store::devices::revoke_all(conn, user.id, now).await?;
    store::sessions::delete_others(conn, user.id, &session.token_hash).await?;
    Ok(())
}
