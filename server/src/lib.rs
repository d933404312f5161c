//! The twofold backend: a JSON API over SQLite that enforces, with the same core the browser
//! runs, each tenant's password policy and two-factor rules.
//!
//! [`app`] builds the router (tests drive it with `tower::ServiceExt::oneshot`); `main.rs`
//! reads the configuration, opens the database and serves it.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod background;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod devices;
pub mod error;
pub mod extract;
pub mod factor;
pub mod lockout;
pub mod outbox;
pub mod session;
pub mod signin;
pub mod state;
pub mod syslog;
pub mod tenants;
pub mod twofa;
pub mod users;

use std::path::Path;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Uri;
use axum::middleware;
use axum::routing::any;
use tower_http::services::ServeDir;

pub use state::{AppState, Options};

/// The largest request body accepted: policies and sign-in forms are small.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The API: every route, the CSRF check and the body limit.
fn api(state: AppState) -> Router {
    Router::new()
        .merge(accounts::router())
        .merge(signin::router())
        .merge(twofa::router())
        .merge(devices::router())
        .merge(admin::router())
        .route("/api/{*rest}", any(api_not_found))
        .layer(middleware::from_fn(session::csrf))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// The API router alone; anything else is a JSON 404.
pub fn app(state: AppState) -> Router {
    api(state).fallback(api_not_found)
}

async fn api_not_found(uri: Uri) -> error::AppError {
    error::AppError::not_found(
        "route_unknown",
        format!("no such endpoint: {}", uri.path().chars().take(200).collect::<String>()),
    )
}

/// The API plus the front end: `www` at `/`, and the npm package's `js/` and `pkg/` (from
/// the package folder) at `/twofold/`, which the pages import.
pub fn app_with_front_end(state: AppState, www: &Path, package: &Path) -> Router {
    api(state)
        .nest_service("/twofold/js", ServeDir::new(package.join("js")))
        .nest_service("/twofold/pkg", ServeDir::new(package.join("pkg")))
        .fallback_service(ServeDir::new(www))
}
