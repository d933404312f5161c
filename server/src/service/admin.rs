//! Tenant administration: the password policy, security settings, users and the outbox.

use serde_json::json;
use twofold::{PasswordChecker, Policy, Requirement};

use super::audit::{Export, ExportFormat};
use super::sessions::Session;
use super::tokens::{self, Credentials};
use super::{Actor, Client, audit};
use crate::delivery::sms::{ConfigError, SmsConfig};
use crate::delivery::syslog::{self, Unusable};
use crate::error::{Error, Result};
use crate::model::{
    AuditFilter, Message, Role, Scope, Settings, Status, SyslogTarget, TwoFactorScope, User, UserSummary,
};
use crate::state::AppState;
use crate::store;

/// The messages the outbox page lists.
const OUTBOX_PAGE: i64 = 200;

/// Replaces the tenant's policy. It applies to passwords chosen from now on.
///
/// # Errors
///
/// `admin_required`; `policy_invalid` for `rejectBreached` on a server with no range API;
/// database errors.
pub async fn update_policy(
    app: &AppState,
    client: &Client,
    session: &Session,
    policy: Policy,
) -> Result<Policy> {
    session.require_admin()?;
    if policy.reject_breached && app.options.breach_api.base.is_none() {
        // Every new password would meet an unanswered check: say so now, not at each signup.
        return Err(Error::invalid("policy_invalid").reason("breach_api_missing").field("rejectBreached"));
    }
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let version = store::tenants::save_policy(&mut tx, session.tenant.id, &policy, now).await?;
    let detail = json!({ "before": session.tenant.policy, "after": policy, "version": version });
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
        match syslog::resolve(&target, &app.options.outbound_allow).await {
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
    let sms = sms_to_store(app, session, settings.sms.as_ref())?;
    let now = app.clock.now();
    let (tenant_id, before) = (session.tenant.id, &settings_masked(app, session)?);
    let mut tx = app.store.begin().await?;
    store::tenants::save_settings(&mut tx, tenant_id, &settings).await?;
    if let Some(sms) = &sms {
        let sealed = sms.as_ref().map(|config| super::sms::seal(app, &session.tenant, config)).transpose()?;
        store::tenants::save_sms(&mut tx, tenant_id, sealed.as_deref()).await?;
    }
    let mut settings = settings;
    settings.sms = Some(match sms {
        Some(sms) => sms.map(|config| config.masked()),
        None => before.sms.clone().flatten(),
    });
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

fn settings_masked(app: &AppState, session: &Session) -> Result<Settings> {
    let mut settings = session.tenant.settings.clone();
    settings.sms = Some(super::sms::config(app, &session.tenant)?.map(|config| config.masked()));
    Ok(settings)
}

/// The tenant's settings, with its SMS providers' secrets masked.
///
/// # Errors
///
/// `admin_required`; stored SMS settings that do not open.
pub fn settings(app: &AppState, session: &Session) -> Result<Settings> {
    session.require_admin()?;
    settings_masked(app, session)
}

/// The SMS settings to store after `wanted` (left out: keep; `null`: remove; a secret given
/// masked: the stored one), checked.
fn sms_to_store(
    app: &AppState,
    session: &Session,
    wanted: Option<&Option<SmsConfig>>,
) -> Result<Option<Option<SmsConfig>>> {
    let Some(wanted) = wanted else { return Ok(None) };
    let Some(given) = wanted else { return Ok(Some(None)) };
    let stored = super::sms::config(app, &session.tenant)?;
    let merged = match &stored {
        Some(stored) => given.clone().keep_masked_secrets(stored),
        None => given.clone(),
    };
    let allow = &app.options.outbound_allow;
    merged.validate(allow).map_err(|why| {
        // Both providers have fields of the same names: the second one's are named under
        // `secondary`, so that a form showing both marks the one at fault.
        let secondary = merged.primary.validate(allow).is_ok()
            && merged.secondary.as_ref().is_some_and(|s| s.validate(allow).err().as_ref() == Some(&why));
        let field = match why.field() {
            None => "sms".to_owned(),
            Some(field) if secondary => format!("sms.secondary.{field}"),
            Some(field) => format!("sms.{field}"),
        };
        let mut error =
            Error::invalid("settings_invalid").reason(why.code()).field(field).detail(why.to_string());
        if let Some(name) = why.field() {
            error = error.with("field", name);
        }
        if let ConfigError::PrefixMalformed { prefix } = &why {
            error = error.with("prefix", prefix.as_str());
        }
        error
    })?;
    Ok(Some(Some(merged)))
}

/// Sends a test text through the tenant's SMS settings.
///
/// # Errors
///
/// `admin_required`; the sending's refusals.
pub async fn sms_test(
    app: &AppState,
    client: &Client,
    session: &Session,
    phone: &str,
) -> Result<serde_json::Value> {
    session.require_admin()?;
    let sent = super::sms::send_test(app, &session.tenant, &session.user.locale, phone).await?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "sms_test_sent", sent.clone()).await?;
    tx.commit().await?;
    Ok(sent)
}

/// A policy's rules as the checklist the admin page shows, in English.
///
/// # Errors
///
/// A policy the core refuses (never one that was stored).
pub fn requirements(policy: &Policy) -> Result<Vec<Requirement>> {
    Ok(PasswordChecker::new(policy.clone(), "en")?.requirements())
}

/// One page of the tenant's audit log, for an administrator or a token with `audit:read`.
///
/// # Errors
///
/// As [`tokens::authorize`]; `query_invalid`; database errors.
pub async fn audit_page(
    app: &AppState,
    client: &Client,
    credentials: Credentials,
    filter: &AuditFilter,
    page: i64,
    per_page: i64,
) -> Result<audit::Page> {
    let caller = tokens::authorize(app, client, credentials, Scope::AuditRead).await?;
    audit::page(app, caller.tenant().id, filter, page, per_page).await
}

/// An export of the tenant's audit log, read a page at a time as it is sent, for an
/// administrator or a token with `audit:read`.
///
/// # Errors
///
/// As [`tokens::authorize`]; database errors.
pub async fn audit_export(
    app: &AppState,
    client: &Client,
    credentials: Credentials,
    filter: AuditFilter,
    format: ExportFormat,
) -> Result<Export> {
    let caller = tokens::authorize(app, client, credentials, Scope::AuditRead).await?;
    let tenant = caller.tenant();
    Ok(Export::new(app, tenant.id, &tenant.slug, filter, format))
}

/// The longest reason an administrator may give, in characters.
pub const MAX_REASON_CHARS: usize = 500;

fn check_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    let length = reason.chars().count();
    if (1..=MAX_REASON_CHARS).contains(&length) && !reason.chars().any(|c| c.is_control() && c != '\n') {
        Ok(reason)
    } else {
        Err(Error::invalid("reason_invalid").field("reason").with("max", MAX_REASON_CHARS))
    }
}

