//! Request extractors: JSON bodies that fail as JSON errors, and who is asking.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::state::AppState;

/// A JSON body whose every problem (malformed, wrong type, unknown field, too large, wrong
/// content type) is a 4xx [`AppError`] with a code, never axum's plain-text rejection.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => {
                    AppError::bad_request("content_type_invalid", "send the body as application/json")
                }
                r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                r => AppError::bad_request("body_invalid", r.body_text()),
            }),
        }
    }
}

/// A path parameter whose rejection (say, bytes that are not UTF-8) is a JSON 400.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::bad_request("path_invalid", rejection.body_text())),
        }
    }
}

/// A query string whose rejection (an unknown or malformed parameter) is a JSON 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::bad_request("query_invalid", rejection.body_text())),
        }
    }
}

/// The client's address and user agent, for the allow-list, rate limits and the audit log.
#[derive(Clone, Debug)]
pub struct Client {
    /// The address the request came from (or, behind a trusted proxy, the one it names).
    pub ip: IpAddr,
    /// The `User-Agent` header, cut to 256 characters.
    pub user_agent: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let socket = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        // Behind a trusted proxy, the client is the last address the proxy appended; every
        // earlier entry was written by the client and proves nothing.
        let forwarded = match parts.headers.get("x-forwarded-for").filter(|_| state.options.trust_proxy) {
            Some(header) => {
                let last = header.to_str().ok().and_then(|v| v.rsplit(',').next()).map(str::trim);
                Some(last.and_then(|a| a.parse::<IpAddr>().ok()).ok_or_else(|| {
                    AppError::bad_request("forwarded_invalid", "X-Forwarded-For does not end with an address")
                })?)
            }
            None => None,
        };
        let ip = forwarded.or(socket).unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)).to_canonical();
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(256)
            .collect();
        Ok(Self { ip, user_agent })
    }
}

impl Client {
    /// What the per-address limit counts by: the IPv4 address, or the IPv6 /64 (one
    /// subscriber's network, which hands out as many addresses as it likes).
    pub fn rate_key(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

/// The value of cookie `name`, if the request has it.
pub fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}
