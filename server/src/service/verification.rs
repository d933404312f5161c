//! Proving an email address is its owner's: a code mailed to it, typed back. Until then no
//! notice is mailed to the address, so nobody can have the server mail someone else's inbox.

use serde_json::json;

use super::account::Account;
use super::mail_codes::{self, Check};
use super::sessions::Session;
use super::{Actor, Client, audit, lockout, notices, refuse};
use crate::error::{Error, Result};
use crate::model::Stage;
use crate::state::AppState;
use crate::store;

const PURPOSE: &str = "verify_email";

/// A code was sent.
#[derive(Debug)]
pub struct Sent {
    /// Seconds before another may be asked for.
    pub resend_after: i64,
    /// Seconds the code works.
    pub expires_in: i64,
}

/// Mails a code to the signed-in user's address.
///
/// # Errors
///
/// `email_verified_already`, `rate_limited`; database errors.
pub async fn send(app: &AppState, client: &Client, session: &Session) -> Result<Sent> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly, Stage::PasswordChange])?;
    if session.user.email_verified_at.is_some() {
        return Err(Error::conflict("email_verified_already"));
    }
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let code = mail_codes::issue(&mut tx, &app.vault, &session.user, PURPOSE, now).await?;
    notices::email_code(
        &mut tx,
        now,
        &session.tenant,
        &session.user,
        &code,
        mail_codes::LIFETIME_SECONDS / 60,
    )
    .await?;
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "email_code_sent", json!({})).await?;
    tx.commit().await?;
    Ok(Sent { resend_after: mail_codes::RESEND_SECONDS, expires_in: mail_codes::LIFETIME_SECONDS })
}

/// Checks the code the user typed; the address is theirs when it is right.
///
/// # Errors
///
/// `code_invalid`, `code_expired`, `code_tries_exhausted`, `code_missing`, `rate_limited`;
/// database errors.
pub async fn confirm(app: &AppState, client: &Client, session: &Session, code: &str) -> Result<Account> {
    session.require(&[Stage::Full, Stage::EnrollmentOnly, Stage::PasswordChange])?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let reservation = lockout::reserve(&mut tx, client, now, app.options.ip_failure_limit).await?;
    let actor = Actor::user(&session.user, client);
    match mail_codes::check(&mut tx, &app.vault, &session.user, PURPOSE, code, now).await? {
        Check::Spent => {
            lockout::give_back(&mut tx, reservation).await?;
            store::users::set_email_verified(&mut tx, session.user.id, now).await?;
            audit::record(&mut tx, now, &actor, "email_verified", json!({})).await?;
            let user = store::users::by_id(&mut tx, session.user.id)
                .await?
                .ok_or_else(|| Error::internal("the user of a session is gone"))?;
            let account = Account::of(&mut tx, user).await?;
            tx.commit().await?;
            Ok(account)
        }
        Check::Wrong => {
            audit::record(&mut tx, now, &actor, "email_code_failed", json!({})).await?;
            refuse(tx, Error::unauthenticated("code_invalid").reason("mail").field("code")).await
        }
    }
}
