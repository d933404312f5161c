//! Every flow of the API through the router (`oneshot`, in-memory SQLite, a pinned clock),
//! refusals included.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Harness, code};
use serde_json::{Value, json};

const STRONG: &str = "orbit velvet cactus nine";

fn design_policy() -> Value {
    json!({ "minLength": 12, "maxLength": 128, "classes": { "digit": 1 }, "minScore": 3, "rejectPersonalData": true, "bannedWords": ["acme", "roadrunner"], "maxRepeatedChars": 3 })
}

fn codes(verdict: &Value) -> Vec<String> {
    verdict["violations"].as_array().unwrap().iter().map(|v| v["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn signup_enforces_the_same_verdict_as_the_core() {
    let h = Harness::new(design_policy()).await;
    let mut client = h.client("192.0.2.10").await;
    for password in ["Acme2024", "jane.doe is here 1", "aaaa1aaaaaaaaa", "roadrunner1 rocks"] {
        let response = h.post(&mut client, "/api/t/acme/signup", json!({ "email": "jane.doe@example.com", "name": "Jane Doe", "password": password, "locale": "ru" })).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert_eq!(response.code(), "password_refused");
        let policy = twofold::Policy::from_json(&design_policy().to_string()).unwrap();
        let context = twofold::UserContext {
            email: Some("jane.doe@example.com".into()),
            name: Some("Jane Doe".into()),
            username: None,
            tenant: Some("ACME Corporation".into()),
        };
        let core = twofold::check_password(password, &policy, &context, "ru").unwrap();
        let expected: Vec<String> = core.violations.iter().map(|v| v.code.clone()).collect();
        assert_eq!(codes(&response.body["verdict"]), expected, "{password}");
        assert!(
            response.body["verdict"]["violations"][0]["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('а'..='я').contains(&c))
        );
    }
    let response = h.post(&mut client, "/api/t/acme/signup", json!({ "email": "jane.doe@example.com", "name": "Jane Doe", "password": "orbit velvet cactus 9" })).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text);
    assert_eq!(response.body["stage"], "full");
    let cookie = response.set_cookies.iter().find(|c| c.starts_with("twofold_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let session = h.get(&mut client, "/api/session").await;
    assert_eq!(session.body["user"]["email"], "jane.doe@example.com");
    assert_eq!(session.body["signedIn"], true);
}

#[tokio::test]
async fn bad_input_gets_a_4xx_with_a_code_and_writes_nothing() {
    let h = Harness::new(json!({})).await;
    let mut client = h.client("192.0.2.10").await;
    let cases: Vec<(Method, &str, Option<String>, StatusCode, &str)> = vec![
        (Method::POST, "/api/t/acme/signup", Some("{".into()), StatusCode::BAD_REQUEST, "body_invalid"),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(r#"{"email":"a@b.c","name":"A","password":"x","extra":1}"#.into()),
            StatusCode::BAD_REQUEST,
            "body_invalid",
        ),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(r#"{"email":5,"name":"A","password":"x"}"#.into()),
            StatusCode::BAD_REQUEST,
            "body_invalid",
        ),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(r#"{"email":"not-an-email","name":"A","password":"x"}"#.into()),
            StatusCode::BAD_REQUEST,
            "email_invalid",
        ),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(r#"{"email":"a@b.c","name":"","password":"x"}"#.into()),
            StatusCode::BAD_REQUEST,
            "name_invalid",
        ),
        (
            Method::POST,
            "/api/t/nope/signup",
            Some(r#"{"email":"a@b.c","name":"A","password":"x"}"#.into()),
            StatusCode::NOT_FOUND,
            "tenant_unknown",
        ),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(format!(r#"{{"email":"a@b.c","name":"A","password":"{}"}}"#, "x".repeat(100_000))),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            Method::POST,
            "/api/t/acme/signup",
            Some(format!(r#"{{"email":"a@b.c","name":"A","password":"{}"}}"#, "x".repeat(5000))),
            StatusCode::BAD_REQUEST,
            "password_too_large",
        ),
        (
            Method::POST,
            "/api/t/acme/signin",
            Some(r#"{"email":"a@b.c"}"#.into()),
            StatusCode::BAD_REQUEST,
            "body_invalid",
        ),
        (
            Method::POST,
            "/api/signin/second-factor",
            Some(r#"{"code":"123456"}"#.into()),
            StatusCode::UNAUTHORIZED,
            "not_signed_in",
        ),
        (Method::GET, "/api/admin/users", None, StatusCode::UNAUTHORIZED, "not_signed_in"),
        (Method::GET, "/api/nothing/here", None, StatusCode::NOT_FOUND, "route_unknown"),
        (Method::GET, "/api/t/%FF%FE", None, StatusCode::BAD_REQUEST, "path_invalid"),
        (Method::GET, "/api/t/acme%2Fx", None, StatusCode::NOT_FOUND, "tenant_unknown"),
    ];
    for (method, path, body, status, code) in cases {
        let response = h.send_raw(&mut client, method, path, body, "application/json").await;
        assert_eq!((response.status, response.code()), (status, code), "{path}: {}", response.text);
        assert!(response.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let wrong_type = h
        .send_raw(
            &mut client,
            Method::POST,
            "/api/t/acme/signup",
            Some("email=a".into()),
            "application/x-www-form-urlencoded",
        )
        .await;
    assert_eq!(wrong_type.code(), "content_type_invalid");
    // Without the CSRF header, a state-changing request is refused before anything runs.
    client.cookies.remove("twofold_csrf");
    let forged = h
        .post(&mut client, "/api/t/acme/signup", json!({ "email": "a@b.c", "name": "A", "password": STRONG }))
        .await;
    assert_eq!((forged.status, forged.code()), (StatusCode::FORBIDDEN, "csrf_failed"));
    assert_eq!(h.events().await.iter().filter(|e| *e == "signup").count(), 0);
}

#[tokio::test]
async fn duplicate_emails_are_refused_case_insensitively() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut other = h.client("192.0.2.11").await;
    let response = h
        .post(
            &mut other,
            "/api/t/acme/signup",
            json!({ "email": "JANE@example.com", "name": "J", "password": STRONG }),
        )
        .await;
    assert_eq!((response.status, response.code()), (StatusCode::CONFLICT, "email_taken"));
}

#[tokio::test]
async fn enrollment_sign_in_replay_and_recovery_codes() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;

    let started = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let uri = twofold::parse_otpauth_uri(started.body["uri"].as_str().unwrap()).unwrap();
    assert_eq!(
        (uri.issuer.as_deref(), uri.account.as_str(), uri.secret.as_str()),
        (Some("ACME Corporation"), "jane@example.com", secret.as_str())
    );
    let wrong = h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": "000000" })).await;
    assert_eq!(wrong.code(), "code_invalid");
    let malformed = h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": "12ab56" })).await;
    assert_eq!((malformed.status, malformed.code()), (StatusCode::BAD_REQUEST, "code_not_numeric"));
    let confirmed = h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": code(&secret, h.now()) })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    let recovery: Vec<String> = confirmed.body["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert_eq!(confirmed.body["user"]["twoFactorEnabled"], true);
    let again = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    assert_eq!(again.code(), "two_factor_on");

    // Sign out, and in with the password then a code.
    h.advance(30);
    assert_eq!(h.send(&mut jane, Method::DELETE, "/api/session", None).await.status, StatusCode::OK);
    let first = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(first.body["stage"], "second_factor");
    let blocked = h.get(&mut jane, "/api/admin/users").await;
    assert_eq!(blocked.code(), "second_factor_required");
    let now_code = code(&secret, h.now());
    let second = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": now_code })).await;
    assert_eq!(
        (second.status, second.body["stage"].as_str()),
        (StatusCode::OK, Some("full")),
        "{}",
        second.text
    );

    // The same code is refused a second time, even in a new sign-in.
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    let replay = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": now_code })).await;
    assert_eq!((replay.status, replay.code()), (StatusCode::UNAUTHORIZED, "code_reused"));

    // A recovery code works once (forgiving case and spacing), and only once.
    let typed = recovery[0].to_lowercase().replace('-', " ");
    let recovered = h.post(&mut jane, "/api/signin/second-factor", json!({ "recoveryCode": typed })).await;
    assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.text);
    assert_eq!(recovered.body["user"]["recoveryCodesLeft"], 9);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    // Sent again at once, it is a double submit, not a guess; later it is simply wrong.
    let again = h.post(&mut jane, "/api/signin/second-factor", json!({ "recoveryCode": recovery[0] })).await;
    assert_eq!(again.code(), "recovery_code_reused");
    h.advance(twofold_server::service::factors::RESUBMIT_SECONDS + 1);
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    let spent = h.post(&mut jane, "/api/signin/second-factor", json!({ "recoveryCode": recovery[0] })).await;
    assert_eq!(spent.code(), "recovery_code_invalid");
    let both = h
        .post(
            &mut jane,
            "/api/signin/second-factor",
            json!({ "code": "123456", "recoveryCode": recovery[1] }),
        )
        .await;
    assert_eq!(both.code(), "proof_missing");

    let events = h.events().await;
    for event in [
        "signup",
        "two_factor_enabled",
        "signin_succeeded",
        "code_reused",
        "recovery_code_used",
        "recovery_code_failed",
        "code_failed",
        "signout",
    ] {
        assert!(events.iter().any(|e| e == event), "{event} missing from {events:?}");
    }
}

#[tokio::test]
async fn remembered_devices_skip_the_code_for_the_tenants_days() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    let second = h
        .post(
            &mut jane,
            "/api/signin/second-factor",
            json!({ "code": code(&secret, h.now()), "rememberDevice": true }),
        )
        .await;
    let device = second.set_cookies.iter().find(|c| c.starts_with("twofold_device=")).expect("device cookie");
    assert!(device.contains(&format!("Max-Age={}", 30 * 86_400)) && device.contains("HttpOnly"));

    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let skipped = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(skipped.body["stage"], "full", "{}", skipped.text);
    // Another browser still needs the code, and the device expires after 30 days.
    let mut other = h.client("192.0.2.12").await;
    let fresh = h
        .post(&mut other, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(fresh.body["stage"], "second_factor");
    h.advance(31 * 86_400);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let expired = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(expired.body["stage"], "second_factor");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_growing_period() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut attacker = h.client("198.51.100.7").await;
    let wrong = json!({ "email": "jane@example.com", "password": "guess" });
    for _ in 0..4 {
        assert_eq!(
            h.post(&mut attacker, "/api/t/acme/signin", wrong.clone()).await.code(),
            "credentials_invalid"
        );
    }
    let locked = h.post(&mut attacker, "/api/t/acme/signin", wrong.clone()).await;
    assert_eq!((locked.status, locked.code()), (StatusCode::LOCKED, "locked"));
    assert_eq!(locked.body["lockedUntil"], h.now() + 60);
    // Even the right password is refused while locked.
    let right = h
        .post(&mut attacker, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(right.code(), "locked");
    h.advance(61);
    for _ in 0..4 {
        h.post(&mut attacker, "/api/t/acme/signin", wrong.clone()).await;
    }
    let longer = h.post(&mut attacker, "/api/t/acme/signin", wrong.clone()).await;
    assert_eq!(longer.body["lockedUntil"], h.now() + 120, "the second lock is twice as long");
    h.advance(121);
    let back = h
        .post(&mut attacker, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(h.events().await.iter().filter(|e| *e == "lockout").count(), 2);
}

#[tokio::test]
async fn unknown_emails_get_the_same_answer_and_addresses_are_limited() {
    let options = twofold_server::Options { ip_failure_limit: 3, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let mut client = h.client("203.0.113.5").await;
    let unknown = h
        .post(&mut client, "/api/t/acme/signin", json!({ "email": "nobody@example.com", "password": "x" }))
        .await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::UNAUTHORIZED, "credentials_invalid"));
    h.post(&mut client, "/api/t/acme/signin", json!({ "email": "admin@acme.test", "password": "x" })).await;
    h.post(&mut client, "/api/t/acme/signin", json!({ "email": "other@example.com", "password": "x" })).await;
    let limited = h
        .post(
            &mut client,
            "/api/t/acme/signin",
            json!({ "email": "admin@acme.test", "password": "admin password for tests" }),
        )
        .await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(limited.body["retryAfter"].as_i64().unwrap() > 0);
    h.advance(601);
    let later = h
        .post(
            &mut client,
            "/api/t/acme/signin",
            json!({ "email": "admin@acme.test", "password": "admin password for tests" }),
        )
        .await;
    assert_eq!(later.status, StatusCode::OK);
}

#[tokio::test]
async fn mandatory_two_factor_with_an_expired_grace_period_forces_enrollment() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["twoFactorRequired"] = json!(true);
    settings["graceDays"] = json!(3);
    let saved = h.put(&mut admin, "/api/admin/settings", settings).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let me = h.get(&mut jane, "/api/session").await;
    assert_eq!(me.body["user"]["twoFactorDeadline"], h.now() + 3 * 86_400);

    // Within the grace period sign-in is normal; after it, only enrollment is open.
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let within = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(within.body["stage"], "full");
    h.advance(4 * 86_400);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let late = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(late.body["stage"], "enrollment_only");
    assert_eq!(h.get(&mut jane, "/api/me/2fa/recovery-codes").await.code(), "enrollment_required");
    h.enroll(&mut jane).await;
    assert_eq!(h.get(&mut jane, "/api/session").await.body["stage"], "full");
    let disable = h.post(&mut jane, "/api/me/2fa/disable", json!({ "code": "123456" })).await;
    assert_eq!(disable.code(), "two_factor_required");
    // Lifting the requirement lifts every deadline. (The admin, past the deadline too, must
    // enroll before administering anything.)
    let mut admin = h.admin().await;
    assert_eq!(h.get(&mut admin, "/api/admin/settings").await.code(), "enrollment_required");
    h.enroll(&mut admin).await;
    let mut bob = h.signup("bob@example.com", STRONG).await;
    assert!(h.get(&mut bob, "/api/session").await.body["user"]["twoFactorDeadline"].is_i64());
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["twoFactorRequired"] = json!(false);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    assert!(h.get(&mut bob, "/api/session").await.body["user"]["twoFactorDeadline"].is_null());
}

#[tokio::test]
async fn expired_passwords_must_be_changed_and_history_is_kept() {
    let h = Harness::new(json!({ "minLength": 10, "maxAgeDays": 30, "historyCount": 2 })).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    assert_eq!(
        h.get(&mut jane, "/api/session").await.body["user"]["passwordExpiresAt"],
        h.now() + 30 * 86_400
    );
    h.advance(31 * 86_400);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let expired = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(expired.body["stage"], "password_change");
    assert_eq!(h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await.code(), "password_change_required");
    let wrong = h
        .post(&mut jane, "/api/me/password", json!({ "current": "nope", "new": "another fine phrase" }))
        .await;
    assert_eq!(wrong.code(), "password_wrong");
    let same = h.post(&mut jane, "/api/me/password", json!({ "current": STRONG, "new": STRONG })).await;
    assert_eq!(same.code(), "password_reused");
    let weak = h.post(&mut jane, "/api/me/password", json!({ "current": STRONG, "new": "" })).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let changed = h
        .post(&mut jane, "/api/me/password", json!({ "current": STRONG, "new": "another fine phrase" }))
        .await;
    assert_eq!(
        (changed.status, changed.body["stage"].as_str()),
        (StatusCode::OK, Some("full")),
        "{}",
        changed.text
    );
    let back = h
        .post(&mut jane, "/api/me/password", json!({ "current": "another fine phrase", "new": STRONG }))
        .await;
    assert_eq!(back.code(), "password_reused", "the last two passwords may not come back");
    let events = h.events().await;
    assert!(
        events.contains(&"password_expired".to_owned()) && events.contains(&"password_changed".to_owned())
    );
}

#[tokio::test]
async fn a_changed_policy_applies_to_new_passwords_only() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", "short pass").await;
    let mut admin = h.admin().await;
    let saved = h
        .send_raw(
            &mut admin,
            Method::PUT,
            "/api/admin/policy",
            Some(r#"{"minLength":20,"maxAgeDays":10}"#.into()),
            "application/json",
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["requirements"][0]["label"], "At least 20 characters");
    // The old password still signs in and does not expire.
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let signin = h
        .post(
            &mut jane,
            "/api/t/acme/signin",
            json!({ "email": "jane@example.com", "password": "short pass" }),
        )
        .await;
    assert_eq!(signin.body["stage"], "full");
    assert_eq!(signin.body["user"]["passwordExpiresAt"], Value::Null);
    let refused = h
        .post(&mut jane, "/api/me/password", json!({ "current": "short pass", "new": "still too short" }))
        .await;
    assert_eq!(codes(&refused.body["verdict"]), ["too_short"]);
    // A broken policy is refused with the core's error and the field.
    let bad = h
        .send_raw(
            &mut admin,
            Method::PUT,
            "/api/admin/policy",
            Some(r#"{"minLength":20,"maxLength":10}"#.into()),
            "application/json",
        )
        .await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "policy_invalid"));
    assert_eq!(bad.body["field"], "minLength");
    let unknown = h
        .send_raw(
            &mut admin,
            Method::PUT,
            "/api/admin/policy",
            Some(r#"{"minLenght":20}"#.into()),
            "application/json",
        )
        .await;
    assert_eq!(unknown.code(), "policy_invalid");
}

#[tokio::test]
async fn ip_allow_lists_refuse_other_networks() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["ipAllowlist"] = json!(["203.0.113.0/24"]);
    let lockout = h.put(&mut admin, "/api/admin/settings", settings.clone()).await;
    assert_eq!(lockout.code(), "settings_invalid", "the admin's own address (192.0.2.1) must stay allowed");
    settings["ipAllowlist"] = json!(["192.0.2.0/24", "2001:db8::/32"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings.clone()).await.status, StatusCode::OK);
    let mut outside = h.client("198.51.100.9").await;
    let refused = h
        .post(&mut outside, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "ip_not_allowed"));
    let mut inside = h.client("2001:db8::5").await;
    let allowed = h
        .post(&mut inside, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(allowed.status, StatusCode::OK);
    settings["ipAllowlist"] = json!(["not a network"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.code(), "settings_invalid");
    assert!(h.events().await.contains(&"ip_refused".to_owned()));
}

#[tokio::test]
async fn managing_two_factor_needs_a_current_code() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, recovery) = h.enroll(&mut jane).await;
    h.advance(30);

    let qr = h.post(&mut jane, "/api/me/2fa/qr", json!({ "code": "000000", "password": STRONG })).await;
    assert_eq!(qr.code(), "code_invalid");
    let no_password = h
        .post(&mut jane, "/api/me/2fa/qr", json!({ "code": code(&secret, h.now()), "password": "wrong" }))
        .await;
    assert_eq!(no_password.code(), "password_wrong", "the QR again needs the password as well as a code");
    let qr = h
        .post(&mut jane, "/api/me/2fa/qr", json!({ "code": code(&secret, h.now()), "password": STRONG }))
        .await;
    assert_eq!(qr.body["secret"], secret.as_str());

    h.advance(30);
    let regenerated =
        h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({ "code": code(&secret, h.now()) })).await;
    let fresh: Vec<String> = regenerated.body["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fresh.len(), 10);
    assert!(!fresh.contains(&recovery[0]));
    assert_eq!(h.get(&mut jane, "/api/me/2fa/recovery-codes").await.body["left"], 10);

    // "My device has changed": a recovery code starts re-enrollment; the old secret works until
    // the new one is confirmed.
    let started = h.post(&mut jane, "/api/me/2fa/reenroll", json!({ "recoveryCode": fresh[0] })).await;
    let new_secret = started.body["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    h.advance(30);
    let confirmed =
        h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": code(&new_secret, h.now()) })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    h.advance(30);
    let old = h
        .post(&mut jane, "/api/me/2fa/qr", json!({ "code": code(&secret, h.now()), "password": STRONG }))
        .await;
    assert_eq!(old.code(), "code_invalid");

    h.advance(30);
    let disabled =
        h.post(&mut jane, "/api/me/2fa/disable", json!({ "code": code(&new_secret, h.now()) })).await;
    assert_eq!(disabled.body["user"]["twoFactorEnabled"], false, "{}", disabled.text);
    let events = h.events().await;
    for event in ["two_factor_reenrolled", "two_factor_disabled", "recovery_codes_regenerated"] {
        assert!(events.iter().any(|e| e == event), "{event}");
    }
}

#[tokio::test]
async fn partial_sign_ins_are_audited_and_the_user_is_told() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.enroll(&mut jane).await;
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG })).await;
    assert_eq!(
        twofold_server::service::background::sweep_once(&h.state).await.unwrap(),
        0,
        "not expired yet"
    );
    h.advance(301);
    assert_eq!(twofold_server::service::background::sweep_once(&h.state).await.unwrap(), 1);
    assert!(h.events().await.contains(&"signin_partial".to_owned()));
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let subjects: Vec<&str> =
        outbox.body["messages"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap()).collect();
    assert!(subjects.contains(&"ACME Corporation: was this you?"), "{subjects:?}");
    assert!(subjects.contains(&"ACME Corporation: two-step verification is on"), "{subjects:?}");
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_exports() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut stranger = h.client("198.51.100.1").await;
    for _ in 0..3 {
        h.post(
            &mut stranger,
            "/api/t/acme/signin",
            json!({ "email": "jane@example.com", "password": "nope" }),
        )
        .await;
    }
    let mut admin = h.admin().await;
    let failed = h.get(&mut admin, "/api/admin/audit?event=password_failed&perPage=2&page=1").await;
    assert_eq!(
        (failed.body["total"].as_i64(), failed.body["events"].as_array().unwrap().len()),
        (Some(3), 2)
    );
    let event = &failed.body["events"][0];
    assert_eq!(
        (event["email"].as_str(), event["ip"].as_str(), event["userAgent"].as_str()),
        (Some("jane@example.com"), Some("198.51.100.1"), Some("harness/1"))
    );
    let page2 = h.get(&mut admin, "/api/admin/audit?event=password_failed&perPage=2&page=2").await;
    assert_eq!(page2.body["events"].as_array().unwrap().len(), 1);
    let by_user = h.get(&mut admin, "/api/admin/audit?email=JANE@example.com").await;
    assert_eq!(by_user.body["total"], 4, "signup and three failures");
    assert_eq!(h.get(&mut admin, "/api/admin/audit?perPage=0").await.code(), "query_invalid");
    assert_eq!(h.get(&mut admin, "/api/admin/audit?bogus=1").await.code(), "query_invalid");
    assert_eq!(h.get(&mut admin, "/api/admin/audit?page=x").await.code(), "query_invalid");

    let jsonl = h.get(&mut admin, "/api/admin/audit/export?format=jsonl&email=jane@example.com").await;
    let lines: Vec<Value> = jsonl.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["event"], "signup", "exports run oldest first");
    let syslog = h.get(&mut admin, "/api/admin/audit/export?format=syslog&event=password_failed").await;
    let line = syslog.text.lines().next().unwrap();
    assert!(
        line.starts_with(
            "<84>1 2027-01-15T08:00:00Z twofold twofold - password_failed [audit@32473 tenant=\"acme\""
        ),
        "{line}"
    );
    assert_eq!(h.get(&mut admin, "/api/admin/audit/export?format=xml").await.code(), "query_invalid");
}

#[tokio::test]
async fn only_admins_administer() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    for path in [
        "/api/admin/users",
        "/api/admin/policy",
        "/api/admin/settings",
        "/api/admin/audit",
        "/api/admin/outbox",
    ] {
        assert_eq!(h.get(&mut jane, path).await.code(), "admin_required", "{path}");
    }
    let mut admin = h.admin().await;
    let users = h.get(&mut admin, "/api/admin/users").await;
    let emails: Vec<&str> =
        users.body["users"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["admin@acme.test", "jane@example.com"]);
}

#[tokio::test]
async fn remembered_devices_are_listed_and_can_be_forgotten() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    h.sign_in_remembering(&mut jane, "jane@example.com", STRONG, &secret).await;
    let devices = h.get(&mut jane, "/api/me/devices").await;
    assert_eq!(devices.body["devices"][0]["userAgent"], "harness/1");
    let forgotten = h.send(&mut jane, Method::DELETE, "/api/me/devices", None).await;
    assert_eq!(forgotten.body["revoked"], 1);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let again = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(again.body["stage"], "second_factor", "a forgotten device asks for the code again");
    assert!(h.events().await.contains(&"devices_forgotten".to_owned()));
}

#[tokio::test]
async fn a_right_password_does_not_reset_the_guesses_at_the_code() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    h.enroll(&mut jane).await;
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        // The attacker knows the password and keeps starting over to guess the code.
        h.post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
            .await;
        let guess = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": "000000" })).await;
        outcomes.push(guess.code().to_owned());
    }
    assert_eq!(outcomes, ["code_invalid", "code_invalid", "code_invalid", "code_invalid", "locked"]);
}

