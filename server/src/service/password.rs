//! Passwords: normalised once as typed, judged by the very core function the browser ran,
//! screened against known breaches where the policy asks, and hashed with argon2id, the slow
//! parts off the async threads; and the current one confirmed, under the locks and limits of
//! any guess, before a sensitive action.

use std::sync::Arc;

use twofold::{BreachQuery, PasswordChecker, Policy, UserContext};

use serde_json::json;

use super::hashing::{Hashing, Queue};
use super::sessions::Session;
use super::{Actor, Client, audit, lockout, refuse};
use crate::crypto;
use crate::delivery::breach::{self, RangeError};
use crate::error::{Error, Result};
use crate::model::{BreachCheck, Tenant, User};
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

/// When a fail-closed refusal says to try again, in seconds: the message says "in a minute".
const BREACH_RETRY_SECONDS: i64 = 60;

/// How often the breached-password range API knows `password`, asked once an hour at most
/// for each range; `None` when it could not be asked or did not answer with a range (logged).
pub async fn breaches(app: &AppState, password: &Password) -> Option<u64> {
    let query = BreachQuery::new(&password.0);
    let now = app.clock.now();
    let range = match &app.options.breach_api.base {
        Some(base) => {
            let url = query.range_url(base.as_str());
            match app.ranges.get(&url, now) {
                Some(range) => Ok(range),
                None => breach::fetch(&app.http, &app.options.breach_api, &query).await.map(|body| {
                    let body: Arc<str> = body.into();
                    app.ranges.put(&url, body.clone(), now);
                    body
                }),
            }
        }
        None => Err(RangeError::Unconfigured),
    };
    let counted =
        range.and_then(|range| query.count_in(&range).map_err(|e| RangeError::Malformed(e.to_string())));
    match counted {
        Ok(count) => Some(count),
        Err(why) => {
            tracing::warn!(prefix = query.prefix(), %why, "breached-password check unanswered");
            None
        }
    }
}

/// Screens a new password, already judged by the policy, against known breaches when the
/// tenant's policy sets `rejectBreached`. Every place a password is set calls it after
/// [`judge`]: signup, a change, an invitation accepted, a reset.
///
/// # Errors
///
/// `password_refused`, with the core's verdict holding the violation `breached`;
/// `breach_check_unavailable` (503, `Retry-After`) when the API did not answer and the
/// tenant is `fail-closed`; `rate_limited`; database errors.
pub async fn screen(
    app: &AppState,
    client: &Client,
    tenant: &Tenant,
    password: &Password,
    locale: &str,
) -> Result<()> {
    if !tenant.policy.reject_breached {
        return Ok(());
    }
    let Some(count) = breaches(app, password).await else {
        let refuse = tenant.settings.breach_check == BreachCheck::FailClosed;
        let mut tx = app.store.begin().await?;
        let actor = Actor { tenant_id: tenant.id, user_id: None, email: None, client: client.clone() };
        let detail = json!({ "outcome": if refuse { "refused" } else { "accepted" } });
        audit::record_repeated_with(&mut tx, app.clock.now(), &actor, "breach_check_unavailable", detail)
            .await?;
        tx.commit().await?;
        return if refuse {
            Err(Error::check_unavailable("breach_check_unavailable").retry_after(BREACH_RETRY_SECONDS))
        } else {
            Ok(())
        };
    };
    if count == 0 {
        return Ok(());
    }
    // Every other rule passed in `judge`, where the personal data was known; the verdict is
    // the same but for the breach, which only the range knew.
    let (text, policy, locale) = (password.0.clone(), tenant.policy.clone(), locale.to_owned());
    let verdict = app
        .hashing
        .run(Queue::Choose, &client.rate_key(), move || {
            PasswordChecker::new(policy, &locale)
                .map(|checker| checker.check_with_breaches(&text, &UserContext::default(), count))
        })
        .await??;
    Err(Error::PasswordRefused { verdict: serde_json::to_value(&verdict).map_err(Error::internal)? })
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
