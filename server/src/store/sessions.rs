//! The `sessions` table: signed-in (and signing-in) browsers, by the hash of their token.

use sqlx::Row;

use super::{Backend, Conn, StoreError, StoreResult};
use crate::model::Stage;

/// Opens a session.
///
/// # Errors
///
/// Database errors.
pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    stage: Stage,
    now: i64,
    expires_at: i64,
    csrf_hash: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, stage, created_at, expires_at, csrf_hash) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(stage.as_str())
    .bind(now)
    .bind(expires_at)
    .bind(csrf_hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// The stage, user and CSRF binding of the live session with this token hash.
///
/// # Errors
///
/// Database errors; an unknown stage.
pub async fn find(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<(Stage, i64, String)>> {
    let row = sqlx::query(
        "SELECT stage, user_id, csrf_hash FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stage: String = row.try_get(0)?;
    let stage = Stage::parse(&stage).ok_or_else(|| StoreError::Broken(format!("unknown stage {stage}")))?;
    Ok(Some((stage, row.try_get(1)?, row.try_get(2)?)))
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

/// Ends up to `limit` second steps that expired by `now` and answers their users. Each is
/// taken by exactly one caller: the delete is the claim, and on PostgreSQL rows another
/// instance is taking are skipped rather than waited for.
///
/// # Errors
///
/// Database errors.
pub async fn take_expired_second_steps(conn: &mut Conn, now: i64, limit: i64) -> StoreResult<Vec<i64>> {
    let sql = match Backend::of(conn) {
        Backend::Postgres => {
            "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
             WHERE stage = 'second_factor' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 \
             FOR UPDATE SKIP LOCKED) RETURNING user_id"
        }
        Backend::Sqlite => {
            "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
             WHERE stage = 'second_factor' AND expires_at <= $1 ORDER BY expires_at LIMIT $2) RETURNING user_id"
        }
    };
    let rows = sqlx::query(sql).bind(now).bind(limit).fetch_all(conn).await?;
    Ok(rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?)
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
