//! Twilio Verify: Twilio makes the code, texts it and checks it.
//!
//! Twilio's Verify API reference, on `https://verify.twilio.com`, HTTP Basic authentication
//! with the Account SID and the Auth Token, form bodies:
//! - "Start a new Verification": `POST /v2/Services/{ServiceSid}/Verifications` with `To`
//!   (E.164), `Channel=sms` and optionally `Locale`; the answer is `201` and the Verification
//!   (`sid` `VE…`, `status` `pending`).
//! - "Check a Verification": `POST /v2/Services/{ServiceSid}/VerificationCheck` with `To` and
//!   `Code` (4 to 10 characters); the answer is `200` and the check, whose `status` is
//!   `approved` for the right code and `pending` for a wrong one. A verification that has
//!   expired, was approved already or ran out of tries is deleted, and checking it answers
//!   `404`.
//!
//! Errors are Twilio's JSON error bodies, read as for Messaging.

use reqwest::{Client, StatusCode};

use super::config::Secret;
use super::error::{ConfigError, ProviderKind, SmsError};
use super::phone::E164;
use super::twilio::{refusal, sid};
use super::{Endpoints, Sent, endpoint, exchange};

/// Twilio Verify settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwilioVerifyConfig {
    /// The Account SID, `AC` and 32 hex digits.
    pub account_sid: String,
    /// The Auth Token.
    pub auth_token: Secret,
    /// The Verify Service, `VA` and 32 hex digits.
    pub service_sid: String,
}

impl TwilioVerifyConfig {
    /// Lengths of a code Verify checks ("The 4-10 character string being verified").
    pub const CODE_CHARS: std::ops::RangeInclusive<usize> = 4..=10;

    /// Checks the fields.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the first field at fault.
    pub fn validate(&self) -> Result<(), ConfigError> {
        sid(&self.account_sid, "AC", "accountSid")?;
        self.auth_token.check("authToken")?;
        sid(&self.service_sid, "VA", "serviceSid")
    }

    /// A Verify endpoint of this service.
    fn url(&self, endpoints: &Endpoints, resource: &str) -> Result<reqwest::Url, SmsError> {
        endpoint(
            ProviderKind::TwilioVerify,
            &endpoints.twilio_verify,
            &["v2", "Services", &self.service_sid, resource],
        )
    }

    /// A form request to a Verify endpoint.
    fn post(&self, http: &Client, url: reqwest::Url, form: &[(&str, &str)]) -> reqwest::RequestBuilder {
        http.post(url)
            .basic_auth(&self.account_sid, Some(self.auth_token.expose()))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(form)
    }
}

/// A locale Verify may take: a language and maybe a region (`en`, `pt-BR`, `zh-HK`).
fn plausible_locale(locale: &str) -> bool {
    let mut parts = locale.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    language.len() == 2
        && language.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()))
        && parts.next().is_none()
}

/// What Verify answers about a verification or a check.
#[derive(serde::Deserialize)]
struct Verification {
    sid: Option<String>,
    status: String,
}

/// Asks Twilio Verify to make a code and text it to `to`, in `locale` when given (`en`,
/// `ru`, `ca`: Verify has its own translations).
///
/// # Errors
///
/// [`SmsError`], as for [`send`](super::send).
pub async fn start_verification(
    http: &Client,
    endpoints: &Endpoints,
    config: &TwilioVerifyConfig,
    to: &E164,
    locale: Option<&str>,
) -> Result<Sent, SmsError> {
    config.validate()?;
    let provider = ProviderKind::TwilioVerify;
    let mut form = vec![("To", to.as_str()), ("Channel", "sms")];
    if let Some(locale) = locale.filter(|l| plausible_locale(l)) {
        form.push(("Locale", locale));
    }
    let request = config.post(http, config.url(endpoints, "Verifications")?, &form);
    let answer = exchange(provider, request, endpoints.timeout).await?;
    if !answer.status.is_success() {
        return Err(refusal(provider, &answer));
    }
    let verification: Verification = answer.json(provider)?;
    if verification.status != "pending" {
        return Err(SmsError::Malformed {
            provider,
            detail: format!("a new verification is {:?}, not pending", verification.status),
        });
    }
    Ok(Sent::Accepted { provider, id: verification.sid })
}

/// Asks Twilio Verify whether `code` is the one it sent to `to`: `true` when it approved the
/// verification. A wrong code, and a verification that no longer exists (expired, already
/// approved, out of tries), are `false`.
///
/// # Errors
///
/// [`SmsError`], as for [`send`](super::send).
pub async fn check_verification(
    http: &Client,
    endpoints: &Endpoints,
    config: &TwilioVerifyConfig,
    to: &E164,
    code: &str,
) -> Result<bool, SmsError> {
    config.validate()?;
    let provider = ProviderKind::TwilioVerify;
    if !TwilioVerifyConfig::CODE_CHARS.contains(&code.chars().count())
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        // Verify could only refuse it; a try is not spent on what cannot be a code.
        return Ok(false);
    }
    let request = config.post(
        http,
        config.url(endpoints, "VerificationCheck")?,
        &[("To", to.as_str()), ("Code", code)],
    );
    let answer = exchange(provider, request, endpoints.timeout).await?;
    if answer.status == StatusCode::NOT_FOUND {
        return Ok(false);
    }
    if !answer.status.is_success() {
        return Err(refusal(provider, &answer));
    }
    let check: Verification = answer.json(provider)?;
    Ok(check.status == "approved")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plausible_locales_are_passed_on() {
        for good in ["en", "ru", "ca", "pt-BR", "zh-HK"] {
            assert!(plausible_locale(good), "{good}");
        }
        for bad in ["", "english", "EN", "en-", "en-US-x", "e&n", "en-US&Channel=call"] {
            assert!(!plausible_locale(bad), "{bad}");
        }
    }
}
