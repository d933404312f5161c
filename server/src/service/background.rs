//! Work done on a timer, by every instance at once without doing anything twice: reporting
//! abandoned second steps, forwarding audit events to syslog collectors, delivering the
//! outbox. Each takes its work with a claim the store makes atomic.

use std::time::Duration;

use crate::delivery::smtp::Smtp;
use crate::delivery::syslog;
use crate::error::Result;
use crate::model::{AuditFilter, SyslogTarget};
use crate::state::AppState;
use crate::store;

/// How long a claimed message or forwarding cursor stays another instance's: longer than a
/// delivery can take (the SMTP and syslog timeouts are 10 and 3 seconds).
const LEASE_SECONDS: i64 = 60;
/// Deliveries tried before a message is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// Events are forwarded once they are this old: an event is numbered when its transaction
/// writes it but seen when it commits, so a younger one could still be joined by an older
/// number, which a cursor would then skip.
pub const FORWARD_SETTLE_SECONDS: i64 = 10;
/// Events sent to one collector at a time.
const FORWARD_BATCH: i64 = 500;

/// Reports expired second steps once; answers how many.
///
/// # Errors
///
/// Database errors.
pub async fn sweep_once(app: &AppState) -> Result<usize> {
    super::signin::sweep_partial_sign_ins(app).await
}

/// Forwards the settled events of every tenant with a collector, the tenants in parallel so
/// that a slow collector holds up only its own; answers how many lines went out.
///
/// # Errors
///
/// Database errors (a collector that does not answer is logged, and its events are tried
/// again next time).
pub async fn forward_once(app: &AppState) -> Result<usize> {
    let now = app.clock.now();
    let cursors = {
        let mut tx = app.store.begin().await?;
        let cursors = store::syslog_cursors::lease(&mut tx, now, now + LEASE_SECONDS).await?;
        tx.commit().await?;
        cursors
    };
    let sent = futures_util::future::join_all(
        cursors.into_iter().map(|(tenant_id, last_id)| forward_tenant(app, tenant_id, last_id, now)),
    )
    .await;
    sent.into_iter().try_fold(0, |total, sent| Ok(total + sent?))
}

/// Forwards one tenant's settled events after `last_id`, and moves its cursor over what went
/// out (and only that).
async fn forward_tenant(app: &AppState, tenant_id: i64, last_id: i64, now: i64) -> Result<usize> {
    let mut conn = app.store.conn().await?;
    let Some(tenant) = store::tenants::by_id(&mut conn, tenant_id).await? else { return Ok(0) };
    let filter = AuditFilter { until: Some(now - FORWARD_SETTLE_SECONDS), ..AuditFilter::default() };
    let events = store::audit::after(&mut conn, tenant_id, &filter, last_id, FORWARD_BATCH).await?;
    drop(conn);
    let target = tenant.settings.syslog_target.as_deref().and_then(SyslogTarget::parse);
    let lines: Vec<String> = events.iter().map(|e| syslog::line(e, &tenant.slug)).collect();
    let mut sent = 0;
    let next = match (&target, events.last()) {
        (Some(target), Some(last)) => {
            let outcome = match syslog::resolve(target, &app.options.syslog_allow).await {
                Ok(address) => syslog::send(target, address, &lines).await,
                Err(unusable) => Err(format!("{unusable:?}")),
            };
            match outcome {
                Ok(()) => {
                    sent = lines.len();
                    last.id
                }
                Err(error) => {
                    tracing::warn!(tenant = %tenant.slug, %error, lines = lines.len(), "could not forward audit events");
                    last_id
                }
            }
        }
        _ => last_id,
    };
    let mut tx = app.store.begin().await?;
    store::syslog_cursors::advance(&mut tx, tenant_id, next).await?;
    tx.commit().await?;
    Ok(sent)
}

/// Hands pending messages to the relay once; answers how many it accepted.
///
/// # Errors
///
/// Database errors.
pub async fn deliver_once(app: &AppState, smtp: &Smtp) -> Result<usize> {
    let now = app.clock.now();
    let messages = {
        let mut tx = app.store.begin().await?;
        let messages = store::outbox::lease(&mut tx, now, now + LEASE_SECONDS, MAX_ATTEMPTS, 50).await?;
        tx.commit().await?;
        messages
    };
    let mut delivered = 0;
    for message in messages {
        match smtp.send(&message).await {
            Ok(()) => {
                let mut tx = app.store.begin().await?;
                store::outbox::delivered(&mut tx, message.id, app.clock.now()).await?;
                tx.commit().await?;
                delivered += 1;
            }
            // The lease runs out and the message is tried again then.
            Err(error) => tracing::warn!(id = message.id, %error, "could not deliver a message"),
        }
    }
    Ok(delivered)
}

/// Starts the timers, each on its own task so a slow collector or relay delays only itself.
pub fn spawn(app: AppState, smtp: Option<Smtp>) {
    fn every(seconds: u64) -> tokio::time::Interval {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick
    }
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut tick = every(2);
        loop {
            tick.tick().await;
            if let Err(error) = sweep_once(&sweeper).await {
                tracing::warn!(?error, "sweeping partial sign-ins");
            }
        }
    });
    let forwarder = app.clone();
    tokio::spawn(async move {
        let mut tick = every(2);
        loop {
            tick.tick().await;
            if let Err(error) = forward_once(&forwarder).await {
                tracing::warn!(?error, "forwarding audit events");
            }
        }
    });
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut tick = every(3600);
        loop {
            tick.tick().await;
            match super::retention::sweep_once(&sweeper, sweeper.options.audit_retention_days).await {
                Ok(swept) => tracing::info!(?swept, "retention sweep"),
                Err(error) => tracing::warn!(?error, "retention sweep"),
            }
        }
    });
    if let Some(smtp) = smtp {
        tokio::spawn(async move {
            let mut tick = every(5);
            loop {
                tick.tick().await;
                if let Err(error) = deliver_once(&app, &smtp).await {
                    tracing::warn!(?error, "delivering the outbox");
                }
            }
        });
    }
}
