//! The demo tenant: `acme`, with an administrator whose password is printed once.

use rusqlite::params;
use twofold::{PasswordChecker, PresetOptions, UserContext, preset_policy};

use crate::crypto;
use crate::error::ApiResult;
use crate::state::AppState;

/// The demo tenant's URL name.
pub const DEMO_TENANT: &str = "acme";
/// The demo administrator.
pub const DEMO_ADMIN: &str = "admin@acme.test";

/// Creates the demo tenant and its administrator unless they exist. Returns the admin's
/// password when it was just created (it is shown once and stored only as a hash).
///
/// # Errors
///
/// Database errors.
pub async fn seed(state: &AppState) -> ApiResult<Option<String>> {
    let exists = state
        .db
        .call(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM tenants WHERE slug = ?1", [DEMO_TENANT], |r| {
                r.get::<_, i64>(0)
            })? > 0)
        })
        .await?;
    if exists {
        return Ok(None);
    }
    let options = PresetOptions { two_factor: false, banned_words: vec!["acme".into(), "roadrunner".into()] };
    let policy = preset_policy("nist-800-63b-4", &options)?;
    let checker = PasswordChecker::new(policy.clone(), "en")?;
    let context = UserContext {
        email: Some(DEMO_ADMIN.into()),
        name: Some("Acme Admin".into()),
        username: None,
        tenant: Some("ACME Corporation".into()),
    };
    // Three recovery-code-shaped groups: easy to type, well over the policy's bar.
    let password = loop {
        let candidate = twofold::generate_recovery_codes(1, crypto::core_random)?.concat().to_lowercase();
        if checker.check(&candidate, &context).accepted {
            break candidate;
        }
    };
    let hash = crypto::hashing({
        let password = password.clone();
        move || crypto::hash_password(&password)
    })
    .await??;
    let now = state.clock.now();
    state
        .db
        .transaction(move |tx| {
            let tenant_id = crate::tenants::create(tx, DEMO_TENANT, "ACME Corporation", &policy, now)?;
            tx.execute(
                "INSERT INTO users (tenant_id, email, name, role, password_hash, password_changed_at, created_at) VALUES (?1, ?2, 'Acme Admin', 'admin', ?3, ?4, ?4)",
                params![tenant_id, DEMO_ADMIN, hash, now],
            )?;
            crate::accounts::store_password(tx, tx.last_insert_rowid(), &hash, &policy, now)
        })
        .await?;
    Ok(Some(password))
}
