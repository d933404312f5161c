//! Accounts: signing up, changing the password, signing out.

use serde_json::json;
use twofold::UserContext;

use super::account::Account;
use super::password::{self, Password};
use super::sessions::{self, Opened, Session};
use super::{Actor, Client, audit, lockout, refuse};
use crate::error::{Error, Result};
use crate::model::{Role, Stage, Tenant, User, email_key};
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

fn check_email(email: &str) -> Result<()> {
    let valid = email.len() <= MAX_EMAIL_BYTES
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if valid { Ok(()) } else { Err(Error::invalid("email_invalid").field("email")) }
}

fn check_name(name: &str) -> Result<()> {
    let length = name.trim().chars().count();
    if (1..=MAX_NAME_CHARS).contains(&length) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(Error::invalid("name_invalid").field("name").with("max", MAX_NAME_CHARS))
    }
}

/// The personal data a password of `user` in `tenant` must not contain.
pub fn personal_context(tenant: &Tenant, email: &str, name: &str) -> UserContext {
    UserContext {
        email: Some(email.to_owned()),
        name: Some(name.to_owned()),
        username: None,
        tenant: Some(tenant.name.clone()),
    }
}

/// When a password set at `now` under `tenant`'s policy expires.
fn expiry(tenant: &Tenant, now: i64) -> Option<i64> {
    tenant.policy.max_age_days.map(|days| now + i64::from(days) * 86_400)
}

/// Keeps the history the largest allowed `historyCount` needs, and no more.
async fn remember_password(conn: &mut Conn, user_id: i64, hash: &str, now: i64) -> Result<()> {
    let keep = i64::from(twofold::MAX_HISTORY_COUNT) + 1;
    Ok(store::password_history::push(conn, user_id, hash, now, keep).await?)
}

/// Creates a user with a password already judged and hashed, and its history entry.
///
/// # Errors
///
/// `email_taken`; database errors.
#[allow(clippy::too_many_arguments)]
pub async fn create_user(
    conn: &mut Conn,
    tenant: &Tenant,
    email: &str,
    name: &str,
    role: Role,
    hash: &str,
    locale: &str,
    now: i64,
) -> Result<User> {
    let deadline = tenant.settings.two_factor_required.then(|| now + tenant.settings.grace_days * 86_400);
    let new = NewUser {
        tenant_id: tenant.id,
        email,
        email_key: &email_key(email),
        name,
        role,
        password_hash: hash,
        password_expires_at: expiry(tenant, now),
        two_factor_deadline: deadline,
        created_at: now,
        locale,
    };
    let user = store::users::insert(conn, &new)
        .await?
        .ok_or_else(|| Error::conflict("email_taken").field("email"))?;
    remember_password(conn, user.id, hash, now).await?;
    Ok(user)
}

/// Signs up to the tenant named `slug` and signs in.
///
/// # Errors
///
/// `email_invalid`, `name_invalid`, `tenant_unknown`, `ip_not_allowed`, `password_too_large`,
/// `password_refused`, `email_taken`; database errors.
pub async fn sign_up(
    app: &AppState,
    client: &Client,
    slug: &str,
    form: &Signup<'_>,
) -> Result<(Opened, Account)> {
    check_email(form.email)?;
    check_name(form.name)?;
    let (email, name) = (form.email.trim(), form.name.trim());
    let tenant = super::tenants::by_slug(&mut *app.store.conn().await?, slug).await?;
    if !tenant.settings.allows(client.ip) {
        return Err(Error::forbidden("ip_not_allowed").reason("signup"));
    }
    let locale = locale_of(form.locale, form.request_locale);
    let password = Password::new(form.password)?;
    password::judge(&password, &tenant.policy, personal_context(&tenant, email, name), locale).await?;
    let hash = password::hash(&password).await?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let user = create_user(&mut tx, &tenant, email, name, Role::Member, &hash, locale, now).await?;
    audit::record(&mut tx, now, &Actor::user(&user, client), "signup", json!({})).await?;
    let stage =
        if user.two_factor_deadline.is_some_and(|d| d <= now) { Stage::EnrollmentOnly } else { Stage::Full };
    let session = sessions::open(&mut tx, user.id, stage, now).await?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok((session, account))
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
    let user = {
        let mut conn = app.store.conn().await?;
        let user =
            store::users::by_id(&mut conn, user_id).await?.ok_or_else(|| Error::internal("user gone"))?;
        lockout::check_unlocked(&user, now)?;
        lockout::check_address(&mut conn, client, now, app.options.ip_failure_limit).await?;
        user
    };
    let right =
        password::matches(Password::offered(change.current).as_ref(), user.password_hash.clone()).await?;
    if !right {
        let mut tx = app.store.begin().await?;
        let actor = Actor::user(&user, client);
        audit::record(&mut tx, now, &actor, "password_failed", json!({ "during": "password_change" }))
            .await?;
        let refusal = match lockout::record_failure(&mut tx, tenant, &user, &actor, now).await? {
            Some(until) => Error::Locked { until },
            None => Error::unauthenticated("password_wrong").field("current"),
        };
        return refuse(tx, refusal).await;
    }
    let new = Password::new(change.new)?;
    password::judge(&new, &tenant.policy, personal_context(tenant, &user.email, &user.name), change.locale)
        .await?;
    // Reuse: compare with the last `historyCount` passwords, the current one included.
    let history_count = i64::from(tenant.policy.history_count.unwrap_or(0));
    let previous =
        store::password_history::recent(&mut *app.store.conn().await?, user_id, history_count).await?;
    if password::matches_any(&new, previous).await? {
        return Err(Error::invalid("password_reused").field("new").with("count", history_count));
    }
    let hash = password::hash(&new).await?;
    let mut tx = app.store.begin().await?;
    store::users::set_password(&mut tx, user_id, &hash, expiry(tenant, now)).await?;
    remember_password(&mut tx, user_id, &hash, now).await?;
    audit::record(&mut tx, now, &Actor::user(&user, client), "password_changed", json!({})).await?;
    // A new password ends other sessions and forgets remembered devices.
    store::devices::revoke_all(&mut tx, user_id, now).await?;
    store::sessions::delete_others(&mut tx, user_id, &session.token_hash).await?;
    store::sessions::move_stage(&mut tx, &session.token_hash, Stage::PasswordChange, Stage::Full).await?;
    let user = store::users::by_id(&mut tx, user_id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let account = Account::of(&mut tx, user).await?;
    tx.commit().await?;
    Ok(account)
}

/// The signed-in user's account as it is now.
///
/// # Errors
///
/// Database errors.
pub async fn account(app: &AppState, session: &Session) -> Result<Account> {
    Account::of(&mut *app.store.conn().await?, session.user.clone()).await
}
