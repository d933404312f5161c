//! The twofold backend: a JSON API that enforces, with the same core the browser runs, each
//! tenant's password policy and two-factor rules, on SQLite (one box) or PostgreSQL (several
//! instances).
//!
//! Three layers, each knowing only the one below: [`http`] (routes, extractors, typed
//! bodies) → [`service`] (the rules) → [`store`] (every SQL statement). [`model`] is the
//! vocabulary they share; [`delivery`] the SMTP and syslog wire formats. [`app`] builds the
//! router (tests drive it with `tower::ServiceExt::oneshot`); `main.rs` reads the
//! configuration, opens the store and serves it.

pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod error;
pub mod http;
pub mod i18n;
pub mod model;
pub mod service;
pub mod state;
pub mod store;

pub use http::{MAX_BODY_BYTES, app, app_with_front_end};
pub use state::{AppState, Options};
