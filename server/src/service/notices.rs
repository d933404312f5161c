//! Messages that tell a user what happened to their account, in the user's language, queued
//! in the outbox in the transaction of the change they report.

use crate::error::Result;
use crate::i18n::{self, Arg};
use crate::model::{NewMessage, Tenant, User};
use crate::store::{self, Conn};

/// Queues the message `mail.{kind}` (its `.subject` and `.body`) to `user`.
async fn send(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    kind: &str,
    args: &[(&str, Arg)],
) -> Result<()> {
    let mut args = args.to_vec();
    args.push(("tenant", tenant.name.as_str().into()));
    let message = NewMessage {
        tenant_id: tenant.id,
        recipient: &user.email,
        subject: i18n::text(&user.locale, &format!("mail.{kind}.subject"), &args),
        body: i18n::text(&user.locale, &format!("mail.{kind}.body"), &args),
    };
    Ok(store::outbox::insert(conn, now, &message).await?)
}

/// What happened to a user's two-factor authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TwoFactorChange {
    /// Turned on.
    Enabled,
    /// Moved to a new device.
    Reenrolled,
    /// New recovery codes made.
    NewRecoveryCodes,
    /// Turned off.
    Disabled,
}

impl TwoFactorChange {
    fn kind(self) -> &'static str {
        match self {
            Self::Enabled => "two_factor.enabled",
            Self::Reenrolled => "two_factor.reenrolled",
            Self::NewRecoveryCodes => "two_factor.recovery_codes",
            Self::Disabled => "two_factor.disabled",
        }
    }
}

/// Two-factor authentication changed.
///
/// # Errors
///
/// Database errors.
pub async fn two_factor_changed(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    change: TwoFactorChange,
) -> Result<()> {
    send(conn, now, tenant, user, change.kind(), &[]).await
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
    send(conn, now, tenant, user, "recovery_code_used", &[("left", left.into())]).await
}

/// The password was right but the second step never followed.
///
/// # Errors
///
/// Database errors.
pub async fn partial_sign_in(conn: &mut Conn, now: i64, tenant: &Tenant, user: &User) -> Result<()> {
    send(conn, now, tenant, user, "partial_sign_in", &[]).await
}
