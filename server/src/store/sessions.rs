//! The `sessions` table: signed-in (and signing-in) browsers, by the hash of their token.

use sqlx::Row;

use super::{Backend, Conn, StoreError, StoreResult};
use crate::model::Stage;

/// A session to open.
#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    /// The hash of its token.
    pub token_hash: &'a str,
    /// Its user.
    pub user_id: i64,
    /// Its stage.
    pub stage: Stage,
    /// Now.
    pub now: i64,
    /// When it ends.
    pub expires_at: i64,
    /// The hash of the CSRF token it is bound to.
    pub csrf_hash: &'a str,
    /// When a second factor was last proved in it, if one was.
    pub factor_at: Option<i64>,
    /// The address it was opened from.
    pub ip: &'a str,
    /// The browser it was opened in.
    pub user_agent: &'a str,
}

/// A session as found.
#[derive(Clone, Debug)]
pub struct FoundSession {
    /// Its stage.
    pub stage: Stage,
    /// Its user.
    pub user_id: i64,
    /// The hash of its CSRF token.
    pub csrf_hash: String,
    /// When a second factor was last proved in it.
    pub factor_at: Option<i64>,
}

/// Opens a session.
///
/// # Errors
///
/// Database errors.
pub async fn insert(conn: &mut Conn, session: &NewSession<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, stage, created_at, expires_at, csrf_hash, factor_at, ip, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(session.token_hash)
    .bind(session.user_id)
    .bind(session.stage.as_str())
    .bind(session.now)
    .bind(session.expires_at)
    .bind(session.csrf_hash)
    .bind(session.factor_at)
    .bind(session.ip)
    .bind(session.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session with this token hash.
///
/// # Errors
///
/// Database errors; an unknown stage.
pub async fn find(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<FoundSession>> {
    let row = sqlx::query(
        "SELECT stage, user_id, csrf_hash, factor_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stage: String = row.try_get(0)?;
    let stage = Stage::parse(&stage).ok_or_else(|| StoreError::Broken(format!("unknown stage {stage}")))?;
    Ok(Some(FoundSession {
        stage,
        user_id: row.try_get(1)?,
        csrf_hash: row.try_get(2)?,
        factor_at: row.try_get(3)?,
    }))
}

/// Records that a second factor was just proved in the session (step-up).
///
/// # Errors
///
/// Database errors.
pub async fn proved(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET factor_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the session if it is still live at `now`; `false` when it had expired or was
/// already ended (by a concurrent request, say).
///
/// # Errors
///
/// Database errors.
pub async fn end_live(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends the session.
///
/// # Errors
///
/// Database errors.
pub async fn delete(conn: &mut Conn, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

/// Ends every other session of the user.
///
/// # Errors
///
/// Database errors.
pub async fn delete_others(conn: &mut Conn, user_id: i64, keep_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the session to `to` if it is at `from`.
///
/// # Errors
///
/// Database errors.
pub async fn move_stage(conn: &mut Conn, token_hash: &str, from: Stage, to: Stage) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET stage = $3 WHERE token_hash = $1 AND stage = $2")
        .bind(token_hash)
        .bind(from.as_str())
        .bind(to.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends up to `limit` second steps that expired by `now` and answers their users, with the
/// address and browser the password came from. Each is taken by exactly one caller: the
/// delete is the claim, and on PostgreSQL rows another instance is taking are skipped
/// rather than waited for.
///
/// # Errors
///
/// Database errors.
pub async fn take_expired_second_steps(
    conn: &mut Conn,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<(i64, String, String)>> {
    let sql = match Backend::of(conn) {
        Backend::Postgres => {
            "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
             WHERE stage = 'second_factor' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 \
             FOR UPDATE SKIP LOCKED) RETURNING user_id, ip, user_agent"
        }
        Backend::Sqlite => {
            "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
             WHERE stage = 'second_factor' AND expires_at <= $1 ORDER BY expires_at LIMIT $2) RETURNING user_id, ip, user_agent"
        }
    };
    let rows = sqlx::query(sql).bind(now).bind(limit).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_, _>>()?)
}

/// Ends every session of the user.
///
/// # Errors
///
/// Database errors.
pub async fn delete_all(conn: &mut Conn, user_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Deletes up to `limit` sessions that expired before `before`, save second steps (the
/// sweep of abandoned sign-ins reports those first).
///
/// # Errors
///
/// Database errors.
pub async fn sweep(conn: &mut Conn, before: i64, limit: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
         WHERE expires_at < $1 AND stage <> 'second_factor' LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
