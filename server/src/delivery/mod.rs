//! Getting things out of the server: messages to an SMTP relay, audit events to syslog
//! collectors, texts to SMS providers, and the breached-password range API's answers in. No
//! rule and no SQL here, only the wire formats and the sockets.

pub mod breach;
pub mod sms;
pub mod smtp;
pub mod syslog;
