//! Our own HTTPS webhook, for gateways none of the named providers covers. The contract is
//! in the module above and in README ("SMS providers"): a signed JSON `POST`.
//!
//! The URL is the tenant's, so the server must not become a way into the network around
//! it: the host is resolved, each address is checked ([`is_public`], or the operator's
//! allow-list), and the request goes to the address checked, not to the name again.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::{StatusCode, Url, header};
use sha2::Sha256;

use super::config::Secret;
use super::error::{ConfigError, ProviderKind, Refusal, SmsError};
use super::phone::E164;
use super::{Sent, exchange};
use crate::delivery::syslog::is_public;

/// The header with the unix seconds the request was signed at.
pub const TIMESTAMP_HEADER: &str = "X-Twofold-Timestamp";
/// The header with `sha256=` and the hex HMAC-SHA256 of `{timestamp}.{body}`.
pub const SIGNATURE_HEADER: &str = "X-Twofold-Signature";

/// Webhook settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookConfig {
    /// Where to `POST`: `https`, or `http` to a network the operator allows.
    pub url: String,
    /// The key of the HMAC-SHA256 signature.
    pub secret: Secret,
}

/// The URL's host as an address, when it is one (IPv6 in the brackets URLs write it in).
fn literal(url: &Url) -> Option<IpAddr> {
    url.host_str()?.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// Whether `ip` is in one of the operator's networks.
fn allowed(ip: IpAddr, allow: &[ipnet::IpNet]) -> bool {
    let ip = ip.to_canonical();
    allow.iter().any(|net| net.contains(&ip))
}

impl WebhookConfig {
    /// The shortest secret: 16 random characters are about 96 bits, out of reach of an
    /// offline search from one signed request.
    pub const MIN_SECRET_CHARS: usize = 16;

    /// Checks the fields. Plain `http` passes only for a host in `allow`, or a name while
    /// the operator allows some network (what the name resolves to is checked at sending).
    ///
    /// # Errors
    ///
    /// [`ConfigError`]: the URL or the secret.
    pub fn validate(&self, allow: &[ipnet::IpNet]) -> Result<(), ConfigError> {
        let url = Url::parse(&self.url).map_err(|_| ConfigError::WebhookUrlMalformed)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ConfigError::WebhookUrlHasCredentials);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ConfigError::WebhookUrlMalformed);
        }
        let http_permitted = match literal(&url) {
            Some(ip) => allowed(ip, allow),
            None => !allow.is_empty(),
        };
        match url.scheme() {
            "https" => {}
            "http" if http_permitted => {}
            _ => return Err(ConfigError::WebhookUrlNotHttps),
        }
        self.secret.check("secret")?;
        if self.secret.expose().chars().count() < Self::MIN_SECRET_CHARS {
            return Err(ConfigError::CredentialMalformed {
                field: "secret",
                expected: "at least 16 characters",
            });
        }
        Ok(())
    }
}

/// The `X-Twofold-Signature` value for a body sent at `timestamp`.
fn signature(secret: &Secret, timestamp: u64, body: &[u8]) -> Result<String, SmsError> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
        .map_err(|_| ConfigError::CredentialEmpty { field: "secret" })?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256={hex}"))
}

/// The address to connect to: the first the URL's host resolves to that is public or in
/// `allow` (for plain `http`, only in `allow`).
async fn resolve(url: &Url, allow: &[ipnet::IpNet], timeout: Duration) -> Result<SocketAddr, SmsError> {
    let name = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().ok_or(ConfigError::WebhookUrlMalformed)?;
    let candidates: Vec<SocketAddr> = match literal(url) {
        Some(ip) => vec![SocketAddr::new(ip, port)],
        None => {
            let lookup = tokio::time::timeout(timeout, tokio::net::lookup_host((name.clone(), port))).await;
            match lookup {
                Ok(Ok(found)) => found.collect(),
                _ => return Err(SmsError::WebhookUnresolved { host: name }),
            }
        }
    };
    let plain = url.scheme() == "http";
    let usable = |a: &&SocketAddr| allowed(a.ip(), allow) || (!plain && is_public(a.ip()));
    match candidates.iter().find(usable) {
        Some(address) => Ok(*address),
        None if candidates.is_empty() => Err(SmsError::WebhookUnresolved { host: name }),
        None => Err(SmsError::WebhookAddressRefused { host: name }),
    }
}

/// What a gateway may answer: an id for the message, or nothing.
#[derive(serde::Deserialize)]
struct Reply {
    id: Option<String>,
}

