//! Sign-in: the password, then a code or a recovery code (or a remembered device), then the
//! stage the tenant's rules lead to.

use serde_json::json;

use super::account::Account;
use super::factors::{self, Attempt, Checked, Proof};
use super::password::{self, Password};
use super::sessions::{self, Opened, Session};
use super::{Actor, Client, audit, lockout, refuse};
use crate::crypto::{self, token_hash};
use crate::error::{Error, Result};
use crate::model::{Authenticator, Identifier, MAX_IDENTIFIER_BYTES, Stage, Tenant, User};
use crate::state::AppState;
use crate::store::{self, Conn};

/// A finished step of sign-in.
#[derive(Debug)]
pub struct SignedIn {
    /// The session now open.
    pub session: Opened,
    /// The account, once the second factor (if any) is done; `None` while it is still due.
    pub account: Option<Account>,
    /// A new remembered-device token and its lifetime in seconds, when one was asked for.
    pub device: Option<(String, i64)>,
}

/// Whether the user must hold a second factor: the tenant requires it of their role, or an
/// administrator reset theirs.
pub fn must_use_two_factor(tenant: &Tenant, user: &User) -> bool {
    tenant.settings.two_factor_required.applies_to(user.role) || user.enroll_required
}

/// Where a user with the factors done goes next: enrollment when 2FA is required of them and
/// the grace period is over, a password change when it expired, otherwise in.
pub fn stage_after_factors(tenant: &Tenant, user: &User, now: i64) -> Stage {
    let must_enroll = must_use_two_factor(tenant, user)
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

/// Finishes sign-in: clears the failures, records it, tells the user when the browser is new
/// to them, and opens the session at its stage (`proved` when a second factor was just).
async fn complete(
    conn: &mut Conn,
    tenant: &Tenant,
    user: User,
    actor: &Actor,
    now: i64,
    how: &str,
    proved: bool,
) -> Result<(Opened, Account)> {
    let stage = stage_after_factors(tenant, &user, now);
    // Only a completed sign-in clears the failure count: a right password alone must not
    // reset the guesses made at the code.
    lockout::record_success(conn, &user, now).await?;
    if stage == Stage::PasswordChange {
        audit::record(conn, now, actor, "password_expired", json!({})).await?;
    }
    audit::record(conn, now, actor, "signin_succeeded", json!({ "via": how, "stage": stage.as_str() }))
        .await?;
    if let Some(browser) = &actor.client.browser {
        let new = store::known_browsers::seen(conn, user.id, &token_hash(browser), now).await?;
        if new && user.notify_new_browser {
            super::notices::new_browser(conn, now, tenant, &user, &actor.client).await?;
        }
    }
    let opened = sessions::open(conn, user.id, stage, now, &actor.client, proved).await?;
    Ok((opened, Account::of(conn, user).await?))
}

/// What the first step is given: who (an email, a login or a phone, in the request field
/// `field`) and the password as typed.
#[derive(Debug)]
pub struct Credentials<'a> {
    /// The identifier as typed.
    pub identifier: &'a str,
    /// The request field it came in (`email` or `identifier`), for a refusal to name.
    pub field: &'static str,
    /// The password as typed.
    pub password: &'a str,
}

