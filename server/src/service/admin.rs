//! Tenant administration: the password policy, security settings, users and the outbox.

use serde_json::json;
use twofold::{PasswordChecker, Policy, Requirement};

use super::audit::{Export, ExportFormat};
use super::sessions::Session;
use super::{Actor, Client, audit};
use crate::delivery::syslog::{self, Unusable};
use crate::error::{Error, Result};
use crate::model::{AuditFilter, Message, Settings, SyslogTarget, TwoFactorScope, UserSummary};
use crate::state::AppState;
use crate::store;

/// The messages the outbox page lists.
const OUTBOX_PAGE: i64 = 200;

/// Replaces the tenant's policy. It applies to passwords chosen from now on.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn update_policy(
    app: &AppState,
    client: &Client,
    session: &Session,
    policy: Policy,
) -> Result<Policy> {
    session.require_admin()?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    store::tenants::save_policy(&mut tx, session.tenant.id, &policy).await?;
    let detail = json!({ "before": session.tenant.policy, "after": policy });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "policy_changed", detail).await?;
    tx.commit().await?;
    Ok(policy)
}

/// Replaces the tenant's settings. Requiring 2FA starts every un-enrolled user's grace
/// period now; lifting it lifts every deadline. A new syslog target receives the events
/// from this change on.
///
/// # Errors
///
/// `admin_required`, `settings_invalid` (including an allow-list that would lock the admin
/// out); database errors.
pub async fn update_settings(
    app: &AppState,
    client: &Client,
    session: &Session,
    settings: Settings,
) -> Result<Settings> {
    session.require_admin()?;
    settings.validate()?;
    if !settings.allows(client.ip) {
        return Err(Error::invalid("settings_invalid").reason("lock_self").field("ipAllowlist"));
    }
    if let Some(target) = settings.syslog_target.as_deref().and_then(SyslogTarget::parse) {
        match syslog::resolve(&target, &app.options.syslog_allow).await {
            Ok(_) => {}
            Err(Unusable::Unresolved) => {
                return Err(Error::invalid("settings_invalid")
                    .reason("syslog_unresolved")
                    .field("syslogTarget"));
            }
            Err(Unusable::NotPublic(ip)) => {
                let refusal =
                    Error::invalid("settings_invalid").reason("syslog_private").field("syslogTarget");
                return Err(refusal.with("address", ip.to_string()));
            }
        }
    }
    let now = app.clock.now();
    let (tenant_id, before) = (session.tenant.id, &session.tenant.settings);
    let mut tx = app.store.begin().await?;
    store::tenants::save_settings(&mut tx, tenant_id, &settings).await?;
    // Whoever is newly required gets the grace period from now; a shorter grace, or an
    // earlier fixed date, brings every deadline forward at once; a deadline already earlier
    // stays. Whoever is no longer required has none.
    let scope = settings.two_factor_required;
    match scope {
        TwoFactorScope::None => store::users::clear_deadlines(&mut tx, tenant_id, false).await?,
        TwoFactorScope::Admins => {
            store::users::clear_deadlines(&mut tx, tenant_id, true).await?;
            store::users::tighten_deadlines(&mut tx, tenant_id, settings.deadline_from(now), true).await?;
        }
        TwoFactorScope::Everyone => {
            store::users::tighten_deadlines(&mut tx, tenant_id, settings.deadline_from(now), false).await?;
        }
    }
    if settings.syslog_target.is_some() && settings.syslog_target != before.syslog_target {
        let newest = store::audit::newest_id(&mut tx).await?;
        store::syslog_cursors::reset(&mut tx, tenant_id, newest).await?;
    }
    let detail = json!({ "before": before, "after": settings });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "settings_changed", detail).await?;
    tx.commit().await?;
    Ok(settings)
}

/// The tenant's users.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn users(app: &AppState, session: &Session) -> Result<Vec<UserSummary>> {
    session.require_admin()?;
    Ok(store::users::list(&mut *app.store.conn().await?, session.tenant.id).await?)
}

/// The tenant's newest messages.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn outbox(app: &AppState, session: &Session) -> Result<Vec<Message>> {
    session.require_admin()?;
    Ok(store::outbox::list(&mut *app.store.conn().await?, session.tenant.id, OUTBOX_PAGE).await?)
}

/// The tenant's policy.
///
/// # Errors
///
/// `admin_required`.
pub fn policy(session: &Session) -> Result<&Policy> {
    session.require_admin()?;
    Ok(&session.tenant.policy)
}

/// The tenant's settings.
///
/// # Errors
///
/// `admin_required`.
pub fn settings(session: &Session) -> Result<&Settings> {
    session.require_admin()?;
    Ok(&session.tenant.settings)
}

/// A policy's rules as the checklist the admin page shows, in English.
///
/// # Errors
///
/// A policy the core refuses (never one that was stored).
pub fn requirements(policy: &Policy) -> Result<Vec<Requirement>> {
    Ok(PasswordChecker::new(policy.clone(), "en")?.requirements())
}

/// One page of the tenant's audit log.
///
/// # Errors
///
/// `admin_required`, `query_invalid`; database errors.
pub async fn audit_page(
    app: &AppState,
    session: &Session,
    filter: &AuditFilter,
    page: i64,
    per_page: i64,
) -> Result<audit::Page> {
    session.require_admin()?;
    audit::page(app, session.tenant.id, filter, page, per_page).await
}

/// An export of the tenant's audit log, read a page at a time as it is sent.
///
/// # Errors
///
/// `admin_required`.
pub fn audit_export(
    app: &AppState,
    session: &Session,
    filter: AuditFilter,
    format: ExportFormat,
) -> Result<Export> {
    session.require_admin()?;
    Ok(Export::new(app, session.tenant.id, &session.tenant.slug, filter, format))
}
