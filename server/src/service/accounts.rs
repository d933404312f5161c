//! Accounts: signing up, changing the password, signing out.

use serde_json::json;
use twofold::UserContext;

use super::account::Account;
use super::password::{self, Password};
use super::sessions::{self, Opened, Session};
use super::{Actor, Client, audit, refuse};
use crate::error::{Error, Result};
use crate::model::{Mailbox, Role, Stage, Tenant, User, email_key};
use crate::state::AppState;
use crate::store::users::NewUser;
use crate::store::{self, Conn};

/// Longest email accepted (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest display name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// What a signup form carries.
#[derive(Debug)]
pub struct Signup<'a> {
    /// The email.
    pub email: &'a str,
    /// The display name.
    pub name: &'a str,
    /// The password as typed.
    pub password: &'a str,
    /// The language the form asked for (may be empty or unknown).
    pub locale: &'a str,
    /// The language the request asked for, when the form names none the server has.
    pub request_locale: &'static str,
}

/// The language a form names if the server has it, else the request's.
pub fn locale_of(form_locale: &str, request_locale: &'static str) -> &'static str {
    crate::i18n::supported(form_locale).unwrap_or(request_locale)
}

/// Refuses an email too long to be anyone's before anything reads or stores it.
///
/// # Errors
///
/// `email_invalid`.
pub fn check_email_size(email: &str) -> Result<()> {
    if email.len() > MAX_EMAIL_BYTES {
        return Err(Error::invalid("email_invalid").field("email"));
    }
    Ok(())
}

/// The address a signup (or an invitation, or a service account) gives, strictly read (see
/// [`Mailbox`]).
///
/// # Errors
///
/// `email_invalid`, with the reason.
pub(crate) fn check_email(email: &str) -> Result<Mailbox> {
    Mailbox::parse(email).map_err(|why| Error::invalid("email_invalid").reason(why.reason()).field("email"))
}

/// A display name: 1 to [`MAX_NAME_CHARS`] characters, none of them a control character.
///
/// # Errors
///
/// `name_invalid`.
pub(crate) fn check_name(name: &str) -> Result<()> {
    let length = name.trim().chars().count();
    if (1..=MAX_NAME_CHARS).contains(&length) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(Error::invalid("name_invalid").field("name").with("max", MAX_NAME_CHARS))
    }
}

/// The personal data a password of someone signing up to `tenant` must not contain.
fn signup_context(tenant: &Tenant, email: &str, name: &str) -> UserContext {
    UserContext {
        email: Some(email.to_owned()),
        name: Some(name.to_owned()),
        username: None,
        tenant: Some(tenant.name.clone()),
    }
}

/// The personal data a password of `user` in `tenant` must not contain: their email, name
/// and login, and the tenant's name.
pub fn personal_context(tenant: &Tenant, user: &User) -> UserContext {
    UserContext { username: user.login.clone(), ..signup_context(tenant, &user.email, &user.name) }
}

/// When a password set at `now` under `tenant`'s policy expires.
pub(crate) fn expiry(tenant: &Tenant, now: i64) -> Option<i64> {
    tenant.policy.max_age_days.map(|days| now + i64::from(days) * 86_400)
}

/// Keeps the history the largest allowed `historyCount` needs, and no more.
pub(crate) async fn remember_password(conn: &mut Conn, user_id: i64, hash: &str, now: i64) -> Result<()> {
    let keep = i64::from(twofold::MAX_HISTORY_COUNT) + 1;
    Ok(store::password_history::push(conn, user_id, hash, now, keep).await?)
}

/// An account to create, its password already judged and hashed.
#[derive(Debug)]
pub struct NewAccount<'a> {
    /// The email, as given.
    pub email: &'a str,
    /// The display name.
    pub name: &'a str,
    /// The role.
    pub role: Role,
    /// The argon2id hash of the password.
    pub hash: &'a str,
    /// The language of the mail they will get.
    pub locale: &'a str,
    /// Whether the email is already proved theirs (an operator's own account, an invitation).
    pub email_verified: bool,
}

