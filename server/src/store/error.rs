//! What can go wrong below the rules: the database is away, or it answered something no
//! statement here should ever see.

use std::fmt;

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// A store failure. Refusals (an email taken, a code already used) are not errors here: the
/// functions that can meet them answer with an `Option` or a `bool`.
#[derive(Debug)]
pub enum StoreError {
    /// The database cannot be reached or is shutting down, a statement ran past the timeout,
    /// or no connection came free in time: worth retrying later (503).
    Unavailable(String),
    /// A row holds what the code never writes (a policy that no longer parses, an unknown
    /// stage), or a statement failed in a way that is a bug.
    Broken(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(detail) => write!(f, "database unavailable: {detail}"),
            Self::Broken(detail) => write!(f, "database: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// SQLSTATE classes and codes that mean "not now" rather than "never": connection
/// exceptions (08), operator intervention such as a shutdown or a cancelled statement (57),
/// and insufficient resources (53). SQLite's busy and locked codes (5, 6) say the same.
fn transient(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57") || code.starts_with("53") || code == "5" || code == "6"
}

/// Whether a statement failed because a row would have broken a unique index: an answer
/// about the data ("taken"), not a failure. On PostgreSQL it ends the transaction.
pub(crate) fn unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database) if database.is_unique_violation())
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Self::Unavailable(error.to_string()),
            sqlx::Error::Database(database) if database.code().is_some_and(|c| transient(&c)) => {
                Self::Unavailable(error.to_string())
            }
            _ => Self::Broken(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_trouble_is_transient_and_the_rest_is_not() {
        for code in ["08006", "57P01", "57014", "53300", "5"] {
            assert!(transient(code), "{code}");
        }
        for code in ["23505", "42P01", "1555"] {
            assert!(!transient(code), "{code}");
        }
        assert!(matches!(StoreError::from(sqlx::Error::PoolTimedOut), StoreError::Unavailable(_)));
        assert!(matches!(StoreError::from(sqlx::Error::RowNotFound), StoreError::Broken(_)));
    }
}
