//! The one-time-password half, everything the `twofold/otp` build carries: secrets and their
//! base32 text, HOTP and TOTP codes, `otpauth://` Key URIs, QR codes and recovery codes.
//! Nothing here depends on the password half.

pub(crate) mod base32;
pub(crate) mod hmac;
pub(crate) mod hotp;
pub(crate) mod options;
pub(crate) mod otpauth;
pub(crate) mod params;
pub(crate) mod qr;
pub(crate) mod recovery;
pub(crate) mod secret;
pub(crate) mod time;
pub(crate) mod totp;
