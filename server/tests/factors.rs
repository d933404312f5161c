//! Second factors (issue 13): several named apps, codes by email, who must use 2FA, getting
//! back in through an administrator, step-up without false refusals, and notices.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, Harness, code};
use serde_json::{Value, json};

const STRONG: &str = "orbit velvet cactus nine";

async fn add_app(h: &Harness, client: &mut Client, name: &str) -> (i64, String) {
    let added = h.post(client, "/api/me/factors", json!({ "type": "totp", "name": name })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    (added.body["factor"]["id"].as_i64().unwrap(), added.body["secret"].as_str().unwrap().to_owned())
}

async fn sign_in(h: &Harness, client: &mut Client, email: &str) {
    let password = if email == "admin@acme.test" { "admin password for tests" } else { STRONG };
    h.send(client, Method::DELETE, "/api/session", None).await;
    let started = h.post(client, "/api/t/acme/signin", json!({ "email": email, "password": password })).await;
    assert_eq!(started.body["stage"], "second_factor", "{}", started.text);
}

async fn factors(h: &Harness, client: &mut Client) -> Vec<Value> {
    h.get(client, "/api/me/factors").await.body["factors"].as_array().unwrap().clone()
}

#[tokio::test]
async fn several_named_apps_each_keep_their_own_replay_state() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (phone, phone_secret) = add_app(&h, &mut jane, "phone").await;
    let confirmed = h
        .post(
            &mut jane,
            &format!("/api/me/factors/{phone}/confirm"),
            json!({ "code": code(&phone_secret, h.now()) }),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(confirmed.body["recoveryCodes"].as_array().unwrap().len(), 10, "the first one turns 2FA on");
    // A second app right after: the proof of a minute ago stands in for a new code.
    let (tablet, tablet_secret) = add_app(&h, &mut jane, "tablet").await;
    let second = h
        .post(
            &mut jane,
            &format!("/api/me/factors/{tablet}/confirm"),
            json!({ "code": code(&tablet_secret, h.now()) }),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert!(second.body.get("recoveryCodes").is_none(), "recovery codes are not replaced by a second app");
    let names: Vec<String> =
        factors(&h, &mut jane).await.iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["phone", "tablet"]);
    // Each app's code of the same time step signs in once: their replay states are their own.
    h.advance(30);
    for secret in [&tablet_secret, &phone_secret] {
        sign_in(&h, &mut jane, "jane@example.com").await;
        let done =
            h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code(secret, h.now()) })).await;
        assert_eq!(done.body["stage"], "full", "{}", done.text);
    }
    sign_in(&h, &mut jane, "jane@example.com").await;
    let again =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code(&phone_secret, h.now()) })).await;
    assert_eq!(again.code(), "code_reused");
    let seconds = again.body["retryAfter"].as_i64().unwrap();
    assert!((1..=30).contains(&seconds), "the countdown to the next code: {seconds}");
    assert!(again.body["message"].as_str().unwrap().contains(&seconds.to_string()));
}

#[tokio::test]
async fn a_pending_app_keeps_its_key_across_reloads() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let first = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    let again = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    assert_eq!(first.body["secret"], again.body["secret"]);
    assert_eq!(first.body["factorId"], again.body["factorId"]);
    // Once it lapses, a new key.
    h.advance(31 * 60);
    let later = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    assert_ne!(first.body["secret"], later.body["secret"]);
}