#[tokio::test]
async fn behind_a_proxy_the_client_is_the_last_forwarded_address() {
    let options = twofold_server::Options { trust_proxy: true, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["ipAllowlist"] = json!(["192.0.2.0/24"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let mut client = h.client("192.0.2.50").await;
    let spoofed = h
        .send_forwarded(
            &mut client,
            "/api/t/acme/signin",
            json!({ "email": "admin@acme.test", "password": "x" }),
            "192.0.2.9, 198.51.100.4",
        )
        .await;
    assert_eq!(spoofed.code(), "ip_not_allowed", "the client-written first entry is ignored");
    let bad = h
        .send_forwarded(
            &mut client,
            "/api/t/acme/signin",
            json!({ "email": "a@b.c", "password": "x" }),
            "nonsense",
        )
        .await;
    assert_eq!(bad.code(), "forwarded_invalid");
}

#[tokio::test]
async fn refusals_and_mail_come_in_the_readers_language() {
    let h = Harness::new(json!({})).await;
    let mut client = h.client("192.0.2.10").await;
    client.language = Some("ru-RU,ru;q=0.9,en;q=0.5".into());
    let refused =
        h.post(&mut client, "/api/t/acme/signin", json!({ "email": "x@example.com", "password": "x" })).await;
    assert_eq!(refused.code(), "credentials_invalid");
    assert_eq!(
        refused.body["message"],
        "Данные для входа не подходят. Проверьте адрес электронной почты, логин или номер телефона и пароль."
    );
    let bad = h
        .post(&mut client, "/api/t/acme/signup", json!({ "email": "a@b.c", "name": "", "password": "x" }))
        .await;
    assert_eq!((bad.code(), bad.body["field"].as_str()), ("name_invalid", Some("name")));
    assert_eq!(bad.body["message"], "Введите имя длиной от 1 до 100 символов.");
    // A parser's own words go in `detail`, never in the message.
    let malformed = h
        .send_raw(&mut client, Method::POST, "/api/t/acme/signup", Some("{".into()), "application/json")
        .await;
    assert_eq!(malformed.code(), "body_invalid");
    assert!(malformed.body["message"].as_str().unwrap().starts_with("Тело запроса"), "{}", malformed.text);
    assert!(malformed.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    client.language = Some("ca".into());
    let wrong_method = h.send(&mut client, Method::PUT, "/api/t/acme/signin", Some(json!({}))).await;
    assert_eq!(
        (wrong_method.status, wrong_method.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    assert_eq!(wrong_method.body["message"], "Aquesta adreça no accepta aquest mètode.");
    let unknown = h.get(&mut client, "/api/nowhere").await;
    assert_eq!(unknown.body["message"], "Aquesta adreça no existeix a l’API.");

    // The mail goes in the language the user signed up in, whatever the admin reads.
    let mut olga = h.client("192.0.2.11").await;
    let signup = h
        .post(
            &mut olga,
            "/api/t/acme/signup",
            json!({ "email": "olga@example.com", "name": "Olga", "password": STRONG, "locale": "ru" }),
        )
        .await;
    assert_eq!(signup.status, StatusCode::CREATED, "{}", signup.text);
    h.verify_email(&mut olga, "olga@example.com").await;
    h.enroll(&mut olga).await;
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let message = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["recipient"] == "olga@example.com" && m["subject"].as_str().unwrap().contains("двухэтапная")
        })
        .expect("the notice that 2FA is on");
    assert_eq!(message["subject"], "ACME Corporation: двухэтапная проверка включена");
    assert!(message["body"].as_str().unwrap().contains("свяжитесь с администратором"));
}
