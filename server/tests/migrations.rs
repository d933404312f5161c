//! A SQLite file made by the first release of the server (its one migration, counted in
//! `PRAGMA user_version`) opens with today's schema, and its accounts still sign in.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sqlx::{Connection, Row};
use twofold_server::store::{Store, StoreOptions};

#[tokio::test]
async fn a_database_of_the_first_release_is_migrated_in_place() {
    let folder = std::env::temp_dir().join(format!("twofold-migrate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("old.sqlite3");
    sqlx::any::install_default_drivers();
    {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut old = sqlx::AnyConnection::connect(&url).await.expect("create");
        sqlx::raw_sql(include_str!("../migrations/sqlite/0001_init.sql"))
            .execute(&mut old)
            .await
            .expect("schema");
        sqlx::raw_sql(
            "PRAGMA user_version = 1;
             INSERT INTO tenants (id, slug, name, created_at) VALUES (1, 'acme', 'ACME', 1);
             INSERT INTO users (id, tenant_id, email, name, password_hash, password_changed_at, created_at)
                 VALUES (1, 1, 'Ёжик@Example.com', 'Hedgehog', 'x', 1, 1);
             INSERT INTO password_history (user_id, hash, set_at) VALUES (1, 'old', 1), (1, 'x', 2);
             INSERT INTO audit (at, tenant_id, user_id, email, ip, user_agent, event) VALUES (1, 1, 1, 'Ёжик@Example.com', '::1', 'a', 'signup');
             INSERT INTO ip_failures (ip, at) VALUES ('192.0.2.1', 1);
             INSERT INTO outbox (at, tenant_id, user_id, recipient, subject, body) VALUES (1, 1, 1, 'Ёжик@Example.com', 's', 'b');",
        )
        .execute(&mut old)
        .await
        .expect("rows");
        old.close().await.unwrap();
    }
    let store = Store::open(path.to_str().unwrap(), &StoreOptions::default()).await.expect("migrated");
    let mut conn = store.conn().await.unwrap();
    let user = twofold_server::store::users::by_email_key(
        &mut conn,
        1,
        &twofold_server::model::email_key("ёжик@example.COM"),
    )
    .await
    .unwrap()
    .expect("found by its folded email");
    assert_eq!(user.email, "Ёжик@Example.com", "the email as given is kept");
    let history = twofold_server::store::password_history::recent(&mut conn, 1, 5).await.unwrap();
    assert_eq!(history, ["x", "old"], "the history keeps its order");
    let audit_email: String =
        sqlx::query("SELECT email FROM audit").fetch_one(&mut *conn).await.unwrap().get(0);
    assert_eq!(audit_email, "ёжик@example.com");
    let versions: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, [1, 2, 3, 4, 5, 6, 7, 8]);
    drop(conn);
    store.close().await;
    // Opening again applies nothing more.
    let again = Store::open(path.to_str().unwrap(), &StoreOptions::default()).await.expect("reopened");
    again.close().await;
    let _ = std::fs::remove_dir_all(&folder);
}
