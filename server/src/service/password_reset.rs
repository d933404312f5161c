//! "Forgot password?": a link to choose a new password, mailed, or texted where the person
//! gave the phone they proved. Known and unknown identifiers get the same answer after the
//! same work (a token is drawn and hashed, the limits are counted, the account looked up,
//! an event written, either way); what only a known one gets (the link stored, mailed or
//! texted) is done after the answer. A link works
//! once and for an hour; choosing the password ends every session and remembered device, and
//! signs in no further than the password would: a user with 2FA still proves it.

use serde_json::json;

use super::accounts::{expiry, judge_new_password, locale_of, remember_password};
use super::links::{self, Holder};
use super::password::Password;
use super::signin::SignedIn;
use super::{Actor, Client, audit, notices, refuse, sms};
use crate::delivery::sms::E164;
use crate::error::{Error, Result};
use crate::i18n;
use crate::model::{Identifier, MAX_IDENTIFIER_BYTES, Status, Tenant, User};
use crate::state::AppState;
use crate::store;

/// How long a reset link works.
pub const LIFETIME_SECONDS: i64 = 3600;
/// Requests for one identifier in an hour.
pub const PER_IDENTIFIER_PER_HOUR: i64 = 5;
/// Requests from one address in an hour.
pub const PER_ADDRESS_PER_HOUR: i64 = 20;
/// The front-end page a reset link opens.
pub const PAGE: &str = "reset.html";

/// How a link goes out.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Channel {
    /// Mailed to the account's address.
    Email,
    /// Texted to the phone the person gave.
    Sms(E164),
}

impl Channel {
    fn as_str(&self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms(_) => "sms",
        }
    }
}

/// Sends a reset link for whoever `identifier` names in the tenant `slug`, if anyone; the
/// caller answers the same whatever happened.
///
/// # Errors
///
/// `identifier_invalid` (too long to be anyone's), `tenant_unknown`, `ip_not_allowed`,
/// `rate_limited` (per identifier and per address, alike for known and unknown ones);
/// database errors.
pub async fn request(app: &AppState, client: &Client, slug: &str, identifier: &str) -> Result<()> {
    if identifier.len() > MAX_IDENTIFIER_BYTES || identifier.trim().is_empty() {
        return Err(Error::invalid("identifier_invalid").field("identifier"));
    }
    let tenant = super::tenants::find(app, slug).await?;
    if !tenant.settings.allows(client.ip) {
        return Err(Error::forbidden("ip_not_allowed"));
    }
    let wanted = Identifier::read(identifier);
    let key = wanted.key();
    let now = app.clock.now();
    // Drawn and hashed whether or not anyone is found, so both cost the same.
    let (token, token_hash) = links::token(app)?;
    let mut tx = app.store.begin().await?;
    for (bucket, limit) in [
        (format!("reset:{}:{key}", tenant.id), PER_IDENTIFIER_PER_HOUR),
        (format!("reset-address:{}", client.rate_key()), PER_ADDRESS_PER_HOUR),
    ] {
        let (hits, start) = store::rate_windows::hit(&mut tx, &bucket, now, 3600).await?;
        if hits > limit {
            return refuse(tx, Error::RateLimited { retry_after: (start + 3600 - now).max(1) }).await;
        }
    }
    let user =
        super::identifiers::find(&mut tx, tenant.id, &wanted).await?.filter(|u| u.status() == Status::Active);
    let link = links::page(app, PAGE, &tenant, &token)?;
    let actor = Actor::new(tenant.id, user.as_ref(), &key, client);
    let detail = json!({ "identifier": wanted.kind(), "knownAccount": user.is_some() });
    audit::record(&mut tx, now, &actor, "password_reset_requested", detail).await?;
    tx.commit().await?;
    if let Some(user) = user {
        // After the answer: the link's row, its mail and above all a provider's time would
        // otherwise tell a known identifier from an unknown one.
        let pending = Pending { tenant, user, wanted, token_hash, link, now, actor };
        let app = app.clone();
        tokio::spawn(async move { pending.send(&app).await });
    }
    Ok(())
}

/// A link to send, once the request has been answered.
struct Pending {
    tenant: Tenant,
    user: User,
    wanted: Identifier,
    token_hash: String,
    link: String,
    now: i64,
    actor: Actor,
}

impl Pending {
    /// Stores the link and mails it, or texts it where the person gave their proved phone
    /// and the tenant's provider sends texts of ours; what does not leave is logged and
    /// audited.
    async fn send(self, app: &AppState) {
        if let Err(error) = self.try_send(app).await {
            let (tenant, user) = (&self.tenant.slug, self.user.id);
            tracing::warn!(%tenant, user, code = error.code(), "a reset link was not sent");
            let recorded = async {
                let mut tx = app.store.begin().await?;
                let detail = json!({ "code": error.code() });
                audit::record(&mut tx, app.clock.now(), &self.actor, "password_reset_undelivered", detail)
                    .await?;
                tx.commit().await?;
                Ok::<_, Error>(())
            };
            if let Err(error) = recorded.await {
                tracing::warn!(?error, "recording an undelivered reset link");
            }
        }
    }