#[tokio::test]
async fn an_app_given_another_name_is_another_device_with_its_own_key() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    // A set-up left waiting (the enrollment page starts one), then the user names a device.
    let waiting = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    let tablet = h.post(&mut jane, "/api/me/factors", json!({ "type": "totp", "name": "tablet" })).await;
    assert_eq!(tablet.status, StatusCode::CREATED, "{}", tablet.text);
    assert_eq!(tablet.body["factor"]["name"], "tablet", "the name asked for, not the waiting one's");
    assert_ne!(tablet.body["secret"], waiting.body["secret"]);
    // A reload of the same request, named or not, shows the same key again.
    let again = h.post(&mut jane, "/api/me/factors", json!({ "type": "totp", "name": "tablet" })).await;
    assert_eq!(again.body["secret"], tablet.body["secret"]);
    let unnamed = h.post(&mut jane, "/api/me/factors", json!({ "type": "totp" })).await;
    assert_eq!(unnamed.body["secret"], tablet.body["secret"]);
    let names: Vec<String> =
        factors(&h, &mut jane).await.iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["tablet"], "one waiting at a time");
}

#[tokio::test]
async fn codes_by_email_sign_in_once_and_say_they_are_weaker() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "email" })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let id = added.body["factor"]["id"].as_i64().unwrap();
    assert_eq!(added.body["factor"]["assurance"], "weaker");
    assert_eq!(added.body["factor"]["address"], "j•••@example.com");
    let first = h.mailed_code("jane@example.com").await;
    let confirmed =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": first })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(confirmed.body["user"]["emailVerified"], true, "the code proved the address too");

    h.advance(120);
    sign_in(&h, &mut jane, "jane@example.com").await;
    let sent = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!((sent.status, sent.body["resendAfter"].as_i64()), (StatusCode::OK, Some(60)), "{}", sent.text);
    let too_soon = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(too_soon.code(), "rate_limited");
    assert!(too_soon.body["retryAfter"].as_i64().unwrap() <= 60);
    let mailed = h.mailed_code("jane@example.com").await;
    let wrong =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": "000000", "factorId": id })).await;
    assert_eq!(wrong.code(), "code_invalid");
    let done =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": mailed, "factorId": id })).await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
    // Used once.
    sign_in(&h, &mut jane, "jane@example.com").await;
    let replay =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": mailed, "factorId": id })).await;
    assert_eq!(replay.code(), "code_expired");
    // Ten minutes is all a code lives; five tries is all it gets.
    h.advance(61);
    h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    let fresh = h.mailed_code("jane@example.com").await;
    for _ in 0..5 {
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": "111111", "factorId": id })).await;
    }
    let exhausted =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": fresh, "factorId": id })).await;
    assert!(matches!(exhausted.code(), "code_tries_exhausted" | "locked"), "{}", exhausted.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_emailed_code_sent_a_hundred_times_at_once_signs_in_once() {
    let options = twofold_server::Options { ip_failure_limit: 1000, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "email" })).await;
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let first = h.mailed_code("jane@example.com").await;
    h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": first })).await;
    h.advance(61);
    let mut pending = Vec::new();
    for _ in 0..100 {
        let mut browser = h.client("192.0.2.80").await;
        h.post(
            &mut browser,
            "/api/t/acme/signin",
            json!({ "email": "jane@example.com", "password": STRONG }),
        )
        .await;
        pending.push(browser);
    }
    h.post(&mut pending[0], "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    let mailed = h.mailed_code("jane@example.com").await;
    let attempts: Vec<_> = pending
        .into_iter()
        .map(|mut browser| {
            let (h, mailed) = (h.clone(), mailed.clone());
            tokio::spawn(async move {
                let body = json!({ "code": mailed, "factorId": id });
                h.post(&mut browser, "/api/signin/second-factor", body).await.code().to_owned()
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for attempt in attempts {
        outcomes.push(attempt.await.unwrap());
    }
    assert_eq!(outcomes.iter().filter(|c| c.is_empty()).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().filter(|c| !c.is_empty()).all(|c| c == "code_expired"), "{outcomes:?}");
}

#[tokio::test]
async fn the_tenant_chooses_which_kinds_are_allowed() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    assert_eq!(settings["allowedFactors"], json!(["totp", "email", "sms"]));
    settings["allowedFactors"] = json!(["totp"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let refused = h.post(&mut jane, "/api/me/factors", json!({ "type": "email" })).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "factor_not_allowed"));
    let unknown = h.post(&mut jane, "/api/me/factors", json!({ "type": "pigeon" })).await;
    assert_eq!(unknown.code(), "factor_kind_unknown");
}

#[tokio::test]
async fn only_admins_must_use_two_factor_where_the_tenant_says_so() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["twoFactorRequired"] = json!("admins");
    settings["graceDays"] = json!(2);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings.clone()).await.status, StatusCode::OK);
    assert!(
        h.get(&mut jane, "/api/session").await.body["user"]["twoFactorDeadline"].is_null(),
        "members are not asked"
    );
    let admin_view = h.get(&mut admin, "/api/session").await;
    assert_eq!(admin_view.body["user"]["twoFactorDeadline"], h.now() + 2 * 86_400);
    assert_eq!(admin_view.body["user"]["twoFactorRequired"], true);
    // Tightening brings every deadline forward at once: a fixed date sooner than the grace.
    settings["graceUntil"] = json!(h.now() + 3600);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings.clone()).await.status, StatusCode::OK);
    assert_eq!(h.get(&mut admin, "/api/session").await.body["user"]["twoFactorDeadline"], h.now() + 3600);
    // A reminder comes before the deadline, once.
    assert_eq!(twofold_server::service::background::remind_once(&h.state).await.unwrap(), 1);
    assert_eq!(twofold_server::service::background::remind_once(&h.state).await.unwrap(), 0);
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    assert!(
        outbox.body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["subject"].as_str().unwrap().contains("set up two-step verification by"))
    );
    // Past it, the admin can only enroll; the member signs in as always.
    h.advance(3601);
    h.send(&mut admin, Method::DELETE, "/api/session", None).await;
    let late = h
        .post(
            &mut admin,
            "/api/t/acme/signin",
            json!({ "email": "admin@acme.test", "password": "admin password for tests" }),
        )
        .await;
    assert_eq!(late.body["stage"], "enrollment_only");
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let member = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(member.body["stage"], "full");
}

