//! Handing a message to an SMTP relay: the local MTA of the host, plain, no authentication.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::model::Message;

/// A plain SMTP relay (no authentication, no TLS): the local MTA of the host.
#[derive(Clone, Debug)]
pub struct Smtp {
    /// `host:port`.
    pub relay: String,
    /// The envelope and header sender.
    pub from: String,
}

impl Smtp {
    /// Hands one message to the relay.
    ///
    /// # Errors
    ///
    /// The relay's refusal or an I/O error, as text for the log.
    pub async fn send(&self, message: &Message) -> Result<(), String> {
        // Addresses are checked when they are given; this is the last line, at the wire.
        if message.recipient.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c)) {
            return Err("refusing a recipient that would not stay inside its brackets".to_owned());
        }
        let work = async {
            let stream = TcpStream::connect(&self.relay).await.map_err(|e| e.to_string())?;
            let (read, mut write) = stream.into_split();
            let mut read = BufReader::new(read);
            expect(&mut read, 220).await?;
            for (command, code) in [
                ("EHLO twofold".to_owned(), 250),
                (format!("MAIL FROM:<{}>", self.from), 250),
                (format!("RCPT TO:<{}>", message.recipient), 250),
                ("DATA".to_owned(), 354),
            ] {
                write.write_all(format!("{command}\r\n").as_bytes()).await.map_err(|e| e.to_string())?;
                expect(&mut read, code).await?;
            }
            let subject = format!("=?UTF-8?B?{}?=", STANDARD.encode(&message.subject));
            let date = super::syslog::rfc3339(message.at);
            let mut data = format!(
                "From: <{}>\r\nTo: <{}>\r\nSubject: {subject}\r\nX-Twofold-Date: {date}\r\nMIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
                self.from, message.recipient
            );
            for line in message.body.lines() {
                // Dot-stuffing (RFC 5321 §4.5.2).
                data.push_str(if line.starts_with('.') { "." } else { "" });
                data.push_str(line);
                data.push_str("\r\n");
            }
            data.push_str(".\r\nQUIT\r\n");
            write.write_all(data.as_bytes()).await.map_err(|e| e.to_string())?;
            expect(&mut read, 250).await
        };
        tokio::time::timeout(Duration::from_secs(10), work).await.map_err(|_| "timed out".to_owned())?
    }
}

/// Reads a (possibly multi-line) reply and checks its code.
async fn expect(read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, code: u16) -> Result<(), String> {
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await.map_err(|e| e.to_string())? == 0 {
            return Err("the relay closed the connection".to_owned());
        }
        let got: u16 =
            line.get(..3).and_then(|c| c.parse().ok()).ok_or_else(|| format!("bad reply: {line}"))?;
        if got != code {
            return Err(format!("expected {code}, got: {}", line.trim_end()));
        }
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}
