//! The demo tenant: `acme`, with an administrator whose password is printed once.

use twofold::{PasswordChecker, PresetOptions, UserContext, preset_policy};

use super::accounts::{NewAccount, create_user};
use super::password::{self, Password};
use crate::crypto;
use crate::error::{Error, Result};
use crate::model::Role;
use crate::state::AppState;
use crate::store;

/// The demo tenant's URL name.
pub const DEMO_TENANT: &str = "acme";
/// Its display name.
pub const DEMO_TENANT_NAME: &str = "ACME Corporation";
/// The demo administrator.
pub const DEMO_ADMIN: &str = "admin@acme.test";

/// Creates the demo tenant and its administrator unless they exist. Answers the admin's
/// password when it was just created (it is shown once and stored only as a hash).
///
/// # Errors
///
/// Database errors.
pub async fn seed(app: &AppState) -> Result<Option<String>> {
    if store::tenants::by_slug(&mut *app.store.conn().await?, DEMO_TENANT).await?.is_some() {
        return Ok(None);
    }
    let options = PresetOptions { two_factor: false, banned_words: vec!["acme".into(), "roadrunner".into()] };
    let policy = preset_policy("nist-800-63b-4", &options)?;
    let checker = PasswordChecker::new(policy.clone(), "en")?;
    let context = UserContext {
        email: Some(DEMO_ADMIN.into()),
        name: Some("Acme Admin".into()),
        username: None,
        tenant: Some(DEMO_TENANT_NAME.into()),
    };
    // Three recovery-code-shaped groups: easy to type, well over the policy's bar.
    let typed = loop {
        let candidate = twofold::generate_recovery_codes(1, crypto::core_random)?.concat().to_lowercase();
        if checker.check(&candidate, &context).accepted {
            break candidate;
        }
    };
    let hash = password::hash(&app.hashing, "demo", &Password::new(&typed)?).await?;
    let now = app.clock.now();
    let mut tx = app.store.begin().await?;
    // Another instance seeding at the same moment: the slug is taken, and its admin stands.
    let Some(tenant_id) =
        store::tenants::insert(&mut tx, DEMO_TENANT, DEMO_TENANT_NAME, &policy, now).await?
    else {
        return Ok(None);
    };
    let tenant = store::tenants::by_id(&mut tx, tenant_id)
        .await?
        .ok_or_else(|| Error::internal("the seeded tenant"))?;
    create_user(
        &mut tx,
        &tenant,
        &NewAccount {
            email: DEMO_ADMIN,
            name: "Acme Admin",
            role: Role::Admin,
            hash: &hash,
            locale: crate::i18n::FALLBACK,
            email_verified: true,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(typed))
}