/// The admin with an app, signed in with it in this session.
async fn admin_with_two_factor(h: &Harness) -> Client {
    let mut admin = h.admin().await;
    let (secret, _) = h.enroll(&mut admin).await;
    h.advance(30);
    sign_in(h, &mut admin, "admin@acme.test").await;
    let done =
        h.post(&mut admin, "/api/signin/second-factor", json!({ "code": code(&secret, h.now()) })).await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
    admin
}

#[tokio::test]
async fn an_admin_resets_a_members_lost_two_factor_and_they_enroll_again() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.enroll(&mut jane).await;
    let jane_id = h.get(&mut jane, "/api/session").await.body["user"]["id"].as_i64().unwrap();
    // Not without the admin's own second factor in this session.
    let mut plain_admin = h.admin().await;
    let refused = h
        .post(
            &mut plain_admin,
            &format!("/api/admin/users/{jane_id}/reset-2fa"),
            json!({ "reason": "lost phone" }),
        )
        .await;
    assert_eq!(refused.code(), "admin_two_factor_required");
    let mut admin = admin_with_two_factor(&h).await;
    let admin_id = h.get(&mut admin, "/api/session").await.body["user"]["id"].as_i64().unwrap();
    let own =
        h.post(&mut admin, &format!("/api/admin/users/{admin_id}/reset-2fa"), json!({ "reason": "x" })).await;
    assert_eq!(own.code(), "self_reset");
    let no_reason =
        h.post(&mut admin, &format!("/api/admin/users/{jane_id}/reset-2fa"), json!({ "reason": " " })).await;
    assert_eq!(no_reason.code(), "reason_invalid");
    let reset = h
        .post(
            &mut admin,
            &format!("/api/admin/users/{jane_id}/reset-2fa"),
            json!({ "reason": "lost her phone on a train" }),
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.text);
    assert_eq!(h.get(&mut jane, "/api/session").await.body["signedIn"], false, "her sessions ended");
    let audit = h.get(&mut admin, "/api/admin/audit?event=two_factor_reset").await;
    assert_eq!(audit.body["events"][0]["detail"]["reason"], "lost her phone on a train");
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let notice = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["recipient"] == "jane@example.com" && m["subject"].as_str().unwrap().contains("reset"))
        .unwrap();
    assert!(notice["body"].as_str().unwrap().contains("lost her phone on a train"));
    // She must enroll at her next sign-in, though the tenant requires nobody.
    let again = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(again.body["stage"], "enrollment_only", "{}", again.text);
    h.enroll(&mut jane).await;
    assert_eq!(h.get(&mut jane, "/api/session").await.body["stage"], "full");
}