/// The first step: the address's limit, the tenant's allow-list, then the password. `device`
/// is the remembered-device token the browser sent, if any.
///
/// # Errors
///
/// `email_invalid` or `identifier_invalid` (too long to be anyone's), `tenant_unknown`,
/// `rate_limited`, `ip_not_allowed`, `credentials_invalid` and `locked` (the same sequence
/// for an unknown identifier as for a known one), `account_disabled` (the right password of
/// a disabled account); database errors.
pub async fn password_step(
    app: &AppState,
    client: &Client,
    slug: &str,
    credentials: &Credentials<'_>,
    device: Option<&str>,
) -> Result<SignedIn> {
    if credentials.identifier.len() > MAX_IDENTIFIER_BYTES {
        let refused = if credentials.field == "email" {
            Error::invalid("email_invalid")
        } else {
            Error::invalid("identifier_invalid")
        };
        return Err(refused.field(credentials.field));
    }
    let now = app.clock.now();
    let tenant = super::tenants::find(app, slug).await?;
    let wanted = Identifier::read(credentials.identifier);
    let key = wanted.key();
    let someone = Actor::new(tenant.id, None, &key, client);
    // Counted before the slow hash and before anything is written: a burst of parallel
    // requests is held to the limit, and a refusal costs an attempt like a failure.
    let reservation = reserve(app, &tenant, &someone, now).await?;
    if !tenant.settings.allows(client.ip) {
        let mut tx = app.store.begin().await?;
        audit::record_repeated(&mut tx, now, &someone, "ip_refused").await?;
        return refuse(tx, Error::forbidden("ip_not_allowed")).await;
    }
    let user = super::identifiers::find(&mut *app.store.conn().await?, tenant.id, &wanted).await?;

    // An unknown identifier, or a card with no password yet, is checked against a dummy
    // hash, so that it costs the same time; it can never be right.
    let usable = user.as_ref().filter(|u| u.has_password());
    let stored = usable.map_or_else(|| crypto::dummy_hash().to_owned(), |u| u.password_hash.clone());
    let offered = Password::offered(credentials.password);
    let right = password::matches(&app.hashing, &client.rate_key(), offered.as_ref(), stored).await?
        && usable.is_some();
    // A right password is judged by the policy in force, once per version, for the admin's
    // count of who still has an old one; slow, so before the transaction.
    let verdict = match (usable, &offered) {
        (Some(user), Some(typed)) if right && !user.service_account && user.disabled_at.is_none() => {
            super::compliance::judge_at_sign_in(app, client, &tenant, user, typed).await?
        }
        _ => None,
    };

    let mut tx = app.store.begin().await?;
    // Read again: the counts may have moved during the slow password check.
    let user = match &user {
        Some(user) => store::users::by_id(&mut tx, user.id).await?,
        None => None,
    };
    let actor = Actor::new(tenant.id, user.as_ref(), &key, client);
    match (user, right) {
        // A service account never signs in, whatever is typed: it holds tokens, not sessions.
        (Some(user), true) if !user.service_account => {
            lockout::check_unlocked(&user, now)?;
            if user.disabled_at.is_some() {
                audit::record(&mut tx, now, &actor, "signin_refused", json!({ "reason": "disabled" }))
                    .await?;
                return refuse(tx, Error::forbidden("account_disabled")).await;
            }
            lockout::give_back(&mut tx, reservation).await?;
            if let Some(passes) = verdict {
                store::users::set_policy_verdict(&mut tx, user.id, tenant.policy_version, passes).await?;
            }
            if user.two_factor_enabled() && !remembered(&mut tx, device, &tenant, user.id, now).await? {
                // The step where the password was accepted, with its address and browser:
                // if no second step follows, the notice says where it came from.
                audit::record(&mut tx, now, &actor, "password_accepted", json!({})).await?;
                let session =
                    sessions::open(&mut tx, user.id, Stage::SecondFactor, now, client, false).await?;
                tx.commit().await?;
                return Ok(SignedIn { session, account: None, device: None });
            }
            let how = if user.two_factor_enabled() { "remembered_device" } else { "password" };
            let (session, account) = complete(&mut tx, &tenant, user, &actor, now, how, false).await?;
            tx.commit().await?;
            Ok(SignedIn { session, account: Some(account), device: None })
        }
        (user, _) => {
            // Wrong password, or no such account: the same answers, in the same order.
            let detail = json!({ "knownAccount": user.is_some(), "identifier": wanted.kind() });
            audit::record(&mut tx, now, &actor, "password_failed", detail).await?;
            let locked = match &user {
                Some(user) => match user.locked_at(now) {
                    Some(until) => Some(until),
                    None => lockout::record_failure(&mut tx, &tenant, user, &actor, now).await?,
                },
                None => match lockout::unknown_locked_until(&mut tx, &tenant, &key, now).await? {
                    Some(until) => Some(until),
                    None => lockout::record_unknown_failure(&mut tx, &tenant, &key, &actor, now).await?,
                },
            };
            let refusal = match locked {
                Some(until) => Error::Locked { until },
                None => Error::unauthenticated("credentials_invalid"),
            };
            refuse(tx, refusal).await
        }
    }
}