/// Creates the user and its history entry.
///
/// # Errors
///
/// `email_taken`; database errors.
pub async fn create_user(
    conn: &mut Conn,
    tenant: &Tenant,
    account: &NewAccount<'_>,
    now: i64,
) -> Result<User> {
    let deadline = tenant
        .settings
        .two_factor_required
        .applies_to(account.role)
        .then(|| tenant.settings.deadline_from(now));
    let new = NewUser {
        tenant_id: tenant.id,
        email: account.email,
        email_key: &email_key(account.email),
        name: account.name,
        role: account.role,
        password_hash: account.hash,
        password_expires_at: expiry(tenant, now),
        two_factor_deadline: deadline,
        created_at: now,
        locale: account.locale,
        email_verified_at: account.email_verified.then_some(now),
        login: None,
        phone: None,
    };
    let user = store::users::insert(conn, &new)
        .await?
        .ok_or_else(|| Error::conflict("email_taken").field("email"))?;
    remember_password(conn, user.id, account.hash, now).await?;
    Ok(user)
}

/// Signs up to the tenant named `slug` and signs in.
///
/// # Errors
///
/// `email_invalid`, `name_invalid`, `tenant_unknown`, `signup_closed`, `ip_not_allowed`,
/// `password_too_large`, `password_refused`, `email_taken`; database errors.
pub async fn sign_up(
    app: &AppState,
    client: &Client,
    slug: &str,
    form: &Signup<'_>,
) -> Result<(Opened, Account)> {
    let mailbox = check_email(form.email)?.to_string();
    check_name(form.name)?;
    let (email, name) = (mailbox.as_str(), form.name.trim());
    let tenant = super::tenants::find(app, slug).await?;
    if !tenant.settings.self_signup {
        return Err(Error::forbidden("signup_closed"));
    }
    if !tenant.settings.allows(client.ip) {
        return Err(Error::forbidden("ip_not_allowed").reason("signup"));
    }
    let password = Password::new(form.password)?;
    let now = app.clock.now();
    limit_signups(app, &tenant, client, now).await?;
    let locale = locale_of(form.locale, form.request_locale);
    let address = client.rate_key();
    let context = signup_context(&tenant, email, name);
    password::judge(&app.hashing, &address, &password, &tenant.policy, context, locale).await?;
    password::screen(app, client, &tenant, &password, locale).await?;
    let hash = password::hash(&app.hashing, &address, &password).await?;
    let mut tx = app.store.begin().await?;
    let account = NewAccount { email, name, role: Role::Member, hash: &hash, locale, email_verified: false };
    let user = create_user(&mut tx, &tenant, &account, now).await?;
    super::compliance::new_password_passes(&mut tx, &tenant, user.id).await?;
    audit::record(&mut tx, now, &Actor::user(&user, client), "signup", json!({})).await?;
    let stage =
        if user.two_factor_deadline.is_some_and(|d| d <= now) { Stage::EnrollmentOnly } else { Stage::Full };
    if let Some(browser) = &client.browser {
        store::known_browsers::seen(&mut tx, user.id, &crate::crypto::token_hash(browser), now).await?;
    }
    let session = sessions::open(&mut tx, user.id, stage, now, client, false).await?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok((session, account))
}