#[tokio::test]
async fn an_admin_unlocks_a_locked_account() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut attacker = h.client("198.51.100.50").await;
    for _ in 0..5 {
        h.post(
            &mut attacker,
            "/api/t/acme/signin",
            json!({ "email": "jane@example.com", "password": "guess" }),
        )
        .await;
    }
    let mut jane = h.client("192.0.2.10").await;
    assert_eq!(
        h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
            .await
            .code(),
        "locked"
    );
    let mut admin = h.admin().await;
    let users = h.get(&mut admin, "/api/admin/users").await;
    let jane_id = users.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "jane@example.com")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let unlocked = h
        .post(&mut admin, &format!("/api/admin/users/{jane_id}/unlock"), json!({ "reason": "she called" }))
        .await;
    assert_eq!(unlocked.status, StatusCode::OK, "{}", unlocked.text);
    assert_eq!(
        h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
            .await
            .body["stage"],
        "full"
    );
    assert_eq!(h.get(&mut admin, "/api/admin/audit?event=account_unlocked").await.body["total"], 1);
}

#[tokio::test]
async fn show_qr_right_after_sign_in_needs_no_new_code() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    sign_in(&h, &mut jane, "jane@example.com").await;
    h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code(&secret, h.now()) })).await;
    // The code that just signed her in is spent; a fresh proof stands in for it.
    let qr = h.post(&mut jane, "/api/me/2fa/qr", json!({ "password": STRONG })).await;
    assert_eq!(qr.body["secret"], secret.as_str(), "{}", qr.text);
    let codes = h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({})).await;
    assert_eq!(codes.body["recoveryCodes"].as_array().map(Vec::len), Some(10), "{}", codes.text);
    // Some minutes later the proof is stale: a new code it is.
    h.advance(6 * 60);
    let stale = h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({})).await;
    assert_eq!((stale.status, stale.code()), (StatusCode::FORBIDDEN, "step_up_required"));
    let fresh =
        h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({ "code": code(&secret, h.now()) })).await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);
}

#[tokio::test]
async fn removing_an_app_takes_a_proof_and_the_last_one_turns_two_factor_off() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    let id = factors(&h, &mut jane).await[0]["id"].as_i64().unwrap();
    h.advance(10 * 60);
    let stale = h.send(&mut jane, Method::DELETE, &format!("/api/me/factors/{id}"), None).await;
    assert_eq!(stale.code(), "step_up_required");
    let removed = h
        .send(
            &mut jane,
            Method::DELETE,
            &format!("/api/me/factors/{id}"),
            Some(json!({ "code": code(&secret, h.now()) })),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text);
    assert_eq!(removed.body["user"]["twoFactorEnabled"], false);
    assert_eq!(removed.body["user"]["recoveryCodesLeft"], 0);
}

