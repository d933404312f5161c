//! Work done on a timer: reporting abandoned second steps, forwarding audit events to syslog
//! collectors, delivering the outbox.

use std::time::Duration;

use crate::error::ApiResult;
use crate::outbox::Smtp;
use crate::state::AppState;

/// Reports expired second steps once.
///
/// # Errors
///
/// Database errors.
pub async fn sweep_once(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now();
    state.db.transaction(move |tx| crate::signin::sweep_partial_signins(tx, now)).await
}

/// Forwards audit events after `after_id` to their tenants' collectors, one connection per
/// collector; returns the new cursor.
///
/// # Errors
///
/// Database errors (a collector that does not answer is logged and skipped).
pub async fn forward_once(state: &AppState, after_id: i64) -> ApiResult<i64> {
    let rows = state.db.call(move |conn| crate::audit::to_forward(conn, after_id)).await?;
    let mut cursor = after_id;
    let mut batches: std::collections::BTreeMap<String, (String, Vec<String>)> = Default::default();
    for (slug, target, event) in rows {
        cursor = cursor.max(event.id);
        let line = crate::syslog::line(&event, &slug);
        batches.entry(target).or_insert_with(|| (slug, Vec::new())).1.push(line);
    }
    for (target, (slug, lines)) in batches {
        let Some(target) = crate::syslog::Target::parse(&target) else { continue };
        if let Err(error) = target.send(&lines).await {
            tracing::warn!(tenant = %slug, %error, lines = lines.len(), "could not forward audit events");
        }
    }
    Ok(cursor)
}

/// Hands pending messages to the relay once; returns how many it accepted.
///
/// # Errors
///
/// Database errors.
pub async fn deliver_once(state: &AppState, smtp: &Smtp) -> ApiResult<usize> {
    let pending = state.db.call(|conn| crate::outbox::pending(conn)).await?;
    let mut delivered = 0;
    for message in pending {
        let result = smtp.send(&message).await;
        if let Err(error) = &result {
            tracing::warn!(id = message.id, %error, "could not deliver a message");
        }
        let at = result.is_ok().then(|| state.clock.now());
        delivered += usize::from(at.is_some());
        state.db.call(move |conn| crate::outbox::mark(conn, message.id, at)).await?;
    }
    Ok(delivered)
}

/// Starts the timers, each on its own task so a slow collector or relay delays only itself.
/// Audit forwarding begins after the newest event at start.
pub fn spawn(state: AppState, smtp: Option<Smtp>) {
    let every = |seconds| {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick
    };
    let sweeper = state.clone();
    tokio::spawn(async move {
        let mut tick = every(2);
        loop {
            tick.tick().await;
            if let Err(error) = sweep_once(&sweeper).await {
                tracing::warn!(?error, "sweeping partial sign-ins");
            }
        }
    });
    let forwarder = state.clone();
    tokio::spawn(async move {
        let newest = forwarder
            .db
            .call(|conn| Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM audit", [], |r| r.get(0))?));
        let mut cursor: i64 = newest.await.unwrap_or(0);
        let mut tick = every(2);
        loop {
            tick.tick().await;
            match forward_once(&forwarder, cursor).await {
                Ok(next) => cursor = next,
                Err(error) => tracing::warn!(?error, "forwarding audit events"),
            }
        }
    });
    if let Some(smtp) = smtp {
        tokio::spawn(async move {
            let mut tick = every(5);
            loop {
                tick.tick().await;
                if let Err(error) = deliver_once(&state, &smtp).await {
                    tracing::warn!(?error, "delivering the outbox");
                }
            }
        });
    }
}