/// The tenant's user `user_id`.
pub(crate) async fn member(conn: &mut crate::store::Conn, session: &Session, user_id: i64) -> Result<User> {
    store::users::by_id(conn, user_id)
        .await?
        .filter(|u| u.tenant_id == session.tenant.id)
        .ok_or_else(|| Error::not_found("user_unknown"))
}

/// Resets a member's second factors when they lost them: every authenticator and recovery
/// code goes, and every session and remembered device; they set 2FA up again at their next
/// sign-in. Only an administrator who proved their own second factor in this session may,
/// never on their own account, and the reason is audited and mailed to the member.
///
/// # Errors
///
/// `admin_required`, `admin_two_factor_required`, `self_reset`, `user_unknown`,
/// `reason_invalid`; database errors.
pub async fn reset_two_factor(
    app: &AppState,
    client: &Client,
    session: &Session,
    user_id: i64,
    reason: &str,
) -> Result<()> {
    session.require_admin()?;
    if session.factor_at.is_none() {
        return Err(Error::forbidden("admin_two_factor_required"));
    }
    if user_id == session.user.id {
        return Err(Error::forbidden("self_reset"));
    }
    let reason = check_reason(reason)?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let target = member(&mut tx, session, user_id).await?;
    store::authenticators::delete_all(&mut tx, target.id).await?;
    store::recovery_codes::delete_all(&mut tx, target.id).await?;
    store::devices::revoke_all(&mut tx, target.id, now).await?;
    store::sessions::delete_all(&mut tx, target.id).await?;
    store::users::set_enroll_required(&mut tx, target.id, Some(now)).await?;
    let detail = json!({ "userId": target.id, "email": target.email, "reason": reason });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "two_factor_reset", detail).await?;
    super::notices::by_admin(&mut tx, now, &session.tenant, &target, "factor.reset", &session.user, reason)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Unlocks a member's account locked by failed attempts.
///
/// # Errors
///
/// `admin_required`, `user_unknown`, `reason_invalid`; database errors.
pub async fn unlock(
    app: &AppState,
    client: &Client,
    session: &Session,
    user_id: i64,
    reason: &str,
) -> Result<()> {
    session.require_admin()?;
    let reason = check_reason(reason)?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let target = member(&mut tx, session, user_id).await?;
    store::users::unlock(&mut tx, target.id).await?;
    let detail = json!({ "userId": target.id, "email": target.email, "reason": reason, "wasLocked": target.locked_at(now).is_some() });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "account_unlocked", detail).await?;
    super::notices::by_admin(
        &mut tx,
        now,
        &session.tenant,
        &target,
        "account_unlocked",
        &session.user,
        reason,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A change to a user's standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Disable,
    Enable,
    Role,
}

impl Change {
    /// The refusal when an administrator aims it at themselves.
    fn on_self(self) -> Error {
        match self {
            Self::Disable => Error::forbidden("self_change").reason("disable"),
            Self::Enable => Error::forbidden("self_change").reason("enable"),
            Self::Role => Error::forbidden("self_change").reason("role"),
        }
    }

