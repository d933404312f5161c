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
            Err(rejection) => Err(refusal(rejection)),
        }
    }
}

/// Decodes a body already read, exactly as [`ApiJson`] decodes one (for the fuzz target).
///
/// # Errors
///
/// `body_invalid`, with serde's words in `detail`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    axum::Json::<T>::from_bytes(bytes).map(|axum::Json(value)| value).map_err(refusal)
}

fn refusal(rejection: JsonRejection) -> Error {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => Error::invalid("content_type_invalid"),
        r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
        r => Error::invalid("body_invalid").detail(r.body_text()),
    }
}

/// A raw body (read by a parser of its own, such as the core's policy reader) whose
/// rejection (too large, unreadable) is a JSON refusal too.
pub struct ApiBytes(pub axum::body::Bytes);

impl FromRequest<AppState> for ApiBytes {
    type Rejection = Error;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(Self(bytes)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Error::TooLarge),
            Err(rejection) => Err(Error::invalid("body_invalid").detail(rejection.body_text())),
        }
    }
}

/// A JSON body that may be left out (empty, or only white space), as on a DELETE or an
/// action whose every field is optional; what is there is read strictly, as [`ApiJson`].
pub struct ApiOptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiOptionalJson<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiBytes(body) = ApiBytes::from_request(request, state).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        decode(&body).map(|value| Self(Some(value)))
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
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip())
            .to_canonical();
        let ip = if state.options.trust_proxy {
            forwarded_client(&parts.headers, peer, &state.options.trusted_proxies)?
        } else {
            peer
        };
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(Client::MAX_USER_AGENT)
            .collect();
        let csrf = super::auth::Cookie::Csrf
            .read(&parts.headers, state.options.secure_cookies)
            .unwrap_or_default()
            .to_owned();
        let browser = super::auth::Cookie::Browser
            .read(&parts.headers, state.options.secure_cookies)
            .map(str::to_owned);
        Ok(Self { ip, user_agent, csrf, browser })
    }
}

/// The client behind the proxies: every `X-Forwarded-For` line read as one list (a proxy
/// appends a line of its own as readily as it extends the last), then the connection's own
/// peer, and from the right the first address that is not a trusted proxy. With no list of
/// proxies, the peer is the one proxy, so the client is the last entry it wrote. Entries to
/// the left of the client were written by the client and prove nothing.
pub(super) fn forwarded_client(
    headers: &axum::http::HeaderMap,
    peer: IpAddr,
    trusted: &[ipnet::IpNet],
) -> Result<IpAddr, Error> {
    let mut chain = Vec::new();
    for line in headers.get_all("x-forwarded-for") {
        let text = line.to_str().map_err(|_| Error::invalid("forwarded_invalid"))?;
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let ip: IpAddr = entry.parse().map_err(|_| Error::invalid("forwarded_invalid"))?;
            chain.push(ip.to_canonical());
        }
        if chain.len() > 64 {
            return Err(Error::invalid("forwarded_invalid"));
        }
    }
    if trusted.is_empty() {
        return Ok(chain.last().copied().unwrap_or(peer));
    }
    chain.push(peer);
    let is_proxy = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    Ok(chain.iter().rev().find(|ip| !is_proxy(ip)).or(chain.first()).copied().unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[&str]) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::new();
        for line in lines {
            headers.append("x-forwarded-for", line.parse().unwrap());
        }
        headers
    }

    #[test]
    fn every_forwarded_line_counts_and_the_client_is_right_of_what_it_wrote() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // One proxy, which added its own line after the client's forged one.
        assert_eq!(
            forwarded_client(&headers(&["10.1.2.3", "203.0.113.9"]), peer, &[]).unwrap(),
            ip("203.0.113.9")
        );
        let proxies = ["10.0.0.0/24".parse().unwrap()];
        let chain = headers(&["198.51.100.7, 203.0.113.9", "10.0.0.5"]);
        assert_eq!(forwarded_client(&chain, peer, &proxies).unwrap(), ip("203.0.113.9"));
        // Nothing forwarded: the peer itself.
        assert_eq!(forwarded_client(&headers(&[]), peer, &proxies).unwrap(), peer);
        assert!(forwarded_client(&headers(&["nonsense"]), peer, &[]).is_err());
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
