//! Messages that tell a user what happened to their account, in the user's language, queued
//! in the outbox in the transaction of the change they report.

use super::Client;
use crate::error::Result;
use crate::i18n::{self, Arg};
use crate::model::{NewMessage, Role, Tenant, User};
use crate::store::{self, Conn};

/// Mail one recipient may get in an hour, whatever its reason: enough for any person, and a
/// ceiling for anyone using the server to flood someone else's inbox.
pub const MAIL_PER_RECIPIENT_PER_HOUR: i64 = 20;

/// Whom a message may go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recipient {
    /// Only an owner who has proved the address is theirs.
    Verified,
    /// The address being proved (the message carries the proof).
    Unproved,
    /// A proved address, or the one an administrator invited a card at (what an
    /// administrator does to an account is told to it either way).
    Invited,
}

/// Queues the message `mail.{kind}` (its `.subject` and `.body`) to `user`, in their
/// language, unless the address is unproved where that matters or has had its share of mail.
async fn send(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    kind: &str,
    recipient: Recipient,
    args: &[(&str, Arg)],
) -> Result<()> {
    send_to(conn, now, tenant, user, &user.email, kind, recipient, args).await
}

/// The same, to `address` rather than the account's own.
#[allow(clippy::too_many_arguments)]
async fn send_to(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    address: &str,
    kind: &str,
    recipient: Recipient,
    args: &[(&str, Arg)],
) -> Result<()> {
    let proved = user.email_verified_at.is_some();
    match recipient {
        Recipient::Verified if !proved => return Ok(()),
        Recipient::Invited if !proved && user.has_password() => return Ok(()),
        _ => {}
    }
    let bucket = format!("mail:{}", crate::model::email_key(address));
    let (sent, _) = store::rate_windows::hit(conn, &bucket, now, 3600).await?;
    if sent > MAIL_PER_RECIPIENT_PER_HOUR {
        tracing::warn!(tenant = %tenant.slug, user = user.id, kind, "mail to this recipient suppressed: hourly cap reached");
        return Ok(());
    }
    let mut args = args.to_vec();
    args.push(("tenant", tenant.name.as_str().into()));
    let message = NewMessage {
        tenant_id: tenant.id,
        recipient: address,
        subject: i18n::text(&user.locale, &format!("mail.{kind}.subject"), &args),
        body: i18n::text(&user.locale, &format!("mail.{kind}.body"), &args),
    };
    Ok(store::outbox::insert(conn, now, &message).await?)
}

