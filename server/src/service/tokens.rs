//! API tokens for systems that cannot prove a second factor: made by a user for themselves,
//! or by an administrator for a service account; shown once, stored as a keyed hash; good for
//! their scopes on the routes that accept tokens, and nowhere else — never for the web
//! sign-in. Every use and every refusal of a known token is audited.

use serde_json::json;

use super::enrollment;
use super::factors::Proof;
use super::sessions::Session;
use super::{Actor, Client, audit, refuse};
use crate::crypto;
use crate::error::{Error, Result};
use crate::model::{ApiToken, Role, Scope, Stage, Tenant, User};
use crate::state::AppState;
use crate::store::{self, api_tokens::NewToken};

/// What every token starts with: a secret that leaks into a log or a repository is
/// recognisable as one of ours (secret scanners key on such prefixes).
pub const PREFIX: &str = "tf_";
/// The characters after the prefix: 32 random bytes, URL-safe base64 without padding.
pub const SECRET_CHARS: usize = 43;
/// Days a token lives when its maker does not say.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest a token may live: a year, after which whoever runs the system that holds it
/// makes a new one, so that a forgotten token does not work forever.
pub const MAX_DAYS: i64 = 365;
/// The longest name a token may have, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Live tokens one user may hold: more than any system needs, few enough to review.
pub const MAX_LIVE_PER_USER: i64 = 20;
/// How much of a token its hint shows: the prefix and four characters, 24 bits of 256.
const HINT_CHARS: usize = 7;
/// What a service account has in place of a password hash: no string verifies against it.
const NO_PASSWORD: &str = "!service-account";

/// What a new token is asked for with.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its scopes, as the API names them.
    pub scopes: &'a [String],
    /// Days it lives ([`DEFAULT_DAYS`] when absent).
    pub expires_in_days: Option<i64>,
}

/// A token just made: its secret, shown this once.
#[derive(Debug)]
pub struct Created {
    /// The token as stored.
    pub token: ApiToken,
    /// `tf_…`: nowhere else but in this answer.
    pub secret: String,
}

/// How a request says who it is: a browser's session, or a token in `Authorization: Bearer`.
pub enum Credentials {
    /// A signed-in browser.
    Session(Box<Session>),
    /// A token, and the route it was sent to (`GET /api/admin/audit`), for the audit log.
    Bearer {
        /// The token as sent.
        token: String,
        /// The method and route.
        route: String,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Session(session) => f.debug_tuple("Session").field(&session.user.id).finish(),
            Self::Bearer { route, .. } => f.debug_struct("Bearer").field("route", route).finish(),
        }
    }
}

/// Who a request acts as, once let in for a scope.
#[derive(Debug)]
pub enum Caller {
    /// A person, signed in.
    Person(Session),
    /// A token.
    Token {
        /// The token.
        token: ApiToken,
        /// Its tenant.
        tenant: Tenant,
    },
}

impl Caller {
    /// The tenant the request acts in.
    pub fn tenant(&self) -> &Tenant {
        match self {
            Self::Person(session) => &session.tenant,
            Self::Token { tenant, .. } => tenant,
        }
    }
}

