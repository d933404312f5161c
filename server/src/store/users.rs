//! The `users` table: accounts, their TOTP state and their failure counts. Each
//! check-and-set here is one statement, so that several instances agree on it.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, StoreError, StoreResult, unique_violation};
use crate::model::{Role, Status, User, UserSummary};

const COLUMNS: &str = "id, tenant_id, email, name, role, password_hash, password_expires_at, \
     two_factor_deadline, failed_attempts, lockouts, locked_until, created_at, locale, email_verified_at, \
     enroll_required, deadline_reminded_at, notify_new_browser, service_account, login, phone, phone_verified_at, disabled_at, \
     CASE WHEN EXISTS (SELECT 1 FROM authenticators a WHERE a.user_id = users.id AND a.confirmed_at IS NOT NULL) \
     THEN 1 ELSE 0 END AS has_factor";

fn role(row: &AnyRow) -> StoreResult<Role> {
    let text: String = row.try_get("role")?;
    Role::parse(&text).ok_or_else(|| StoreError::Broken(format!("unknown role {text}")))
}

fn from_row(row: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: row.try_get("id")?,
        tenant_id: row.try_get("tenant_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: role(row)?,
        password_hash: row.try_get("password_hash")?,
        password_expires_at: row.try_get("password_expires_at")?,
        has_factor: row.try_get::<i64, _>("has_factor")? != 0,
        enroll_required: row.try_get::<i64, _>("enroll_required")? != 0,
        deadline_reminded_at: row.try_get("deadline_reminded_at")?,
        notify_new_browser: row.try_get::<i64, _>("notify_new_browser")? != 0,
        two_factor_deadline: row.try_get("two_factor_deadline")?,
        failed_attempts: row.try_get("failed_attempts")?,
        lockouts: row.try_get("lockouts")?,
        locked_until: row.try_get("locked_until")?,
        created_at: row.try_get("created_at")?,
        locale: row.try_get("locale")?,
        email_verified_at: row.try_get("email_verified_at")?,
        service_account: row.try_get::<i64, _>("service_account")? != 0,
        login: row.try_get("login")?,
        phone: row.try_get("phone")?,
        phone_verified_at: row.try_get("phone_verified_at")?,
        disabled_at: row.try_get("disabled_at")?,
    })
}

/// A user to create.
#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    /// The tenant.
    pub tenant_id: i64,
    /// The email as given.
    pub email: &'a str,
    /// Its folded form (`model::email_key`).
    pub email_key: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// When the password expires.
    pub password_expires_at: Option<i64>,
    /// The end of the grace period to enroll.
    pub two_factor_deadline: Option<i64>,
    /// Now.
    pub created_at: i64,
    /// The language of the messages mailed to them.
    pub locale: &'a str,
    /// When the email was proved theirs (an invitation they followed, say).
    pub email_verified_at: Option<i64>,
    /// A login name and its key (`model::login_key`).
    pub login: Option<(&'a str, &'a str)>,
    /// A phone in E.164, not yet proved.
    pub phone: Option<&'a str>,
}

