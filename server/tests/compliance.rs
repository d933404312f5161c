//! Who still has an old password (issue 14, item 7): after a policy change, each sign-in
//! judges the typed password by the policy in force and keeps the answer with its version;
//! the admin sees how many pass, fail or are unknown, and makes the failing ones (or the
//! unknown too) change their password at their next sign-in.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, Harness};
use serde_json::{Value, json};

const LONG: &str = "orbit velvet cactus nine";
const SHORT: &str = "plum kite 42";
const OTHER_LONG: &str = "lantern meadow quartz eleven";

async fn standing(h: &Harness, admin: &mut Client) -> Value {
    let answer = h.get(admin, "/api/admin/policy/compliance").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.body
}

fn counts(body: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| body[k].as_i64().unwrap();
    (n("active"), n("passing"), n("failing"), n("unknown"))
}

async fn sign_in(h: &Harness, email: &str, password: &str) -> (Client, common::Response) {
    let mut client = h.client("192.0.2.30").await;
    let answer =
        h.post(&mut client, "/api/t/acme/signin", json!({ "email": email, "password": password })).await;
    (client, answer)
}

#[tokio::test]
async fn sign_ins_after_a_policy_change_tell_who_still_has_an_old_password() {
    let h = Harness::new(json!({})).await;
    for (email, password) in
        [("jane@example.com", LONG), ("bob@example.com", SHORT), ("carol@example.com", SHORT)]
    {
        h.signup(email, password).await;
    }
    let mut admin = h.admin().await;
    let before = standing(&h, &mut admin).await;
    assert_eq!(before["policyVersion"], 1);
    assert_eq!(
        counts(&before),
        (4, 4, 0, 0),
        "signups pass the policy that judged them, and the admin's sign-in judged theirs"
    );

    let changed = h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 16 })).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let after = standing(&h, &mut admin).await;
    assert_eq!(
        (after["policyVersion"].as_i64(), after["policyChangedAt"].as_i64()),
        (Some(2), Some(h.now()))
    );
    assert_eq!(counts(&after), (4, 0, 0, 4), "nobody has signed in since");
    // The same policy saved again is no change.
    h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 16 })).await;
    assert_eq!(standing(&h, &mut admin).await["policyVersion"], 2);

    // Each sign-in judges the typed password by the policy in force, and signs in regardless.
    let (_, jane) = sign_in(&h, "jane@example.com", LONG).await;
    assert_eq!(jane.body["stage"], "full", "{}", jane.text);
    let (mut bob, bob_in) = sign_in(&h, "bob@example.com", SHORT).await;
    assert_eq!(bob_in.body["stage"], "full", "an old password still signs in: {}", bob_in.text);
    let (_, wrong) = sign_in(&h, "carol@example.com", "not carol's password").await;
    assert_eq!(wrong.code(), "credentials_invalid");
    assert_eq!(counts(&standing(&h, &mut admin).await), (4, 1, 1, 2), "a wrong password judges nothing");
    let mut admin = h.admin().await;
    assert_eq!(counts(&standing(&h, &mut admin).await), (4, 2, 1, 1));
    // Judged once per version: another sign-in leaves the verdict as it is.
    sign_in(&h, "bob@example.com", SHORT).await;
    assert_eq!(h.scalar("SELECT count(*) FROM users WHERE policy_version = 2").await, 3);

    // The failing ones must change their password at their next sign-in, and their sessions
    // are held to it at once.
    let marked = h.post(&mut admin, "/api/admin/policy/compliance/require-change", json!({})).await;
    assert_eq!((marked.status, marked.body["marked"].as_i64()), (StatusCode::OK, Some(1)), "{}", marked.text);
    let held = h.get(&mut bob, "/api/me/tokens").await;
    assert_eq!(held.code(), "password_change_required");
    let (mut bob, again) = sign_in(&h, "bob@example.com", SHORT).await;
    assert_eq!(again.body["stage"], "password_change", "{}", again.text);
    let too_short =
        h.post(&mut bob, "/api/me/password", json!({ "current": SHORT, "new": "still short 1" })).await;
    assert_eq!(too_short.code(), "password_refused");
    let changed = h.post(&mut bob, "/api/me/password", json!({ "current": SHORT, "new": OTHER_LONG })).await;
    assert_eq!(changed.body["stage"], "full", "{}", changed.text);
    assert_eq!(
        counts(&standing(&h, &mut admin).await),
        (4, 3, 0, 1),
        "a new password passes the policy that judged it"
    );
    let events = h.get(&mut admin, "/api/admin/audit?event=password_change_required").await;
    let detail = &events.body["events"][0]["detail"];
    assert_eq!(
        (detail["marked"].as_i64(), detail["policyVersion"].as_i64(), detail["includeUnknown"].as_bool()),
        (Some(1), Some(2), Some(false))
    );

    // With the unknown too: carol, who has not signed in since the change.
    let none = h.post(&mut admin, "/api/admin/policy/compliance/require-change", json!({})).await;
    assert_eq!(none.body["marked"], 0, "nobody fails now");
    let with_unknown = h
        .post(&mut admin, "/api/admin/policy/compliance/require-change", json!({ "includeUnknown": true }))
        .await;
    assert_eq!(with_unknown.body["marked"], 1, "{}", with_unknown.text);
    let (_, carol) = sign_in(&h, "carol@example.com", SHORT).await;
    assert_eq!(carol.body["stage"], "password_change", "{}", carol.text);
    let (_, jane) = sign_in(&h, "jane@example.com", LONG).await;
    assert_eq!(jane.body["stage"], "full", "a passing password is left alone");
}