/// A session opened straight after a password was set through a link (a reset): at the
/// second step for a user with 2FA, which the link never skips; otherwise where the
/// tenant's rules lead, as a sign-in with that password would.
///
/// # Errors
///
/// Database errors.
pub async fn after_new_password(
    conn: &mut Conn,
    tenant: &Tenant,
    user: User,
    actor: &Actor,
    now: i64,
) -> Result<SignedIn> {
    if user.two_factor_enabled() {
        audit::record(conn, now, actor, "password_accepted", json!({ "via": "password_reset" })).await?;
        let session = sessions::open(conn, user.id, Stage::SecondFactor, now, &actor.client, false).await?;
        return Ok(SignedIn { session, account: None, device: None });
    }
    let (session, account) = complete(conn, tenant, user, actor, now, "password_reset", false).await?;
    Ok(SignedIn { session, account: Some(account), device: None })
}

/// Counts an attempt against the client's address in a transaction of its own, committed at
/// once so that parallel requests see it; a refusal is audited once per address and window.
async fn reserve(app: &AppState, tenant: &Tenant, actor: &Actor, now: i64) -> Result<lockout::Reservation> {
    let mut tx = app.store.begin().await?;
    match lockout::reserve(&mut tx, &actor.client, now, app.options.ip_failure_limit).await {
        Ok(reservation) => {
            tx.commit().await?;
            Ok(reservation)
        }
        Err(refusal) => {
            let actor = Actor { tenant_id: tenant.id, ..actor.clone() };
            audit::record_repeated(&mut tx, now, &actor, "rate_limited").await?;
            refuse(tx, refusal).await
        }
    }
}

/// Whether `device` is a live remembered device of this user, and the tenant still lets
/// devices be remembered.
async fn remembered(
    conn: &mut Conn,
    device: Option<&str>,
    tenant: &Tenant,
    user_id: i64,
    now: i64,
) -> Result<bool> {
    match device.filter(|_| tenant.settings.remember_device_days > 0) {
        Some(token) => Ok(store::devices::is_remembered(conn, &token_hash(token), user_id, now).await?),
        None => Ok(false),
    }
}