/// Creates the user in one statement and returns the row; `None` when the email or the
/// login is taken in the tenant.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, user: &NewUser<'_>) -> StoreResult<Option<User>> {
    let sql = format!(
        "INSERT INTO users (tenant_id, email, email_key, name, role, password_hash, password_expires_at, \
         two_factor_deadline, created_at, locale, email_verified_at, login, login_key, phone) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(user.tenant_id)
        .bind(user.email)
        .bind(user.email_key)
        .bind(user.name)
        .bind(user.role.as_str())
        .bind(user.password_hash)
        .bind(user.password_expires_at)
        .bind(user.two_factor_deadline)
        .bind(user.created_at)
        .bind(user.locale)
        .bind(user.email_verified_at)
        .bind(user.login.map(|(login, _)| login))
        .bind(user.login.map(|(_, key)| key))
        .bind(user.phone)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user with this id.
///
/// # Errors
///
/// Database errors.
pub async fn by_id(conn: &mut Conn, id: i64) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The tenant's user whose folded email is `key`.
///
/// # Errors
///
/// Database errors.
pub async fn by_email_key(conn: &mut Conn, tenant_id: i64, key: &str) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND email_key = $2");
    sqlx::query(&sql).bind(tenant_id).bind(key).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The tenant's users with their 2FA state, by email.
///
/// # Errors
///
/// Database errors.
pub async fn list(conn: &mut Conn, tenant_id: i64) -> StoreResult<Vec<UserSummary>> {
    summaries(conn, tenant_id, None).await
}

/// The same of one user of the tenant.
///
/// # Errors
///
/// Database errors.
pub async fn summary(conn: &mut Conn, tenant_id: i64, id: i64) -> StoreResult<Option<UserSummary>> {
    Ok(summaries(conn, tenant_id, Some(id)).await?.pop())
}

async fn summaries(conn: &mut Conn, tenant_id: i64, id: Option<i64>) -> StoreResult<Vec<UserSummary>> {
    let rows = sqlx::query(
        "SELECT id, email, name, role, CASE WHEN EXISTS (SELECT 1 FROM authenticators a \
         WHERE a.user_id = users.id AND a.confirmed_at IS NOT NULL) THEN 1 ELSE 0 END AS two_factor, \
         two_factor_deadline, locked_until, created_at, service_account, \
         (SELECT count(*) FROM recovery_codes r WHERE r.user_id = users.id AND r.used_at IS NULL) AS left_codes, \
         CASE WHEN password_hash = '' THEN 0 ELSE 1 END AS has_password, disabled_at, login, phone, phone_verified_at, \
         (SELECT i.expires_at FROM invitations i WHERE i.user_id = users.id) AS invitation_expires_at \
         FROM users WHERE tenant_id = $1 AND ($2 = 0 OR id = $2) ORDER BY email_key",
    )
    .bind(tenant_id)
    .bind(id.unwrap_or(0))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UserSummary {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                role: role(row)?,
                two_factor_enabled: row.try_get::<i64, _>("two_factor")? != 0,
                two_factor_deadline: row.try_get("two_factor_deadline")?,
                locked_until: row.try_get("locked_until")?,
                created_at: row.try_get("created_at")?,
                recovery_codes_left: row.try_get("left_codes")?,
                service_account: row.try_get::<i64, _>("service_account")? != 0,
                status: Status::of(
                    row.try_get::<i64, _>("has_password")? != 0,
                    row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
                ),
                login: row.try_get("login")?,
                phone: row.try_get("phone")?,
                phone_verified: row.try_get::<Option<i64>, _>("phone_verified_at")?.is_some(),
                invitation_expires_at: row.try_get("invitation_expires_at")?,
            })
        })
        .collect()
}

/// Sets a new password hash and its expiry.
///
/// # Errors
///
/// Database errors.
pub async fn set_password(conn: &mut Conn, id: i64, hash: &str, expires_at: Option<i64>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET password_hash = $2, password_expires_at = $3 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one more failure unless the account is locked at `now`; answers the new count and
/// the lockouts so far, or `None` when it is locked (and the failure is not counted again).
///
/// # Errors
///
/// Database errors.
pub async fn count_failure(conn: &mut Conn, id: i64, now: i64) -> StoreResult<Option<(i64, i64)>> {
    let row = sqlx::query(
        "UPDATE users SET failed_attempts = failed_attempts + 1 \
         WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING failed_attempts, lockouts",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).transpose()?)
}

/// Locks the account until `until` and starts counting afresh.
///
/// # Errors
///
/// Database errors.
pub async fn lock(conn: &mut Conn, id: i64, until: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET failed_attempts = 0, lockouts = lockouts + 1, locked_until = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(until)
    .execute(conn)
    .await?;
    Ok(())
}

