//! Every JSON request body by name, and the client address read from `X-Forwarded-For`,
//! decoded as the routes decode them: what the fuzz targets (`fuzz/`) feed arbitrary bytes,
//! and what a test checks no route's body type is missing from.

use std::net::IpAddr;

use serde::de::DeserializeOwned;

use crate::error::Error;

/// The request body types, as `module::Type` (the module under `http/`, or `model` for a
/// type the routes share with the rules).
pub const REQUEST_BODIES: &[&str] = &[
    "admin::CardBody",
    "admin::OptionalReasonBody",
    "admin::PhoneBody",
    "admin::ReasonBody",
    "admin::RequireChangeBody",
    "admin::RoleBody",
    "email::CodeBody",
    "factors::AddBody",
    "factors::CodeBody",
    "identifiers::CodeBody",
    "identifiers::LoginBody",
    "identifiers::PhoneBody",
    "invitations::TokenBody",
    "invitations::TokenPasswordBody",
    "model::Settings",
    "password::PasswordBody",
    "password::PreferencesBody",
    "password_reset::IdentifierBody",
    "signin::SecondFactorBody",
    "signin::SendBody",
    "signin::SigninBody",
    "signup::SignupBody",
    "tokens::ServiceAccountRequestBody",
    "tokens::TokenRequestBody",
    "two_factor::CodeBody",
    "two_factor::ProofBody",
    "two_factor::QrBody",
];

fn decoded<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), Error> {
    super::extract::decode::<T>(bytes).map(drop)
}

/// Decodes `bytes` as the body type `name` (one of [`REQUEST_BODIES`]); `None` for a name
/// that is not one.
///
/// # Errors
///
/// The refusal the route would answer.
pub fn decode_body(name: &str, bytes: &[u8]) -> Option<Result<(), Error>> {
    use super::{
        admin, email, factors, identifiers, invitations, password, password_reset, signin, signup, tokens,
        two_factor,
    };
    Some(match name {
        "admin::CardBody" => decoded::<admin::CardBody>(bytes),
        "admin::OptionalReasonBody" => decoded::<admin::OptionalReasonBody>(bytes),
        "admin::PhoneBody" => decoded::<admin::PhoneBody>(bytes),
        "admin::ReasonBody" => decoded::<admin::ReasonBody>(bytes),
        "admin::RequireChangeBody" => decoded::<admin::RequireChangeBody>(bytes),
        "admin::RoleBody" => decoded::<admin::RoleBody>(bytes),
        "email::CodeBody" => decoded::<email::CodeBody>(bytes),
        "factors::AddBody" => decoded::<factors::AddBody>(bytes),
        "factors::CodeBody" => decoded::<factors::CodeBody>(bytes),
        "identifiers::CodeBody" => decoded::<identifiers::CodeBody>(bytes),
        "identifiers::LoginBody" => decoded::<identifiers::LoginBody>(bytes),
        "identifiers::PhoneBody" => decoded::<identifiers::PhoneBody>(bytes),
        "invitations::TokenBody" => decoded::<invitations::TokenBody>(bytes),
        "invitations::TokenPasswordBody" => decoded::<invitations::TokenPasswordBody>(bytes),
        "model::Settings" => decoded::<crate::model::Settings>(bytes),
        "password::PasswordBody" => decoded::<password::PasswordBody>(bytes),
        "password::PreferencesBody" => decoded::<password::PreferencesBody>(bytes),
        "password_reset::IdentifierBody" => decoded::<password_reset::IdentifierBody>(bytes),
        "signin::SecondFactorBody" => decoded::<signin::SecondFactorBody>(bytes),
        "signin::SendBody" => decoded::<signin::SendBody>(bytes),
        "signin::SigninBody" => decoded::<signin::SigninBody>(bytes),
        "signup::SignupBody" => decoded::<signup::SignupBody>(bytes),
        "tokens::ServiceAccountRequestBody" => decoded::<tokens::ServiceAccountRequestBody>(bytes),
        "tokens::TokenRequestBody" => decoded::<tokens::TokenRequestBody>(bytes),
        "two_factor::CodeBody" => decoded::<two_factor::CodeBody>(bytes),
        "two_factor::ProofBody" => decoded::<two_factor::ProofBody>(bytes),
        "two_factor::QrBody" => decoded::<two_factor::QrBody>(bytes),
        _ => return None,
    })
}

/// The client behind `lines` of `X-Forwarded-For` (as bytes off the wire; a line that is not
/// a header value is dropped, as the HTTP parser would refuse it), relayed by `peer` with
/// `trusted` proxies.
///
/// # Errors
///
/// `forwarded_invalid`.
pub fn forwarded_client(lines: &[&[u8]], peer: IpAddr, trusted: &[ipnet::IpNet]) -> Result<IpAddr, Error> {
    let mut headers = axum::http::HeaderMap::new();
    for line in lines {
        if let Ok(value) = axum::http::HeaderValue::from_bytes(line) {
            headers.append("x-forwarded-for", value);
        }
    }
    super::extract::forwarded_client(&headers, peer, trusted)
}
