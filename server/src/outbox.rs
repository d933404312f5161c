//! Messages to users (a partial sign-in, 2FA changes): written to an outbox table in the same
//! transaction as the event, and delivered by SMTP when a relay is configured.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rusqlite::{Connection, params};
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::error::ApiResult;

/// A message as the admin API lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Row id.
    pub id: i64,
    /// When it was written, unix seconds.
    pub at: i64,
    /// To whom.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// When the relay accepted it, if it has.
    pub delivered_at: Option<i64>,
}

/// Queues a message.
///
/// # Errors
///
/// Database errors.
pub fn enqueue(
    conn: &Connection,
    at: i64,
    tenant_id: i64,
    user_id: i64,
    recipient: &str,
    subject: &str,
    body: &str,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO outbox (at, tenant_id, user_id, recipient, subject, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![at, tenant_id, user_id, recipient, subject, body],
    )?;
    Ok(())
}

/// A message from a row of `id, at, recipient, subject, body, delivered_at`.
fn message_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        at: r.get(1)?,
        recipient: r.get(2)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        delivered_at: r.get(5)?,
    })
}

/// The tenant's messages, newest first.
///
/// # Errors
///
/// Database errors.
pub fn list(conn: &Connection, tenant_id: i64, limit: i64) -> ApiResult<Vec<Message>> {
    let mut statement = conn.prepare(
        "SELECT id, at, recipient, subject, body, delivered_at FROM outbox WHERE tenant_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let messages = statement
        .query_map(params![tenant_id, limit], message_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(messages)
}

/// Messages not yet delivered, oldest first, skipping those tried too often.
///
/// # Errors
///
/// Database errors.
pub fn pending(conn: &Connection) -> ApiResult<Vec<Message>> {
    let mut statement = conn.prepare(
        "SELECT id, at, recipient, subject, body, delivered_at FROM outbox WHERE delivered_at IS NULL AND attempts < 10 ORDER BY id LIMIT 50",
    )?;
    let messages = statement.query_map([], message_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(messages)
}

/// Records a delivery attempt.
///
/// # Errors
///
/// Database errors.
pub fn mark(conn: &Connection, id: i64, delivered_at: Option<i64>) -> ApiResult<()> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, delivered_at = ?2 WHERE id = ?1",
        params![id, delivered_at],
    )?;
    Ok(())
}

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
            let date = crate::syslog::rfc3339(message.at);
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
