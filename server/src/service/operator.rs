//! What the operator does from the server's command line: give a tenant's administrator,
//! who lost their password, a one-time one. It must be changed at the next sign-in, and the
//! second factor is still asked for: whoever runs the command gets a password, not an account.

use serde_json::json;
use twofold::PasswordChecker;

use super::accounts::remember_password;
use super::password::{self, Password};
use super::{Actor, Client, audit, notices};
use crate::crypto;
use crate::error::{Error, Result};
use crate::model::{Tenant, User, email_key};
use crate::state::AppState;
use crate::store;

/// A one-time password given.
#[derive(Debug)]
pub struct OneTime {
    /// The administrator's email.
    pub email: String,
    /// The password, to be shown once.
    pub password: String,
}

/// Tries at a password the tenant's policy accepts before giving up (a policy no password
/// meets, such as a maximum length below its minimum, cannot be met by drawing again).
const TRIES: usize = 200;

/// A password of `groups` recovery-code groups, in both cases, joined by `-`: random (about
/// 15 bits a character), easy to read out, and of every character class.
fn candidate(groups: usize) -> Result<String> {
    let codes = twofold::generate_recovery_codes(groups.div_ceil(3), crypto::core_random)?;
    let joined = codes.join("-");
    let parts: Vec<&str> = joined.split('-').take(groups).collect();
    Ok(parts
        .join("-")
        .chars()
        .enumerate()
        .map(|(i, c)| if i % 2 == 0 { c.to_ascii_lowercase() } else { c })
        .collect())
}

/// A one-time password `tenant`'s policy accepts for `user`.
fn draw(tenant: &Tenant, user: &User) -> Result<String> {
    let checker = PasswordChecker::new(tenant.policy.clone(), "en")?;
    let context = super::accounts::personal_context(tenant, user);
    for attempt in 0..TRIES {
        let candidate = candidate(3 + attempt % 10)?;
        if checker.check(&candidate, &context).accepted {
            return Ok(candidate);
        }
    }
    Err(Error::invalid("policy_unmet"))
}

/// The administrator `email` of the tenant, or its only one.
fn choose(admins: Vec<User>, email: Option<&str>) -> Result<User> {
    match email {
        Some(email) => {
            let key = email_key(email);
            admins
                .into_iter()
                .find(|a| email_key(&a.email) == key)
                .ok_or_else(|| Error::not_found("admin_unknown"))
        }
        None if admins.len() == 1 => {
            admins.into_iter().next().ok_or_else(|| Error::not_found("admin_unknown"))
        }
        None if admins.is_empty() => Err(Error::not_found("admin_unknown")),
        None => {
            let emails: Vec<&str> = admins.iter().map(|a| a.email.as_str()).collect();
            Err(Error::conflict("admin_ambiguous").with("admins", emails.join(", ")))
        }
    }
}

/// Gives the administrator of `slug` (the one with `email`, where there are several) a new
/// one-time password that must be changed at the next sign-in. Their sessions, remembered
/// devices and reset links end, the account is unlocked and enabled, and they are told.
///
/// # Errors
///
/// `tenant_unknown`, `admin_unknown`, `admin_ambiguous`, `policy_unmet`; database errors.
pub async fn reset_admin(app: &AppState, slug: &str, email: Option<&str>) -> Result<OneTime> {
    let tenant = super::tenants::find(app, slug).await?;
    let admins = store::users::admins(&mut *app.store.conn().await?, tenant.id).await?;
    let admin = choose(admins, email)?;
    let typed = draw(&tenant, &admin)?;
    let hash = password::hash(&app.hashing, "operator", &Password::new(&typed)?).await?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    // Expired from the start: the next sign-in leads to choosing a password of their own.
    store::users::set_password(&mut tx, admin.id, &hash, Some(now)).await?;
    remember_password(&mut tx, admin.id, &hash, now).await?;
    store::users::unlock(&mut tx, admin.id).await?;
    store::users::set_disabled(&mut tx, admin.id, None).await?;
    store::sessions::delete_all(&mut tx, admin.id).await?;
    store::devices::revoke_all(&mut tx, admin.id, now).await?;
    store::password_resets::delete_all(&mut tx, admin.id).await?;
    store::invitations::delete(&mut tx, admin.id).await?;
    let operator = Client {
        ip: std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        user_agent: "twofold-server reset-admin".to_owned(),
        csrf: String::new(),
        browser: None,
    };
    let detail = json!({ "wasDisabled": admin.disabled_at.is_some(), "wasInvited": !admin.has_password() });
    audit::record(&mut tx, now, &Actor::user(&admin, &operator), "password_reset_by_operator", detail)
        .await?;
    notices::password_reset_by_operator(&mut tx, now, &tenant, &admin).await?;
    tx.commit().await?;
    Ok(OneTime { email: admin.email, password: typed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_have_the_groups_asked_and_are_fresh_each_time() {
        for groups in 3..=12 {
            let password = candidate(groups).unwrap();
            assert_eq!(password.split('-').count(), groups, "{password}");
            assert!(password.split('-').all(|g| g.len() == 5), "{password}");
            assert_ne!(password, candidate(groups).unwrap());
        }
    }
}
