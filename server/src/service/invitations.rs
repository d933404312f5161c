//! Invitations: an administrator makes a card (email, name, role, and a login and a phone if
//! they like) that cannot sign in, and its owner gets a link to choose a password. The link
//! holds a random token, stored as a keyed hash, that works once and for 72 hours; resending
//! replaces it and revoking ends it. Following it proves the address, and the password is
//! judged with the card's data as personal data, as at signup; 2FA enrollment follows where
//! the tenant requires it.

use serde_json::json;

use super::account::Account;
use super::accounts::{check_email, check_name, expiry, locale_of, remember_password};
use super::links::{self, Holder};
use super::password::{self, Password};
use super::sessions::{self, Opened, Session};
use super::{Actor, Client, audit, notices, sms};
use crate::error::{Error, Result};
use crate::model::{Role, Status, User, UserSummary, email_key};
use crate::state::AppState;
use crate::store::users::NewUser;
use crate::store::{self, Conn};

/// How long an invitation works.
pub const LIFETIME_SECONDS: i64 = 72 * 3600;
/// The front-end page an invitation opens.
pub const PAGE: &str = "invite.html";

/// The card an administrator fills in.
#[derive(Debug)]
pub struct Card<'a> {
    /// The email to invite.
    pub email: &'a str,
    /// The display name.
    pub name: &'a str,
    /// `admin` or `member`.
    pub role: &'a str,
    /// A login to sign in with, if any.
    pub login: Option<&'a str>,
    /// A phone, unproved until its owner proves it.
    pub phone: Option<&'a str>,
    /// The language of the invitation (the administrator's own when not given).
    pub locale: Option<&'a str>,
}

/// A role as the API names it.
///
/// # Errors
///
/// `role_invalid`.
pub fn check_role(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| Error::invalid("role_invalid").field("role"))
}

/// The summary the admin's list shows of one user.
///
/// # Errors
///
/// Database errors.
pub async fn summary(conn: &mut Conn, tenant_id: i64, user_id: i64) -> Result<UserSummary> {
    store::users::summary(conn, tenant_id, user_id).await?.ok_or_else(|| Error::not_found("user_unknown"))
}

/// Makes a card and mails its owner an invitation.
///
/// # Errors
///
/// `admin_required`, `email_invalid`, `name_invalid`, `role_invalid`, `login_invalid`,
/// `phone_invalid`, `email_taken`, `login_taken`, `phone_taken`; database errors.
pub async fn invite(
    app: &AppState,
    client: &Client,
    session: &Session,
    card: &Card<'_>,
) -> Result<UserSummary> {
    session.require_admin()?;
    let email = check_email(card.email)?.to_string();
    check_name(card.name)?;
    let role = check_role(card.role)?;
    let login =
        card.login.filter(|l| !l.trim().is_empty()).map(super::identifiers::check_login).transpose()?;
    let phone = card.phone.filter(|p| !p.trim().is_empty()).map(|p| sms::phone(Some(p))).transpose()?;
    let locale = card
        .locale
        .and_then(crate::i18n::supported)
        .unwrap_or_else(|| crate::i18n::supported(&session.user.locale).unwrap_or(crate::i18n::FALLBACK));
    let (tenant, now) = (&session.tenant, app.clock.now());
    let (token, token_hash) = links::token(app)?;
    let mut tx = app.store.begin().await?;
    if let Some(phone) = &phone {
        if store::users::phone_taken(&mut tx, tenant.id, phone, 0).await? {
            return Err(Error::conflict("phone_taken").field("phone"));
        }
    }
    let (email_key, login_key) = (email_key(&email), login.as_ref().map(crate::model::Login::key));
    let new = NewUser {
        tenant_id: tenant.id,
        email: &email,
        email_key: &email_key,
        name: card.name.trim(),
        role,
        // No password yet: nothing signs in to a card.
        password_hash: "",
        password_expires_at: None,
        two_factor_deadline: None,
        created_at: now,
        locale,
        email_verified_at: None,
        login: login.as_ref().map(crate::model::Login::as_str).zip(login_key.as_deref()),
        phone: phone.as_deref(),
    };
    let Some(user) = store::users::insert(&mut tx, &new).await? else {
        let taken = if store::users::by_email_key(&mut tx, tenant.id, &email_key).await?.is_some() {
            Error::conflict("email_taken").field("email")
        } else {
            Error::conflict("login_taken").field("login")
        };
        return Err(taken);
    };
    store::invitations::upsert(&mut tx, user.id, &token_hash, session.user.id, now, now + LIFETIME_SECONDS)
        .await?;
    let detail =
        json!({ "userId": user.id, "email": user.email, "role": role.as_str(), "login": user.login });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "user_invited", detail).await?;
    mail(app, &mut tx, session, &user, &token, now).await?;
    let summary = summary(&mut tx, tenant.id, user.id).await?;
    tx.commit().await?;
    Ok(summary)
}

async fn mail(
    app: &AppState,
    conn: &mut Conn,
    session: &Session,
    user: &User,
    token: &str,
    now: i64,
) -> Result<()> {
    let link = links::page(app, PAGE, &session.tenant, token)?;
    notices::invitation(conn, now, &session.tenant, user, &session.user, &link, LIFETIME_SECONDS / 3600).await
}

/// The card `user_id` of the admin's tenant, still without a password and not disabled.
async fn card(conn: &mut Conn, session: &Session, user_id: i64) -> Result<User> {
    let user = super::admin::member(conn, session, user_id).await?;
    if user.disabled_at.is_some() {
        return Err(Error::conflict("user_state").reason("disabled"));
    }
    if user.has_password() {
        return Err(Error::conflict("user_state").reason("active"));
    }
    Ok(user)
}