/// Where and how something happened, as a notice says it.
fn origin(now: i64, client: &Client) -> [(&'static str, Arg); 3] {
    let browser = if client.user_agent.is_empty() { "?".to_owned() } else { client.user_agent.clone() };
    [("time", i18n::time(now).into()), ("ip", client.ip.to_string().into()), ("browser", browser.into())]
}

/// The same, and the facts of the notice's own.
fn origin_and(now: i64, client: &Client, facts: &[(&'static str, Arg)]) -> Vec<(&'static str, Arg)> {
    let mut args = origin(now, client).to_vec();
    args.extend_from_slice(facts);
    args
}

/// The account was locked after too many failures, until `until`.
///
/// # Errors
///
/// Database errors.
pub async fn account_locked(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    until: i64,
    client: &Client,
) -> Result<()> {
    let args = origin_and(now, client, &[("until", i18n::time(until).into())]);
    send(conn, now, tenant, user, "account_locked", Recipient::Verified, &args).await
}

/// A code that proves `user` owns their email address.
///
/// # Errors
///
/// Database errors.
pub async fn email_code(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    code: &str,
    minutes: i64,
) -> Result<()> {
    let args = [("code", code.into()), ("minutes", Arg::Number(minutes))];
    send(conn, now, tenant, user, "email_code", Recipient::Unproved, &args).await
}

/// What happened to a user's second factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorChange {
    /// The first authenticator was added: 2FA is on.
    Enabled,
    /// Another authenticator was added.
    Added,
    /// A new device took the old one's place.
    Replaced,
    /// An authenticator was removed.
    Removed,
    /// The last authenticator was removed: 2FA is off.
    Disabled,
    /// New recovery codes were made.
    NewRecoveryCodes,
    /// An administrator reset them.
    Reset,
}

impl FactorChange {
    fn kind(self) -> &'static str {
        match self {
            Self::Enabled => "factor.enabled",
            Self::Added => "factor.added",
            Self::Replaced => "factor.replaced",
            Self::Removed => "factor.removed",
            Self::Disabled => "factor.disabled",
            Self::NewRecoveryCodes => "factor.recovery_codes",
            Self::Reset => "factor.reset",
        }
    }
}

/// The user's second factors changed: when, from where, in which browser, and which one.
///
/// # Errors
///
/// Database errors.
pub async fn factor_changed(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    change: FactorChange,
    name: &str,
    client: &Client,
) -> Result<()> {
    let args = origin_and(now, client, &[("name", name.into())]);
    send(conn, now, tenant, user, change.kind(), Recipient::Verified, &args).await
}

/// A code for the user's email authenticator at `address`.
///
/// # Errors
///
/// Database errors.
pub async fn factor_code(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    address: &str,
    code: &str,
) -> Result<()> {
    let minutes = super::mail_codes::LIFETIME_SECONDS / 60;
    let args = [("code", code.into()), ("minutes", Arg::Number(minutes))];
    send_to(conn, now, tenant, user, address, "factor_code", Recipient::Unproved, &args).await
}

/// A recovery code was spent; `left` remain.
///
/// # Errors
///
/// Database errors.
pub async fn recovery_code_used(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    left: i64,
) -> Result<()> {
    send(conn, now, tenant, user, "recovery_code_used", Recipient::Verified, &[("left", left.into())]).await
}

/// The password was right but the second step never followed; `client` is where the
/// password came from.
///
/// # Errors
///
/// Database errors.
pub async fn partial_sign_in(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    client: &Client,
) -> Result<()> {
    send(conn, now, tenant, user, "partial_sign_in", Recipient::Verified, &origin(now, client)).await
}

/// A sign-in from a browser the user never signed in from.
///
/// # Errors
///
/// Database errors.
pub async fn new_browser(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    client: &Client,
) -> Result<()> {
    send(conn, now, tenant, user, "new_browser", Recipient::Verified, &origin(now, client)).await
}

/// The password was changed.
///
/// # Errors
///
/// Database errors.
pub async fn password_changed(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    client: &Client,
) -> Result<()> {
    send(conn, now, tenant, user, "password_changed", Recipient::Verified, &origin(now, client)).await
}

/// `maker` made an API token (for themselves, or for a service account): a credential that
/// skips the second factor, so its maker hears of it like of a new way to sign in.
///
/// # Errors
///
/// Database errors.
pub async fn token_created(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    maker: &User,
    token: &crate::model::ApiToken,
    client: &Client,
) -> Result<()> {
    let mut args = origin(now, client).to_vec();
    args.push(("name", token.name.as_str().into()));
    args.push(("account", token.owner_email.as_str().into()));
    args.push(("expires", i18n::time(token.expires_at).into()));
    send(conn, now, tenant, maker, "token_created", Recipient::Verified, &args).await
}

/// Two-step verification is required of the user by `deadline`.
///
/// # Errors
///
/// Database errors.
pub async fn enroll_by(conn: &mut Conn, now: i64, tenant: &Tenant, user: &User, deadline: i64) -> Result<()> {
    let days = (deadline - now + 86_399) / 86_400;
    let args = [("deadline", i18n::time(deadline).into()), ("days", Arg::Number(days))];
    send(conn, now, tenant, user, "enroll_by", Recipient::Verified, &args).await
}

/// An administrator unlocked the account, or reset its second factors (with `reason`).
///
/// # Errors
///
/// Database errors.
pub async fn by_admin(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    kind: &str,
    admin: &User,
    reason: &str,
) -> Result<()> {
    let args =
        [("time", i18n::time(now).into()), ("admin", admin.name.as_str().into()), ("reason", reason.into())];
    send(conn, now, tenant, user, kind, Recipient::Invited, &args).await
}

/// An administrator gave the user another role.
///
/// # Errors
///
/// Database errors.
pub async fn role_changed(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    admin: &User,
    role: Role,
) -> Result<()> {
    let role = i18n::text(&user.locale, &format!("role.{}", role.as_str()), &[]);
    let args =
        [("time", i18n::time(now).into()), ("admin", admin.name.as_str().into()), ("role", role.into())];
    send(conn, now, tenant, user, "role_changed", Recipient::Invited, &args).await
}

/// An invitation to set a password at `link`, which works for `hours`.
///
/// # Errors
///
/// Database errors.
pub async fn invitation(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    admin: &User,
    link: &str,
    hours: i64,
) -> Result<()> {
    let args = [("admin", admin.name.as_str().into()), ("link", link.into()), ("hours", Arg::Number(hours))];
    send(conn, now, tenant, user, "invitation", Recipient::Unproved, &args).await
}

/// A link to choose a new password, which works for `minutes`, asked for from `client`.
///
/// # Errors
///
/// Database errors.
pub async fn password_reset_link(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    link: &str,
    minutes: i64,
    client: &Client,
) -> Result<()> {
    let args = origin_and(now, client, &[("link", link.into()), ("minutes", Arg::Number(minutes))]);
    send(conn, now, tenant, user, "password_reset", Recipient::Unproved, &args).await
}

/// The password was reset through a link.
///
/// # Errors
///
/// Database errors.
pub async fn password_reset_done(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    client: &Client,
) -> Result<()> {
    send(conn, now, tenant, user, "password_reset_done", Recipient::Verified, &origin(now, client)).await
}

/// The operator gave the administrator a one-time password from the server's command line.
///
/// # Errors
///
/// Database errors.
pub async fn password_reset_by_operator(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
) -> Result<()> {
    let args = [("time", i18n::time(now).into())];
    send(conn, now, tenant, user, "password_reset_by_operator", Recipient::Verified, &args).await
}

/// The user's login name changed (to none, `login` is `—`).
///
/// # Errors
///
/// Database errors.
pub async fn login_changed(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    login: &str,
    client: &Client,
) -> Result<()> {
    let args = origin_and(now, client, &[("login", login.into())]);
    send(conn, now, tenant, user, "login_changed", Recipient::Verified, &args).await
}

/// The user proved a phone they may now sign in with (`masked`).
///
/// # Errors
///
/// Database errors.
pub async fn phone_verified(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    masked: &str,
    client: &Client,
) -> Result<()> {
    let args = origin_and(now, client, &[("phone", masked.into())]);
    send(conn, now, tenant, user, "phone_verified", Recipient::Verified, &args).await
}