/// Clears the failure count after a completed sign-in, unless the account was locked at
/// `now` meanwhile; `false` then.
///
/// # Errors
///
/// Database errors.
pub async fn clear_failures(conn: &mut Conn, id: i64, now: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE users SET failed_attempts = 0, lockouts = 0, locked_until = NULL \
         WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `true` when the user holds no confirmed authenticator (SQL, for `users` rows).
const WITHOUT_FACTOR: &str =
    "NOT EXISTS (SELECT 1 FROM authenticators a WHERE a.user_id = users.id AND a.confirmed_at IS NOT NULL)";

/// Brings forward to `deadline` the grace period of every user of the tenant without 2FA
/// (only its administrators when `admins_only`): a deadline already earlier stays.
///
/// # Errors
///
/// Database errors.
pub async fn tighten_deadlines(
    conn: &mut Conn,
    tenant_id: i64,
    deadline: i64,
    admins_only: bool,
) -> StoreResult<()> {
    let sql = format!(
        "UPDATE users SET two_factor_deadline = CASE WHEN two_factor_deadline IS NULL OR two_factor_deadline > $2 \
         THEN $2 ELSE two_factor_deadline END WHERE tenant_id = $1 AND (role = 'admin' OR $3 = 0) \
         AND service_account = 0 AND {WITHOUT_FACTOR}"
    );
    sqlx::query(&sql).bind(tenant_id).bind(deadline).bind(i64::from(admins_only)).execute(conn).await?;
    Ok(())
}

/// Lifts the deadlines of the tenant's users who need no second factor any more (only its
/// members when `members_only`), save those an administrator's reset obliges to enroll.
///
/// # Errors
///
/// Database errors.
pub async fn clear_deadlines(conn: &mut Conn, tenant_id: i64, members_only: bool) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET two_factor_deadline = NULL, deadline_reminded_at = NULL \
         WHERE tenant_id = $1 AND (role = 'member' OR $2 = 0) AND enroll_required = 0",
    )
    .bind(tenant_id)
    .bind(i64::from(members_only))
    .execute(conn)
    .await?;
    Ok(())
}

/// Obliges the user to enroll at their next sign-in (an administrator reset their 2FA), or
/// lifts that once they have.
///
/// # Errors
///
/// Database errors.
pub async fn set_enroll_required(conn: &mut Conn, id: i64, deadline: Option<i64>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET enroll_required = $2, two_factor_deadline = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(deadline.is_some()))
        .bind(deadline)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends what enrollment settles: an administrator's obligation and the deadline.
