//! What every request shares: the store, the clock, the key for secrets at rest, and the
//! settings that shape how requests are handled.

use crate::clock::Clock;
use crate::crypto::SecretBox;
use crate::store::Store;

/// Settings that shape how requests are handled.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Add `Secure` to cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// Failed attempts one address may make in [`crate::service::lockout::ADDRESS_WINDOW_SECONDS`].
    pub ip_failure_limit: i64,
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
}