    async fn try_send(&self, app: &AppState) -> Result<()> {
        let Self { tenant, user, now, .. } = self;
        let channel = match &self.wanted {
            Identifier::Phone(number) if sms::sends_texts(app, tenant, number)? => {
                Channel::Sms(number.clone())
            }
            _ => Channel::Email,
        };
        let minutes = LIFETIME_SECONDS / 60;
        let mut tx = app.store.begin().await?;
        let expires_at = now + LIFETIME_SECONDS;
        store::password_resets::insert(
            &mut tx,
            &self.token_hash,
            user.id,
            channel.as_str(),
            *now,
            expires_at,
        )
        .await?;
        if channel == Channel::Email {
            let client = &self.actor.client;
            notices::password_reset_link(&mut tx, *now, tenant, user, &self.link, minutes, client).await?;
        }
        tx.commit().await?;
        if let Channel::Sms(number) = &channel {
            let args = [
                ("tenant", tenant.name.as_str().into()),
                ("link", self.link.as_str().into()),
                ("minutes", minutes.into()),
            ];
            let words = i18n::text(&user.locale, "sms.password_reset", &args);
            sms::send_text(app, tenant, number, &words).await?;
        }
        Ok(())
    }
}

/// Whom the reset link with `token` is for, and what its page needs: the tenant's policy
/// and the account's data.
///
/// # Errors
///
/// `reset_invalid` (unknown or used), `reset_expired`; database errors.
pub async fn lookup(app: &AppState, token: &str) -> Result<Holder> {
    let invalid = || Error::not_found("reset_invalid");
    let hash = links::stored_form(app, token)?.ok_or_else(invalid)?;
    let mut conn = app.store.conn().await?;
    let reset = store::password_resets::by_token(&mut conn, &hash).await?.ok_or_else(invalid)?;
    if reset.expires_at <= app.clock.now() {
        return Err(Error::not_found("reset_expired"));
    }
    let active = |u: &User| u.status() == Status::Active;
    Holder::of(&mut conn, reset.user_id, reset.expires_at, active).await?.ok_or_else(invalid)
}

/// What choosing a new password through a link carries.
#[derive(Debug)]
pub struct NewPassword<'a> {
    /// The token from the link.
    pub token: &'a str,
    /// The password chosen.
    pub password: &'a str,
    /// The language the page asked for (may be empty or unknown).
    pub locale: &'a str,
    /// The language the request asked for.
    pub request_locale: &'static str,
}

/// Sets the new password, judged as a password change is (policy, personal data, history),
/// ends every session and remembered device, unlocks the account, and opens a session where
/// a sign-in with the new password would have got: the second step for a user with 2FA.
/// A mailed link also proves the address.
///
/// # Errors
///
/// As [`lookup`]; `ip_not_allowed`, `password_too_large`, `password_refused`,
/// `password_reused`; database errors.
pub async fn confirm(app: &AppState, client: &Client, form: &NewPassword<'_>) -> Result<SignedIn> {
    let Holder { tenant, user, .. } = lookup(app, form.token).await?;
    if !tenant.settings.allows(client.ip) {
        return Err(Error::forbidden("ip_not_allowed"));
    }
    let new = Password::new(form.password)?;
    let locale = locale_of(form.locale, form.request_locale);
    let hash = judge_new_password(app, client, &tenant, &user, &new, locale, "password").await?;
    let now = app.clock.now();
    let token_hash = links::stored_form(app, form.token)?.ok_or_else(|| Error::not_found("reset_invalid"))?;
    let mut tx = app.store.begin().await?;
    // Spent here, once, with every other link of the user's.
    let reset = store::password_resets::spend(&mut tx, &token_hash, now)
        .await?
        .filter(|r| r.user_id == user.id)
        .ok_or_else(|| Error::not_found("reset_invalid"))?;
    store::users::set_password(&mut tx, user.id, &hash, expiry(&tenant, now)).await?;
    remember_password(&mut tx, user.id, &hash, now).await?;
    super::compliance::new_password_passes(&mut tx, &tenant, user.id).await?;
    store::users::unlock(&mut tx, user.id).await?;
    store::devices::revoke_all(&mut tx, user.id, now).await?;
    store::sessions::delete_all(&mut tx, user.id).await?;
    if reset.channel == "email" {
        store::users::set_email_verified(&mut tx, user.id, now).await?;
    }
    let user = store::users::by_id(&mut tx, user.id).await?.ok_or_else(|| Error::internal("user gone"))?;
    let actor = Actor::user(&user, client);
    audit::record(&mut tx, now, &actor, "password_reset", json!({ "channel": reset.channel })).await?;
    notices::password_reset_done(&mut tx, now, &tenant, &user, client).await?;
    let signed_in = super::signin::after_new_password(&mut tx, &tenant, user, &actor, now).await?;
    tx.commit().await?;
    Ok(signed_in)
}
