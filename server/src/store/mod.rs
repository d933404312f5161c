//! Every SQL statement of the server, one module per table or aggregate, on SQLite (the
//! embedded default: one file, zero set-up) or PostgreSQL (several instances on one
//! database). Both go through sqlx's Any driver with one SQL text per statement, written in
//! the dialect both speak (`$n` parameters, `RETURNING`, `ON CONFLICT`); the schemas differ
//! (`migrations/sqlite`, `migrations/postgres`), and so do the few statements whose locking
//! must (`FOR UPDATE SKIP LOCKED`), each chosen next to the other. `server/DESIGN.md` says why.
//!
//! Functions take a connection: a pooled one for reads, a [`Tx`] for anything that writes.
//! They return [`StoreError`], never an HTTP or service error, and hold no rule: a refusal
//! the database decides (an email taken, a time step already used) comes back as a value.

mod error;
mod migrate;

pub mod api_tokens;
pub mod audit;
pub mod authenticators;
pub mod devices;
pub mod invitations;
pub mod known_browsers;
pub mod mail_codes;
pub mod outbox;
pub mod password_history;
pub mod password_resets;
pub mod rate_windows;
pub mod recovery_codes;
pub mod sessions;
pub mod syslog_cursors;
pub mod tenants;
pub mod unknown_accounts;
pub mod users;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor};

use error::unique_violation;
pub use error::{StoreError, StoreResult};

/// A connection, pooled or inside a transaction (`&mut *tx`).
pub type Conn = sqlx::AnyConnection;
/// A transaction: dropped without [`sqlx::Transaction::commit`], it rolls back.
pub type Tx = sqlx::Transaction<'static, Any>;

/// Which database is underneath.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (or memory).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend of an open connection.
    pub fn of(conn: &Conn) -> Self {
        if conn.backend_name() == "PostgreSQL" { Self::Postgres } else { Self::Sqlite }
    }
}

/// How the pool behaves.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Connections to PostgreSQL (SQLite always has one: it has a single writer anyway, and
    /// one connection makes every transaction serial without busy retries).
    pub pool_size: u32,
    /// The longest a PostgreSQL statement may run before the server cancels it.
    pub statement_timeout: Duration,
    /// The longest a request waits for a free connection (or for the database to come back)
    /// before it is answered with 503.
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            pool_size: 10,
            statement_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(3),
        }
    }
}

/// The database: a pool of connections, cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite:…` is passed on; anything
/// else is a path to a SQLite file (`:memory:` for a throwaway database).
fn url_of(location: &str) -> (Backend, String) {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return (Backend::Postgres, location.to_owned());
    }
    if location.starts_with("sqlite:") {
        return (Backend::Sqlite, location.to_owned());
    }
    if location == ":memory:" {
        return (Backend::Sqlite, "sqlite::memory:".to_owned());
    }
    // sqlx percent-decodes the path, so these three must be escaped to survive.
    let path = location.replace('%', "%25").replace('?', "%3F").replace('#', "%23");
    (Backend::Sqlite, format!("sqlite://{path}?mode=rwc"))
}

impl Store {
    /// Connects to `location` (see [`url_of`]) and brings the schema up to date.
    ///
    /// # Errors
    ///
    /// When the database cannot be reached, the file cannot be created, or a migration fails.
    pub async fn open(location: &str, options: &StoreOptions) -> StoreResult<Self> {
        install_default_drivers();
        let (backend, url) = url_of(location);
        if backend == Backend::Sqlite && !location.starts_with("sqlite:") && location != ":memory:" {
            if let Some(parent) =
                std::path::Path::new(location).parent().filter(|p| !p.as_os_str().is_empty())
            {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StoreError::Unavailable(format!("creating {}: {e}", parent.display())))?;
            }
        }
        let timeout_ms = options.statement_timeout.as_millis();
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 1 } else { options.pool_size.max(1) })
            .acquire_timeout(options.acquire_timeout)
            // An in-memory SQLite database lives as long as its connection: never let it go.
            .min_connections(u32::from(backend == Backend::Sqlite))
            .idle_timeout((backend == Backend::Postgres).then_some(Duration::from_secs(600)))
            .max_lifetime((backend == Backend::Postgres).then_some(Duration::from_secs(1800)))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    match Backend::of(conn) {
                        // WAL with full sync: a write that returned is on disk even if the
                        // process is killed right after, and readers never block the writer.
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            conn.execute(format!("SET statement_timeout = {timeout_ms}").as_str()).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let store = Self { pool, backend };
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for reads.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when none comes free in time.
    pub async fn conn(&self) -> StoreResult<PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// A transaction for writes. On SQLite it takes the write lock at once, so that another
    /// process on the same file waits for it instead of failing half-way.
    ///
    /// # Errors
    ///
    /// [`StoreError::Unavailable`] when no connection comes free in time.
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Closes every connection (at shutdown, so SQLite checkpoints its log).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_their_backend() {
        assert_eq!(url_of("postgres://u@h/db").0, Backend::Postgres);
        assert_eq!(url_of("postgresql://u@h/db").0, Backend::Postgres);
        assert_eq!(url_of(":memory:"), (Backend::Sqlite, "sqlite::memory:".into()));
        assert_eq!(url_of("data/a b?.db"), (Backend::Sqlite, "sqlite://data/a b%3F.db?mode=rwc".into()));
    }
}
