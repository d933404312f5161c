//! SMSC (SMS Centre: smsc.ru, and smscentre.com abroad).
//!
//! SMSC's HTTP API, "Sending an SMS message": `GET` or `POST` `/sys/send.php` with `login`
//! and `psw`, or an `apikey` instead of the pair; `phones` (international format; with the
//! `+` SMSC does not "correct" the number), `mes` (the text, 1000 characters at the most),
//! `fmt=3` for a JSON answer and `charset=utf-8`. We `POST` a form, so that no credential is
//! in a URL. "Server response and error codes": the answer is HTTP 200 either way, with
//! `{"id": <id>, "cnt": <parts>}` on success and `{"error": "…", "error_code": N}` (and the
//! `id` for codes 3, 6, 7, 8) on failure.

use reqwest::Client;

use super::config::Secret;
use super::error::{ConfigError, ProviderKind, Refusal, SmsError, provider_words};
use super::phone::E164;
use super::{Endpoints, Sent, endpoint, exchange};

/// SMSC settings: `login` and `password`, or `apiKey`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmscConfig {
    /// The account's login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// The account's password (SMSC's `psw`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// An API key, SMSC's "simplified authorization" instead of the pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
}

impl SmscConfig {
    /// Checks the fields.
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: neither or both ways to sign in, or an empty, masked or unsafe field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        match (&self.login, &self.password, &self.api_key) {
            (None, None, Some(key)) => key.check("apiKey"),
            (_, _, Some(_)) => Err(ConfigError::SmscCredentialsAmbiguous),
            (Some(login), Some(password), None) => {
                if login.trim().is_empty() {
                    return Err(ConfigError::CredentialEmpty { field: "login" });
                }
                if login.chars().any(char::is_control) {
                    return Err(ConfigError::CredentialMalformed {
                        field: "login",
                        expected: "no control characters",
                    });
                }
                password.check("password")
            }
            (Some(_), None, None) => Err(ConfigError::CredentialEmpty { field: "password" }),
            (None, Some(_), None) => Err(ConfigError::CredentialEmpty { field: "login" }),
            (None, None, None) => Err(ConfigError::SmscCredentialsMissing),
        }
    }
}

/// SMSC's answer, success or error.
#[derive(serde::Deserialize)]
struct Reply {
    id: Option<serde_json::Value>,
    cnt: Option<u64>,
    error: Option<String>,
    error_code: Option<i64>,
}

/// Whose problem each of SMSC's error codes is: 2 (login, password or IP not allowed) and 3
/// (no funds) are the account's; 4 (the IP is blocked for a while after frequent errors) and
/// 9 (too many requests, or the same one twice in a minute) mean try later; 1 (parameters),
/// 5 (date), 6 (message forbidden), 7 (phone format) and 8 (cannot be delivered) are about the
/// message or the number.
fn refused(code: i64, error: Option<String>) -> SmsError {
    let provider = ProviderKind::Smsc;
    let message = error.map(|e| provider_words(&e)).unwrap_or_else(|| format!("error {code}"));
    match code {
        4 | 9 => SmsError::Unavailable { provider, detail: format!("error {code}: {message}") },
        2 | 3 => {
            SmsError::Refused { provider, refusal: Refusal::Account, code: Some(code.to_string()), message }
        }
        _ => {
            SmsError::Refused { provider, refusal: Refusal::Recipient, code: Some(code.to_string()), message }
        }
    }
}

/// Sends one message.
pub(super) async fn send(
    http: &Client,
    endpoints: &Endpoints,
    config: &SmscConfig,
    to: &E164,
    text: &str,
) -> Result<Sent, SmsError> {
    let provider = ProviderKind::Smsc;
    let mut form: Vec<(&str, &str)> = Vec::new();
    match (&config.login, &config.password, &config.api_key) {
        (_, _, Some(key)) => form.push(("apikey", key.expose())),
        (Some(login), Some(password), None) => {
            form.extend([("login", login.as_str()), ("psw", password.expose())])
        }
        _ => return Err(ConfigError::SmscCredentialsMissing.into()),
    }
    form.extend([("phones", to.as_str()), ("mes", text), ("fmt", "3"), ("charset", "utf-8")]);
    let request = http.post(endpoint(provider, &endpoints.smsc, &["sys", "send.php"])?).form(&form);
    let answer = exchange(provider, request, endpoints.timeout).await?;
    if let Some(down) = answer.down(provider) {
        return Err(down);
    }
    if !answer.status.is_success() {
        return Err(SmsError::Malformed { provider, detail: format!("HTTP {}", answer.status.as_u16()) });
    }
    let reply: Reply = answer.json(provider)?;
    match reply {
        Reply { error_code: Some(code), error, .. } => Err(refused(code, error)),
        Reply { id: Some(id), cnt: Some(parts), .. } if parts > 0 => Ok(Sent::Accepted {
            provider,
            id: Some(match id {
                serde_json::Value::String(id) => id,
                other => other.to_string(),
            }),
        }),
        _ => Err(SmsError::Malformed { provider, detail: "neither an id and count nor an error".to_owned() }),
    }
}
