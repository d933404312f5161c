//! How long what is written is kept: audit events a year, messages a month once delivered or
//! given up, and the rest (sessions, remembered devices, failure windows, codes, counts for
//! unknown emails, API tokens expired or revoked) until shortly after it stops mattering. A
//! sweep deletes in batches, so that it never holds a long lock, and any instance may run it.

use crate::error::Result;
use crate::state::AppState;
use crate::store::{self, Tx};

/// How long audit events are kept when the operator does not say.
pub const AUDIT_DAYS: i64 = 365;
/// How long delivered (or given-up) messages are kept.
pub const OUTBOX_DAYS: i64 = 30;
/// How long what has expired is kept, for a look at what just happened.
const EXPIRED_DAYS: i64 = 1;
/// How long a forgotten or expired device, or an unknown email's count, stays.
const STALE_DAYS: i64 = 30;
/// Rows deleted in one statement.
const BATCH: i64 = 5000;

/// What a sweep deleted, per kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Audit events.
    pub audit: u64,
    /// Outbox messages.
    pub outbox: u64,
    /// Sessions.
    pub sessions: u64,
    /// Remembered devices.
    pub devices: u64,
    /// Rate windows.
    pub windows: u64,
    /// Mailed codes.
    pub codes: u64,
    /// Counts for unknown emails.
    pub unknown: u64,
    /// API tokens expired or revoked a while ago.
    pub tokens: u64,
    /// Invitations, a while after they lapsed.
    pub invitations: u64,
    /// Password reset links.
    pub resets: u64,
}

/// Deletes in batches until a batch comes back short.
async fn drain<F>(app: &AppState, mut batch: F) -> Result<u64>
where
    F: for<'c> FnMut(
        &'c mut Tx,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = store::StoreResult<u64>> + Send + 'c>,
    >,
{
    let mut total = 0;
    loop {
        let mut tx = app.store.begin().await?;
        let deleted = batch(&mut tx).await?;
        tx.commit().await?;
        total += deleted;
        if deleted < u64::try_from(BATCH).unwrap_or(u64::MAX) {
            return Ok(total);
        }
    }
}

/// Runs one sweep with `audit_days` of audit kept.
///
/// # Errors
///
/// Database errors.
pub async fn sweep_once(app: &AppState, audit_days: i64) -> Result<Swept> {
    let now = app.clock.now();
    let day = 86_400;
    let audit_before = now - audit_days * day;
    let outbox_before = now - OUTBOX_DAYS * day;
    let expired = now - EXPIRED_DAYS * day;
    let stale = now - STALE_DAYS * day;
    Ok(Swept {
        audit: drain(app, |tx| Box::pin(store::audit::sweep(tx, audit_before, BATCH))).await?,
        outbox: drain(app, |tx| {
            Box::pin(store::outbox::sweep(tx, outbox_before, super::background::MAX_ATTEMPTS, BATCH))
        })
        .await?,
        sessions: drain(app, |tx| Box::pin(store::sessions::sweep(tx, expired, BATCH))).await?,
        devices: drain(app, |tx| Box::pin(store::devices::sweep(tx, stale, BATCH))).await?,
        windows: drain(app, |tx| Box::pin(store::rate_windows::sweep(tx, expired, BATCH))).await?,
        codes: drain(app, |tx| Box::pin(store::mail_codes::sweep(tx, expired, BATCH))).await?,
        unknown: drain(app, |tx| Box::pin(store::unknown_accounts::sweep(tx, stale, BATCH))).await?,
        tokens: drain(app, |tx| Box::pin(store::api_tokens::sweep(tx, stale, BATCH))).await?,
        // Kept a month, so that a late click is told "expired" rather than "unknown".
        invitations: drain(app, |tx| Box::pin(store::invitations::sweep(tx, stale, BATCH))).await?,
        resets: drain(app, |tx| Box::pin(store::password_resets::sweep(tx, expired, BATCH))).await?,
    })
}
