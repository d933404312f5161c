//! Links mailed (or texted) to people: a page of the front end, its tenant, and a token in
//! the fragment. A fragment never reaches a server, a proxy's log or a `Referer`: the page
//! reads it and sends it in a request body.

use crate::crypto;
use crate::error::{Error, Result};
use crate::model::{Tenant, User};
use crate::state::AppState;
use crate::store::{self, Conn};

/// The longest token read: ours are 43 characters; anything much longer is nobody's, and
/// is refused before it is hashed.
pub const MAX_TOKEN_CHARS: usize = 128;

/// A fresh token and the keyed hash it is stored under.
///
/// # Errors
///
/// Internal errors when there is no randomness.
pub fn token(app: &AppState) -> Result<(String, String)> {
    let token = crypto::token()?;
    let hash = app.vault.code_hash(&token)?;
    Ok((token, hash))
}

/// The stored form of a token someone sent back; `None` when it cannot be one of ours.
///
/// # Errors
///
/// Internal errors of the keyed hash.
pub fn stored_form(app: &AppState, token: &str) -> Result<Option<String>> {
    let token = token.trim();
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return Ok(None);
    }
    app.vault.code_hash(token).map(Some)
}

/// `{public_url}{page}?tenant={slug}#token={token}`.
///
/// # Errors
///
/// Internal errors when the public URL does not parse (the flag is checked at start).
pub fn page(app: &AppState, page: &str, tenant: &Tenant, token: &str) -> Result<String> {
    page_at(&app.options.public_url, page, &tenant.slug, token)
}

fn page_at(public_url: &str, page: &str, slug: &str, token: &str) -> Result<String> {
    let mut base = reqwest::Url::parse(public_url).map_err(Error::internal)?;
    // A base without its final slash would lose its last segment to the page.
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    let mut url = base.join(page).map_err(Error::internal)?;
    url.query_pairs_mut().clear().append_pair("tenant", slug);
    url.set_fragment(Some(&format!("token={token}")));
    Ok(url.to_string())
}

/// Whom a link names, for the page that opens it: the account, its tenant (whose policy the
/// page's checklist shows) and when the link stops working.
#[derive(Clone, Debug)]
pub struct Holder {
    /// The tenant.
    pub tenant: Tenant,
    /// The account.
    pub user: User,
    /// When the link lapses.
    pub expires_at: i64,
}

impl Holder {
    /// The holder of a link for `user_id` that lapses at `expires_at`, with its tenant;
    /// `None` when the account is gone or not `usable` for what the link does any more.
    ///
    /// # Errors
    ///
    /// Database errors.
    pub async fn of(
        conn: &mut Conn,
        user_id: i64,
        expires_at: i64,
        usable: impl Fn(&User) -> bool,
    ) -> Result<Option<Self>> {
        let Some(user) = store::users::by_id(conn, user_id).await?.filter(|u| usable(u)) else {
            return Ok(None);
        };
        let tenant = store::tenants::by_id(conn, user.tenant_id)
            .await?
            .ok_or_else(|| Error::internal("a user of a tenant that does not exist"))?;
        Ok(Some(Self { tenant, user, expires_at }))
    }

    /// The personal data a password of theirs must not contain: what the server will judge
    /// it with, for the page to judge it with too.
    pub fn personal_data(&self) -> twofold::UserContext {
        super::accounts::personal_context(&self.tenant, &self.user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_page_the_tenant_and_carry_the_token_in_the_fragment() {
        for (base, link) in [
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/invite.html?tenant=acme#token=abc-_1"),
            (
                "https://auth.example.com/app",
                "https://auth.example.com/app/invite.html?tenant=acme#token=abc-_1",
            ),
            (
                "https://auth.example.com/app/?x=1",
                "https://auth.example.com/app/invite.html?tenant=acme#token=abc-_1",
            ),
        ] {
            assert_eq!(page_at(base, "invite.html", "acme", "abc-_1").unwrap(), link, "{base}");
        }
    }
}
