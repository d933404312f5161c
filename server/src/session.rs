//! Sessions in cookies: random tokens, stored hashed, `HttpOnly; SameSite=Strict`; the CSRF
//! check every state-changing request passes; and the stage a session is at.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};

use crate::crypto::token_hash;
use crate::error::{ApiResult, AppError};
use crate::extract::cookie;
use crate::state::AppState;
use crate::tenants::{self, Tenant};
use crate::users::{self, User};

/// The session cookie.
pub const SESSION_COOKIE: &str = "twofold_session";
/// The remembered-device cookie.
pub const DEVICE_COOKIE: &str = "twofold_device";
/// The CSRF cookie, which scripts read and echo in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "twofold_csrf";
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a full session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long the second step may take after the password.
pub const SECOND_STEP_SECONDS: i64 = 5 * 60;

/// How far through sign-in a session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Signed in.
    Full,
    /// Password right; a code or recovery code is still to come.
    SecondFactor,
    /// 2FA is required and the grace period is over: only enrollment is open.
    EnrollmentOnly,
    /// The password expired: only changing it is open.
    PasswordChange,
}

impl Stage {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::SecondFactor => "second_factor",
            Self::EnrollmentOnly => "enrollment_only",
            Self::PasswordChange => "password_change",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Full, Self::SecondFactor, Self::EnrollmentOnly, Self::PasswordChange]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A signed-in (or signing-in) user.
#[derive(Clone, Debug)]
pub struct Session {
    /// The stored hash of the token.
    pub token_hash: String,
    /// The stage.
    pub stage: Stage,
    /// The user.
    pub user: User,
    /// The user's tenant.
    pub tenant: Tenant,
}

impl Session {
    /// Refuses unless the session is at one of `stages`, saying what is left to do.
    ///
    /// # Errors
    ///
    /// 403 `second_factor_required`, `enrollment_required` or `password_change_required`.
    pub fn require(&self, stages: &[Stage]) -> ApiResult<()> {
        if stages.contains(&self.stage) {
            return Ok(());
        }
        Err(match self.stage {
            Stage::SecondFactor => AppError::forbidden(
                "second_factor_required",
                "enter a code from your authenticator app first",
            ),
            Stage::EnrollmentOnly => {
                AppError::forbidden("enrollment_required", "set up two-factor authentication first")
            }
            Stage::PasswordChange => {
                AppError::forbidden("password_change_required", "your password has expired: change it first")
            }
            Stage::Full => AppError::forbidden("not_allowed", "this is only for completing sign-in"),
        })
    }

    /// Refuses unless the user is an administrator with a full session.
    ///
    /// # Errors
    ///
    /// 403 `admin_required`, or what [`Session::require`] says.
    pub fn require_admin(&self) -> ApiResult<()> {
        self.require(&[Stage::Full])?;
        if self.user.role == "admin" {
            Ok(())
        } else {
            Err(AppError::forbidden("admin_required", "only administrators may do this"))
        }
    }
}

/// Creates a session; returns its token (for the cookie).
///
/// # Errors
///
/// Database or randomness errors.
pub fn create(conn: &Connection, user_id: i64, stage: Stage, now: i64) -> ApiResult<String> {
    let token = crate::crypto::token()?;
    let lifetime = if stage == Stage::SecondFactor { SECOND_STEP_SECONDS } else { SESSION_SECONDS };
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, stage, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash(&token), user_id, stage.as_str(), now, now + lifetime],
    )?;
    Ok(token)
}

/// Looks up a live session by token.
///
/// # Errors
///
/// Database errors.
pub fn find(conn: &Connection, token: &str, now: i64) -> ApiResult<Option<Session>> {
    let hash = token_hash(token);
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT stage, user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
            params![hash, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((stage, user_id)) = row else {
        return Ok(None);
    };
    let stage = Stage::parse(&stage).ok_or_else(|| AppError::internal("unknown session stage"))?;
    let user = users::by_id(conn, user_id)?;
    let tenant = tenants::by_id(conn, user.tenant_id)?;
    Ok(Some(Session { token_hash: hash, stage, user, tenant }))
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE)
            .map(str::to_owned)
            .ok_or_else(|| AppError::unauthorized("not_signed_in", "sign in first"))?;
        let now = state.clock.now();
        state
            .db
            .call(move |conn| find(conn, &token, now))
            .await?
            .ok_or_else(|| AppError::unauthorized("not_signed_in", "your session has ended: sign in again"))
    }
}

/// A `Set-Cookie` value. `max_age` of 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: i64, http_only: bool, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite=Strict");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// Double-submit CSRF defence on top of `SameSite=Strict`: a state-changing request must echo
/// the `twofold_csrf` cookie in the `X-CSRF-Token` header, which another site cannot read.
pub async fn csrf(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let expected = cookie(headers, CSRF_COOKIE).filter(|t| t.len() >= 16);
    let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (expected, given) {
        (Some(expected), Some(given)) if expected == given => next.run(request).await,
        _ => AppError::forbidden(
            "csrf_failed",
            "missing or wrong CSRF token: load /api/session first and send its token",
        )
        .into_response(),
    }
}