/// Sends one message.
pub(super) async fn send(
    config: &WebhookConfig,
    allow: &[ipnet::IpNet],
    timeout: Duration,
    to: &E164,
    text: &str,
) -> Result<Sent, SmsError> {
    let provider = ProviderKind::Webhook;
    let url = Url::parse(&config.url).map_err(|_| ConfigError::WebhookUrlMalformed)?;
    let address = resolve(&url, allow, timeout).await?;
    // A client of its own for this one request: pinned to the address checked, and with no
    // proxy, which would resolve the name again, and no redirect, which could lead anywhere.
    let mut client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .user_agent(concat!("twofold/", env!("CARGO_PKG_VERSION")));
    if literal(&url).is_none() {
        client = client.resolve(url.host_str().unwrap_or_default(), address);
    }
    let client = client.build().map_err(|e| SmsError::Unavailable {
        provider,
        detail: format!("no HTTP client: {}", super::error::provider_words(&e.to_string())),
    })?;
    let body = serde_json::to_vec(&serde_json::json!({ "to": to.as_str(), "text": text }))
        .map_err(|_| SmsError::TextUnsendable { max: super::MAX_TEXT_CHARS })?;
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let request = client
        .post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature(&config.secret, timestamp, &body)?)
        .body(body);
    let answer = exchange(provider, request, timeout).await?;
    if let Some(down) = answer.down(provider) {
        return Err(down);
    }
    let status = answer.status;
    if status.is_success() {
        let id = serde_json::from_slice::<Reply>(&answer.body).ok().and_then(|r| r.id);
        return Ok(Sent::Accepted { provider, id });
    }
    let refusal = if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        Refusal::Account
    } else {
        Refusal::Recipient
    };
    Err(SmsError::Refused {
        provider,
        refusal,
        code: Some(status.as_u16().to_string()),
        message: format!("HTTP {}", status.as_u16()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn webhook(url: &str) -> WebhookConfig {
        WebhookConfig { url: url.to_owned(), secret: Secret::new("0123456789abcdef0123") }
    }

    #[test]
    fn a_webhook_is_https_unless_the_operator_allows_the_network() {
        let local: Vec<ipnet::IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        assert_eq!(webhook("https://sms.example.com/hook").validate(&[]), Ok(()));
        assert_eq!(
            webhook("http://sms.example.com/hook").validate(&[]),
            Err(ConfigError::WebhookUrlNotHttps)
        );
        assert_eq!(webhook("http://127.0.0.1:8080/hook").validate(&[]), Err(ConfigError::WebhookUrlNotHttps));
        assert_eq!(webhook("http://127.0.0.1:8080/hook").validate(&local), Ok(()));
        assert_eq!(webhook("http://10.0.0.1/hook").validate(&local), Err(ConfigError::WebhookUrlNotHttps));
        assert_eq!(
            webhook("ftp://sms.example.com/hook").validate(&local),
            Err(ConfigError::WebhookUrlNotHttps)
        );
        assert_eq!(webhook("sms.example.com/hook").validate(&[]), Err(ConfigError::WebhookUrlMalformed));
        assert_eq!(
            webhook("https://user:pw@sms.example.com/").validate(&[]),
            Err(ConfigError::WebhookUrlHasCredentials)
        );
        let short = WebhookConfig { secret: Secret::new("short"), ..webhook("https://sms.example.com/") };
        assert!(matches!(short.validate(&[]), Err(ConfigError::CredentialMalformed { field: "secret", .. })));
    }

    #[tokio::test]
    async fn a_webhook_goes_only_to_public_or_allowed_addresses() {
        let timeout = Duration::from_secs(3);
        let url = |u: &str| Url::parse(u).unwrap();
        let local: Vec<ipnet::IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        for refused in [
            "https://127.0.0.1/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://169.254.169.254/",
        ] {
            assert!(
                matches!(
                    resolve(&url(refused), &[], timeout).await,
                    Err(SmsError::WebhookAddressRefused { .. })
                ),
                "{refused}"
            );
        }
        assert_eq!(resolve(&url("https://8.8.8.8/"), &[], timeout).await, Ok("8.8.8.8:443".parse().unwrap()));
        assert_eq!(
            resolve(&url("http://8.8.8.8/"), &local, timeout).await.ok(),
            None,
            "http needs an allowed address"
        );
        assert_eq!(
            resolve(&url("http://127.0.0.1:81/"), &local, timeout).await,
            Ok("127.0.0.1:81".parse().unwrap())
        );
        let named = resolve(&url("https://localhost/"), &[], timeout).await;
        assert!(
            matches!(named, Err(SmsError::WebhookAddressRefused { .. })),
            "a name is judged by its addresses"
        );
        let unresolved = resolve(&url("https://no-such-host.invalid/"), &[], timeout).await;
        assert!(matches!(unresolved, Err(SmsError::WebhookUnresolved { .. })));
    }
}
