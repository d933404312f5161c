//! Tenants: each with its password policy and its security settings.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use twofold::Policy;

use super::{FactorKind, TwoFactorScope};
use crate::delivery::sms::SmsConfig;
use crate::error::{Error, Result};

/// A tenant's security settings, as the admin API reads and writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Who must use a second factor (`none`, `admins`, `everyone`; `true` and `false` are
    /// read as everyone and nobody).
    pub two_factor_required: TwoFactorScope,
    /// Days an un-enrolled user has once 2FA becomes required of them.
    pub grace_days: i64,
    /// A fixed date (unix seconds) by which everyone required must have enrolled, instead
    /// of a number of days.
    #[serde(default)]
    pub grace_until: Option<i64>,
    /// The kinds of authenticator users may add.
    #[serde(default = "all_factors")]
    pub allowed_factors: Vec<FactorKind>,
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
    /// Whether anyone may sign up; off, new members come only by invitation.
    #[serde(default = "yes")]
    pub self_signup: bool,
    /// The SMS providers, their secrets masked when read. Written: left out keeps what is
    /// stored, `null` removes it, and a secret given masked keeps the stored one. (Stored
    /// apart and encrypted: a tenant read from the database has `None` here.)
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub sms: Option<Option<SmsConfig>>,
    /// `breachCheck`: what a new password gets, under a policy with `rejectBreached`, when
    /// the range API does not answer in time: `fail-open` (the default) or `fail-closed`.
    #[serde(default)]
    pub breach_check: BreachCheck,
}

/// What a new password gets when the breached-password range API cannot be asked (no
/// answer within the timeout, an error status, an answer that is not a range).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BreachCheck {
    /// `fail-open`: accepted unchecked, so people can still sign up while the API is away.
    #[default]
    FailOpen,
    /// `fail-closed`: refused (`breach_check_unavailable`, 503) until it answers, so no
    /// unchecked password gets in.
    FailClosed,
}

/// A field that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Option<SmsConfig>>, D::Error> {
    Option::<SmsConfig>::deserialize(deserializer).map(Some)
}

fn yes() -> bool {
    true
}

fn all_factors() -> Vec<FactorKind> {
    FactorKind::ALL.to_vec()
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            two_factor_required: TwoFactorScope::None,
            grace_days: 7,
            grace_until: None,
            allowed_factors: all_factors(),
            remember_device_days: 30,
            ip_allowlist: Vec::new(),
            lockout_threshold: 5,
            lockout_base_seconds: 60,
            lockout_max_seconds: 3600,
            syslog_target: None,
            self_signup: true,
            sms: None,
            breach_check: BreachCheck::FailOpen,
        }
    }
}

/// A number outside `min..=max`.
fn out_of_range(field: &'static str, min: i64, max: i64) -> Error {
    Error::invalid("settings_invalid").reason("range").field(field).with("min", min).with("max", max)
}

/// The most networks an allow-list may hold.
pub const MAX_ALLOWLIST: usize = 100;

impl Settings {
    /// Checks every value is usable.
    ///
    /// # Errors
    ///
    /// `settings_invalid`, naming the field.
    pub fn validate(&self) -> Result<()> {
        if !(0..=365).contains(&self.grace_days) {
            return Err(out_of_range("graceDays", 0, 365));
        }
        if !(0..=365).contains(&self.remember_device_days) {
            return Err(out_of_range("rememberDeviceDays", 0, 365));
        }
        if let Some(until) = self.grace_until {
            if !(0..=253_402_300_799).contains(&until) {
                return Err(out_of_range("graceUntil", 0, 253_402_300_799));
            }
        }
        if self.allowed_factors.is_empty() {
            return Err(Error::invalid("settings_invalid").reason("no_factors").field("allowedFactors"));
        }
        if self.ip_allowlist.len() > MAX_ALLOWLIST {
            return Err(Error::invalid("settings_invalid")
                .reason("too_many")
                .field("ipAllowlist")
                .with("max", MAX_ALLOWLIST));
        }
        if let Some(bad) = self.ip_allowlist.iter().find(|n| parse_network(n).is_none()) {
            return Err(Error::invalid("settings_invalid")
                .reason("network")
                .field("ipAllowlist")
                .with("value", bad.chars().take(64).collect::<String>()));
        }
        // NIST SP 800-63B-4 allows at most 100 consecutive failures.
        if !(1..=100).contains(&self.lockout_threshold) {
            return Err(out_of_range("lockoutThreshold", 1, 100));
        }
        if !(1..=86_400).contains(&self.lockout_base_seconds) {
            return Err(out_of_range("lockoutBaseSeconds", 1, 86_400));
        }
        if !(self.lockout_base_seconds..=604_800).contains(&self.lockout_max_seconds) {
            return Err(out_of_range("lockoutMaxSeconds", self.lockout_base_seconds, 604_800));
        }
        if let Some(target) = &self.syslog_target {
            super::SyslogTarget::parse(target)
                .ok_or_else(|| Error::invalid("settings_invalid").reason("syslog").field("syslogTarget"))?;
        }
        Ok(())
    }

    /// When someone who must use 2FA from `now` on has to have enrolled by.
    pub fn deadline_from(&self, now: i64) -> i64 {
        self.grace_until.unwrap_or(now + self.grace_days * 86_400)
    }

    /// Whether users may add an authenticator of `kind`.
    pub fn allows_factor(&self, kind: FactorKind) -> bool {
        self.allowed_factors.contains(&kind)
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
    /// Moves on each time the policy's text changes: a password judged under another
    /// version is judged again at its next sign-in.
    pub policy_version: i64,
    /// When the policy last changed (unix seconds), if ever.
    pub policy_changed_at: Option<i64>,
    /// Security settings.
    pub settings: Settings,
    /// Its SMS provider settings, encrypted for the tenant (credentials at rest).
    pub sms_sealed: Option<Vec<u8>>,
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
            Settings { allowed_factors: Vec::new(), ..Settings::default() },
        ] {
            assert_eq!(bad.validate().map_err(|e| e.code()), Err("settings_invalid"), "{bad:?}");
        }
    }
}
