//! Twilio Programmable Messaging: we make the code, Twilio carries the text.
//!
//! Twilio's Messaging API reference, "Create a Message resource":
//! `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` on `https://api.twilio.com`, HTTP
//! Basic authentication with the Account SID and the Auth Token, a form body with `To`
//! (E.164), `Body`, and the sender as `From` or `MessagingServiceSid`. The answer is `201`
//! and the Message resource (`sid` `SM…`, `status` `queued` or `accepted`). Errors are JSON
//! (Twilio's "API responses" page): `{"code": 21211, "message": "…", "more_info": "…",
//! "status": 400}`.

use reqwest::{Client, StatusCode};

use super::config::Secret;
use super::error::{ConfigError, ProviderKind, Refusal, SmsError, provider_words};
use super::phone::E164;
use super::{Answer, Endpoints, Sent, endpoint, exchange};

/// Twilio Messaging settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwilioConfig {
    /// The Account SID, `AC` and 32 hex digits.
    pub account_sid: String,
    /// The Auth Token.
    pub auth_token: Secret,
    /// The sender: a Twilio number in E.164, a short code or an alphanumeric sender ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Or a Messaging Service, `MG` and 32 hex digits, which picks the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
}

impl TwilioConfig {
    /// Checks the fields.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the first field at fault.
    pub fn validate(&self) -> Result<(), ConfigError> {
        sid(&self.account_sid, "AC", "accountSid")?;
        self.auth_token.check("authToken")?;
        match (&self.from, &self.messaging_service_sid) {
            (Some(_), Some(_)) => Err(ConfigError::TwilioSenderAmbiguous),
            (None, None) => Err(ConfigError::TwilioSenderMissing),
            (None, Some(service)) => sid(service, "MG", "messagingServiceSid"),
            (Some(from), None) => sender(from),
        }
    }
}

/// Checks a Twilio SID: its two-letter prefix and 32 hex digits (the pattern each resource's
/// reference gives, e.g. `^AC[0-9a-fA-F]{32}$`). It goes into a URL path, so nothing else
/// may pass.
pub(super) fn sid(value: &str, prefix: &'static str, field: &'static str) -> Result<(), ConfigError> {
    let expected = "a Twilio SID: its two letters (AC, MG, VA) and 32 hex digits";
    if value.is_empty() {
        return Err(ConfigError::CredentialEmpty { field });
    }
    match value.strip_prefix(prefix) {
        Some(hex) if hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) => Ok(()),
        _ => Err(ConfigError::CredentialMalformed { field, expected }),
    }
}

/// A `From`: a number in E.164, a short code (digits), or an alphanumeric sender ID of at
/// most 11 letters, digits and spaces (Twilio's "Alphanumeric Sender ID" rules).
fn sender(from: &str) -> Result<(), ConfigError> {
    let field = "from";
    if from.trim().is_empty() {
        return Err(ConfigError::CredentialEmpty { field });
    }
    let number = from.starts_with('+') && E164::parse(from).is_ok_and(|n| n.as_str() == from);
    let short_code = (5..=6).contains(&from.len()) && from.chars().all(|c| c.is_ascii_digit());
    let alphanumeric = from.len() <= 11
        && from.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && from.chars().any(|c| c.is_ascii_alphabetic());
    if number || short_code || alphanumeric {
        Ok(())
    } else {
        Err(ConfigError::CredentialMalformed {
            field,
            expected: "an E.164 number, a short code or a sender ID of up to 11 letters and digits",
        })
    }
}

/// What Twilio's error body says, when it says it.
#[derive(serde::Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
}

/// Twilio's error codes that are about the account rather than the message, from its error
/// dictionary: 20003 authentication failed, 20005 account not active.
const ACCOUNT_CODES: [i64; 2] = [20003, 20005];

/// The refusal in a non-2xx answer from Twilio (Messaging or Verify). Rejected credentials
/// (401), missing permissions (403) and unknown SIDs (404) are the account's problem; other
/// 4xx (an invalid `To`, an unsubscribed recipient, a region not reachable) the message's.
pub(super) fn refusal(provider: ProviderKind, answer: &Answer) -> SmsError {
    if let Some(down) = answer.down(provider) {
        return down;
    }
    let error: Option<TwilioError> = serde_json::from_slice(&answer.body).ok();
    let code = error.as_ref().and_then(|e| e.code);
    let account =
        matches!(answer.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
            || code.is_some_and(|c| ACCOUNT_CODES.contains(&c));
    SmsError::Refused {
        provider,
        refusal: if account { Refusal::Account } else { Refusal::Recipient },
        code: code.map(|c| c.to_string()),
        message: error
            .and_then(|e| e.message)
            .map(|m| provider_words(&m))
            .unwrap_or_else(|| format!("HTTP {}", answer.status.as_u16())),
    }
}

/// The created Message resource; only its SID matters here.
#[derive(serde::Deserialize)]
struct Message {
    sid: String,
}

/// Sends one message.
pub(super) async fn send(
    http: &Client,
    endpoints: &Endpoints,
    config: &TwilioConfig,
    to: &E164,
    text: &str,
) -> Result<Sent, SmsError> {
    let provider = ProviderKind::Twilio;
    let url = endpoint(
        provider,
        &endpoints.twilio,
        &["2010-04-01", "Accounts", &config.account_sid, "Messages.json"],
    )?;
    let mut form = vec![("To", to.as_str()), ("Body", text)];
    if let Some(from) = &config.from {
        form.push(("From", from));
    } else if let Some(service) = &config.messaging_service_sid {
        form.push(("MessagingServiceSid", service));
    }
    let request = http
        .post(url)
        .basic_auth(&config.account_sid, Some(config.auth_token.expose()))
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&form);
    let answer = exchange(provider, request, endpoints.timeout).await?;
    if !answer.status.is_success() {
        return Err(refusal(provider, &answer));
    }
    let message: Message = answer.json(provider)?;
    Ok(Sent::Accepted { provider, id: Some(message.sid) })
}
