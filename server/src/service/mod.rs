//! The rules: accounts, sign-in and its stages, second factors, lockout, audit and notices.
//! A service takes the application state and plain values, reads and writes through the
//! store, and answers plain values or an [`Error`](crate::error::Error). It holds no SQL and
//! knows nothing of HTTP.
//!
//! Writes happen in a transaction that the service commits itself, visibly: where a refusal
//! keeps what it wrote (an audit row, a failure count), the call site says so with
//! [`refuse`]; anything else that goes wrong drops the transaction, which rolls it back.

mod account;
mod actor;

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod background;
pub mod compliance;
pub mod demo;
pub mod devices;
pub mod enrollment;
pub mod factors;
pub mod hashing;
pub mod identifiers;
pub mod invitations;
pub mod links;
pub mod lockout;
pub mod mail_codes;
pub mod notices;
pub mod operator;
pub mod password;
pub mod password_reset;
pub mod retention;
pub mod sessions;
pub mod signin;
pub mod sms;
pub mod tenants;
pub mod tokens;
pub mod two_factor;
pub mod verification;

pub use account::Account;
pub use actor::{Actor, Client};

use crate::error::{Error, Result};
use crate::store::Tx;

/// Commits what a refusal keeps (its audit row, the failure it counted), then refuses.
///
/// # Errors
///
/// `why`, or the database's error if the commit fails.
pub async fn refuse<T>(tx: Tx, why: Error) -> Result<T> {
    tx.commit().await?;
    Err(why)
}
