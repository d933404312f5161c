//! The JavaScript API. Every function decodes its arguments (`read`), calls the core, encodes
//! the result (`write`) and maps the error (`error`); the rules all live in the core.

/// Free lists by size instead of dlmalloc: see `alloc/src/lib.rs` for why and what it costs.
#[global_allocator]
static ALLOCATOR: twofold_alloc::SizeClasses = twofold_alloc::SizeClasses::new();

mod error;
mod otp;
#[cfg(feature = "passwords")]
mod passwords;
mod read;
mod types;
mod write;

pub use otp::{
    build_otpauth_uri, generate_recovery_codes, generate_secret, hotp, normalize_recovery_code,
    parse_otpauth_uri, qr_matrix, qr_svg, totp, verify_totp,
};
#[cfg(feature = "passwords")]
pub use passwords::{PasswordChecker, breach_count, breach_range_url, check_password, preset_policy};
