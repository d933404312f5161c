//! Where a tenant's audit events are forwarded.

/// A syslog collector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyslogTarget {
    /// One datagram per line (RFC 5426), to `host:port`.
    Udp(String),
    /// Octet-counted frames over TCP (RFC 6587 §3.4.1), to `host:port`.
    Tcp(String),
}

impl SyslogTarget {
    /// `udp://host:port` or `tcp://host:port`.
    pub fn parse(text: &str) -> Option<Self> {
        let (scheme, address) = text.split_once("://")?;
        let (host, port) = address.rsplit_once(':')?;
        if host.is_empty() || port.parse::<u16>().is_err() {
            return None;
        }
        match scheme {
            "udp" => Some(Self::Udp(address.to_owned())),
            "tcp" => Some(Self::Tcp(address.to_owned())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        assert_eq!(
            SyslogTarget::parse("udp://127.0.0.1:514"),
            Some(SyslogTarget::Udp("127.0.0.1:514".into()))
        );
        assert_eq!(SyslogTarget::parse("tcp://[::1]:6514"), Some(SyslogTarget::Tcp("[::1]:6514".into())));
        assert_eq!(SyslogTarget::parse("http://x:1"), None);
        assert_eq!(SyslogTarget::parse("udp://x"), None);
    }
}
