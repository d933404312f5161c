//! SMS to the providers a tenant admin can pick: what goes on the wire, and nothing else.

pub mod phone;

pub use phone::{E164, PhoneError};
