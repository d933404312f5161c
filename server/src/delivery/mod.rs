//! Getting things out of the server: messages to an SMTP relay, audit events to syslog
//! collectors. No rule and no SQL here, only the wire formats and the sockets.

pub mod sms;
pub mod smtp;
pub mod syslog;
