//! Users as stored.

use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiResult;

/// A user row (the fields sign-in and 2FA need).
#[derive(Clone, Debug)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// The tenant.
    pub tenant_id: i64,
    /// Email, as given at signup (compared case-insensitively).
    pub email: String,
    /// Display name.
    pub name: String,
    /// `admin` or `member`.
    pub role: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// When the password stops working, if the policy set a lifetime.
    pub password_expires_at: Option<i64>,
    /// The encrypted TOTP secret once 2FA is on.
    pub totp_secret: Option<Vec<u8>>,
    /// An encrypted secret awaiting confirmation.
    pub totp_pending: Option<Vec<u8>>,
    /// The last accepted time step.
    pub totp_last_step: Option<i64>,
    /// The end of the grace period to enroll, when 2FA is required and not on.
    pub two_factor_deadline: Option<i64>,
    /// Consecutive failures.
    pub failed_attempts: i64,
    /// Consecutive lockouts.
    pub lockouts: i64,
    /// Locked until then.
    pub locked_until: Option<i64>,
}

impl User {
    /// Whether 2FA is on.
    pub fn two_factor_enabled(&self) -> bool {
        self.totp_secret.is_some()
    }
}

const COLUMNS: &str = "id, tenant_id, email, name, role, password_hash, password_expires_at, totp_secret, totp_pending, \
     totp_last_step, two_factor_deadline, failed_attempts, lockouts, locked_until";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        email: r.get(2)?,
        name: r.get(3)?,
        role: r.get(4)?,
        password_hash: r.get(5)?,
        password_expires_at: r.get(6)?,
        totp_secret: r.get(7)?,
        totp_pending: r.get(8)?,
        totp_last_step: r.get(9)?,
        two_factor_deadline: r.get(10)?,
        failed_attempts: r.get(11)?,
        lockouts: r.get(12)?,
        locked_until: r.get(13)?,
    })
}

/// The user with this id.
///
/// # Errors
///
/// Database errors (a missing row included).
pub fn by_id(conn: &Connection, id: i64) -> ApiResult<User> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"), [id], from_row)?)
}

/// How many of the user's recovery codes are still unspent.
///
/// # Errors
///
/// Database errors.
pub fn recovery_codes_left(conn: &Connection, user_id: i64) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
        [user_id],
        |r| r.get(0),
    )?)
}

/// The tenant's user with this email, compared case-insensitively.
///
/// # Errors
///
/// Database errors.
pub fn by_email(conn: &Connection, tenant_id: i64, email: &str) -> ApiResult<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE tenant_id = ?1 AND lower(email) = lower(?2)"),
            rusqlite::params![tenant_id, email],
            from_row,
        )
        .optional()?)
}