///
/// # Errors
///
/// Database errors.
pub async fn enrolled(conn: &mut Conn, id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET enroll_required = 0, two_factor_deadline = NULL, deadline_reminded_at = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Up to `limit` users without 2FA whose deadline falls before `by` and who have not been
/// reminded of it; each is marked reminded at `now` in the same statement, so that two
/// instances never remind one user twice.
///
/// # Errors
///
/// Database errors.
pub async fn take_due_reminders(conn: &mut Conn, now: i64, by: i64, limit: i64) -> StoreResult<Vec<i64>> {
    let sql = format!(
        "UPDATE users SET deadline_reminded_at = $1 WHERE id IN (SELECT id FROM users \
         WHERE two_factor_deadline IS NOT NULL AND two_factor_deadline > $1 AND two_factor_deadline <= $2 \
         AND deadline_reminded_at IS NULL AND {WITHOUT_FACTOR} LIMIT $3) RETURNING id"
    );
    let rows = sqlx::query(&sql).bind(now).bind(by).bind(limit).fetch_all(conn).await?;
    Ok(rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?)
}

/// Unlocks the account and starts counting afresh.
///
/// # Errors
///
/// Database errors.
pub async fn unlock(conn: &mut Conn, id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE users SET failed_attempts = 0, lockouts = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a sign-in from a new browser is mailed to the user.
///
/// # Errors
///
/// Database errors.
pub async fn set_notify_new_browser(conn: &mut Conn, id: i64, notify: bool) -> StoreResult<()> {
    sqlx::query("UPDATE users SET notify_new_browser = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(notify))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that the user proved their email address theirs.
///
/// # Errors
///
/// Database errors.
pub async fn set_email_verified(conn: &mut Conn, id: i64, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE users SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The tenant's user whose login key is `key`.
///
/// # Errors
///
/// Database errors.
pub async fn by_login_key(conn: &mut Conn, tenant_id: i64, key: &str) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND login_key = $2");
    sqlx::query(&sql).bind(tenant_id).bind(key).fetch_optional(conn).await?.as_ref().map(from_row).transpose()
}

/// The tenant's user who proved the phone `e164` theirs.
///
/// # Errors
///
/// Database errors.
pub async fn by_verified_phone(conn: &mut Conn, tenant_id: i64, e164: &str) -> StoreResult<Option<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND phone = $2 AND phone_verified_at IS NOT NULL"
    );
    sqlx::query(&sql)
        .bind(tenant_id)
        .bind(e164)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Whether an update that may meet a unique index changed its one row: `false` when it
/// did not, or when the index refused it (another user has the value).
fn changed_unless_taken(done: Result<sqlx::any::AnyQueryResult, sqlx::Error>) -> StoreResult<bool> {
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        Err(error) if unique_violation(&error) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Gives the user the login `login` (with its key), or none; `false` when another user of
/// the tenant has it (the statement that found so may have ended the transaction: refuse).
///
/// # Errors
///
/// Database errors.
pub async fn set_login(
    conn: &mut Conn,
    id: i64,
    tenant_id: i64,
    login: Option<(&str, &str)>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE users SET login = $3, login_key = $4 WHERE id = $1 AND NOT EXISTS \
         (SELECT 1 FROM users o WHERE o.tenant_id = $2 AND o.login_key = $4 AND o.id <> $1)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(login.map(|(login, _)| login))
    .bind(login.map(|(_, key)| key))
    .execute(conn)
    .await;
    changed_unless_taken(done)
}

/// Sets the user's phone (E.164), not yet proved, or removes it.
///
/// # Errors
///
/// Database errors.
pub async fn set_phone(conn: &mut Conn, id: i64, e164: Option<&str>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET phone = $2, phone_verified_at = NULL WHERE id = $1")
        .bind(id)
        .bind(e164)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that the user proved the phone `e164`, which must still be theirs; `false` when
/// it is not, or another user of the tenant proved it first (the statement that found so
/// may have ended the transaction: refuse).
///
/// # Errors
///
/// Database errors.
pub async fn verify_phone(
    conn: &mut Conn,
    id: i64,
    tenant_id: i64,
    e164: &str,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE users SET phone_verified_at = $4 WHERE id = $1 AND phone = $3 AND NOT EXISTS \
         (SELECT 1 FROM users o WHERE o.tenant_id = $2 AND o.phone = $3 AND o.phone_verified_at IS NOT NULL \
         AND o.id <> $1)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(e164)
    .bind(now)
    .execute(conn)
    .await;
    changed_unless_taken(done)
}

/// Whether another user of the tenant than `except` proved the phone `e164`.
///
/// # Errors
///
/// Database errors.
pub async fn phone_taken(conn: &mut Conn, tenant_id: i64, e164: &str, except: i64) -> StoreResult<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM users WHERE tenant_id = $1 AND phone = $2 AND phone_verified_at IS NOT NULL AND id <> $3",
    )
    .bind(tenant_id)
    .bind(e164)
    .bind(except)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// Gives a card its first password, in the language its owner chose, and records that the
/// address is theirs (the invitation reached it); `false` when it is not a card any more
/// (a password was set meanwhile) or it was disabled.
///
/// # Errors
///
/// Database errors.
pub async fn activate(
    conn: &mut Conn,
    id: i64,
    hash: &str,
    expires_at: Option<i64>,
    locale: &str,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = $2, password_expires_at = $3, locale = $4, \
         email_verified_at = COALESCE(email_verified_at, $5) \
         WHERE id = $1 AND password_hash = '' AND disabled_at IS NULL",
    )
    .bind(id)
    .bind(hash)
    .bind(expires_at)
    .bind(locale)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The end of the user's grace period to enroll (none lifts it).
///
/// # Errors
///
/// Database errors.
pub async fn set_deadline(conn: &mut Conn, id: i64, deadline: Option<i64>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET two_factor_deadline = $2 WHERE id = $1")
        .bind(id)
        .bind(deadline)
        .execute(conn)
        .await?;
    Ok(())
}

/// Disables the account at `at`, or enables it (`None`).
///
/// # Errors
///
/// Database errors.
pub async fn set_disabled(conn: &mut Conn, id: i64, at: Option<i64>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1").bind(id).bind(at).execute(conn).await?;
    Ok(())
}

/// Gives the user `role`, with the enrollment deadline that follows from it.
///
/// # Errors
///
/// Database errors.
pub async fn set_role(conn: &mut Conn, id: i64, role: Role, deadline: Option<i64>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET role = $2, two_factor_deadline = $3 WHERE id = $1")
        .bind(id)
        .bind(role.as_str())
        .bind(deadline)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many administrators of the tenant other than `except` can sign in (a password set,
/// not disabled).
///
/// # Errors
///
/// Database errors.
pub async fn active_admins_besides(conn: &mut Conn, tenant_id: i64, except: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "SELECT count(*) FROM users WHERE tenant_id = $1 AND role = 'admin' AND password_hash <> '' \
         AND disabled_at IS NULL AND id <> $2",
    )
    .bind(tenant_id)
    .bind(except)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The tenant's administrators, oldest first.
///
/// # Errors
///
/// Database errors.
pub async fn admins(conn: &mut Conn, tenant_id: i64) -> StoreResult<Vec<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND role = 'admin' ORDER BY id");
    sqlx::query(&sql).bind(tenant_id).fetch_all(conn).await?.iter().map(from_row).collect()
}

/// Makes the user a service account: it owns tokens, never signs in, and no deadline to
/// enroll a second factor applies to it.
///
/// # Errors
///
/// Database errors.
pub async fn make_service_account(conn: &mut Conn, id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET service_account = 1, enroll_required = 0, two_factor_deadline = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The version of the tenant's policy the user's password was last judged by, if any.
///
/// # Errors
///
/// Database errors.
pub async fn policy_judged(conn: &mut Conn, id: i64) -> StoreResult<Option<i64>> {
    let row =
        sqlx::query("SELECT policy_version FROM users WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(row.map(|r| r.try_get::<Option<i64>, _>(0)).transpose()?.flatten())
}

/// Records whether the user's password passes version `version` of the tenant's policy.
///
/// # Errors
///
/// Database errors.
pub async fn set_policy_verdict(conn: &mut Conn, id: i64, version: i64, passes: bool) -> StoreResult<()> {
    sqlx::query("UPDATE users SET policy_version = $2, policy_passes = $3 WHERE id = $1")
        .bind(id)
        .bind(version)
        .bind(i64::from(passes))
        .execute(conn)
        .await?;
    Ok(())
}

/// How the tenant's active people (service accounts, cards not yet accepted and disabled
/// accounts aside) stand against version `version` of its
/// policy: how many passwords pass it, fail it, and were not judged by it yet.
///
/// # Errors
///
/// Database errors.
pub async fn policy_standing(conn: &mut Conn, tenant_id: i64, version: i64) -> StoreResult<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT \
         CAST(coalesce(sum(CASE WHEN policy_version = $2 AND policy_passes = 1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(coalesce(sum(CASE WHEN policy_version = $2 AND policy_passes = 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(coalesce(sum(CASE WHEN policy_version IS NULL OR policy_version <> $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM users WHERE tenant_id = $1 AND service_account = 0 AND password_hash <> '' AND disabled_at IS NULL",
    )
    .bind(tenant_id)
    .bind(version)
    .fetch_one(conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
}

/// Makes the password of each of the tenant's people whose password fails version `version`
/// of its policy (and, with `unjudged`, each not judged by it yet) expire at `now`, unless it
/// already has; answers how many.
///
/// # Errors
///
/// Database errors.
pub async fn expire_failing_passwords(
    conn: &mut Conn,
    tenant_id: i64,
    version: i64,
    unjudged: bool,
    now: i64,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE users SET password_expires_at = $4 WHERE tenant_id = $1 AND service_account = 0 \
         AND password_hash <> '' AND disabled_at IS NULL AND (password_expires_at IS NULL OR password_expires_at > $4) \
         AND ((policy_version = $2 AND policy_passes = 0) OR ($3 = 1 AND (policy_version IS NULL OR policy_version <> $2)))",
    )
    .bind(tenant_id)
    .bind(version)
    .bind(i64::from(unjudged))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
