//! The HTTP layer: routes, extractors, cookies and typed bodies. A handler parses the
//! request, calls one service function, and turns its answer into a response; it holds no
//! SQL and no rule.

mod admin;
mod assets;
mod auth;
mod body;
pub mod decoding;
mod devices;
mod email;
mod error;
mod extract;
mod factors;
mod headers;
mod identifiers;
mod invitations;
mod password;
mod password_reset;
mod serve;
mod session;
mod signin;
mod signup;
mod tenants;
mod tokens;
mod two_factor;

use std::path::Path;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use axum::middleware;
use axum::routing::any;

pub use auth::{CSRF_HEADER, Cookie};
pub use extract::cookie;
pub use serve::{Limits, serve};

use crate::error::Error;
use crate::state::AppState;

/// The largest request body accepted: policies and sign-in forms are small.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every API route, the CSRF check and the body limit.
fn api(state: AppState) -> Router {
    let https = state.options.secure_cookies;
    let router = Router::new()
        .merge(tenants::router())
        .merge(signup::router())
        .merge(session::router())
        .merge(signin::router())
        .merge(password::router())
        .merge(two_factor::router())
        .merge(factors::router())
        .merge(devices::router())
        .merge(email::router())
        .merge(identifiers::router())
        .merge(invitations::router())
        .merge(password_reset::router())
        .merge(admin::router())
        .merge(tokens::router())
        // Every route above is for people: a bearer token there is refused.
        .route_layer(middleware::from_fn(auth::no_tokens))
        .merge(admin::token_router())
        .route("/api/{*rest}", any(api_not_found))
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf))
        .layer(middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);
    headers::secure(headers::no_store(router), https)
}

/// The API router alone; anything else is a JSON 404.
pub fn app(state: AppState) -> Router {
    let https = state.options.secure_cookies;
    headers::secure(api(state).fallback(api_not_found).layer(middleware::from_fn(error::localize)), https)
}

async fn api_not_found(uri: Uri) -> Error {
    Error::not_found("route_unknown").detail(uri.path().chars().take(200).collect::<String>())
}

/// The API plus the front end: `www` at `/`, and the npm package's `js/` and `pkg/` (from
/// the package folder) at `/twofold/`, which the pages import; each file with an ETag and
/// its precompressed copy when there is one (`assets`).
pub fn app_with_front_end(state: AppState, www: &Path, package: &Path) -> Router {
    let https = state.options.secure_cookies;
    let router = api(state)
        .nest_service("/twofold/js", assets::service(package.join("js")))
        .nest_service("/twofold/pkg", assets::service(package.join("pkg")))
        .fallback_service(assets::service(www.to_path_buf()));
    headers::secure(router, https)
}
