//! Clickatell's SMS Platform.
//!
//! Clickatell's SMS API reference ("Send message via REST integration"): `POST /messages` on
//! `https://platform.clickatell.com`, the integration's API key as the whole `Authorization`
//! header, `Content-Type` and `Accept` `application/json`, and the body
//! `{"content": "…", "to": ["2799900001"]}`: numbers in international format without `+` or
//! `00`. The answer (`202`, or `400`/`401`/`402` with the same shape) is
//! `{"messages": [{"apiMessageId", "accepted", "to", "errorCode", "error",
//! "errorDescription"}], "errorCode", "error", "errorDescription"}`: an error on the whole
//! request at the top, an error on one message in its entry.

use reqwest::Client;

use super::config::Secret;
use super::error::{ConfigError, ProviderKind, Refusal, SmsError, provider_words};
use super::phone::E164;
use super::{Endpoints, Sent, endpoint, exchange};

/// Clickatell settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClickatellConfig {
    /// The API key of a REST integration.
    pub api_key: Secret,
}

impl ClickatellConfig {
    /// Checks the fields.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the key is empty, masked, or not header-safe.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.api_key.check("apiKey")
    }
}

/// An error as Clickatell reports it, on the request or on one message.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fault {
    error_code: Option<i64>,
    error: Option<String>,
    error_description: Option<String>,
}

/// One message's fate.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    api_message_id: Option<String>,
    #[serde(default)]
    accepted: bool,
    #[serde(flatten)]
    fault: Fault,
}

/// The whole answer.
#[derive(serde::Deserialize)]
struct Reply {
    #[serde(default)]
    messages: Vec<Message>,
    #[serde(flatten)]
    fault: Fault,
}

/// Whose problem each of Clickatell's error codes is (its "Errors table"): the integration's
/// key, state, IP lock, balance, channel and sender are the account's; 18 and 19 (internal
/// errors) and 43 (rate limit) mean try later; the rest are about the message or recipient
/// (25 invalid recipient, 26 opted out, 27 and 28 not reachable, 24 and 100 too long).
fn fault(fault: Fault, status: u16) -> SmsError {
    let provider = ProviderKind::Clickatell;
    let code = fault.error_code;
    let words = fault.error_description.or(fault.error).map(|w| provider_words(&w));
    match code {
        Some(18 | 19 | 43) => {
            SmsError::Unavailable { provider, detail: words.unwrap_or_else(|| format!("HTTP {status}")) }
        }
        _ => SmsError::Refused {
            provider,
            refusal: match code {
                Some(1 | 2 | 3 | 7 | 20 | 38 | 39 | 44 | 45 | 46 | 110 | 111) => Refusal::Account,
                None if (401..=403).contains(&status) => Refusal::Account,
                _ => Refusal::Recipient,
            },
            code: code.map(|c| c.to_string()),
            message: words.unwrap_or_else(|| format!("HTTP {status}")),
        },
    }
}

/// Sends one message.
pub(super) async fn send(
    http: &Client,
    endpoints: &Endpoints,
    config: &ClickatellConfig,
    to: &E164,
    text: &str,
) -> Result<Sent, SmsError> {
    let provider = ProviderKind::Clickatell;
    let body = serde_json::json!({ "content": text, "to": [to.digits()] });
    let request = http
        .post(endpoint(provider, &endpoints.clickatell, &["messages"])?)
        .header(reqwest::header::AUTHORIZATION, config.api_key.expose())
        .header(reqwest::header::ACCEPT, "application/json")
        .json(&body);
    let answer = exchange(provider, request, endpoints.timeout).await?;
    let status = answer.status.as_u16();
    if answer.status.is_server_error() && answer.body.is_empty() {
        return Err(SmsError::Unavailable { provider, detail: format!("HTTP {status}") });
    }
    let read: Reply = match answer.json(provider) {
        Ok(read) => read,
        Err(_) if !answer.status.is_success() => {
            return Err(answer.down(provider).unwrap_or_else(|| fault(Fault::default(), status)));
        }
        Err(malformed) => return Err(malformed),
    };
    if read.fault.error_code.is_some() || read.fault.error.is_some() {
        return Err(fault(read.fault, status));
    }
    match read.messages.into_iter().next() {
        Some(message) if message.accepted && answer.status.is_success() => {
            Ok(Sent::Accepted { provider, id: message.api_message_id })
        }
        Some(message) => Err(fault(message.fault, status)),
        None => Err(answer.down(provider).unwrap_or_else(|| SmsError::Malformed {
            provider,
            detail: format!("HTTP {status} with no message and no error"),
        })),
    }
}
