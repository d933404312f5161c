//! Who is asking, and from where: what every audit row, limit and allow-list check reads.

use std::net::IpAddr;

use crate::model::{User, email_key};

/// The client's address and browser.
#[derive(Clone, Debug)]
pub struct Client {
    /// The address the request came from (or, behind a trusted proxy, the one it names).
    pub ip: IpAddr,
    /// The `User-Agent` header, cut to [`Client::MAX_USER_AGENT`] characters.
    pub user_agent: String,
    /// The request's CSRF token (empty when it has none): a session the request opens is
    /// bound to it.
    pub csrf: String,
    /// The browser's own long-lived token, when it has one: a sign-in from a browser the
    /// user never used is worth a notice.
    pub browser: Option<String>,
}

impl Client {
    /// The most of a user agent kept: enough to tell browsers apart in the audit log.
    pub const MAX_USER_AGENT: usize = 256;

    /// What the per-address limit counts by: the IPv4 address, or the IPv6 /64 (one
    /// subscriber's network, which hands out as many addresses as it likes).
    pub fn rate_key(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

/// Who did something, for the audit log.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The tenant.
    pub tenant_id: i64,
    /// The user, when known.
    pub user_id: Option<i64>,
    /// The user's email, or the one given for an unknown account, folded.
    pub email: Option<String>,
    /// Address and browser.
    pub client: Client,
}

impl Actor {
    /// Someone in `tenant_id` who is `user` if known, else who gave `email`.
    pub fn new(tenant_id: i64, user: Option<&User>, email: &str, client: &Client) -> Self {
        Self {
            tenant_id,
            user_id: user.map(|u| u.id),
            email: Some(email_key(user.map_or(email, |u| u.email.as_str()))),
            client: client.clone(),
        }
    }

    /// A known user.
    pub fn user(user: &User, client: &Client) -> Self {
        Self::new(user.tenant_id, Some(user), &user.email, client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        let client = |ip: &str| Client {
            ip: ip.parse().unwrap(),
            user_agent: String::new(),
            csrf: String::new(),
            browser: None,
        };
        assert_eq!(client("2001:db8:1:2:3:4:5:6").rate_key(), "2001:db8:1:2::/64");
        assert_eq!(client("192.0.2.4").rate_key(), "192.0.2.4");
    }
}
