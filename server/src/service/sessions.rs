//! Sessions: random tokens (only their hash is stored), the stage each is at, and what each
//! stage allows.

use super::Client;
use crate::crypto::{self, token_hash};
use crate::error::{Error, Result};
use crate::model::{Role, Stage, Tenant, User};
use crate::state::AppState;
use crate::store::{self, Conn};

/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long the second step may take after the password.
pub const SECOND_STEP_SECONDS: i64 = 5 * 60;

/// How long a session at `stage` lives.
pub fn lifetime(stage: Stage) -> i64 {
    if stage == Stage::SecondFactor { SECOND_STEP_SECONDS } else { SESSION_SECONDS }
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
    /// The hash of the CSRF token the session was opened with.
    pub csrf_hash: String,
    /// When a second factor was last proved in this session.
    pub factor_at: Option<i64>,
}

/// A session just opened: the token goes in the cookie, and nowhere else.
#[derive(Debug)]
pub struct Opened {
    /// The bearer token.
    pub token: String,
    /// Its stage.
    pub stage: Stage,
    /// Seconds it lives.
    pub lifetime: i64,
}

impl Session {
    /// Refuses unless the session is at one of `stages`, saying what is left to do.
    ///
    /// # Errors
    ///
    /// `second_factor_required`, `enrollment_required` or `password_change_required`.
    pub fn require(&self, stages: &[Stage]) -> Result<()> {
        if stages.contains(&self.stage) {
            return Ok(());
        }
        Err(match self.stage {
            Stage::SecondFactor => Error::forbidden("second_factor_required"),
            Stage::EnrollmentOnly => Error::forbidden("enrollment_required"),
            Stage::PasswordChange => Error::forbidden("password_change_required"),
            Stage::Full => Error::forbidden("not_allowed"),
        })
    }

    /// Refuses unless the user is an administrator with a full session.
    ///
    /// # Errors
    ///
    /// `admin_required`, or what [`Session::require`] says.
    pub fn require_admin(&self) -> Result<()> {
        self.require(&[Stage::Full])?;
        if self.user.role == Role::Admin { Ok(()) } else { Err(Error::forbidden("admin_required")) }
    }
}

/// How long a second factor proved in a session stands in for a new code (GitHub's sudo
/// mode): showing the QR again, new recovery codes, adding or removing an authenticator.
pub const STEP_UP_SECONDS: i64 = 5 * 60;

/// Opens a session for the user at `stage`, bound to the CSRF token of the request that
/// opened it (`client.csrf`), remembering where it came from; `proved` when a second factor
/// was just proved for it.
///
/// # Errors
///
/// Database or randomness errors.
pub async fn open(
    conn: &mut Conn,
    user_id: i64,
    stage: Stage,
    now: i64,
    client: &Client,
    proved: bool,
) -> Result<Opened> {
    let token = crypto::token()?;
    let lifetime = lifetime(stage);
    let (hash, csrf, ip) = (token_hash(&token), token_hash(&client.csrf), client.ip.to_string());
    let new = store::sessions::NewSession {
        token_hash: &hash,
        user_id,
        stage,
        now,
        expires_at: now + lifetime,
        csrf_hash: &csrf,
        factor_at: proved.then_some(now),
        ip: &ip,
        user_agent: &client.user_agent,
    };
    store::sessions::insert(conn, &new).await?;
    Ok(Opened { token, stage, lifetime })
}

impl Session {
    /// Whether a second factor was proved in this session within [`STEP_UP_SECONDS`].
    pub fn proved_recently(&self, now: i64) -> bool {
        self.factor_at.is_some_and(|at| now - at <= STEP_UP_SECONDS)
    }

    /// Whether `csrf` is the token this session was opened with.
    pub fn csrf_matches(&self, csrf: &str) -> bool {
        use subtle::ConstantTimeEq as _;
        !self.csrf_hash.is_empty() && bool::from(token_hash(csrf).as_bytes().ct_eq(self.csrf_hash.as_bytes()))
    }
}

/// The live session whose token is `token`.
///
/// # Errors
///
/// Database errors.
pub async fn find(app: &AppState, token: &str) -> Result<Option<Session>> {
    let now = app.clock.now();
    let hash = token_hash(token);
    let mut conn = app.store.conn().await?;
    let Some(found) = store::sessions::find(&mut conn, &hash, now).await? else {
        return Ok(None);
    };
    let store::sessions::FoundSession { stage, user_id, csrf_hash, factor_at } = found;
    let user = store::users::by_id(&mut conn, user_id)
        .await?
        .ok_or_else(|| Error::internal("a session of a user that does not exist"))?;
    // Disabling ends the sessions too; this holds if one is opened in the same moment.
    if user.disabled_at.is_some() {
        return Ok(None);
    }
    let tenant = store::tenants::by_id(&mut conn, user.tenant_id)
        .await?
        .ok_or_else(|| Error::internal("a user of a tenant that does not exist"))?;
    // A session that was in before a deadline passed, or a password expired, is held to
    // what its user must do now.
    let due = super::signin::stage_after_factors(&tenant, &user, now);
    let stage = if stage == Stage::Full && due != Stage::Full {
        store::sessions::move_stage(&mut conn, &hash, Stage::Full, due).await?;
        due
    } else {
        stage
    };
    Ok(Some(Session { token_hash: hash, stage, user, tenant, csrf_hash, factor_at }))
}