/// The second step: a code or a recovery code, and optionally remembering this browser.
///
/// # Errors
///
/// `not_signed_in` when the step expired, `rate_limited`, the proof's refusals; database
/// errors.
pub async fn second_factor_step(
    app: &AppState,
    client: &Client,
    session: &Session,
    proof: &Proof,
    remember_device: bool,
) -> Result<SignedIn> {
    session.require(&[Stage::SecondFactor])?;
    let now = app.clock.now();
    let provider_verdict = match proof {
        Proof::Code { code, factor: Some(id) } => {
            let factor =
                store::authenticators::by_id(&mut *app.store.conn().await?, session.user.id, *id).await?;
            match factor {
                Some(factor) => super::sms::provider_verdict(app, &session.tenant, &factor, code).await?,
                None => None,
            }
        }
        _ => None,
    };
    let mut tx = app.store.begin().await?;
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    // A pending step that expired (or was just completed) must not spend a code.
    if store::sessions::find(&mut tx, &session.token_hash, now).await?.is_none() {
        return Err(Error::unauthenticated("not_signed_in").reason("expired"));
    }
    // Read again: a concurrent request may have moved the last time step on.
    let user = store::users::by_id(&mut tx, session.user.id)
        .await?
        .ok_or_else(|| Error::internal("the user of a session is gone"))?;
    let tenant = &session.tenant;
    let actor = Actor::user(&user, client);
    let attempt = Attempt { vault: &app.vault, tenant, user: &user, actor: &actor, now, provider_verdict };
    let used = match factors::check(&mut tx, &attempt, proof).await? {
        Checked::Passed(used) => used,
        Checked::Refused(why) => return refuse(tx, why).await,
    };
    lockout::give_back(&mut tx, reservation).await?;
    store::sessions::delete(&mut tx, &session.token_hash).await?;
    let (opened, account) = complete(&mut tx, tenant, user, &actor, now, used.as_str(), true).await?;
    let days = tenant.settings.remember_device_days;
    let device = if remember_device && days > 0 {
        let token = crypto::token()?;
        let lifetime = days * 86_400;
        store::devices::insert(
            &mut tx,
            &token_hash(&token),
            account.user.id,
            now,
            now + lifetime,
            &client.user_agent,
        )
        .await?;
        audit::record(&mut tx, now, &actor, "device_remembered", json!({ "days": days })).await?;
        Some((token, lifetime))
    } else {
        None
    };
    tx.commit().await?;
    Ok(SignedIn { session: opened, account: Some(account), device })
}

/// Reports second steps that expired: the password was right but sign-in was never
/// completed. Each becomes a `signin_partial` event and a message to the user, once, even
/// with several instances sweeping.
///
/// # Errors
///
/// Database errors.
pub async fn sweep_partial_sign_ins(app: &AppState) -> Result<usize> {
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let abandoned = store::sessions::take_expired_second_steps(&mut tx, now, 100).await?;
    for (user_id, ip, user_agent) in &abandoned {
        let Some(user) = store::users::by_id(&mut tx, *user_id).await? else { continue };
        let Some(tenant) = store::tenants::by_id(&mut tx, user.tenant_id).await? else { continue };
        // Where the password came from, as the step that accepted it recorded.
        let ip = ip.parse().unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let there = Client { ip, user_agent: user_agent.clone(), csrf: String::new(), browser: None };
        audit::record(&mut tx, now, &Actor::user(&user, &there), "signin_partial", json!({})).await?;
        super::notices::partial_sign_in(&mut tx, now, &tenant, &user, &there).await?;
    }
    tx.commit().await?;
    Ok(abandoned.len())
}

/// The authenticators the second step can be passed with, so that the page can offer each
/// ("send a code by SMS instead") and name where a code would go, masked. Only the password
/// is proven at this step, so nothing else of the account is told.
///
/// # Errors
///
/// `not_allowed`, `enrollment_required` or `password_change_required` for a session past
/// this step; database errors.
pub async fn second_factor_choices(app: &AppState, session: &Session) -> Result<Vec<Authenticator>> {
    session.require(&[Stage::SecondFactor])?;
    let factors = store::authenticators::of_user(&mut *app.store.conn().await?, session.user.id).await?;
    Ok(factors.into_iter().filter(Authenticator::confirmed).collect())
}

/// Sends a code for the second step to the user's email or SMS authenticator `factor_id`.
///
/// # Errors
///
/// `factor_unknown`, `factor_not_sent`, `rate_limited` (a minute between codes), the
/// provider's refusal; database errors.
pub async fn send_second_factor_code(app: &AppState, session: &Session, factor_id: i64) -> Result<i64> {
    session.require(&[Stage::SecondFactor])?;
    let factor = store::authenticators::by_id(&mut *app.store.conn().await?, session.user.id, factor_id)
        .await?
        .filter(crate::model::Authenticator::confirmed)
        .ok_or_else(|| Error::not_found("factor_unknown").field("factorId"))?;
    super::enrollment::send_code(app, &session.tenant, &session.user, &factor).await?;
    Ok(super::mail_codes::RESEND_SECONDS)
}