/// Sends the card a new invitation; the earlier link stops working.
///
/// # Errors
///
/// `admin_required`, `user_unknown`, `user_state` (disabled, or a password already set);
/// database errors.
pub async fn resend(app: &AppState, client: &Client, session: &Session, user_id: i64) -> Result<UserSummary> {
    session.require_admin()?;
    let now = app.clock.now();
    let (token, token_hash) = links::token(app)?;
    let mut tx = app.store.begin().await?;
    let user = card(&mut tx, session, user_id).await?;
    store::invitations::upsert(&mut tx, user.id, &token_hash, session.user.id, now, now + LIFETIME_SECONDS)
        .await?;
    let detail = json!({ "userId": user.id, "email": user.email });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "invitation_resent", detail).await?;
    mail(app, &mut tx, session, &user, &token, now).await?;
    let summary = summary(&mut tx, session.tenant.id, user.id).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Ends the card's invitation: its link stops working. The card stays, to be invited again.
///
/// # Errors
///
/// `admin_required`, `user_unknown`, `user_state`, `invitation_unknown`; database errors.
pub async fn revoke(app: &AppState, client: &Client, session: &Session, user_id: i64) -> Result<UserSummary> {
    session.require_admin()?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let user = card(&mut tx, session, user_id).await?;
    if !store::invitations::delete(&mut tx, user.id).await? {
        return Err(Error::not_found("invitation_unknown"));
    }
    let detail = json!({ "userId": user.id, "email": user.email });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "invitation_revoked", detail).await?;
    notices::by_admin(&mut tx, now, &session.tenant, &user, "invitation_revoked", &session.user, "—").await?;
    let summary = summary(&mut tx, session.tenant.id, user.id).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Whom the invitation with `token` is for, and what its page needs: the tenant's policy
/// and the card's data.
///
/// # Errors
///
/// `invitation_invalid` (unknown, used, revoked or replaced), `invitation_expired`;
/// database errors.
pub async fn lookup(app: &AppState, token: &str) -> Result<Holder> {
    let invalid = || Error::not_found("invitation_invalid");
    let hash = links::stored_form(app, token)?.ok_or_else(invalid)?;
    let mut conn = app.store.conn().await?;
    let invitation = store::invitations::by_token(&mut conn, &hash).await?.ok_or_else(invalid)?;
    if invitation.expires_at <= app.clock.now() {
        return Err(Error::not_found("invitation_expired"));
    }
    let card = |u: &User| u.status() == Status::Invited;
    Holder::of(&mut conn, invitation.user_id, invitation.expires_at, card).await?.ok_or_else(invalid)
}

/// What accepting an invitation carries.
#[derive(Debug)]
pub struct Acceptance<'a> {
    /// The token from the link.
    pub token: &'a str,
    /// The password chosen.
    pub password: &'a str,
    /// The language the page asked for (may be empty or unknown).
    pub locale: &'a str,
    /// The language the request asked for.
    pub request_locale: &'static str,
}

/// Sets the card's first password and signs its owner in: the link proved the address, and
/// where the tenant requires 2FA the session goes to enrollment once the grace (counted from
/// now) is over.
///
/// # Errors
///
/// As [`lookup`]; `ip_not_allowed`, `password_too_large`, `password_refused`; database errors.
pub async fn accept(
    app: &AppState,
    client: &Client,
    acceptance: &Acceptance<'_>,
) -> Result<(Opened, Account)> {
    let Holder { tenant, user, .. } = lookup(app, acceptance.token).await?;
    if !tenant.settings.allows(client.ip) {
        return Err(Error::forbidden("ip_not_allowed").reason("signup"));
    }
    let new = Password::new(acceptance.password)?;
    let locale = locale_of(acceptance.locale, acceptance.request_locale);
    let address = client.rate_key();
    let context = super::accounts::personal_context(&tenant, &user);
    password::judge(&app.hashing, &address, &new, &tenant.policy, context, locale).await?;
    password::screen(app, client, &tenant, &new, locale).await?;
    let hash = password::hash(&app.hashing, &address, &new).await?;
    let now = app.clock.now();
    let token_hash =
        links::stored_form(app, acceptance.token)?.ok_or_else(|| Error::not_found("invitation_invalid"))?;
    let mut tx = app.store.begin().await?;
    // Spent here, once: of two tabs sending the same link, one sets the password.
    let spent = store::invitations::spend(&mut tx, &token_hash, now).await?;
    if spent != Some(user.id)
        || !store::users::activate(&mut tx, user.id, &hash, expiry(&tenant, now), locale, now).await?
    {
        return Err(Error::not_found("invitation_invalid"));
    }
    remember_password(&mut tx, user.id, &hash, now).await?;
    super::compliance::new_password_passes(&mut tx, &tenant, user.id).await?;
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    // The grace to enroll starts when they can act on it, not when the card was made.
    let deadline = (super::signin::must_use_two_factor(&tenant, &user) && !user.two_factor_enabled())
        .then(|| tenant.settings.deadline_from(now));
    store::users::set_deadline(&mut tx, user.id, deadline).await?;
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let actor = Actor::user(&user, client);
    audit::record(&mut tx, now, &actor, "invitation_accepted", json!({})).await?;
    if let Some(browser) = &client.browser {
        store::known_browsers::seen(&mut tx, user.id, &crate::crypto::token_hash(browser), now).await?;
    }
    let stage = super::signin::stage_after_factors(&tenant, &user, now);
    audit::record(
        &mut tx,
        now,
        &actor,
        "signin_succeeded",
        json!({ "via": "invitation", "stage": stage.as_str() }),
    )
    .await?;
    let session = sessions::open(&mut tx, user.id, stage, now, client, false).await?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok((session, account))
}
