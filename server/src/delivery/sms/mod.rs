//! SMS through the providers a tenant admin can pick (ONLYOFFICE's three and two generic
//! ones), each as its own documented HTTP API: what goes on the wire and what comes back,
//! and nothing else. Which code, to whom, how often and what to keep are the services' rules.
//!
//! | provider | request | documented in |
//! |---|---|---|
//! | `twilio` | `POST {twilio}/2010-04-01/Accounts/{AccountSid}/Messages.json`, Basic auth, form `To`, `From` or `MessagingServiceSid`, `Body` | Twilio Messaging API, Message resource |
//! | `twilioVerify` | `POST {twilioVerify}/v2/Services/{ServiceSid}/Verifications` (`To`, `Channel=sms`, `Locale`) and `…/VerificationCheck` (`To`, `Code`) | Twilio Verify API, Verification and Verification Check |
//! | `clickatell` | `POST {clickatell}/messages`, `Authorization: {apiKey}`, JSON `{"content", "to": [digits]}` | Clickatell SMS Platform, SMS API |
//! | `smsc` | `POST {smsc}/sys/send.php`, form `login`+`psw` or `apikey`, `phones`, `mes`, `fmt=3`, `charset=utf-8` | SMSC HTTP API, "Sending an SMS message" |
//! | `webhook` | `POST {url}`, JSON `{"to", "text"}`, signed: see [`webhook`](self#the-webhook) | this module |
//! | `console` | nothing: [`Sent::Outbox`] tells the caller to write the text to the outbox | — |
//!
//! # The webhook
//!
//! `POST` to the tenant's URL with `Content-Type: application/json` and the body
//! `{"to":"+79161234567","text":"…"}`, and two headers:
//!
//! - `X-Twofold-Timestamp`: unix seconds when the request was made;
//! - `X-Twofold-Signature`: `sha256=` and the lower-case hex HMAC-SHA256, keyed with the
//!   webhook's secret, of the timestamp, a `.`, and the body's bytes exactly as sent.
//!
//! A receiver recomputes the signature over the raw body, compares in constant time, and
//! refuses a timestamp more than five minutes from its clock. Any 2xx means accepted (a JSON
//! answer with a string `id` is kept as the message's id); 401 and 403 mean the signature or
//! secret was refused, other 4xx that the number or text was, 429 and 5xx that the gateway is
//! down. Redirects are not followed.

mod clickatell;
mod config;
mod error;
pub mod phone;
mod smsc;
mod twilio;
mod twilio_verify;
mod webhook;

use std::time::Duration;

use reqwest::{Client, RequestBuilder, StatusCode, Url};

pub use clickatell::ClickatellConfig;
pub use config::{ProviderConfig, Secret, SmsConfig};
pub use error::{ConfigError, ProviderKind, Refusal, SmsError};
pub use phone::{E164, PhoneError};
pub use smsc::SmscConfig;
pub use twilio::TwilioConfig;
pub use twilio_verify::{TwilioVerifyConfig, check_verification, start_verification};
pub use webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookConfig};

/// The providers' base URLs. They belong to the operator, not to tenants, so that a tenant
/// admin cannot point the server anywhere; tests point them at local fakes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Twilio's REST API (`https://api.twilio.com`).
    pub twilio: Url,
    /// Twilio Verify (`https://verify.twilio.com`).
    pub twilio_verify: Url,
    /// Clickatell's platform (`https://platform.clickatell.com`).
    pub clickatell: Url,
    /// SMSC (`https://smsc.ru`; `https://smscentre.com` is the same service abroad).
    pub smsc: Url,
    /// How long one request may take, from connecting to the last byte of the answer.
    pub timeout: Duration,
}

impl Endpoints {
    /// A request's deadline unless the operator sets another: a provider that has not
    /// answered in five seconds is treated as down, well within the wait a person accepts
    /// after pressing "send a code".
    pub const TIMEOUT: Duration = Duration::from_secs(5);
}

impl Default for Endpoints {
    /// Each provider's documented production base URL.
    fn default() -> Self {
        let url = |text: &str| Url::parse(text).unwrap_or_else(|_| unreachable!("a constant URL parses"));
        Self {
            twilio: url("https://api.twilio.com"),
            twilio_verify: url("https://verify.twilio.com"),
            clickatell: url("https://platform.clickatell.com"),
            smsc: url("https://smsc.ru"),
            timeout: Self::TIMEOUT,
        }
    }
}

/// What became of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The provider accepted it (or, for Twilio Verify, started the verification).
    Accepted {
        /// Who accepted it.
        provider: ProviderKind,
        /// The provider's id for it, when it gives one.
        id: Option<String>,
    },
    /// The console provider: nothing left the server; the caller writes this to the outbox.
    Outbox {
        /// The recipient.
        to: E164,
        /// The text.
        text: String,
    },
}

/// The most characters a text may have: SMSC takes 1000 per request, the fewest of the
/// providers (Twilio takes 1600). A code's text is a tenth of that.
pub const MAX_TEXT_CHARS: usize = 1000;

