//! Tenants: each with its password policy and its security settings.

use std::net::IpAddr;

use ipnet::IpNet;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use twofold::Policy;

use crate::error::{ApiResult, AppError};

/// A tenant's security settings, as the admin API reads and writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Every employee must enroll in 2FA.
    pub two_factor_required: bool,
    /// Days an un-enrolled employee has once 2FA becomes required.
    pub grace_days: i64,
    /// Days "remember this device" skips the second step (0 turns the option off).
    pub remember_device_days: i64,
    /// Networks sign-in is allowed from (CIDR, IPv4 or IPv6); empty allows any address.
    pub ip_allowlist: Vec<String>,
    /// Consecutive failures (password or code) that lock an account.
    pub lockout_threshold: i64,
    /// The first lock's length in seconds; each further lock doubles it.
    pub lockout_base_seconds: i64,
    /// The longest lock, in seconds.
    pub lockout_max_seconds: i64,
    /// Where to forward audit events as RFC 5424 lines: `udp://host:port` or `tcp://host:port`.
    pub syslog_target: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            two_factor_required: false,
            grace_days: 7,
            remember_device_days: 30,
            ip_allowlist: Vec::new(),
            lockout_threshold: 5,
            lockout_base_seconds: 60,
            lockout_max_seconds: 3600,
            syslog_target: None,
        }
    }
}

fn invalid(field: &str, rule: &str) -> AppError {
    AppError::bad_request("settings_invalid", format!("{field} {rule}"))
}

impl Settings {
    /// Checks every value is usable.
    ///
    /// # Errors
    ///
    /// `settings_invalid`, naming the field.
    pub fn validate(&self) -> ApiResult<()> {
        if !(0..=365).contains(&self.grace_days) {
            return Err(invalid("graceDays", "must be 0 to 365"));
        }
        if !(0..=365).contains(&self.remember_device_days) {
            return Err(invalid("rememberDeviceDays", "must be 0 to 365"));
        }
        if self.ip_allowlist.len() > 100 {
            return Err(invalid("ipAllowlist", "may hold at most 100 networks"));
        }
        if let Some(bad) = self.ip_allowlist.iter().find(|n| parse_network(n).is_none()) {
            return Err(invalid(
                "ipAllowlist",
                &format!(
                    "has “{}”, which is not an address or CIDR network",
                    bad.chars().take(64).collect::<String>()
                ),
            ));
        }
        // NIST SP 800-63B-4 allows at most 100 consecutive failures.
        if !(1..=100).contains(&self.lockout_threshold) {
            return Err(invalid("lockoutThreshold", "must be 1 to 100"));
        }
        if !(1..=86_400).contains(&self.lockout_base_seconds) {
            return Err(invalid("lockoutBaseSeconds", "must be 1 to 86400"));
        }
        if !(self.lockout_base_seconds..=604_800).contains(&self.lockout_max_seconds) {
            return Err(invalid("lockoutMaxSeconds", "must be from lockoutBaseSeconds to 604800"));
        }
        if let Some(target) = &self.syslog_target {
            crate::syslog::Target::parse(target)
                .ok_or_else(|| invalid("syslogTarget", "must be udp://host:port or tcp://host:port"))?;
        }
        Ok(())
    }

    /// Whether `ip` may sign in.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.ip_allowlist.is_empty()
            || self.ip_allowlist.iter().filter_map(|n| parse_network(n)).any(|n| n.contains(&ip))
    }
}

/// `10.0.0.0/8`, `2001:db8::/32`, or a single address.
fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>().ok().or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// A tenant as stored.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// Row id.
    pub id: i64,
    /// The name in URLs.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// The password policy (core JSON).
    pub policy: Policy,
    /// Security settings.
    pub settings: Settings,
}

const COLUMNS: &str = "id, slug, name, policy, two_factor_required, grace_days, remember_device_days, ip_allowlist, \
     lockout_threshold, lockout_base_seconds, lockout_max_seconds, syslog_target";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String, Settings, String)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        Settings {
            two_factor_required: row.get(4)?,
            grace_days: row.get(5)?,
            remember_device_days: row.get(6)?,
            ip_allowlist: Vec::new(),
            lockout_threshold: row.get(8)?,
            lockout_base_seconds: row.get(9)?,
            lockout_max_seconds: row.get(10)?,
            syslog_target: row.get(11)?,
        },
        row.get(7)?,
    ))
}

