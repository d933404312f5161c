//! Messages to users, written to the outbox with the event that caused them.

/// A message as the outbox holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// A message to write.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    /// The tenant it is sent for.
    pub tenant_id: i64,
    /// To whom.
    pub recipient: &'a str,
    /// Subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}