/// The largest answer read from a provider; theirs are a few hundred bytes.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The HTTP client for the providers: rustls, no redirects (a provider's answer is never a
/// redirect, and following one would leave the operator's endpoints), a connect timeout.
///
/// # Errors
///
/// The TLS set-up failed, as text for the log.
pub fn client() -> Result<Client, String> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Endpoints::TIMEOUT)
        .user_agent(concat!("twofold/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())
}

/// Sends `text` to `to` through `provider`. `allow` is the operator's list of non-public
/// networks a webhook may be on.
///
/// # Errors
///
/// [`SmsError`]: the settings are unusable, the provider refused (the number or message, or
/// the account), is down, slow or unintelligible; Twilio Verify, which sends its own texts
/// ([`start_verification`]).
pub async fn send(
    http: &Client,
    endpoints: &Endpoints,
    allow: &[ipnet::IpNet],
    provider: &ProviderConfig,
    to: &E164,
    text: &str,
) -> Result<Sent, SmsError> {
    provider.validate(allow)?;
    if text.trim().is_empty() || text.chars().count() > MAX_TEXT_CHARS {
        return Err(SmsError::TextUnsendable { max: MAX_TEXT_CHARS });
    }
    match provider {
        ProviderConfig::Twilio(config) => twilio::send(http, endpoints, config, to, text).await,
        ProviderConfig::TwilioVerify(_) => Err(SmsError::ProviderMakesCodes),
        ProviderConfig::Clickatell(config) => clickatell::send(http, endpoints, config, to, text).await,
        ProviderConfig::Smsc(config) => smsc::send(http, endpoints, config, to, text).await,
        ProviderConfig::Webhook(config) => webhook::send(config, allow, endpoints.timeout, to, text).await,
        ProviderConfig::Console {} => Ok(Sent::Outbox { to: to.clone(), text: text.to_owned() }),
    }
}

/// A code's text in the origin-bound form browsers autofill (WICG "Origin-bound one-time
/// codes delivered via SMS"; MDN, WebOTP API): the text, a blank line, and last the line
/// `@host #code`, one space between, so that the code is offered only on `host`.
pub fn origin_bound(text: &str, host: &str, code: &str) -> String {
    format!("{}\n\n@{host} #{code}", text.trim_end())
}

/// `base` with `segments` appended to its path, each percent-encoded as one segment, so that
/// no credential can add a path of its own.
fn endpoint(provider: ProviderKind, base: &Url, segments: &[&str]) -> Result<Url, SmsError> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| SmsError::Malformed { provider, detail: "the endpoint cannot take a path".to_owned() })?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// A provider's answer: its status and at most [`MAX_ANSWER_BYTES`] of its body.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

impl Answer {
    /// The body read as `T`.
    fn json<T: serde::de::DeserializeOwned>(&self, provider: ProviderKind) -> Result<T, SmsError> {
        serde_json::from_slice(&self.body).map_err(|e| SmsError::Malformed {
            provider,
            detail: format!("HTTP {}, {}", self.status.as_u16(), error::provider_words(&e.to_string())),
        })
    }

    /// The provider is down when it says so (5xx) or asks us to slow down (429).
    fn down(&self, provider: ProviderKind) -> Option<SmsError> {
        (self.status.is_server_error() || self.status == StatusCode::TOO_MANY_REQUESTS)
            .then(|| SmsError::Unavailable { provider, detail: format!("HTTP {}", self.status.as_u16()) })
    }
}

/// Sends a request within `timeout` and reads the answer.
async fn exchange(
    provider: ProviderKind,
    request: RequestBuilder,
    timeout: Duration,
) -> Result<Answer, SmsError> {
    let failed = |e: reqwest::Error| {
        if e.is_timeout() {
            SmsError::TimedOut { provider }
        } else {
            // Without the URL: the words stay about what failed, never about where to.
            let e = e.without_url();
            let what = if e.is_connect() { "could not connect" } else { "the exchange failed" };
            SmsError::Unavailable {
                provider,
                detail: format!("{what}: {}", error::provider_words(&e.to_string())),
            }
        }
    };
    let work = async {
        let mut response = request.timeout(timeout).send().await.map_err(failed)?;
        let status = response.status();
        if status.is_redirection() || status.is_informational() {
            // No provider documents one; redirects are not followed, and neither is this.
            return Err(SmsError::Malformed {
                provider,
                detail: format!("HTTP {}, not followed", status.as_u16()),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_ANSWER_BYTES {
                return Err(SmsError::Malformed { provider, detail: "the answer is too large".to_owned() });
            }
        }
        Ok(Answer { status, body })
    };
    // reqwest's own deadline covers the body too; this one also covers a stalled resolver.
    tokio::time::timeout(timeout + Duration::from_millis(100), work)
        .await
        .unwrap_or(Err(SmsError::TimedOut { provider }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_bound_codes_end_with_the_host_line() {
        let text = origin_bound("Your acme.example sign-in code is 123456.\n", "acme.example", "123456");
        assert_eq!(text, "Your acme.example sign-in code is 123456.\n\n@acme.example #123456");
        assert_eq!(text.lines().last(), Some("@acme.example #123456"));
    }

    #[test]
    fn endpoints_keep_their_base_path_and_encode_each_segment() {
        let base = Url::parse("http://127.0.0.1:9/fake/").unwrap();
        let url =
            endpoint(ProviderKind::Twilio, &base, &["2010-04-01", "Accounts", "AC/../x", "Messages.json"]);
        assert_eq!(
            url.unwrap().as_str(),
            "http://127.0.0.1:9/fake/2010-04-01/Accounts/AC%2F..%2Fx/Messages.json"
        );
    }

    #[test]
    fn default_endpoints_are_the_providers_production_hosts() {
        let endpoints = Endpoints::default();
        for (url, host) in [
            (&endpoints.twilio, "api.twilio.com"),
            (&endpoints.twilio_verify, "verify.twilio.com"),
            (&endpoints.clickatell, "platform.clickatell.com"),
            (&endpoints.smsc, "smsc.ru"),
        ] {
            assert_eq!((url.scheme(), url.host_str()), ("https", Some(host)));
        }
    }
}
