//! The vocabulary every layer shares: tenants and their settings, users and their roles, the
//! stages of a session, audit events and messages. Plain data, with only the rules that are
//! about the data itself (is this address allowed, what is this email's key).

mod audit;
mod device;
mod factor;
mod identifier;
mod mailbox;
mod message;
mod session;
mod syslog_target;
mod tenant;
mod token;
mod user;

pub use audit::{AuditEvent, AuditFilter, NewEvent};
pub use device::RememberedDevice;
pub use factor::{Authenticator, FactorKind, TwoFactorScope};
pub use identifier::{
    Identifier, Login, LoginError, MAX_IDENTIFIER_BYTES, MAX_LOGIN_CHARS, MIN_LOGIN_CHARS, email_sign_in_key,
    login_key,
};
pub use mailbox::{Mailbox, MailboxError};
pub use message::{Message, NewMessage};
pub use session::Stage;
pub use syslog_target::SyslogTarget;
pub use tenant::{BreachCheck, Settings, Tenant};
pub use token::{ApiToken, Scope};
pub use user::{Role, Status, User, UserSummary, email_key};