#[tokio::test]
async fn a_sign_in_from_a_new_browser_is_told_and_that_notice_can_be_turned_off() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let notices = async |h: &Harness| {
        h.scalar("SELECT count(*) FROM outbox WHERE recipient = 'jane@example.com' AND subject LIKE '%new browser%'").await
    };
    // Her own browser again: nothing.
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    assert_eq!(notices(&h).await, 0);
    let mut other = h.client("203.0.113.70").await;
    other.user_agent = "Elsewhere/9".into();
    h.post(&mut other, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(notices(&h).await, 1);
    let body: String = {
        let mut admin = h.admin().await;
        let outbox = h.get(&mut admin, "/api/admin/outbox").await;
        outbox.body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| {
                m["subject"].as_str().unwrap().contains("new browser") && m["recipient"] == "jane@example.com"
            })
            .unwrap()["body"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(body.contains("203.0.113.70") && body.contains("Elsewhere/9") && body.contains("UTC"), "{body}");
    let off = h.post(&mut jane, "/api/me/preferences", json!({ "notifyNewBrowser": false })).await;
    assert_eq!(off.body["user"]["notifyNewBrowser"], false);
    let mut third = h.client("203.0.113.71").await;
    h.post(&mut third, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(notices(&h).await, 1, "turned off");
}

#[tokio::test]
async fn abandoned_second_steps_are_reported_with_where_the_password_came_from() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.enroll(&mut jane).await;
    let mut thief = h.client("198.51.100.99").await;
    thief.user_agent = "Thief/1".into();
    h.post(&mut thief, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    h.advance(301);
    twofold_server::service::background::sweep_once(&h.state).await.unwrap();
    let mut admin = h.admin().await;
    let audit = h.get(&mut admin, "/api/admin/audit?event=signin_partial").await;
    assert_eq!(
        (audit.body["events"][0]["ip"].as_str(), audit.body["events"][0]["userAgent"].as_str()),
        (Some("198.51.100.99"), Some("Thief/1"))
    );
    assert_eq!(h.get(&mut admin, "/api/admin/audit?event=password_accepted").await.body["total"], 1);
}

#[tokio::test]
async fn the_second_step_lists_the_confirmed_authenticators_masked_and_nothing_before_it() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (app, secret) = add_app(&h, &mut jane, "phone").await;
    h.post(&mut jane, &format!("/api/me/factors/{app}/confirm"), json!({ "code": code(&secret, h.now()) }))
        .await;
    let email = h.post(&mut jane, "/api/me/factors", json!({ "type": "email" })).await;
    let email = email.body["factor"]["id"].as_i64().unwrap();
    let mailed = h.mailed_code("jane@example.com").await;
    h.post(&mut jane, &format!("/api/me/factors/{email}/confirm"), json!({ "code": mailed })).await;
    // A third, never confirmed: no way in yet, so not offered.
    add_app(&h, &mut jane, "tablet").await;
    // Signed in all the way, the list is the account page's, not this one.
    let full = h.get(&mut jane, "/api/signin/second-factor").await;
    assert_eq!((full.status, full.code()), (StatusCode::FORBIDDEN, "not_allowed"), "{}", full.text);

    sign_in(&h, &mut jane, "jane@example.com").await;
    let listed = h.get(&mut jane, "/api/signin/second-factor").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let factors = listed.body["factors"].as_array().unwrap();
    let seen: Vec<(i64, &str, &str)> = factors
        .iter()
        .map(|f| (f["id"].as_i64().unwrap(), f["type"].as_str().unwrap(), f["assurance"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, [(app, "totp", "app"), (email, "email", "weaker")]);
    assert_eq!(factors[1]["address"], "j•••@example.com", "where the code goes, masked");
    assert!(factors.iter().all(|f| f.get("secret").is_none() && f["confirmed"] == true));
    // The ids are the ones the send takes.
    h.advance(61);
    let sent = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": email })).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);

    let mut stranger = h.client("192.0.2.99").await;
    let signed_out = h.get(&mut stranger, "/api/signin/second-factor").await;
    assert_eq!(signed_out.code(), "not_signed_in", "{}", signed_out.text);
}
