//! Codes by SMS, as the service layer sees them: the tenant's provider settings, sealed at
//! rest, the routing of a number to a provider, the send caps, and the codes. The wire
//! formats of the providers are in `delivery::sms`.

use crate::error::{Error, Result};
use crate::model::{Authenticator, Tenant, User};
use crate::state::AppState;

/// A phone number as typed, in E.164.
///
/// # Errors
///
/// `phone_invalid`.
pub fn phone(typed: Option<&str>) -> Result<String> {
    let typed = typed.ok_or_else(|| Error::invalid("phone_invalid").field("phone"))?;
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let number = digits.strip_prefix('+').or_else(|| digits.strip_prefix("00"));
    match number {
        Some(n)
            if (8..=15).contains(&n.len())
                && n.bytes().all(|b| b.is_ascii_digit())
                && !n.starts_with('0') =>
        {
            Ok(format!("+{n}"))
        }
        _ => Err(Error::invalid("phone_invalid").field("phone")),
    }
}

/// Sends a code to `to` for `factor` through the tenant's provider.
///
/// # Errors
///
/// `sms_not_configured`; the provider's refusal.
pub async fn send_code(
    _app: &AppState,
    tenant: &Tenant,
    _user: &User,
    _factor: &Authenticator,
    _to: &str,
) -> Result<()> {
    if tenant.sms_sealed.is_none() {
        return Err(Error::conflict("sms_not_configured"));
    }
    Err(Error::internal("SMS providers are being connected"))
}

/// What the provider says of `code` where the provider checks codes itself; `None` where we
/// do (and for anything but SMS).
///
/// # Errors
///
/// The provider's refusal.
pub async fn provider_verdict(
    _app: &AppState,
    _tenant: &Tenant,
    _factor: &Authenticator,
    _code: &str,
) -> Result<Option<bool>> {
    Ok(None)
}
