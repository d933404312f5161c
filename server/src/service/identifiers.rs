//! What a user signs in with besides their email: a login name they choose, and a phone
//! they prove by a code texted to it (or already proved as an SMS authenticator). Each is
//! unique in the tenant once it is someone's; a phone only once proved, so that a number
//! typed by mistake (or on an invitation card) blocks nobody else.

use serde_json::json;

use super::account::Account;
use super::mail_codes::{self, Check};
use super::sessions::Session;
use super::{Actor, Client, audit, lockout, notices, refuse, sms};
use crate::delivery::sms::E164;
use crate::error::{Error, Result};
use crate::model::{FactorKind, Identifier, Login, LoginError, Stage, User};
use crate::state::AppState;
use crate::store::{self, Conn};

/// The account an identifier names in the tenant: by email, by login, or by a proved phone.
///
/// # Errors
///
/// Database errors.
pub async fn find(conn: &mut Conn, tenant_id: i64, wanted: &Identifier) -> Result<Option<User>> {
    Ok(match wanted {
        Identifier::Email(key) => store::users::by_email_key(conn, tenant_id, key).await?,
        Identifier::Login(key) => store::users::by_login_key(conn, tenant_id, key).await?,
        Identifier::Phone(number) => {
            store::users::by_verified_phone(conn, tenant_id, number.as_str()).await?
        }
        Identifier::Unreadable(_) => None,
    })
}

/// A login as typed, strictly read.
///
/// # Errors
///
/// `login_invalid`, with the reason.
pub fn check_login(typed: &str) -> Result<Login> {
    Login::parse(typed).map_err(|why| {
        let refused = Error::invalid("login_invalid").field("login");
        match why {
            LoginError::Length => refused
                .reason("length")
                .with("min", crate::model::MIN_LOGIN_CHARS)
                .with("max", crate::model::MAX_LOGIN_CHARS),
            LoginError::Characters => refused.reason("characters"),
            LoginError::NoLetter => refused.reason("no_letter"),
            LoginError::LookAlike => refused.reason("look_alike"),
        }
    })
}

/// Whom codes proving `number` are stored for: the number itself, so that a code sent to
/// one number never proves another.
fn purpose(number: &str) -> String {
    format!("phone:{number}")
}