/// The signups an hour that one address, and one tenant, may make: the judging and hashing
/// a signup costs is the most expensive thing anyone can ask of the server.
async fn limit_signups(app: &AppState, tenant: &Tenant, client: &Client, now: i64) -> Result<()> {
    let mut tx = app.store.begin().await?;
    let buckets = [
        (format!("signup:{}", client.rate_key()), app.options.signups_per_address_hour),
        (format!("signup-tenant:{}", tenant.id), app.options.signups_per_tenant_hour),
    ];
    for (bucket, limit) in buckets {
        let (hits, start) = store::rate_windows::hit(&mut tx, &bucket, now, 3600).await?;
        if hits > limit {
            let refusal = Error::RateLimited { retry_after: (start + 3600 - now).max(1) };
            return refuse(tx, refusal).await;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Signs out.
///
/// # Errors
///
/// Database errors.
pub async fn sign_out(app: &AppState, client: &Client, session: &Session) -> Result<()> {
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    store::sessions::delete(&mut tx, &session.token_hash).await?;
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "signout", json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// A password change: the current password, then the new one judged by the policy and the
/// history, and only then hashed.
#[derive(Debug)]
pub struct PasswordChange<'a> {
    /// The current password as typed.
    pub current: &'a str,
    /// The new one as typed.
    pub new: &'a str,
    /// The language the form asked for (may be empty or unknown).
    pub locale: &'a str,
    /// The language the request asked for.
    pub request_locale: &'static str,
}

/// Changes the password, ending other sessions and forgetting remembered devices.
///
/// # Errors
///
/// `locked`, `rate_limited`, `password_wrong`, `password_refused`, `password_reused`;
/// database errors.
pub async fn change_password(
    app: &AppState,
    client: &Client,
    session: &Session,
    change: &PasswordChange<'_>,
) -> Result<Account> {
    session.require(&[Stage::Full, Stage::PasswordChange])?;
    let now = app.clock.now();
    let (tenant, user_id) = (&session.tenant, session.user.id);
    // The current password is a secret to guess like any other: locks and limits apply.
    let user =
        password::confirm_current(app, client, session, change.current, "password_change", "current").await?;
    let new = Password::new(change.new)?;
    let locale = locale_of(change.locale, change.request_locale);
    let hash = judge_new_password(app, client, tenant, &user, &new, locale, "new").await?;
    let mut tx = app.store.begin().await?;
    store::users::set_password(&mut tx, user_id, &hash, expiry(tenant, now)).await?;
    remember_password(&mut tx, user_id, &hash, now).await?;
    super::compliance::new_password_passes(&mut tx, tenant, user_id).await?;
    audit::record(&mut tx, now, &Actor::user(&user, client), "password_changed", json!({})).await?;
    super::notices::password_changed(&mut tx, now, tenant, &user, client).await?;
    // A new password ends other sessions and forgets remembered devices, and makes any
    // reset link sent before it moot.
    store::devices::revoke_all(&mut tx, user_id, now).await?;
    store::password_resets::delete_all(&mut tx, user_id).await?;
    store::sessions::delete_others(&mut tx, user_id, &session.token_hash).await?;
    store::sessions::move_stage(&mut tx, &session.token_hash, Stage::PasswordChange, Stage::Full).await?;
    let user = store::users::by_id(&mut tx, user_id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}

/// Judges the new password a user chooses by the policy (with their personal data) and the
/// history, and only then hashes it; `field` names it in a refusal.
///
/// # Errors
///
/// `password_refused`, `password_reused`, `rate_limited`; database errors.
pub(crate) async fn judge_new_password(
    app: &AppState,
    client: &Client,
    tenant: &Tenant,
    user: &User,
    new: &Password,
    locale: &str,
    field: &'static str,
) -> Result<String> {
    let address = client.rate_key();
    let context = personal_context(tenant, user);
    password::judge(&app.hashing, &address, new, &tenant.policy, context, locale).await?;
    password::screen(app, client, tenant, new, locale).await?;
    // Reuse: compare with the last `historyCount` passwords, and always with the current
    // one, so that an expired password cannot be "changed" to itself.
    let history_count = i64::from(tenant.policy.history_count.unwrap_or(0));
    let mut previous =
        store::password_history::recent(&mut *app.store.conn().await?, user.id, history_count).await?;
    previous.push(user.password_hash.clone());
    if password::matches_any(&app.hashing, &address, new, previous).await? {
        return Err(Error::invalid("password_reused").field(field).with("count", history_count.max(1)));
    }
    password::hash(&app.hashing, &address, new).await
}

/// The signed-in user's account as it is now.
///
/// # Errors
///
/// Database errors.
pub async fn account(app: &AppState, session: &Session) -> Result<Account> {
    Account::of(&mut *app.store.conn().await?, session.user.clone()).await
}

/// Whether sign-ins from browsers the user never used are mailed to them. (Notices of
/// security changes cannot be turned off.)
///
/// # Errors
///
/// Database errors.
pub async fn set_new_browser_notices(app: &AppState, session: &Session, notify: bool) -> Result<Account> {
    session.require(&[Stage::Full])?;
    let mut tx = app.store.begin().await?;
    store::users::set_notify_new_browser(&mut tx, session.user.id, notify).await?;
    let user =
        store::users::by_id(&mut tx, session.user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}
