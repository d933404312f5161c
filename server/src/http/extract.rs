//! Request extractors: JSON bodies, paths and queries that fail as JSON refusals, and who is
//! asking.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::service::Client;
use crate::state::AppState;

/// A JSON body whose every problem (malformed, wrong type, unknown field, too large, wrong
/// content type) is a 4xx [`Error`] with a code, never axum's plain-text rejection.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => Error::invalid("content_type_invalid"),
                r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
                r => Error::invalid("body_invalid").detail(r.body_text()),
            }),
        }
    }
}

/// A path parameter whose rejection (say, bytes that are not UTF-8) is a JSON 400.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiPath<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::invalid("path_invalid").detail(rejection.body_text())),
        }
    }
}

/// A query string whose rejection (an unknown or malformed parameter) is a JSON 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::invalid("query_invalid").detail(rejection.body_text())),
        }
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let socket = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        // Behind a trusted proxy, the client is the last address the proxy appended; every
        // earlier entry was written by the client and proves nothing.
        let forwarded = match parts.headers.get("x-forwarded-for").filter(|_| state.options.trust_proxy) {
            Some(header) => {
                let last = header.to_str().ok().and_then(|v| v.rsplit(',').next()).map(str::trim);
                Some(
                    last.and_then(|a| a.parse::<IpAddr>().ok())
                        .ok_or_else(|| Error::invalid("forwarded_invalid"))?,
                )
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
            .take(Client::MAX_USER_AGENT)
            .collect();
        Ok(Self { ip, user_agent })
    }
}

/// The value of cookie `name`, if the request has it.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// The language the request asks for, from `Accept-Language`: one the server has, or English.
#[derive(Clone, Copy, Debug)]
pub struct Locale(pub &'static str);

impl Locale {
    /// From the request's headers.
    pub fn of(headers: &axum::http::HeaderMap) -> Self {
        let header = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        Self(header.map_or(crate::i18n::FALLBACK, crate::i18n::negotiate))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}
