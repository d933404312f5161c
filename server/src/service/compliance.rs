//! Who still has a password the tenant's policy now refuses. New rules apply to new
//! passwords, so a policy change leaves old ones in place; each sign-in after it judges the
//! typed password by the current policy (the verdict a new one would get, known breaches
//! included) and keeps the answer with the policy's version. Administrators see how many pass, fail, or have not
//! signed in since, and can make the failing ones change at their next sign-in.

use serde_json::json;

use super::accounts::personal_context;
use super::password::{self, Password};
use super::sessions::Session;
use super::{Actor, Client, audit};
use crate::error::Result;
use crate::model::{Tenant, User};
use crate::state::AppState;
use crate::store::{self, Conn};

/// How the tenant's people stand against its current policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The policy's version.
    pub policy_version: i64,
    /// When it last changed.
    pub policy_changed_at: Option<i64>,
    /// Passwords that pass it.
    pub passing: i64,
    /// Passwords that fail it.
    pub failing: i64,
    /// Passwords not judged by it yet: not signed in with since it changed.
    pub unknown: i64,
}

/// The verdict of the current policy on a password just proved right at sign-in, when its
/// owner's password was not judged by this version yet; `None` when it was, or when the
/// judging must wait (the address has its work in flight), which leaves it unknown.
///
/// # Errors
///
/// Database errors.
pub async fn judge_at_sign_in(
    app: &AppState,
    client: &Client,
    tenant: &Tenant,
    user: &User,
    password: &Password,
) -> Result<Option<bool>> {
    let judged = store::users::policy_judged(&mut *app.store.conn().await?, user.id).await?;
    if judged == Some(tenant.policy_version) {
        return Ok(None);
    }
    let context = personal_context(tenant, user);
    let passes =
        match password::passes(&app.hashing, &client.rate_key(), password, &tenant.policy, context).await {
            Ok(passes) => passes,
            // The sign-in goes on; the password is judged at another one.
            Err(refused) => {
                tracing::debug!(code = refused.code(), "a sign-in's password was left unjudged");
                return Ok(None);
            }
        };
    if !passes || !tenant.policy.reject_breached {
        return Ok(Some(passes));
    }
    // Known from a breach is failing too; unasked (the API away) stays unknown.
    Ok(password::breaches(app, password).await.map(|count| count == 0))
}

/// Records that the password just set for `user_id` passes the version of the policy that
/// judged it.
///
/// # Errors
///
/// Database errors.
pub async fn new_password_passes(conn: &mut Conn, tenant: &Tenant, user_id: i64) -> Result<()> {
    Ok(store::users::set_policy_verdict(conn, user_id, tenant.policy_version, true).await?)
}

/// How the tenant's people stand against its current policy.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn standing(app: &AppState, session: &Session) -> Result<Standing> {
    session.require_admin()?;
    let mut conn = app.store.conn().await?;
    // Read again: the session's copy of the tenant predates a change made a moment ago.
    let tenant = super::tenants::by_slug(&mut conn, &session.tenant.slug).await?;
    let (passing, failing, unknown) =
        store::users::policy_standing(&mut conn, tenant.id, tenant.policy_version).await?;
    Ok(Standing {
        policy_version: tenant.policy_version,
        policy_changed_at: tenant.policy_changed_at,
        passing,
        failing,
        unknown,
    })
}

/// Makes everyone whose password fails the current policy (and, with `unknown_too`, everyone
/// not judged by it yet) change it at their next sign-in: their passwords expire now.
/// Answers how many were marked.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn require_change(
    app: &AppState,
    client: &Client,
    session: &Session,
    unknown_too: bool,
) -> Result<u64> {
    session.require_admin()?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let tenant = super::tenants::by_slug(&mut tx, &session.tenant.slug).await?;
    let marked =
        store::users::expire_failing_passwords(&mut tx, tenant.id, tenant.policy_version, unknown_too, now)
            .await?;
    let detail =
        json!({ "policyVersion": tenant.policy_version, "includeUnknown": unknown_too, "marked": marked });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "password_change_required", detail)
        .await?;
    tx.commit().await?;
    Ok(marked)
}
