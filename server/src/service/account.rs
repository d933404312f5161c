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
    /// Whether the user must hold a second factor (their tenant or an admin says so).
    pub two_factor_required: bool,
}

impl Account {
    /// Reads what goes with `user`.
    ///
    /// # Errors
    ///
    /// Database errors.
    pub async fn of(conn: &mut Conn, user: User) -> Result<Self> {
        let recovery_codes_left = store::recovery_codes::left(conn, user.id).await?;
        let tenant = store::tenants::by_id(conn, user.tenant_id).await?;
        let two_factor_required = tenant.is_some_and(|t| super::signin::must_use_two_factor(&t, &user));
        Ok(Self { user, recovery_codes_left, two_factor_required })
    }
}
