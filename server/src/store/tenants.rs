//! The `tenants` table: each tenant's policy and settings.

use sqlx::Row;
use sqlx::any::AnyRow;
use twofold::Policy;

use super::{Conn, StoreError, StoreResult};
use crate::model::{BreachCheck, Settings, Tenant, TwoFactorScope};

const COLUMNS: &str = "id, slug, name, policy, policy_version, policy_changed_at, two_factor_scope, grace_days, grace_until, allowed_factors, \
     remember_device_days, ip_allowlist, lockout_threshold, lockout_base_seconds, lockout_max_seconds, syslog_target, \
     sms_config, self_signup, breach_fail_closed";

fn from_row(row: &AnyRow) -> StoreResult<Tenant> {
    let slug: String = row.try_get("slug")?;
    let policy: String = row.try_get("policy")?;
    let allowlist: String = row.try_get("ip_allowlist")?;
    let scope: String = row.try_get("two_factor_scope")?;
    let factors: String = row.try_get("allowed_factors")?;
    let broken = |what: &str, e: &dyn std::fmt::Display| StoreError::Broken(format!("{what} of {slug}: {e}"));
    Ok(Tenant {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        policy: Policy::from_json(&policy).map_err(|e| broken("policy", &e))?,
        policy_version: row.try_get("policy_version")?,
        policy_changed_at: row.try_get("policy_changed_at")?,
        settings: Settings {
            two_factor_required: TwoFactorScope::parse(&scope).ok_or_else(|| broken("2FA scope", &scope))?,
            grace_days: row.try_get("grace_days")?,
            grace_until: row.try_get("grace_until")?,
            allowed_factors: serde_json::from_str(&factors).map_err(|e| broken("allowed factors", &e))?,
            remember_device_days: row.try_get("remember_device_days")?,
            ip_allowlist: serde_json::from_str(&allowlist).map_err(|e| broken("allow-list", &e))?,
            lockout_threshold: row.try_get("lockout_threshold")?,
            lockout_base_seconds: row.try_get("lockout_base_seconds")?,
            lockout_max_seconds: row.try_get("lockout_max_seconds")?,
            syslog_target: row.try_get("syslog_target")?,
            self_signup: row.try_get::<i64, _>("self_signup")? != 0,
            sms: None,
            breach_check: if row.try_get::<i64, _>("breach_fail_closed")? != 0 {
                BreachCheck::FailClosed
            } else {
                BreachCheck::FailOpen
            },
        },
        sms_sealed: row.try_get("sms_config")?,
        slug,
    })
}

/// The tenant with URL name `slug`.
///
/// # Errors
///
/// Database errors; a row that no longer parses.
pub async fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<Tenant>> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE slug = $1");
    sqlx::query(&sql).bind(slug).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The tenant with row id `id`.
///
/// # Errors
///
/// Database errors; a row that no longer parses.
pub async fn by_id(conn: &mut Conn, id: i64) -> StoreResult<Option<Tenant>> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// Creates a tenant with a policy and default settings; `None` when the slug is taken.
///
/// # Errors
///
/// Database errors.
pub async fn insert(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    policy: &Policy,
    now: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO tenants (slug, name, policy, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(policy.to_json())
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Stores a new policy; when its text differs from the stored one, its version moves on and
/// `now` is when it changed. Answers the version now in force.
///
/// # Errors
///
/// Database errors.
pub async fn save_policy(conn: &mut Conn, tenant_id: i64, policy: &Policy, now: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "UPDATE tenants SET policy_version = CASE WHEN policy = $2 THEN policy_version ELSE policy_version + 1 END, \
         policy_changed_at = CASE WHEN policy = $2 THEN policy_changed_at ELSE $3 END, policy = $2 \
         WHERE id = $1 RETURNING policy_version",
    )
    .bind(tenant_id)
    .bind(policy.to_json())
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Stores new settings.
///
/// # Errors
///
/// Database errors.
pub async fn save_settings(conn: &mut Conn, tenant_id: i64, s: &Settings) -> StoreResult<()> {
    let allowlist = serde_json::to_string(&s.ip_allowlist).map_err(|e| StoreError::Broken(e.to_string()))?;
    sqlx::query(
        "UPDATE tenants SET two_factor_scope = $2, grace_days = $3, remember_device_days = $4, \
         ip_allowlist = $5, lockout_threshold = $6, lockout_base_seconds = $7, lockout_max_seconds = $8, \
         syslog_target = $9, grace_until = $10, allowed_factors = $11, self_signup = $12, \
         breach_fail_closed = $13 WHERE id = $1",
    )
    .bind(tenant_id)
    .bind(s.two_factor_required.as_str())
    .bind(s.grace_days)
    .bind(s.remember_device_days)
    .bind(allowlist)
    .bind(s.lockout_threshold)
    .bind(s.lockout_base_seconds)
    .bind(s.lockout_max_seconds)
    .bind(s.syslog_target.as_deref())
    .bind(s.grace_until)
    .bind(serde_json::to_string(&s.allowed_factors).map_err(|e| StoreError::Broken(e.to_string()))?)
    .bind(i64::from(s.self_signup))
    .bind(i64::from(s.breach_check == BreachCheck::FailClosed))
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the tenant's SMS settings, sealed by the caller (or none).
///
/// # Errors
///
/// Database errors.
pub async fn save_sms(conn: &mut Conn, tenant_id: i64, sealed: Option<&[u8]>) -> StoreResult<()> {
    sqlx::query("UPDATE tenants SET sms_config = $2 WHERE id = $1")
        .bind(tenant_id)
        .bind(sealed)
        .execute(conn)
        .await?;
    Ok(())
}

/// Holds the tenant's row until the transaction ends, so that checks across its users (the
/// last administrator) and the change they guard are one step for every instance. On
/// SQLite the one writer already makes a write transaction that.
///
/// # Errors
///
/// Database errors.
pub async fn lock(conn: &mut Conn, tenant_id: i64) -> StoreResult<()> {
    let sql = match super::Backend::of(conn) {
        super::Backend::Postgres => "SELECT id FROM tenants WHERE id = $1 FOR UPDATE",
        super::Backend::Sqlite => "SELECT id FROM tenants WHERE id = $1",
    };
    sqlx::query(sql).bind(tenant_id).fetch_optional(conn).await?;
    Ok(())
}
