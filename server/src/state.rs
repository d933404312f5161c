//! What every request shares: the store, the clock, the key for secrets at rest, and the
//! settings that shape how requests are handled.

use std::sync::Arc;

use ipnet::IpNet;

use crate::clock::Clock;
use crate::crypto::SecretBox;
use crate::service::hashing::Hashing;
use crate::store::Store;

/// Settings that shape how requests are handled.
#[derive(Clone, Debug)]
pub struct Options {
    /// Add `Secure` to cookies and name them `__Host-…` (behind HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// The reverse proxies whose `X-Forwarded-For` entries are believed; empty with
    /// `trust_proxy` means the one proxy the connection comes from.
    pub trusted_proxies: Vec<IpNet>,
    /// Attempts (password or code, failed or refused) one address may make in
    /// [`crate::service::lockout::ADDRESS_WINDOW_SECONDS`].
    pub ip_failure_limit: i64,
    /// Signups one address may make in an hour.
    pub signups_per_address_hour: i64,
    /// Signups one tenant may take in an hour.
    pub signups_per_tenant_hour: i64,
    /// Networks where tenants' syslog collectors and SMS webhooks may be although they are
    /// loopback, link-local or private (no others are).
    pub outbound_allow: Vec<IpNet>,
    /// The address people reach the site at: the host an origin-bound SMS code names, and
    /// the start of the links mailed to them.
    pub public_url: String,
    /// The SMS providers' base URLs (the operator's, never a tenant's).
    pub sms_endpoints: crate::delivery::sms::Endpoints,
    /// Texts one tenant may send in an hour (SMS pumping costs money).
    pub sms_per_tenant_hour: i64,
    /// Days audit events are kept.
    pub audit_retention_days: i64,
    /// The breached-password range API.
    pub breach_api: crate::delivery::breach::RangeApi,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trust_proxy: false,
            trusted_proxies: Vec::new(),
            ip_failure_limit: 50,
            signups_per_address_hour: 10,
            signups_per_tenant_hour: 200,
            outbound_allow: Vec::new(),
            public_url: "http://127.0.0.1:8080/".to_owned(),
            sms_endpoints: crate::delivery::sms::Endpoints::default(),
            sms_per_tenant_hour: 200,
            audit_retention_days: crate::service::retention::AUDIT_DAYS,
            breach_api: crate::delivery::breach::RangeApi::default(),
        }
    }
}

/// The application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The time.
    pub clock: Clock,
    /// Encrypts TOTP secrets at rest.
    pub vault: SecretBox,
    /// Request handling settings.
    pub options: Options,
    /// Where slow hashing runs.
    pub hashing: Arc<Hashing>,
    /// The HTTP client for SMS providers and the breached-password range API.
    pub http: reqwest::Client,
    /// The ranges of the breached-password API read lately.
    pub ranges: Arc<crate::delivery::breach::RangeCache>,
}
