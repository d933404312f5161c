//! Remembered devices: listing them, and forgetting them all ("sign out other browsers").

use serde_json::json;

use super::sessions::Session;
use super::{Actor, Client, audit};
use crate::error::Result;
use crate::model::{RememberedDevice, Stage};
use crate::state::AppState;
use crate::store;

/// The user's live remembered devices.
///
/// # Errors
///
/// Database errors.
pub async fn list(app: &AppState, session: &Session) -> Result<Vec<RememberedDevice>> {
    session.require(&[Stage::Full])?;
    let now = app.clock.now();
    Ok(store::devices::list(&mut *app.store.conn().await?, session.user.id, now).await?)
}

/// Forgets every remembered device of the user; answers how many there were.
///
/// # Errors
///
/// Database errors.
pub async fn forget_all(app: &AppState, client: &Client, session: &Session) -> Result<u64> {
    session.require(&[Stage::Full])?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let revoked = store::devices::revoke_all(&mut tx, session.user.id, now).await?;
    audit::record(
        &mut tx,
        now,
        &Actor::user(&session.user, client),
        "devices_forgotten",
        json!({ "count": revoked }),
    )
    .await?;
    tx.commit().await?;
    Ok(revoked)
}