#[tokio::test]
async fn compliance_is_for_administrators_and_counts_people_only() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", LONG).await;
    for (method, path, body) in [
        (Method::GET, "/api/admin/policy/compliance", None),
        (Method::POST, "/api/admin/policy/compliance/require-change", Some(json!({}))),
    ] {
        let refused = h.send(&mut jane, method, path, body).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "admin_required"), "{path}");
    }
    let mut admin = h.admin().await;
    let account = h
        .post(&mut admin, "/api/admin/service-accounts", json!({ "name": "SIEM", "email": "siem@acme.test" }))
        .await;
    assert_eq!(account.status, StatusCode::CREATED);
    assert_eq!(counts(&standing(&h, &mut admin).await).0, 2, "a service account has no password to judge");
    for body in [json!({ "includeUnknown": "yes" }), json!({ "everyone": true }), json!("all")] {
        let refused = h.post(&mut admin, "/api/admin/policy/compliance/require-change", body.clone()).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "body_invalid"), "{body}");
    }
    h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 10 })).await;
    let marked = h
        .post(&mut admin, "/api/admin/policy/compliance/require-change", json!({ "includeUnknown": true }))
        .await;
    assert_eq!(marked.body["marked"], 2, "the admin and jane, not the service account: {}", marked.text);
    let token_owner_expiry = h
        .scalar("SELECT count(*) FROM users WHERE service_account = 1 AND password_expires_at IS NOT NULL")
        .await;
    assert_eq!(token_owner_expiry, 0);
}

#[tokio::test]
async fn a_second_factor_still_follows_and_the_policy_sees_the_users_own_data() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", SHORT).await;
    h.enroll(&mut jane).await;
    // The harness names everyone Jane Doe.
    h.signup("doe@example.com", "jane doe orbit velvet").await;
    let mut admin = h.admin().await;
    h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 16, "rejectPersonalData": true })).await;
    let (_, started) = sign_in(&h, "jane@example.com", SHORT).await;
    assert_eq!(started.body["stage"], "second_factor", "{}", started.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (3, 0, 1, 2), "judged at the password step");
    let (_, doe) = sign_in(&h, "doe@example.com", "jane doe orbit velvet").await;
    assert_eq!(doe.body["stage"], "full");
    assert_eq!(
        counts(&standing(&h, &mut admin).await),
        (3, 0, 2, 1),
        "long enough, but it holds the user's name"
    );
}

#[tokio::test]
async fn a_password_set_through_a_link_passes_the_version_in_force_and_only_active_people_count() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let changed = h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 16 })).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (1, 0, 0, 1), "the admin signed in before");

    let card = json!({ "email": "jane@example.com", "name": "Jane Doe", "role": "member" });
    assert_eq!(h.post(&mut admin, "/api/admin/users", card).await.status, StatusCode::CREATED);
    assert_eq!(counts(&standing(&h, &mut admin).await), (1, 0, 0, 1), "a card has no password to judge");
    let token = h.mailed_token("jane@example.com", "invited").await;
    let mut jane = h.client("192.0.2.31").await;
    let accepted =
        h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": OTHER_LONG })).await;
    assert!(accepted.status.is_success(), "{}", accepted.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (2, 1, 0, 1), "accepted under version 2");

    let changed = h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 30 })).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (2, 0, 0, 2));
    let (mut forgetful, token) = h.reset_link("192.0.2.32", "jane@example.com").await;
    let new = "lantern meadow quartz eleven twelve";
    let confirmed = h
        .post(&mut forgetful, "/api/password-reset/confirm", json!({ "token": token, "password": new }))
        .await;
    assert!(confirmed.status.is_success(), "{}", confirmed.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (2, 1, 0, 1), "reset under version 3");

    let id = h.scalar("SELECT id FROM users WHERE email = 'jane@example.com'").await;
    let disabled = h.post(&mut admin, &format!("/api/admin/users/{id}/disable"), json!({})).await;
    assert!(disabled.status.is_success(), "{}", disabled.text);
    assert_eq!(counts(&standing(&h, &mut admin).await), (1, 0, 0, 1), "a disabled account is not counted");
    let marked = h
        .post(&mut admin, "/api/admin/policy/compliance/require-change", json!({ "includeUnknown": true }))
        .await;
    assert_eq!(marked.body["marked"], 1, "only the admin, not the disabled account: {}", marked.text);
}