/// Gives the signed-in user the login `typed`, or takes theirs away (`None`).
///
/// # Errors
///
/// `login_invalid`, `login_taken`; database errors.
pub async fn set_login(
    app: &AppState,
    client: &Client,
    session: &Session,
    typed: Option<&str>,
) -> Result<Account> {
    session.require(&[Stage::Full])?;
    let login = typed.map(str::trim).filter(|t| !t.is_empty()).map(check_login).transpose()?;
    let now = app.clock.now();
    let user = &session.user;
    let key = login.as_ref().map(Login::key);
    let wanted = login.as_ref().map(Login::as_str).zip(key.as_deref());
    let mut tx = app.store.begin().await?;
    if !store::users::set_login(&mut tx, user.id, user.tenant_id, wanted).await? {
        return Err(Error::conflict("login_taken").field("login"));
    }
    let shown = login.as_ref().map_or("—", Login::as_str);
    let detail = json!({ "before": user.login, "after": login.as_ref().map(Login::as_str) });
    audit::record(&mut tx, now, &Actor::user(user, client), "login_changed", detail).await?;
    notices::login_changed(&mut tx, now, &session.tenant, user, shown, client).await?;
    let account = account_now(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(account)
}

async fn account_now(conn: &mut Conn, user_id: i64) -> Result<Account> {
    let user = store::users::by_id(conn, user_id).await?.ok_or_else(|| Error::internal("user gone"))?;
    Account::of(conn, user).await
}

/// What setting a phone came to.
#[derive(Debug)]
pub struct PhoneSet {
    /// The account as it is now.
    pub account: Account,
    /// Seconds before another code may be asked for, when one was texted; `None` when the
    /// number was proved already (an SMS authenticator of the user's).
    pub resend_after: Option<i64>,
}

/// Sets the signed-in user's phone to `typed` and texts a code to prove it, unless the
/// user's own SMS authenticator already proved that number. Until proved, the number does
/// not sign in, and their earlier phone (if any) no longer does.
///
/// # Errors
///
/// `phone_invalid`, `phone_taken`, the sending's refusals (`sms_not_configured`,
/// `rate_limited`…); database errors.
pub async fn set_phone(app: &AppState, client: &Client, session: &Session, typed: &str) -> Result<PhoneSet> {
    session.require(&[Stage::Full])?;
    let number = sms::phone(Some(typed))?;
    let (user, tenant) = (&session.user, &session.tenant);
    let factors = {
        let mut conn = app.store.conn().await?;
        if store::users::phone_taken(&mut conn, tenant.id, &number, user.id).await? {
            return Err(Error::conflict("phone_taken").field("phone"));
        }
        store::authenticators::of_user(&mut conn, user.id).await?
    };
    let proved = factors
        .iter()
        .any(|f| f.kind == FactorKind::Sms && f.confirmed() && f.address.as_deref() == Some(number.as_str()));
    // Texted before anything is stored: a provider that refuses leaves the account as it was.
    if !proved {
        sms::send_code_for(app, tenant, user, &purpose(&number), &number).await?;
    }
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    store::users::set_phone(&mut tx, user.id, Some(&number)).await?;
    let actor = Actor::user(user, client);
    audit::record(&mut tx, now, &actor, "phone_set", json!({ "proved": proved })).await?;
    if proved {
        proved_now(&mut tx, session, &actor, &number, now).await?;
    }
    let account = account_now(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(PhoneSet { account, resend_after: (!proved).then_some(mail_codes::RESEND_SECONDS) })
}

/// Records the phone as proved, audits and tells it.
async fn proved_now(conn: &mut Conn, session: &Session, actor: &Actor, number: &str, now: i64) -> Result<()> {
    let user = &session.user;
    if !store::users::verify_phone(conn, user.id, user.tenant_id, number, now).await? {
        return Err(Error::conflict("phone_taken").field("phone"));
    }
    audit::record(conn, now, actor, "phone_verified", json!({})).await?;
    let masked = E164::parse(number).map_or_else(|_| "•••".to_owned(), |n| n.masked());
    notices::phone_verified(conn, now, &session.tenant, user, &masked, &actor.client).await
}

/// Checks the code texted to the signed-in user's phone; the phone signs in once it is right.
///
/// # Errors
///
/// `phone_missing`, `phone_verified_already`, `code_invalid`, `code_expired`,
/// `code_tries_exhausted`, `code_missing`, `phone_taken`, `rate_limited`; database errors.
pub async fn verify_phone(app: &AppState, client: &Client, session: &Session, code: &str) -> Result<Account> {
    session.require(&[Stage::Full])?;
    let user = &session.user;
    let number = user.phone.clone().ok_or_else(|| Error::conflict("phone_missing"))?;
    if user.phone_verified_at.is_some() {
        return Err(Error::conflict("phone_verified_already"));
    }
    let verdict = sms::provider_verdict_for(app, &session.tenant, &number, code).await?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    let actor = Actor::user(user, client);
    let right = match verdict {
        Some(approved) => approved,
        None => {
            mail_codes::check(&mut tx, &app.vault, user, &purpose(&number), code, now).await? == Check::Spent
        }
    };
    if !right {
        audit::record(&mut tx, now, &actor, "phone_code_failed", json!({})).await?;
        return refuse(tx, Error::unauthenticated("code_invalid").reason("phone").field("code")).await;
    }
    lockout::give_back(&mut tx, reservation).await?;
    proved_now(&mut tx, session, &actor, &number, now).await?;
    let account = account_now(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(account)
}

/// Takes the signed-in user's phone away: it signs in no more.
///
/// # Errors
///
/// `phone_missing`; database errors.
pub async fn remove_phone(app: &AppState, client: &Client, session: &Session) -> Result<Account> {
    session.require(&[Stage::Full])?;
    let user = &session.user;
    if user.phone.is_none() {
        return Err(Error::conflict("phone_missing"));
    }
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    store::users::set_phone(&mut tx, user.id, None).await?;
    audit::record(&mut tx, now, &Actor::user(user, client), "phone_removed", json!({})).await?;
    let account = account_now(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(account)
}
