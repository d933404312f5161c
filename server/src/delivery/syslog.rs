//! RFC 5424 syslog lines for audit events, and sending them to a collector.

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

/// Sends `lines` to `target`, giving up after a few seconds.
///
/// # Errors
///
/// The I/O error or a timeout, as text for the log.
pub async fn send(target: &SyslogTarget, lines: &[String]) -> Result<(), String> {
    let work = async {
        match target {
            SyslogTarget::Udp(address) => {
                let socket = tokio::net::UdpSocket::bind(("0.0.0.0", 0)).await?;
                socket.connect(address).await?;
                for line in lines {
                    socket.send(line.as_bytes()).await?;
                }
            }
            SyslogTarget::Tcp(address) => {
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