fn assemble(
    (id, slug, name, policy, mut settings, allowlist): (i64, String, String, String, Settings, String),
) -> ApiResult<Tenant> {
    settings.ip_allowlist = serde_json::from_str(&allowlist)
        .map_err(|e| AppError::internal(format!("allow-list of {slug}: {e}")))?;
    let policy =
        Policy::from_json(&policy).map_err(|e| AppError::internal(format!("policy of {slug}: {e}")))?;
    Ok(Tenant { id, slug, name, policy, settings })
}

/// The tenant with URL name `slug`.
///
/// # Errors
///
/// `tenant_unknown` (404).
pub fn by_slug(conn: &Connection, slug: &str) -> ApiResult<Tenant> {
    let row = conn
        .query_row(&format!("SELECT {COLUMNS} FROM tenants WHERE slug = ?1"), [slug], from_row)
        .optional()?
        .ok_or_else(|| {
            AppError::not_found(
                "tenant_unknown",
                format!("no tenant named “{}”", slug.chars().take(64).collect::<String>()),
            )
        })?;
    assemble(row)
}

/// The tenant with row id `id`.
///
/// # Errors
///
/// Internal when it does not exist (ids come from rows that reference it).
pub fn by_id(conn: &Connection, id: i64) -> ApiResult<Tenant> {
    let row = conn.query_row(&format!("SELECT {COLUMNS} FROM tenants WHERE id = ?1"), [id], from_row)?;
    assemble(row)
}

/// Creates a tenant with a policy and default settings.
///
/// # Errors
///
/// `tenant_exists` (409) when the slug is taken.
pub fn create(conn: &Connection, slug: &str, name: &str, policy: &Policy, now: i64) -> ApiResult<i64> {
    let inserted = conn.execute(
        "INSERT INTO tenants (slug, name, policy, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (slug) DO NOTHING",
        params![slug, name, policy.to_json(), now],
    )?;
    if inserted == 0 {
        return Err(AppError::conflict("tenant_exists", format!("a tenant named “{slug}” exists")));
    }
    Ok(conn.last_insert_rowid())
}

/// Stores new settings.
///
/// # Errors
///
/// Database errors.
pub fn save_settings(conn: &Connection, tenant_id: i64, s: &Settings) -> ApiResult<()> {
    let allowlist = serde_json::to_string(&s.ip_allowlist).map_err(AppError::internal)?;
    conn.execute(
        "UPDATE tenants SET two_factor_required = ?2, grace_days = ?3, remember_device_days = ?4, ip_allowlist = ?5, \
         lockout_threshold = ?6, lockout_base_seconds = ?7, lockout_max_seconds = ?8, syslog_target = ?9 WHERE id = ?1",
        params![tenant_id, s.two_factor_required, s.grace_days, s.remember_device_days, allowlist, s.lockout_threshold, s.lockout_base_seconds, s.lockout_max_seconds, s.syslog_target],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_match_v4_v6_and_mapped_addresses() {
        let settings = Settings {
            ip_allowlist: vec!["10.0.0.0/8".into(), "2001:db8::/32".into(), "192.0.2.7".into()],
            ..Settings::default()
        };
        for ok in ["10.1.2.3", "2001:db8::1", "192.0.2.7", "::ffff:10.9.9.9"] {
            assert!(settings.allows(ok.parse().unwrap()), "{ok}");
        }
        for no in ["11.0.0.1", "2001:db9::1", "192.0.2.8"] {
            assert!(!settings.allows(no.parse().unwrap()), "{no}");
        }
        assert!(Settings::default().allows("203.0.113.9".parse().unwrap()));
    }

    #[test]
    fn settings_are_validated() {
        assert!(Settings::default().validate().is_ok());
        for bad in [
            Settings { ip_allowlist: vec!["10.0.0.0/33".into()], ..Settings::default() },
            Settings { lockout_threshold: 0, ..Settings::default() },
            Settings { lockout_threshold: 101, ..Settings::default() },
            Settings { grace_days: -1, ..Settings::default() },
            Settings { lockout_max_seconds: 10, ..Settings::default() },
            Settings { syslog_target: Some("http://x".into()), ..Settings::default() },
        ] {
            assert_eq!(bad.validate().map_err(|e| e.code()), Err("settings_invalid"), "{bad:?}");
        }
    }
}
