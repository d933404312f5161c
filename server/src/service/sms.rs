//! Codes by SMS, as the rules see them: the tenant's provider settings (encrypted at rest),
//! the send caps (SMS pumping costs money), the codes, and what a provider's refusal means
//! for the person waiting. The wire formats are in `delivery::sms`.

use serde_json::json;

use super::mail_codes;
use crate::delivery::sms::{self, E164, ProviderConfig, Sent, SmsConfig, SmsError};
use crate::error::{Error, Result};
use crate::i18n;
use crate::model::{Authenticator, FactorKind, NewMessage, Tenant, User};
use crate::state::AppState;
use crate::store;

/// Texts one number may get in [`RECIPIENT_WINDOW_SECONDS`]: Logto's cap.
pub const PER_RECIPIENT: i64 = 10;
/// The window [`PER_RECIPIENT`] counts in.
pub const RECIPIENT_WINDOW_SECONDS: i64 = 600;

/// A phone number as typed, in E.164.
///
/// # Errors
///
/// `phone_invalid`, with what is wrong in `detail`.
pub fn phone(typed: Option<&str>) -> Result<String> {
    let typed = typed.ok_or_else(|| Error::invalid("phone_invalid").field("phone"))?;
    E164::parse(typed)
        .map(|number| number.as_str().to_owned())
        .map_err(|why| Error::invalid("phone_invalid").field("phone").detail(why.code()))
}

/// The tenant's SMS settings, decrypted.
///
/// # Errors
///
/// Internal errors when they do not open or parse.
pub fn config(app: &AppState, tenant: &Tenant) -> Result<Option<SmsConfig>> {
    let Some(sealed) = &tenant.sms_sealed else { return Ok(None) };
    let json = app.vault.open_tenant(tenant.id, sealed)?;
    serde_json::from_slice(&json).map(Some).map_err(|e| Error::internal(format!("stored SMS settings: {e}")))
}

/// Encrypts SMS settings for storage.
///
/// # Errors
///
/// Internal errors.
pub fn seal(app: &AppState, tenant: &Tenant, config: &SmsConfig) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(config).map_err(Error::internal)?;
    app.vault.seal_tenant(tenant.id, &json)
}

/// A provider's failure, as the person waiting for the text hears it.
fn refusal(error: &SmsError) -> Error {
    tracing::warn!(%error, "SMS provider");
    if error.is_provider_down() {
        return Error::bad_gateway("sms_unavailable").detail(error.code());
    }
    match error {
        SmsError::Refused { refusal: sms::Refusal::Recipient, .. } => {
            Error::invalid("sms_recipient_refused").field("phone").detail(error.code())
        }
        _ => Error::bad_gateway("sms_failed").detail(error.code()),
    }
}

/// Counts a text against its number and its tenant, and, for a code, against what it is
/// for (`purpose`): a minute between codes, as for mailed ones.
/// Answers that minute, to give back if the code never leaves.
async fn count_text(
    app: &AppState,
    tenant: &Tenant,
    to: &E164,
    purpose: Option<&str>,
) -> Result<Option<(String, i64)>> {
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let mut minute = None;
    if let Some(purpose) = purpose {
        let gap = mail_codes::RESEND_SECONDS;
        let bucket = format!("sms-code:{purpose}");
        let (codes, start) = store::rate_windows::hit(&mut tx, &bucket, now, gap).await?;
        if codes > 1 {
            return Err(Error::RateLimited { retry_after: (start + gap - now).max(1) });
        }
        minute = Some((bucket, start));
    }
    let (to_number, start) =
        store::rate_windows::hit(&mut tx, &format!("sms:{}", to.as_str()), now, RECIPIENT_WINDOW_SECONDS)
            .await?;
    if to_number > PER_RECIPIENT {
        return Err(Error::RateLimited { retry_after: (start + RECIPIENT_WINDOW_SECONDS - now).max(1) });
    }
    let (by_tenant, start) =
        store::rate_windows::hit(&mut tx, &format!("sms-tenant:{}", tenant.id), now, 3600).await?;
    if by_tenant > app.options.sms_per_tenant_hour {
        return Err(Error::RateLimited { retry_after: (start + 3600 - now).max(1) });
    }
    tx.commit().await?;
    Ok(minute)
}

