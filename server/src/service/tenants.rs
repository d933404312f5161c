//! Finding a tenant by the name in its URLs.

use crate::error::{Error, Result};
use crate::model::Tenant;
use crate::state::AppState;
use crate::store::{self, Conn};

/// The tenant named `slug`.
///
/// # Errors
///
/// `tenant_unknown`; database errors.
pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<Tenant> {
    store::tenants::by_slug(conn, slug).await?.ok_or_else(|| {
        Error::not_found("tenant_unknown").with("slug", slug.chars().take(64).collect::<String>())
    })
}

/// The tenant named `slug`, as anyone may see it.
///
/// # Errors
///
/// `tenant_unknown`; database errors.
pub async fn find(app: &AppState, slug: &str) -> Result<Tenant> {
    by_slug(&mut *app.store.conn().await?, slug).await
}
