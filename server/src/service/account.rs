//! What a signed-in user sees of their own account.

use crate::error::Result;
use crate::model::User;
use crate::store::{self, Conn};

/// The user and what the account page needs besides.
#[derive(Clone, Debug)]
pub struct Account {
    /// The user.
    pub user: User,
    /// Unspent recovery codes.
    pub recovery_codes_left: i64,
}

impl Account {
    /// Reads what goes with `user`.
    ///
    /// # Errors
    ///
    /// Database errors.
    pub async fn of(conn: &mut Conn, user: User) -> Result<Self> {
        let recovery_codes_left = store::recovery_codes::left(conn, user.id).await?;
        Ok(Self { user, recovery_codes_left })
    }
}