/// The host an origin-bound code names: the public URL's.
fn host(app: &AppState) -> String {
    reqwest::Url::parse(&app.options.public_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "localhost".to_owned())
}

/// Sends `text` to `to` through `provider`; the console provider's text goes to the outbox.
async fn deliver(
    app: &AppState,
    tenant: &Tenant,
    provider: &ProviderConfig,
    to: &E164,
    text: &str,
) -> Result<()> {
    let sent =
        sms::send(&app.http, &app.options.sms_endpoints, &app.options.outbound_allow, provider, to, text)
            .await
            .map_err(|e| refusal(&e))?;
    if let Sent::Outbox { to, text } = sent {
        let mut tx = app.store.begin().await?;
        let subject = i18n::text(i18n::FALLBACK, "sms.outbox_subject", &[("to", to.masked().into())]);
        let message = NewMessage { tenant_id: tenant.id, recipient: to.as_str(), subject, body: text };
        store::outbox::insert_delivered(&mut tx, app.clock.now(), &message).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Sends a code for the SMS authenticator `factor` to `to`: one of ours in the origin-bound
/// form browsers fill in (`@host #123456`), or the provider's own where it makes codes. A
/// provider that refuses leaves no usable code behind.
///
/// # Errors
///
/// `sms_not_configured`, `rate_limited` (a minute between codes; caps per number and
/// tenant), `sms_recipient_refused`, `sms_unavailable`, `sms_failed`; database errors.
pub async fn send_code(
    app: &AppState,
    tenant: &Tenant,
    user: &User,
    factor: &Authenticator,
    to: &str,
) -> Result<()> {
    send_code_for(app, tenant, user, &super::factors::purpose(factor.id), to).await
}

/// The same for any `purpose` a code proves (an authenticator, a phone to sign in with).
///
/// # Errors
///
/// As [`send_code`].
pub async fn send_code_for(
    app: &AppState,
    tenant: &Tenant,
    user: &User,
    purpose: &str,
    to: &str,
) -> Result<()> {
    let config = config(app, tenant)?.ok_or_else(|| Error::conflict("sms_not_configured"))?;
    let to = E164::parse(to)
        .map_err(|why| Error::internal(format!("a stored phone that does not parse: {}", why.code())))?;
    let provider = config.route(&to).clone();
    let minute = count_text(app, tenant, &to, Some(purpose)).await?;
    let sent = match &provider {
        ProviderConfig::TwilioVerify(verify) => {
            sms::start_verification(&app.http, &app.options.sms_endpoints, verify, &to, Some(&user.locale))
                .await
                .map(drop)
                .map_err(|e| refusal(&e))
        }
        _ => send_ours(app, tenant, user, purpose, &provider, &to).await,
    };
    if let (Err(_), Some((bucket, start))) = (&sent, minute) {
        // A text that never left does not hold back the next try.
        let mut tx = app.store.begin().await?;
        store::rate_windows::give_back(&mut tx, &bucket, start).await?;
        tx.commit().await?;
    }
    sent
}

/// Makes a code of ours and sends it; withdraws it when the provider refuses.
async fn send_ours(
    app: &AppState,
    tenant: &Tenant,
    user: &User,
    purpose: &str,
    provider: &ProviderConfig,
    to: &E164,
) -> Result<()> {
    let now = app.clock.now();
    let code = {
        let mut tx = app.store.begin().await?;
        let code = mail_codes::issue(&mut tx, &app.vault, user, purpose, now).await?;
        tx.commit().await?;
        code
    };
    let words = i18n::text(
        &user.locale,
        "sms.code",
        &[("tenant", tenant.name.as_str().into()), ("code", code.as_str().into())],
    );
    let text = sms::origin_bound(&words, &host(app), &code);
    if let Err(refused) = deliver(app, tenant, provider, to, &text).await {
        // Nothing half-done: the code that never left cannot be guessed at either.
        let mut tx = app.store.begin().await?;
        if let Some(unsent) = store::mail_codes::newest(&mut tx, user.id, purpose).await? {
            store::mail_codes::withdraw(&mut tx, unsent.id).await?;
        }
        tx.commit().await?;
        return Err(refused);
    }
    Ok(())
}

/// Sends `text` (a link, not a code) to `to` through the tenant's provider, counted against
/// the caps per number and tenant.
///
/// # Errors
///
/// `sms_not_configured`, also where the provider sends only codes of its own (Twilio
/// Verify); the caps and the provider's refusals.
pub async fn send_text(app: &AppState, tenant: &Tenant, to: &E164, text: &str) -> Result<()> {
    let config = config(app, tenant)?.ok_or_else(|| Error::conflict("sms_not_configured"))?;
    let provider = config.route(to).clone();
    if matches!(provider, ProviderConfig::TwilioVerify(_)) {
        return Err(Error::conflict("sms_not_configured"));
    }
    count_text(app, tenant, to, None).await?;
    deliver(app, tenant, &provider, to, text).await
}

/// Whether the tenant's provider for `to` can send a text of ours (Twilio Verify sends only
/// its own codes).
///
/// # Errors
///
/// Internal errors when the settings do not open.
pub fn sends_texts(app: &AppState, tenant: &Tenant, to: &E164) -> Result<bool> {
    Ok(config(app, tenant)?
        .is_some_and(|config| !matches!(config.route(to), ProviderConfig::TwilioVerify(_))))
}

/// What the provider says of `code` for `factor`, where the provider checks codes itself
/// (Twilio Verify); `None` where we do, and for anything but SMS.
///
/// # Errors
///
/// `sms_unavailable` when the provider cannot be asked.
pub async fn provider_verdict(
    app: &AppState,
    tenant: &Tenant,
    factor: &Authenticator,
    code: &str,
) -> Result<Option<bool>> {
    match (factor.kind, factor.address.as_deref()) {
        (FactorKind::Sms, Some(address)) => provider_verdict_for(app, tenant, address, code).await,
        _ => Ok(None),
    }
}

/// The same for a code sent to the phone `address`.
///
/// # Errors
///
/// `sms_unavailable` when the provider cannot be asked.
pub async fn provider_verdict_for(
    app: &AppState,
    tenant: &Tenant,
    address: &str,
    code: &str,
) -> Result<Option<bool>> {
    let Some(config) = config(app, tenant)? else { return Ok(None) };
    let Ok(to) = E164::parse(address) else { return Ok(None) };
    match config.route(&to) {
        ProviderConfig::TwilioVerify(verify) => {
            sms::check_verification(&app.http, &app.options.sms_endpoints, verify, &to, code)
                .await
                .map(Some)
                .map_err(|e| refusal(&e))
        }
        _ => Ok(None),
    }
}

/// Sends a test text to `typed` through the tenant's settings, so an admin sees them work.
///
/// # Errors
///
/// `phone_invalid`, `sms_not_configured`, the caps and the provider's refusals.
pub async fn send_test(
    app: &AppState,
    tenant: &Tenant,
    locale: &str,
    typed: &str,
) -> Result<serde_json::Value> {
    let config = config(app, tenant)?.ok_or_else(|| Error::conflict("sms_not_configured"))?;
    let to = E164::parse(typed)
        .map_err(|why| Error::invalid("phone_invalid").field("phone").detail(why.code()))?;
    let provider = config.route(&to).clone();
    count_text(app, tenant, &to, None).await?;
    let text = i18n::text(locale, "sms.test", &[("tenant", tenant.name.as_str().into())]);
    if let ProviderConfig::TwilioVerify(verify) = &provider {
        sms::start_verification(&app.http, &app.options.sms_endpoints, verify, &to, Some(locale))
            .await
            .map_err(|e| refusal(&e))?;
    } else {
        deliver(app, tenant, &provider, &to, &text).await?;
    }
    Ok(json!({ "to": to.masked(), "provider": provider.kind().name() }))
}
