//! RFC 5424 syslog lines for audit events, and sending them to a collector.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::io::AsyncWriteExt;

use crate::model::{AuditEvent, SyslogTarget};

/// An IANA Private Enterprise Number for structured data: 32473 is the one RFC 5612 reserves
/// for documentation and examples; an operator with their own can change it here.
const ENTERPRISE: u32 = 32473;
/// Facility `authpriv` (10): security and authorisation messages.
const FACILITY: u8 = 10;

/// Unix seconds as an RFC 3339 timestamp in UTC.
pub fn rfc3339(at: i64) -> String {
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "-".to_owned())
}

/// Escapes a structured-data parameter value (RFC 5424 §6.3.3).
fn sd_value(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '"' | '\\' | ']' => vec!['\\', c],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect()
}

/// Failures and lockouts are warnings; everything else is a notice.
fn severity(event: &str) -> u8 {
    if event.ends_with("_failed")
        || matches!(event, "lockout" | "code_reused" | "ip_refused" | "signin_partial")
    {
        4
    } else {
        5
    }
}

/// The event as one RFC 5424 line (no trailing newline).
pub fn line(event: &AuditEvent, tenant: &str) -> String {
    let pri = FACILITY * 8 + severity(&event.event);
    let mut sd =
        format!("[audit@{ENTERPRISE} tenant=\"{}\" ip=\"{}\"", sd_value(tenant), sd_value(&event.ip));
    if let Some(email) = &event.email {
        sd.push_str(&format!(" user=\"{}\"", sd_value(email)));
    }
    sd.push_str(&format!(" userAgent=\"{}\"]", sd_value(&event.user_agent)));
    let msgid: String = event.event.chars().filter(char::is_ascii_graphic).take(32).collect();
    format!("<{pri}>1 {} twofold twofold - {msgid} {sd} {} {}", rfc3339(event.at), event.event, event.detail)
}

/// Whether an address is on the public internet: not loopback, unspecified, link-local,
/// private, shared (CGNAT), multicast, broadcast, documentation or benchmarking space. A
/// tenant's collector must be such an address, so that a tenant admin cannot point the
/// server at the machines around it.
pub fn is_public(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_unspecified()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 192 && b == 0 && c == 2)
                || (a == 198 && (b == 18 || b == 19))
                || (a == 198 && b == 51 && c == 100)
                || (a == 203 && b == 0 && c == 113)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && v6.segments()[1] == 0x0db8))
        }
    }
}

/// Why a collector cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// Its name does not resolve.
    Unresolved,
    /// It resolves only to addresses that are not public and not allowed by the operator.
    NotPublic(IpAddr),
}

/// The address to send to: the first the target's host resolves to that is public or in
/// `allow`. Sending goes to this address, not to the name again, so that a name that
/// resolves differently the second time cannot lead anywhere else.
///
/// # Errors
///
/// [`Unusable`].
pub async fn resolve(target: &SyslogTarget, allow: &[ipnet::IpNet]) -> Result<SocketAddr, Unusable> {
    let host = match target {
        SyslogTarget::Udp(host) | SyslogTarget::Tcp(host) => host,
    };
    let lookup = tokio::time::timeout(Duration::from_secs(3), tokio::net::lookup_host(host.as_str())).await;
    let addresses: Vec<SocketAddr> = match lookup {
        Ok(Ok(found)) => found.collect(),
        _ => return Err(Unusable::Unresolved),
    };
    let usable = |a: &SocketAddr| {
        let ip = a.ip().to_canonical();
        is_public(ip) || allow.iter().any(|net| net.contains(&ip))
    };
    match addresses.iter().find(|a| usable(a)) {
        Some(address) => Ok(*address),
        None => Err(addresses.first().map_or(Unusable::Unresolved, |a| Unusable::NotPublic(a.ip()))),
    }
}

/// Sends `lines` to `address` the way `target` says (UDP or TCP), giving up after a few
/// seconds.
///
/// # Errors
///
/// The I/O error or a timeout, as text for the log.
pub async fn send(target: &SyslogTarget, address: SocketAddr, lines: &[String]) -> Result<(), String> {
    let work = async {
        match target {
            SyslogTarget::Udp(_) => {
                let local: SocketAddr =
                    if address.is_ipv6() { "[::]:0".parse() } else { "0.0.0.0:0".parse() }
                        .map_err(std::io::Error::other)?;
                let socket = tokio::net::UdpSocket::bind(local).await?;
                socket.connect(address).await?;
                for line in lines {
                    socket.send(line.as_bytes()).await?;
                }
            }
            SyslogTarget::Tcp(_) => {
                let mut stream = tokio::net::TcpStream::connect(address).await?;
                for line in lines {
                    stream.write_all(format!("{} {line}", line.len()).as_bytes()).await?;
                }
                stream.flush().await?;
            }
        }
        Ok::<(), std::io::Error>(())
    };
    match tokio::time::timeout(Duration::from_secs(3), work).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err("timed out".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.4.4"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn a_collector_must_resolve_to_a_public_or_allowed_address() {
        let loopback = SyslogTarget::Udp("127.0.0.1:514".into());
        assert_eq!(resolve(&loopback, &[]).await, Err(Unusable::NotPublic("127.0.0.1".parse().unwrap())));
        let allowed = resolve(&loopback, &["127.0.0.0/8".parse().unwrap()]).await;
        assert_eq!(allowed, Ok("127.0.0.1:514".parse().unwrap()));
        let named = SyslogTarget::Tcp("localhost:514".into());
        assert!(
            matches!(resolve(&named, &[]).await, Err(Unusable::NotPublic(_))),
            "the name is checked by what it resolves to"
        );
        let nowhere = SyslogTarget::Tcp("no-such-host.invalid:514".into());
        assert_eq!(resolve(&nowhere, &[]).await, Err(Unusable::Unresolved));
    }

    #[test]
    fn lines_follow_rfc_5424() {
        let event = AuditEvent {
            id: 1,
            at: 1_700_000_000,
            user_id: Some(2),
            email: Some("jane@acme.test".into()),
            ip: "192.0.2.1".into(),
            user_agent: "Agent \"x\" ]".into(),
            event: "code_failed".into(),
            detail: serde_json::json!({ "reason": "wrong" }),
            repeats: 1,
        };
        assert_eq!(
            line(&event, "acme"),
            "<84>1 2023-11-14T22:13:20Z twofold twofold - code_failed [audit@32473 tenant=\"acme\" ip=\"192.0.2.1\" \
             user=\"jane@acme.test\" userAgent=\"Agent \\\"x\\\" \\]\"] code_failed {\"reason\":\"wrong\"}"
        );
    }
}
