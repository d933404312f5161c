//! Messages that tell a user what happened to their account, queued in the outbox in the
//! transaction of the change they report.

use crate::error::Result;
use crate::model::{NewMessage, Tenant, User};
use crate::store::{self, Conn};

async fn send(
    conn: &mut Conn,
    now: i64,
    tenant: &Tenant,
    user: &User,
    subject: String,
    body: String,
) -> Result<()> {
    let message = NewMessage { tenant_id: tenant.id, recipient: &user.email, subject, body };
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
    fn phrase(self) -> &'static str {
        match self {
            Self::Enabled => "turned on",
            Self::Reenrolled => "moved to a new device",
            Self::NewRecoveryCodes => "given new recovery codes",
            Self::Disabled => "turned off",
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
    let what = change.phrase();
    let subject = format!("{}: two-factor authentication {what}", tenant.name);
    let body = format!(
        "Two-factor authentication was {what} for your {} account.\n\nIf this was not you, contact your administrator now.",
        tenant.name
    );
    send(conn, now, tenant, user, subject, body).await
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
    let subject = format!("{}: a recovery code was used", tenant.name);
    let body = format!(
        "A recovery code was used for your {} account. {left} codes are left.\n\n\
         If this was not you, change your password and contact your administrator.",
        tenant.name
    );
    send(conn, now, tenant, user, subject, body).await
}

/// The password was right but the second step never followed.
///
/// # Errors
///
/// Database errors.
pub async fn partial_sign_in(conn: &mut Conn, now: i64, tenant: &Tenant, user: &User) -> Result<()> {
    let subject = format!("{}: was this you?", tenant.name);
    let body = format!(
        "Someone entered your {} password correctly but did not complete the second step of sign-in.\n\n\
         If this was you, there is nothing to do. If not, change your password now: someone knows it.",
        tenant.name
    );
    send(conn, now, tenant, user, subject, body).await
}
