//! Passwords: normalised once as typed, judged by the very core function the browser ran,
//! and hashed with argon2id, all off the async threads; and the current one confirmed,
//! under the locks and limits of any guess, before a sensitive action.

use std::sync::Arc;

use twofold::{Policy, UserContext};

use serde_json::json;

use super::hashing::{Hashing, Queue};
use super::sessions::Session;
use super::{Actor, Client, audit, lockout, refuse};
use crate::crypto;
use crate::error::{Error, Result};
use crate::model::User;
use crate::state::AppState;
use crate::store;

/// The longest password read: beyond it nobody is typing, and hashing it still costs the same.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// A password as typed, NFKC-normalised once: what every rule judges and what is hashed.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    /// A new password someone is choosing.
    ///
    /// # Errors
    ///
    /// `password_too_large` beyond [`MAX_PASSWORD_BYTES`].
    pub fn new(typed: &str) -> Result<Self> {
        if typed.len() > MAX_PASSWORD_BYTES {
            return Err(Error::invalid("password_too_large").with("max", MAX_PASSWORD_BYTES));
        }
        Ok(Self(twofold::nfkc(typed)))
    }

    /// A password someone offers to prove who they are; `None` when it is too large to be
    /// anyone's, which is then simply wrong.
    pub fn offered(typed: &str) -> Option<Self> {
        Self::new(typed).ok()
    }
}

/// Judges a new password against the policy, with the context's personal data, in the
/// request's language, for the client `address` (its rate key).
///
/// # Errors
///
/// `password_refused` with the core's verdict; `rate_limited` when the address has its
/// hashes in flight.
pub async fn judge(
    hashing: &Arc<Hashing>,
    address: &str,
    password: &Password,
    policy: &Policy,
    context: UserContext,
    locale: &str,
) -> Result<()> {
    let (text, policy, locale) = (password.0.clone(), policy.clone(), locale.to_owned());
    hashing
        .run(Queue::Choose, address, move || {
            let verdict = twofold::check_password(&text, &policy, &context, &locale)?;
            if verdict.accepted {
                return Ok(());
            }
            Err(Error::PasswordRefused { verdict: serde_json::to_value(&verdict).map_err(Error::internal)? })
        })
        .await?
}

/// Whether a password someone just proved theirs passes `policy`: the very verdict a new one
/// gets, in the sign-in queue, since a sign-in asks for it.
///
/// # Errors
///
/// `rate_limited` when the address has its work in flight; `policy_invalid` (never for a
/// stored policy).
pub async fn passes(
    hashing: &Arc<Hashing>,
    address: &str,
    password: &Password,
    policy: &Policy,
    context: UserContext,
) -> Result<bool> {
    let (text, policy) = (password.0.clone(), policy.clone());
    let verdict = hashing
        .run(Queue::Verify, address, move || twofold::check_password(&text, &policy, &context, "en"))
        .await??;
    Ok(verdict.accepted)
}

/// The argon2id hash of a password being chosen.
///
/// # Errors
///
/// `rate_limited`; internal errors.
pub async fn hash(hashing: &Arc<Hashing>, address: &str, password: &Password) -> Result<String> {
    let text = password.0.clone();
    hashing.run(Queue::Choose, address, move || crypto::hash_password(&text)).await?
}

/// Whether `password` is the one `hash` was made of. An absent password (one too large to
/// be anyone's) is wrong without hashing: its size already says so to whoever sent it.
///
/// # Errors
///
/// `rate_limited`; internal errors.
pub async fn matches(
    hashing: &Arc<Hashing>,
    address: &str,
    password: Option<&Password>,
    hash: String,
) -> Result<bool> {
    let text = password.map(|p| p.0.clone());
    hashing
        .run(Queue::Verify, address, move || text.is_some_and(|text| crypto::verify_password(&text, &hash)))
        .await
}

/// Whether `password` is any of `hashes` (the history a policy keeps, and the current one).
///
/// # Errors
///
/// `rate_limited`; internal errors.
pub async fn matches_any(
    hashing: &Arc<Hashing>,
    address: &str,
    password: &Password,
    hashes: Vec<String>,
) -> Result<bool> {
    let text = password.0.clone();
    hashing
        .run(Queue::Choose, address, move || hashes.iter().any(|h| crypto::verify_password(&text, h)))
        .await
}

/// Checks the signed-in user's current password before a sensitive action, with the locks
/// and limits of any password guess: a wrong one is audited as `password_failed` `during`
/// the action, counts towards the lock, and is refused naming `field`. Answers the user as
/// read now.
///
/// # Errors
///
/// `locked`, `rate_limited`, `password_wrong`; database errors.
pub async fn confirm_current(
    app: &AppState,
    client: &Client,
    session: &Session,
    typed: &str,
    during: &str,
    field: &'static str,
) -> Result<User> {
    let now = app.clock.now();
    let user = store::users::by_id(&mut *app.store.conn().await?, session.user.id)
        .await?
        .ok_or_else(|| Error::internal("user gone"))?;
    lockout::check_unlocked(&user, now)?;
    let reservation = {
        let mut tx = app.store.begin().await?;
        let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
        tx.commit().await?;
        reservation
    };
    let offered = Password::offered(typed);
    let right =
        matches(&app.hashing, &client.rate_key(), offered.as_ref(), user.password_hash.clone()).await?;
    if !right {
        let mut tx = app.store.begin().await?;
        let actor = Actor::user(&user, client);
        audit::record(&mut tx, now, &actor, "password_failed", json!({ "during": during })).await?;
        let refusal = match lockout::record_failure(&mut tx, &session.tenant, &user, &actor, now).await? {
            Some(until) => Error::Locked { until },
            None => Error::unauthenticated("password_wrong").field(field),
        };
        return refuse(tx, refusal).await;
    }
    lockout::give_back(&mut *app.store.conn().await?, reservation).await?;
    Ok(user)
}
