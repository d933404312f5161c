//! The HTTP layer: routes, extractors, cookies and typed bodies. A handler parses the
//! request, calls one service function, and turns its answer into a response; it holds no
//! SQL and no rule.

mod admin;
mod assets;
mod auth;
mod body;
mod devices;
mod error;
mod extract;
mod password;
mod session;
mod signin;
mod signup;
mod tenants;
mod two_factor;

use std::path::Path;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use axum::middleware;
use axum::routing::any;

pub use auth::{CSRF_COOKIE, CSRF_HEADER, DEVICE_COOKIE, SESSION_COOKIE};
pub use extract::cookie;

use crate::error::Error;
use crate::state::AppState;

/// The largest request body accepted: policies and sign-in forms are small.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every API route, the CSRF check and the body limit.
fn api(state: AppState) -> Router {
    Router::new()
        .merge(tenants::router())
        .merge(signup::router())
        .merge(session::router())
        .merge(signin::router())
        .merge(password::router())
        .merge(two_factor::router())
        .merge(devices::router())
        .merge(admin::router())
        .route("/api/{*rest}", any(api_not_found))
        .layer(middleware::from_fn(auth::csrf))
        .layer(middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// The API router alone; anything else is a JSON 404.
pub fn app(state: AppState) -> Router {
    api(state).fallback(api_not_found).layer(middleware::from_fn(error::localize))
}

async fn api_not_found(uri: Uri) -> Error {
    Error::not_found("route_unknown").detail(uri.path().chars().take(200).collect::<String>())
}

/// The API plus the front end: `www` at `/`, and the npm package's `js/` and `pkg/` (from
/// the package folder) at `/twofold/`, which the pages import; each file with an ETag and
/// its precompressed copy when there is one (`assets`).
pub fn app_with_front_end(state: AppState, www: &Path, package: &Path) -> Router {
    api(state)
        .nest_service("/twofold/js", assets::service(package.join("js")))
        .nest_service("/twofold/pkg", assets::service(package.join("pkg")))
        .fallback_service(assets::service(www.to_path_buf()))
}
