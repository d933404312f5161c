//! Schema changes, applied at start in order and recorded in `schema_migrations`. Each
//! backend has its own list (their column types differ); PostgreSQL's starts at the schema
//! SQLite reached through its first three, since no PostgreSQL database predates it.

use sqlx::{Executor, Row};

use super::{Backend, Conn, Store, StoreError, StoreResult};

/// A migration: its SQL, then optionally work the SQL cannot do.
struct Migration {
    version: i64,
    sql: &'static str,
    then: Option<Fixup>,
}

/// Work done in Rust inside a migration's transaction.
#[derive(Clone, Copy)]
enum Fixup {
    /// Fills `users.email_key` and lower-cases audit emails with the server's own folding
    /// (`model::user::email_key`), which SQL's ASCII-only `lower()` cannot match.
    EmailKeys,
}

const SQLITE: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../../migrations/sqlite/0001_init.sql"), then: None },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/sqlite/0002_layers.sql"),
        then: Some(Fixup::EmailKeys),
    },
    Migration { version: 3, sql: include_str!("../../migrations/sqlite/0003_email_keys.sql"), then: None },
    Migration { version: 4, sql: include_str!("../../migrations/sqlite/0004_locales.sql"), then: None },
    Migration { version: 5, sql: include_str!("../../migrations/sqlite/0005_hardening.sql"), then: None },
    Migration { version: 6, sql: include_str!("../../migrations/sqlite/0006_factors.sql"), then: None },
    Migration { version: 7, sql: include_str!("../../migrations/sqlite/0007_accounts.sql"), then: None },
    Migration { version: 8, sql: include_str!("../../migrations/sqlite/0008_tokens.sql"), then: None },
];

const POSTGRES: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../../migrations/postgres/0001_init.sql"), then: None },
    Migration { version: 2, sql: include_str!("../../migrations/postgres/0002_locales.sql"), then: None },
    Migration { version: 3, sql: include_str!("../../migrations/postgres/0003_hardening.sql"), then: None },
    Migration { version: 4, sql: include_str!("../../migrations/postgres/0004_factors.sql"), then: None },
    Migration { version: 5, sql: include_str!("../../migrations/postgres/0005_accounts.sql"), then: None },
    Migration { version: 6, sql: include_str!("../../migrations/postgres/0006_tokens.sql"), then: None },
];

/// Any number that is the same in every instance: instances starting together take turns.
const ADVISORY_LOCK: i64 = 0x0074_776f_666f_6c64;

pub(super) async fn run(store: &Store) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    let migrations = match store.backend() {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(ADVISORY_LOCK).execute(&mut *tx).await?;
            POSTGRES
        }
    };
    tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)").await?;
    if store.backend() == Backend::Sqlite {
        adopt_user_version(&mut tx).await?;
    }
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    for migration in migrations.iter().filter(|m| !applied.contains(&m.version)) {
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Broken(format!("migration {}: {e}", migration.version)))?;
        if let Some(fixup) = migration.then {
            run_fixup(&mut tx, fixup).await?;
        }
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(migration.version)
            .execute(&mut *tx)
            .await?;
        tracing::info!(migration = migration.version, "applied migration");
    }
    tx.commit().await?;
    Ok(())
}

/// Databases made before `schema_migrations` counted their migrations in
/// `PRAGMA user_version`; those count as applied.
async fn adopt_user_version(conn: &mut Conn) -> StoreResult<()> {
    let legacy: i64 = sqlx::query("PRAGMA user_version").fetch_one(&mut *conn).await?.try_get(0)?;
    for version in 1..=legacy {
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(version)
            .execute(&mut *conn)
            .await?;
    }
    if legacy > 0 {
        conn.execute("PRAGMA user_version = 0").await?;
    }
    Ok(())
}

async fn run_fixup(conn: &mut Conn, fixup: Fixup) -> StoreResult<()> {
    match fixup {
        Fixup::EmailKeys => {
            let users = sqlx::query("SELECT id, email FROM users").fetch_all(&mut *conn).await?;
            for row in users {
                let (id, email): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
                sqlx::query("UPDATE users SET email_key = $2 WHERE id = $1")
                    .bind(id)
                    .bind(crate::model::email_key(&email))
                    .execute(&mut *conn)
                    .await?;
            }
            let emails = sqlx::query("SELECT DISTINCT email FROM audit WHERE email IS NOT NULL")
                .fetch_all(&mut *conn)
                .await?;
            for row in emails {
                let email: String = row.try_get(0)?;
                let key = crate::model::email_key(&email);
                if key != email {
                    sqlx::query("UPDATE audit SET email = $2 WHERE email = $1")
                        .bind(&email)
                        .bind(key)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
    }
    Ok(())
}
