//! The SQLite database: one connection behind a mutex, used from blocking threads, with the
//! migrations applied at start.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::{ApiResult, AppError};

/// Schema changes, in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    connection: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the file at `path`, or an in-memory database for
    /// `:memory:`, and brings the schema up to date.
    ///
    /// # Errors
    ///
    /// When the file cannot be opened or a migration fails.
    pub fn open(path: &str) -> Result<Self, String> {
        if path != ":memory:" {
            if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
            }
        }
        let mut connection = Connection::open(path).map_err(|e| format!("opening {path}: {e}"))?;
        // WAL with full sync: a write that returned is on disk, even if the process is killed
        // right after; readers never block the writer.
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| format!("configuring {path}: {e}"))?;
        migrate(&mut connection).map_err(|e| format!("migrating {path}: {e}"))?;
        Ok(Self { connection: Arc::new(Mutex::new(connection)) })
    }

    /// Runs `work` on the connection in a blocking thread. Work that writes more than once
    /// should open a transaction, so a failure leaves nothing half-written.
    ///
    /// # Errors
    ///
    /// Whatever `work` returns, or an internal error if the thread panicked.
    pub async fn call<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = connection.lock().map_err(|_| AppError::internal("database lock poisoned"))?;
            work(&mut guard)
        })
        .await
        .map_err(|e| AppError::internal(format!("database task: {e}")))?
    }
}

impl Db {
    /// Runs `work` inside a transaction. It commits when `work` succeeds and also when it
    /// refuses the request (a 4xx): a refusal's audit record and failure count must stay. It
    /// rolls back on internal errors, so nothing is half-written.
    ///
    /// # Errors
    ///
    /// Whatever `work` returns.
    pub async fn transaction<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> ApiResult<T> + Send + 'static,
    {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let result = work(&tx);
            match &result {
                Err(AppError::Internal(_)) => tx.rollback()?,
                _ => tx.commit()?,
            }
            result
        })
        .await
    }
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let done: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = connection.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
        tracing::info!(migration = i + 1, "applied migration");
    }
    Ok(())
}