/// Whether `text` has the shape of a token: the prefix and the base64url characters of 32
/// bytes. Anything else is refused before the database is asked.
fn well_formed(text: &str) -> bool {
    text.strip_prefix(PREFIX).is_some_and(|secret| {
        secret.len() == SECRET_CHARS
            && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Lets a request in for `scope`: a session of someone the scope is for, or a live token
/// that carries it, from an address the tenant allows, of an owner who may still hold it.
/// A token's use is audited as `token_used` with the route and its last use recorded; a
/// known token refused is audited as `token_refused` with why.
///
/// # Errors
///
/// For a session: what its stage or role forbids (`admin_required`). For a token:
/// `token_invalid` (malformed, unknown, revoked or expired), `ip_not_allowed`,
/// `token_scope_missing`, `admin_required` (its owner is no longer an administrator);
/// database errors.
pub async fn authorize(
    app: &AppState,
    client: &Client,
    credentials: Credentials,
    scope: Scope,
) -> Result<Caller> {
    let (text, route) = match credentials {
        Credentials::Session(session) => {
            if scope.administrative() {
                session.require_admin()?;
            } else {
                session.require(&[Stage::Full])?;
            }
            return Ok(Caller::Person(*session));
        }
        Credentials::Bearer { token, route } => (token, route),
    };
    if !well_formed(&text) {
        return Err(Error::unauthenticated("token_invalid"));
    }
    let now = app.clock.now();
    let hash = app.vault.api_token_hash(&text)?;
    let mut tx = app.store.begin().await?;
    let token = store::api_tokens::by_hash(&mut tx, &hash)
        .await?
        .ok_or_else(|| Error::unauthenticated("token_invalid"))?;
    let owner = store::users::by_id(&mut tx, token.user_id)
        .await?
        .ok_or_else(|| Error::internal("a token's owner is gone"))?;
    let tenant = store::tenants::by_id(&mut tx, token.tenant_id)
        .await?
        .ok_or_else(|| Error::internal("a token's tenant is gone"))?;
    let actor = Actor::user(&owner, client);
    let refusal = if token.revoked_at.is_some() {
        Some(("revoked", Error::unauthenticated("token_invalid").reason("revoked")))
    } else if token.expires_at <= now {
        Some(("expired", Error::unauthenticated("token_invalid").reason("expired")))
    } else if !tenant.settings.allows(client.ip) {
        Some(("ip", Error::forbidden("ip_not_allowed")))
    } else if !token.allows(scope) {
        Some(("scope", Error::forbidden("token_scope_missing").with("scope", scope.as_str())))
    } else if scope.administrative() && owner.role != Role::Admin && !owner.service_account {
        Some(("owner_role", Error::forbidden("admin_required")))
    } else {
        None
    };
    let facts = json!({ "tokenId": token.id, "name": token.name, "route": route, "scope": scope.as_str() });
    if let Some((reason, why)) = refusal {
        let mut detail = facts;
        detail["reason"] = reason.into();
        // A system that keeps trying a dead token is one row with a count, not one a minute.
        audit::record_repeated_with(&mut tx, now, &actor, "token_refused", detail).await?;
        return refuse(tx, why).await;
    }
    store::api_tokens::used(&mut tx, token.id, now).await?;
    audit::record(&mut tx, now, &actor, "token_used", facts).await?;
    tx.commit().await?;
    Ok(Caller::Token { token, tenant })
}

/// A request's name, scopes and lifetime, checked.
fn check(request: &Request<'_>) -> Result<(String, Vec<Scope>, i64)> {
    let name = request.name.trim();
    let length = name.chars().count();
    if !(1..=MAX_NAME_CHARS).contains(&length) || name.chars().any(char::is_control) {
        return Err(Error::invalid("token_name_invalid").field("name").with("max", MAX_NAME_CHARS));
    }
    if request.scopes.is_empty() {
        return Err(Error::invalid("token_scopes_invalid").reason("empty").field("scopes"));
    }
    let mut scopes = Vec::new();
    for text in request.scopes {
        let scope = Scope::parse(text).ok_or_else(|| {
            let shown: String = text.chars().take(40).filter(|c| !c.is_control()).collect();
            Error::invalid("token_scopes_invalid").reason("unknown").field("scopes").with("scope", shown)
        })?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    scopes.sort();
    let days = request.expires_in_days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::invalid("token_expiry_invalid")
            .field("expiresInDays")
            .with("min", 1_i64)
            .with("max", MAX_DAYS));
    }
    Ok((name.to_owned(), scopes, days))
}

/// Makes a token for `owner` (the signed-in user, or a service account of theirs): the maker
/// proves it is them with their password and, when they use 2FA, a second factor (now, or
/// within the last few minutes).
async fn create(
    app: &AppState,
    client: &Client,
    session: &Session,
    owner: &User,
    request: &Request<'_>,
    password: &str,
    proof: Option<&Proof>,
) -> Result<Created> {
    let (name, scopes, days) = check(request)?;
    if let Some(scope) = scopes.iter().find(|s| s.administrative()) {
        if session.user.role != Role::Admin {
            return Err(Error::forbidden("token_scope_not_allowed")
                .field("scopes")
                .with("scope", scope.as_str()));
        }
    }
    // A token outlives the session that made it and skips the second factor: whoever makes
    // one shows they are the account's owner, not merely holding its cookie.
    super::password::confirm_current(app, client, session, password, "token_create", "password").await?;
    let (mut tx, maker, actor) = enrollment::step_up(app, client, session, proof).await?;
    let now = app.clock.now();
    // A soft cap: two creations at the very same moment may pass it by one.
    if store::api_tokens::count_live(&mut tx, owner.id, now).await? >= MAX_LIVE_PER_USER {
        return Err(Error::conflict("token_limit").with("max", MAX_LIVE_PER_USER));
    }
    let secret = format!("{PREFIX}{}", crypto::token()?);
    let hash = app.vault.api_token_hash(&secret)?;
    let hint: String = secret.chars().take(HINT_CHARS).collect();
    let new = NewToken {
        tenant_id: session.tenant.id,
        user_id: owner.id,
        created_by: maker.id,
        name: &name,
        scopes: &scopes,
        token_hash: &hash,
        hint: &hint,
        created_at: now,
        expires_at: now + days * 86_400,
    };
    let token = store::api_tokens::insert(&mut tx, &new).await?;
    let scope_names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let detail = json!({
        "tokenId": token.id,
        "name": token.name,
        "scopes": scope_names,
        "expiresAt": token.expires_at,
        "ownerId": owner.id,
        "owner": owner.email,
    });
    audit::record(&mut tx, now, &actor, "token_created", detail).await?;
    super::notices::token_created(&mut tx, now, &session.tenant, &maker, &token, client).await?;
    tx.commit().await?;
    Ok(Created { token, secret })
}

/// Makes a token for the signed-in user.
///
/// # Errors
///
/// `token_name_invalid`, `token_scopes_invalid`, `token_expiry_invalid`,
/// `token_scope_not_allowed` (a scope only administrators may give), `password_wrong`,
/// `locked`, `rate_limited`, `step_up_required`, the proof's refusals, `token_limit`;
/// database errors.
pub async fn create_own(
    app: &AppState,
    client: &Client,
    session: &Session,
    request: &Request<'_>,
    password: &str,
    proof: Option<&Proof>,
) -> Result<Created> {
    session.require(&[Stage::Full])?;
    create(app, client, session, &session.user, request, password, proof).await
}

/// An administrator makes a token for a service account of the tenant.
///
/// # Errors
///
/// `admin_required`, `service_account_unknown`, and as [`create_own`].
pub async fn create_for_service_account(
    app: &AppState,
    client: &Client,
    session: &Session,
    account_id: i64,
    request: &Request<'_>,
    password: &str,
    proof: Option<&Proof>,
) -> Result<Created> {
    session.require_admin()?;
    let owner = store::users::by_id(&mut *app.store.conn().await?, account_id)
        .await?
        .filter(|u| u.tenant_id == session.tenant.id && u.service_account)
        .ok_or_else(|| Error::not_found("service_account_unknown"))?;
    create(app, client, session, &owner, request, password, proof).await
}

/// The signed-in user's tokens, newest first (revoked and expired ones too, until swept).
///
/// # Errors
///
/// Database errors.
pub async fn list_own(app: &AppState, session: &Session) -> Result<Vec<ApiToken>> {
    session.require(&[Stage::Full])?;
    Ok(store::api_tokens::of_user(&mut *app.store.conn().await?, session.user.id).await?)
}

/// Every token of the tenant, for its administrators.
///
/// # Errors
///
/// `admin_required`; database errors.
pub async fn list_tenant(app: &AppState, session: &Session) -> Result<Vec<ApiToken>> {
    session.require_admin()?;
    Ok(store::api_tokens::of_tenant(&mut *app.store.conn().await?, session.tenant.id).await?)
}

/// Revokes token `id` if `may` allows it for this session; revoking one already revoked
/// changes nothing and answers it as it is.
async fn revoke(
    app: &AppState,
    client: &Client,
    session: &Session,
    id: i64,
    may: impl Fn(&ApiToken) -> bool,
) -> Result<ApiToken> {
    let now = app.clock.now();
    let tenant_id = session.tenant.id;
    let mut tx = app.store.begin().await?;
    let token = store::api_tokens::by_id(&mut tx, tenant_id, id)
        .await?
        .filter(|t| may(t))
        .ok_or_else(|| Error::not_found("token_unknown"))?;
    if store::api_tokens::revoke(&mut tx, tenant_id, id, now).await? {
        let by = if token.user_id == session.user.id { "owner" } else { "admin" };
        let detail = json!({ "tokenId": token.id, "name": token.name, "ownerId": token.user_id, "by": by });
        audit::record(&mut tx, now, &Actor::user(&session.user, client), "token_revoked", detail).await?;
    }
    let token = store::api_tokens::by_id(&mut tx, tenant_id, id)
        .await?
        .ok_or_else(|| Error::internal("a token revoked is gone"))?;
    tx.commit().await?;
    Ok(token)
}

/// Revokes one of the signed-in user's tokens.
///
/// # Errors
///
/// `token_unknown`; database errors.
pub async fn revoke_own(app: &AppState, client: &Client, session: &Session, id: i64) -> Result<ApiToken> {
    session.require(&[Stage::Full])?;
    let user_id = session.user.id;
    revoke(app, client, session, id, |t| t.user_id == user_id).await
}

/// An administrator revokes any token of the tenant.
///
/// # Errors
///
/// `admin_required`, `token_unknown`; database errors.
pub async fn revoke_any(app: &AppState, client: &Client, session: &Session, id: i64) -> Result<ApiToken> {
    session.require_admin()?;
    revoke(app, client, session, id, |_| true).await
}

/// An administrator makes a service account: a user of the tenant that holds tokens for a
/// system and never signs in on the web (it has no password, and sign-in refuses it
/// whatever is typed). `email` names who answers for it; nothing is mailed there.
///
/// # Errors
///
/// `admin_required`, `name_invalid`, `email_invalid`, `email_taken`; database errors.
pub async fn create_service_account(
    app: &AppState,
    client: &Client,
    session: &Session,
    name: &str,
    email: &str,
) -> Result<User> {
    session.require_admin()?;
    super::accounts::check_name(name)?;
    let email = super::accounts::check_email(email)?.to_string();
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    let account = super::accounts::NewAccount {
        email: &email,
        name: name.trim(),
        role: Role::Member,
        hash: NO_PASSWORD,
        locale: &session.user.locale,
        email_verified: false,
    };
    let user = super::accounts::create_user(&mut tx, &session.tenant, &account, now).await?;
    store::users::make_service_account(&mut tx, user.id).await?;
    let detail = json!({ "userId": user.id, "email": user.email, "name": user.name });
    audit::record(&mut tx, now, &Actor::user(&session.user, client), "service_account_created", detail)
        .await?;
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    tx.commit().await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_shape_of_a_token_reaches_the_database() {
        let token = format!("{PREFIX}{}", "A".repeat(SECRET_CHARS));
        assert!(well_formed(&token));
        assert!(well_formed(&format!("{PREFIX}{}-_", "z".repeat(SECRET_CHARS - 2))));
        for bad in [
            String::new(),
            PREFIX.to_owned(),
            token[PREFIX.len()..].to_owned(),
            format!("{token}A"),
            format!("TF_{}", "A".repeat(SECRET_CHARS)),
            format!("{PREFIX}{}=", "A".repeat(SECRET_CHARS - 1)),
            format!("{PREFIX}{}é", "A".repeat(SECRET_CHARS - 2)),
        ] {
            assert!(!well_formed(&bad), "{bad:?}");
        }
    }

    #[test]
    fn requests_are_checked_field_by_field() {
        let scopes = vec!["audit:read".to_owned(), "audit:read".to_owned()];
        let ok = Request { name: "  SIEM  ", scopes: &scopes, expires_in_days: None };
        assert_eq!(check(&ok).unwrap(), ("SIEM".to_owned(), vec![Scope::AuditRead], DEFAULT_DAYS));
        let code =
            |r: &Request<'_>| check(r).map_err(|e| (e.code(), e.refusal().and_then(|r| r.field.clone())));
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(code(&Request { name: &long, ..ok.clone() }).unwrap_err().0, "token_name_invalid");
        assert_eq!(code(&Request { name: "a\u{7}b", ..ok.clone() }).unwrap_err().0, "token_name_invalid");
        assert_eq!(code(&Request { scopes: &[], ..ok.clone() }).unwrap_err().0, "token_scopes_invalid");
        let unknown = vec!["audit:write".to_owned()];
        assert_eq!(code(&Request { scopes: &unknown, ..ok.clone() }).unwrap_err().0, "token_scopes_invalid");
        for days in [0, -1, MAX_DAYS + 1, i64::MAX] {
            let refused = code(&Request { expires_in_days: Some(days), ..ok.clone() }).unwrap_err();
            assert_eq!(refused, ("token_expiry_invalid", Some("expiresInDays".to_owned())), "{days}");
        }
        assert_eq!(check(&Request { expires_in_days: Some(MAX_DAYS), ..ok }).unwrap().2, MAX_DAYS);
    }
}