    /// The refusal when it would leave the tenant without an administrator.
    fn last_admin(self) -> Error {
        match self {
            Self::Role => Error::conflict("last_admin").reason("role"),
            Self::Disable | Self::Enable => Error::conflict("last_admin").reason("disable"),
        }
    }
}

/// An administrator's change to a user's standing, checked under the tenant's lock so that
/// two administrators acting on each other at once never leave the tenant without one who
/// can sign in.
async fn guarded(
    app: &AppState,
    session: &Session,
    user_id: i64,
    change: Change,
) -> Result<(crate::store::Tx, User)> {
    session.require_admin()?;
    if user_id == session.user.id {
        return Err(change.on_self());
    }
    let mut tx = app.store.begin().await?;
    store::tenants::lock(&mut tx, session.tenant.id).await?;
    let target = member(&mut tx, session, user_id).await?;
    Ok((tx, target))
}

/// Refuses when `target` is the tenant's last administrator who can sign in.
async fn keep_an_admin(conn: &mut crate::store::Conn, target: &User, change: Change) -> Result<()> {
    let counts = target.role == Role::Admin && target.status() == Status::Active;
    if counts && store::users::active_admins_besides(conn, target.tenant_id, target.id).await? == 0 {
        return Err(change.last_admin());
    }
    Ok(())
}

/// Disables a user (`disabled`), or enables them again. A disabled user cannot sign in, and
/// their sessions, remembered devices, invitation and reset links end; enabled, they sign
/// in with the password they had (a card gets a new link only when it is resent). Never the
/// administrator themselves, nor the last administrator.
///
/// # Errors
///
/// `admin_required`, `self_change`, `user_unknown`, `user_state`, `last_admin`,
/// `reason_invalid`; database errors.
pub async fn set_disabled(
    app: &AppState,
    client: &Client,
    session: &Session,
    user_id: i64,
    disabled: bool,
    reason: &str,
) -> Result<UserSummary> {
    let reason = check_reason(reason)?;
    let change = if disabled { Change::Disable } else { Change::Enable };
    let (mut tx, target) = guarded(app, session, user_id, change).await?;
    match (disabled, target.disabled_at.is_some()) {
        (true, true) => return Err(Error::conflict("user_state").reason("disabled")),
        (false, false) => return Err(Error::conflict("user_state").reason("enabled")),
        _ => {}
    }
    let now = app.clock.now();
    if disabled {
        keep_an_admin(&mut tx, &target, change).await?;
        store::sessions::delete_all(&mut tx, target.id).await?;
        store::devices::revoke_all(&mut tx, target.id, now).await?;
        store::invitations::delete(&mut tx, target.id).await?;
        store::password_resets::delete_all(&mut tx, target.id).await?;
    }
    store::users::set_disabled(&mut tx, target.id, disabled.then_some(now)).await?;
    let event = if disabled { "user_disabled" } else { "user_enabled" };
    let detail = json!({ "userId": target.id, "email": target.email, "reason": reason });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), event, detail).await?;
    super::notices::by_admin(&mut tx, now, &session.tenant, &target, event, &session.user, reason).await?;
    let summary = super::invitations::summary(&mut tx, session.tenant.id, target.id).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Gives a user another role. An administrator cannot change their own, and the last
/// administrator stays one. A new administrator where the tenant requires 2FA of them gets
/// the grace period from now (or keeps an earlier deadline); a role that needs no 2FA lifts
/// the deadline, unless an administrator's reset obliges them to enroll.
///
/// # Errors
///
/// `admin_required`, `role_invalid`, `self_change`, `user_unknown`, `last_admin`; database
/// errors.
pub async fn change_role(
    app: &AppState,
    client: &Client,
    session: &Session,
    user_id: i64,
    role: &str,
) -> Result<UserSummary> {
    let role = super::invitations::check_role(role)?;
    let (mut tx, target) = guarded(app, session, user_id, Change::Role).await?;
    let tenant = &session.tenant;
    if target.role != role {
        if role != Role::Admin {
            keep_an_admin(&mut tx, &target, Change::Role).await?;
        }
        let now = app.clock.now();
        let required = tenant.settings.two_factor_required.applies_to(role) || target.enroll_required;
        let deadline = (required && !target.two_factor_enabled())
            .then(|| target.two_factor_deadline.unwrap_or_else(|| tenant.settings.deadline_from(now)));
        store::users::set_role(&mut tx, target.id, role, deadline).await?;
        let detail = json!({
            "userId": target.id, "email": target.email, "before": target.role.as_str(), "after": role.as_str()
        });
        audit::record(&mut tx, now, &Actor::user(&session.user, client), "role_changed", detail).await?;
        super::notices::role_changed(&mut tx, now, tenant, &target, &session.user, role).await?;
    }
    let summary = super::invitations::summary(&mut tx, tenant.id, target.id).await?;
    tx.commit().await?;
    Ok(summary)
}
