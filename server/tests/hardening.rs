//! One test per finding of the security review (issue 12), each named after what it found,
//! each failing on the code the review read and passing now; and the review's attacks,
//! kept: bad input on every endpoint, races on one code, bursts from one address.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Harness, START, code};
use serde_json::{Value, json};

const STRONG: &str = "orbit velvet cactus nine";

async fn events_named(h: &Harness, event: &str) -> Vec<Value> {
    let mut admin = h.admin().await;
    let found = h.get(&mut admin, &format!("/api/admin/audit?event={event}&perPage=500")).await;
    found.body["events"].as_array().unwrap().clone()
}

async fn allow_list(h: &Harness, networks: Value) {
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["ipAllowlist"] = networks;
    let saved = h.put(&mut admin, "/api/admin/settings", settings).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
}

// 1. The allow-list could be bypassed through a second X-Forwarded-For line.
#[tokio::test]
async fn the_allow_list_cannot_be_bypassed_through_a_second_forwarded_line() {
    let options = twofold_server::Options { trust_proxy: true, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["ipAllowlist"] = json!(["10.0.0.0/8", "192.0.2.0/24"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let mut client = h.client("10.9.9.9").await;
    // The client writes the first line; the proxy adds its own, with the real address.
    client.forwarded = Some("10.1.2.3\n203.0.113.9".into());
    let refused = h
        .post(&mut client, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(refused.code(), "ip_not_allowed", "{}", refused.text);
    // A first line rotated at every request changes nothing: it is the same client.
    let mut answers = Vec::new();
    for i in 0..60 {
        client.forwarded = Some(format!("10.0.{}.{}\n203.0.113.9", i / 250, i % 250));
        answers.push(
            h.post(
                &mut client,
                "/api/t/acme/signin",
                json!({ "email": "jane@example.com", "password": "x" }),
            )
            .await
            .status,
        );
    }
    assert!(answers.contains(&StatusCode::TOO_MANY_REQUESTS), "{answers:?}");
}

#[tokio::test]
async fn behind_named_proxies_the_client_is_the_right_most_address_that_is_not_one() {
    let options = twofold_server::Options {
        trust_proxy: true,
        trusted_proxies: vec!["10.0.0.0/24".parse().unwrap()],
        ..Harness::options()
    };
    let h = Harness::with_options(json!({}), options).await;
    allow_list(&h, json!(["192.0.2.0/24"])).await;
    let mut client = h.client("10.0.0.1").await;
    client.forwarded = Some("192.0.2.50, 198.51.100.4, 10.0.0.7".into());
    let refused = h
        .post(&mut client, "/api/t/acme/signin", json!({ "email": "admin@acme.test", "password": "x" }))
        .await;
    assert_eq!(refused.code(), "ip_not_allowed");
    client.forwarded = Some("198.51.100.4, 192.0.2.50, 10.0.0.7".into());
    let allowed = h
        .post(&mut client, "/api/t/acme/signin", json!({ "email": "admin@acme.test", "password": "x" }))
        .await;
    assert_eq!(allowed.code(), "credentials_invalid", "{}", allowed.text);
}

// 2. Bursts passed the per-address limit: checked before the slow hash and never again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bursts_cannot_pass_the_per_address_limit() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let client = h.client("198.51.100.7").await;
    let attempts: Vec<_> = (0..300)
        .map(|i| {
            let (h, mut client) = (h.clone(), client.clone());
            tokio::spawn(async move {
                let body = json!({ "email": format!("guess{i}@example.com"), "password": "wrong" });
                h.post(&mut client, "/api/t/acme/signin", body).await.status
            })
        })
        .collect();
    let mut evaluated = 0;
    for attempt in attempts {
        let status = attempt.await.unwrap();
        assert!(matches!(status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS), "{status}");
        evaluated += usize::from(status == StatusCode::UNAUTHORIZED);
    }
    assert!(evaluated <= 50, "{evaluated} of 300 were evaluated against a limit of 50");
    assert_eq!(events_named(&h, "password_failed").await.len(), evaluated);
}

#[tokio::test]
async fn two_factor_actions_count_against_the_per_address_limit() {
    let options = twofold_server::Options { ip_failure_limit: 5, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    // Right codes give their attempt back: any number of them is fine.
    for _ in 0..8 {
        let renewed =
            h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({ "code": code(&secret, h.now()) })).await;
        assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.text);
        h.advance(30);
    }
    let mut answers = Vec::new();
    for path in [
        "/api/me/2fa/qr",
        "/api/me/2fa/reenroll",
        "/api/me/2fa/recovery-codes",
        "/api/me/2fa/disable",
        "/api/me/2fa/reenroll",
        "/api/me/2fa/recovery-codes",
    ] {
        let body = json!({ "code": "000000", "password": STRONG });
        let body = if path.ends_with("qr") { body } else { json!({ "code": "000000" }) };
        answers.push(h.post(&mut jane, path, body).await.code().to_owned());
    }
    assert_eq!(answers[5], "rate_limited", "{answers:?}");
}

// 3. Anyone outside a tenant's allow-list could fill the disk.
#[tokio::test]
async fn refused_sign_ins_cannot_fill_the_disk() {
    let h = Harness::new(json!({})).await;
    allow_list(&h, json!(["192.0.2.0/24"])).await;
    let rows_before = h.scalar("SELECT count(*) FROM audit").await;
    let mut outsider = h.client("198.51.100.9").await;
    // A field too large for anyone is refused before anything is written.
    let huge = format!("{}@example.com", "a".repeat(100_000 / 2));
    let refused =
        h.post(&mut outsider, "/api/t/acme/signin", json!({ "email": huge, "password": "x" })).await;
    assert!(matches!(refused.code(), "email_invalid" | "payload_too_large"), "{}", refused.text);
    let long = format!("{}@example.com", "a".repeat(300));
    assert_eq!(
        h.post(&mut outsider, "/api/t/acme/signin", json!({ "email": long, "password": "x" })).await.code(),
        "email_invalid"
    );
    // Refusals count like failures, and their repeats are one row.
    let mut codes = Vec::new();
    for i in 0..80 {
        let body = json!({ "email": format!("user{i}@example.com"), "password": "x" });
        codes.push(h.post(&mut outsider, "/api/t/acme/signin", body).await.code().to_owned());
    }
    assert_eq!(codes.iter().filter(|c| *c == "ip_not_allowed").count(), 50);
    assert_eq!(codes.iter().filter(|c| *c == "rate_limited").count(), 30);
    let refusals = events_named(&h, "ip_refused").await;
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0]["repeats"], 50);
    assert_eq!(events_named(&h, "rate_limited").await[0]["repeats"], 30);
    let rows_after = h.scalar("SELECT count(*) FROM audit").await;
    assert!(rows_after - rows_before <= 4, "{rows_before} → {rows_after}");
}

#[tokio::test]
async fn the_audit_export_streams_in_pages() {
    let h = Harness::new(json!({})).await;
    let mut stranger = h.client("198.51.100.1").await;
    for i in 0..45 {
        h.post(
            &mut stranger,
            "/api/t/acme/signin",
            json!({ "email": format!("x{i}@example.com"), "password": "x" }),
        )
        .await;
    }
    // Older events, written straight into the log, make it more than one page long.
    let mut tx = h.state.store.begin().await.unwrap();
    for i in 0..1200 {
        let event = twofold_server::model::NewEvent {
            at: START - 10_000 + i,
            tenant_id: 1,
            user_id: None,
            email: Some(format!("old{i}@example.com")),
            ip: "192.0.2.1".into(),
            user_agent: "old",
            event: "password_failed",
            detail: json!({}),
        };
        twofold_server::store::audit::insert(&mut tx, &event).await.unwrap();
    }
    tx.commit().await.unwrap();
    let admin = h.admin().await;
    let mut request = axum::http::Request::get("/api/admin/audit/export?format=jsonl");
    request = request.header(
        "cookie",
        admin.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "),
    );
    let response =
        tower::ServiceExt::oneshot(h.app.clone(), request.body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let (mut frames, mut lines) = (0, 0);
    while let Some(frame) = http_body_util::BodyExt::frame(&mut body).await {
        let data = frame.unwrap().into_data().unwrap();
        frames += 1;
        lines += data.iter().filter(|b| **b == b'\n').count();
    }
    assert!(lines >= 1245, "{lines}");
    assert!(frames >= 3, "sent in {frames} frames: the export was built whole");
}

#[tokio::test]
async fn old_rows_are_swept_by_retention() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    h.sign_in_remembering(&mut jane, "jane@example.com", STRONG, &secret).await;
    h.post(
        &mut h.client("198.51.100.3").await,
        "/api/t/acme/signin",
        json!({ "email": "nobody@example.com", "password": "x" }),
    )
    .await;
    let counts = async |h: &Harness| {
        let mut counts = Vec::new();
        for table in
            ["audit", "sessions", "remembered_devices", "rate_windows", "unknown_accounts", "mail_codes"]
        {
            counts.push(h.scalar(&format!("SELECT count(*) FROM {table}")).await);
        }
        counts
    };
    let before = counts(&h).await;
    assert!(before.iter().take(5).all(|n| *n > 0), "{before:?}");
    let swept = twofold_server::service::retention::sweep_once(&h.state, 365).await.unwrap();
    assert_eq!(swept, twofold_server::service::retention::Swept::default(), "nothing is old yet");
    h.advance(400 * 86_400);
    let swept = twofold_server::service::retention::sweep_once(&h.state, 365).await.unwrap();
    assert!(
        swept.audit > 0 && swept.sessions > 0 && swept.devices > 0 && swept.windows > 0 && swept.unknown > 0,
        "{swept:?}"
    );
    let after = counts(&h).await;
    assert_eq!(after, [0, 0, 0, 0, 0, 0], "{after:?}");
}

// 5. Password hashing could be monopolised: signups had no limit and shared one queue.
#[tokio::test]
async fn signups_are_limited_per_address_and_per_tenant() {
    let options = twofold_server::Options {
        signups_per_address_hour: 3,
        signups_per_tenant_hour: 5,
        ..Harness::options()
    };
    let h = Harness::with_options(json!({}), options).await;
    let mut one = h.client("198.51.100.20").await;
    let mut codes = Vec::new();
    for i in 0..4 {
        let body = json!({ "email": format!("a{i}@example.com"), "name": "A", "password": STRONG });
        codes.push(h.post(&mut one, "/api/t/acme/signup", body).await.status.as_u16());
    }
    assert_eq!(codes, [201, 201, 201, 429]);
    let mut other = h.client("198.51.100.21").await;
    let mut codes = Vec::new();
    for i in 0..3 {
        let body = json!({ "email": format!("b{i}@example.com"), "name": "B", "password": STRONG });
        codes.push(h.post(&mut other, "/api/t/acme/signup", body).await.status.as_u16());
    }
    assert_eq!(codes, [201, 201, 429], "the tenant's fifth signup of the hour was the last");
    h.advance(3601);
    let body = json!({ "email": "later@example.com", "name": "L", "password": STRONG });
    assert_eq!(h.post(&mut other, "/api/t/acme/signup", body).await.status, StatusCode::CREATED);
}

// 5. 500 long banned words made one 4,096-character signup take 13.2 s: words that share a
// half made every place it appeared a check against each of them.
#[tokio::test]
async fn banned_words_that_make_the_search_slow_are_refused() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    // The review's list: long words alike in their first half.
    let words: Vec<String> = (0..500).map(|i| format!("{}{i:0>32}", "a".repeat(32))).collect();
    let refused =
        h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 8, "bannedWords": words })).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "policy_invalid"),
        "{}",
        refused.text
    );
    assert_eq!(refused.body["field"], "bannedWords");
    assert!(refused.body["detail"].as_str().unwrap_or_default().contains("share"), "{}", refused.text);
    // A long list of different words is kept, and a long password is still judged.
    // Ten letters each, spread by a multiplicative hash so that no half is shared.
    let word = |i: u64| -> String {
        let mut n = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 8;
        (0..10)
            .map(|_| {
                let c = char::from(b'a' + (n % 26) as u8);
                n /= 26;
                c
            })
            .collect()
    };
    let mut words: Vec<String> = (0..499).map(word).collect();
    words.push("roadrunner".into());
    let saved = h.put(&mut admin, "/api/admin/policy", json!({ "minLength": 8, "bannedWords": words })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let mut signup = h.client("198.51.100.30").await;
    let password = format!("{}R0adRunn3r!", "a".repeat(4000));
    let body = json!({ "email": "long@example.com", "name": "Long", "password": password });
    let judged = h.post(&mut signup, "/api/t/acme/signup", body).await;
    assert_eq!(judged.code(), "password_refused", "{}", judged.text);
    assert!(judged.text.contains("contains_banned_word"), "{}", judged.text);
}

// 6. The syslog target was a blind SSRF.
#[tokio::test]
async fn the_syslog_target_cannot_point_at_the_servers_neighbours() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let settings = h.get(&mut admin, "/api/admin/settings").await.body;
    for target in [
        "udp://127.0.0.1:514",
        "tcp://10.0.0.5:6514",
        "udp://169.254.169.254:80",
        "tcp://localhost:25",
        "udp://[::1]:514",
    ] {
        let mut wanted = settings.clone();
        wanted["syslogTarget"] = json!(target);
        let refused = h.put(&mut admin, "/api/admin/settings", wanted).await;
        assert_eq!(
            (refused.code(), refused.body["field"].as_str()),
            ("settings_invalid", Some("syslogTarget")),
            "{target}"
        );
    }
    let mut unresolved = settings.clone();
    unresolved["syslogTarget"] = json!("udp://no-such-host.invalid:514");
    assert_eq!(h.put(&mut admin, "/api/admin/settings", unresolved).await.code(), "settings_invalid");
    // The operator may allow a network of collectors.
    let options = twofold_server::Options {
        outbound_allow: vec!["10.0.0.0/24".parse().unwrap()],
        ..Harness::options()
    };
    let h = Harness::with_options(json!({}), options).await;
    let mut admin = h.admin().await;
    let mut wanted = h.get(&mut admin, "/api/admin/settings").await.body;
    wanted["syslogTarget"] = json!("tcp://10.0.0.5:6514");
    assert_eq!(h.put(&mut admin, "/api/admin/settings", wanted).await.status, StatusCode::OK);
}

// 7. Email addresses broke out of SMTP brackets; unverified addresses were mailed on demand.
#[tokio::test]
async fn email_addresses_cannot_break_out_of_smtp_brackets() {
    let h = Harness::new(json!({})).await;
    let mut client = h.client("192.0.2.10").await;
    for email in [
        "x@y.example>,<evil@z.example",
        "a%b@relay.example",
        "admin@\u{0430}cme.test",
        "ad\u{200B}min@acme.test",
    ] {
        let body = json!({ "email": email, "name": "X", "password": STRONG });
        let refused = h.post(&mut client, "/api/t/acme/signup", body).await;
        assert_eq!(
            (refused.code(), refused.body["field"].as_str()),
            ("email_invalid", Some("email")),
            "{email}"
        );
    }
    assert_eq!(h.scalar("SELECT count(*) FROM users").await, 1, "only the admin");
}

#[tokio::test]
async fn addresses_nobody_proved_are_not_mailed_on_demand() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    h.enroll(&mut jane).await;
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    // Thirty password-only sign-ins, each left at the second step.
    h.abandon_second_steps("jane@example.com", STRONG, "192.0.2.30", 30).await;
    h.advance(301);
    assert_eq!(twofold_server::service::background::sweep_once(&h.state).await.unwrap(), 30);
    assert_eq!(h.scalar("SELECT count(*) FROM outbox WHERE recipient = 'jane@example.com'").await, 0);
    // Once an address is proved, notices reach it, but no more than the hourly cap.
    let mut proved = h.signup_verified("olga@example.com", STRONG).await;
    h.enroll(&mut proved).await;
    h.send(&mut proved, Method::DELETE, "/api/session", None).await;
    h.abandon_second_steps("olga@example.com", STRONG, "192.0.2.31", 30).await;
    h.advance(301);
    twofold_server::service::background::sweep_once(&h.state).await.unwrap();
    let mailed = h.scalar("SELECT count(*) FROM outbox WHERE recipient = 'olga@example.com'").await;
    assert_eq!(mailed, twofold_server::service::notices::MAIL_PER_RECIPIENT_PER_HOUR);
}

// 8. Account existence leaked through lockout: 401 ×4, 423 for a known account, 401 ×5 else.
#[tokio::test]
async fn lockout_does_not_tell_known_accounts_from_unknown_ones() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let answers = async |h: &Harness, ip: &str, email: &str| {
        let mut client = h.client(ip).await;
        let mut answers = Vec::new();
        for _ in 0..7 {
            let body = json!({ "email": email, "password": "wrong" });
            answers.push(h.post(&mut client, "/api/t/acme/signin", body).await.status.as_u16());
        }
        answers
    };
    let known = answers(&h, "198.51.100.40", "jane@example.com").await;
    let unknown = answers(&h, "198.51.100.41", "nobody@example.com").await;
    assert_eq!(known, [401, 401, 401, 401, 423, 423, 423]);
    assert_eq!(unknown, known);
    // The real owner hears of it, with when, from where and in which browser.
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let notice = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("locked"))
        .unwrap();
    assert_eq!(notice["recipient"], "jane@example.com");
    let body = notice["body"].as_str().unwrap();
    assert!(body.contains("198.51.100.40") && body.contains("harness/1") && body.contains("UTC"), "{body}");
}

// 9. Small findings.
#[tokio::test]
async fn an_expired_password_cannot_be_changed_to_itself() {
    let h = Harness::new(json!({ "maxAgeDays": 30 })).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    h.advance(31 * 86_400);
    h.send(&mut jane, Method::DELETE, "/api/session", None).await;
    let stage = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(stage.body["stage"], "password_change");
    let same = h.post(&mut jane, "/api/me/password", json!({ "current": STRONG, "new": STRONG })).await;
    assert_eq!((same.code(), same.body["field"].as_str()), ("password_reused", Some("new")));
}

#[tokio::test]
async fn turning_two_factor_off_or_moving_it_ends_the_other_sessions() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, recovery) = h.enroll(&mut jane).await;
    let mut laptop = h.client("192.0.2.60").await;
    h.advance(30);
    h.post(&mut laptop, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(
        h.post(&mut laptop, "/api/signin/second-factor", json!({ "code": code(&secret, h.now()) }))
            .await
            .status,
        StatusCode::OK
    );
    h.advance(30);
    let started = h.post(&mut jane, "/api/me/2fa/reenroll", json!({ "recoveryCode": recovery[0] })).await;
    let new_secret = started.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(
        h.get(&mut laptop, "/api/session").await.body["signedIn"],
        true,
        "still in until the move is confirmed"
    );
    assert_eq!(
        h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": code(&new_secret, h.now()) })).await.status,
        StatusCode::OK
    );
    assert_eq!(
        h.get(&mut laptop, "/api/session").await.body["signedIn"],
        false,
        "re-enrolling ended the laptop's session"
    );
    h.advance(30);
    h.post(&mut laptop, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    h.post(&mut laptop, "/api/signin/second-factor", json!({ "code": code(&new_secret, h.now()) })).await;
    h.advance(30);
    let off = h.post(&mut jane, "/api/me/2fa/disable", json!({ "code": code(&new_secret, h.now()) })).await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    assert_eq!(h.get(&mut laptop, "/api/session").await.body["signedIn"], false, "turning 2FA off ended it");
    assert_eq!(
        h.get(&mut jane, "/api/session").await.body["signedIn"],
        true,
        "but not the session that did it"
    );
}

#[tokio::test]
async fn a_new_requirement_moves_open_sessions_to_enrollment() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    h.enroll(&mut admin).await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["twoFactorRequired"] = json!(true);
    settings["graceDays"] = json!(0);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let session = h.get(&mut jane, "/api/session").await;
    assert_eq!(session.body["stage"], "enrollment_only", "{}", session.text);
    assert_eq!(h.get(&mut jane, "/api/me/devices").await.code(), "enrollment_required");
}

#[tokio::test]
async fn answers_with_secrets_are_not_kept_by_caches_and_every_response_is_hardened() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let enrolled = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    assert_eq!(enrolled.headers["cache-control"], "no-store");
    for response in [enrolled, h.get(&mut jane, "/api/nowhere").await] {
        let csp = response.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(response.headers["x-content-type-options"], "nosniff");
        assert_eq!(response.headers["referrer-policy"], "no-referrer");
        assert!(response.headers.get("strict-transport-security").is_none(), "no HSTS on plain HTTP");
    }
}

#[tokio::test]
async fn cookies_are_secure_host_cookies_behind_https() {
    let options = twofold_server::Options { secure_cookies: true, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let mut client = h.client("192.0.2.10").await;
    let session = h.get(&mut client, "/api/session").await;
    let csrf = session
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-twofold_csrf="))
        .expect("a __Host- CSRF cookie");
    assert!(csrf.contains("; Secure") && csrf.contains("Path=/") && !csrf.contains("Domain"), "{csrf}");
    assert!(session.headers["strict-transport-security"].to_str().unwrap().contains("max-age="));
    // The harness echoes the cookie named twofold_csrf; the secure one is __Host-twofold_csrf.
    let token = client.cookies.get("__Host-twofold_csrf").unwrap().clone();
    client.cookies.insert("twofold_csrf".into(), token);
    let body = json!({ "email": "jane@example.com", "name": "Jane", "password": STRONG });
    let created = h.post(&mut client, "/api/t/acme/signup", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let cookie = created.set_cookies.iter().find(|c| c.starts_with("__Host-twofold_session=")).unwrap();
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
}

#[tokio::test]
async fn the_csrf_token_is_bound_to_the_session_it_opened() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    // Someone who can plant a cookie plants a CSRF pair of their own beside the session.
    jane.cookies.insert("twofold_csrf".into(), "planted-by-someone-else-0123456789".into());
    let forged = h.post(&mut jane, "/api/me/2fa/enroll", json!({})).await;
    assert_eq!((forged.status, forged.code()), (StatusCode::FORBIDDEN, "csrf_failed"));
}

#[tokio::test]
async fn a_double_submitted_recovery_code_is_not_a_wrong_guess() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (_, recovery) = h.enroll(&mut jane).await;
    let started = h.post(&mut jane, "/api/me/2fa/reenroll", json!({ "recoveryCode": recovery[0] })).await;
    assert_eq!(started.status, StatusCode::OK);
    for _ in 0..6 {
        let again = h.post(&mut jane, "/api/me/2fa/reenroll", json!({ "recoveryCode": recovery[0] })).await;
        assert_eq!(again.code(), "recovery_code_reused");
    }
    assert_eq!(h.scalar("SELECT failed_attempts FROM users WHERE email = 'jane@example.com'").await, 0);
    assert!(events_named(&h, "lockout").await.is_empty());
}

#[tokio::test]
async fn a_new_devices_first_code_is_judged_on_its_own_replay_state() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    // The old key's code of this time step is used...
    let renewed =
        h.post(&mut jane, "/api/me/2fa/recovery-codes", json!({ "code": code(&secret, h.now()) })).await;
    assert_eq!(renewed.status, StatusCode::OK);
    h.advance(30);
    let started = h.post(&mut jane, "/api/me/2fa/reenroll", json!({ "code": code(&secret, h.now()) })).await;
    let new_secret = started.body["secret"].as_str().unwrap().to_owned();
    // ...and the new key's code of the very same step is still its first.
    let confirmed =
        h.post(&mut jane, "/api/me/2fa/confirm", json!({ "code": code(&new_secret, h.now()) })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
}

#[tokio::test]
async fn every_refusal_is_json_with_a_code_405_and_413_included() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let too_large = h
        .send_raw(&mut admin, Method::PUT, "/api/admin/policy", Some("x".repeat(200_000)), "application/json")
        .await;
    assert_eq!(
        (too_large.status, too_large.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        "{}",
        too_large.text
    );
    let wrong_method = h.send(&mut admin, Method::PATCH, "/api/admin/policy", Some(json!({}))).await;
    assert_eq!(
        (wrong_method.status, wrong_method.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    assert!(wrong_method.headers.get("allow").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn syslog_forwarding_keeps_its_place_when_a_collector_is_away_and_speaks_udp_over_ipv6() {
    let options = twofold_server::Options {
        outbound_allow: vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()],
        ..Harness::options()
    };
    let h = Harness::with_options(json!({}), options).await;
    // A port nobody listens on: the events wait.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed_address = closed.local_addr().unwrap();
    drop(closed);
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["syslogTarget"] = json!(format!("tcp://{closed_address}"));
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings.clone()).await.status, StatusCode::OK);
    h.signup("jane@example.com", STRONG).await;
    h.advance(twofold_server::service::background::FORWARD_SETTLE_SECONDS);
    assert_eq!(twofold_server::service::background::forward_once(&h.state).await.unwrap(), 0);
    // The collector comes up on that port: the same events arrive, none dropped.
    let listener = tokio::net::TcpListener::bind(closed_address).await.unwrap();
    let collector = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut text = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut stream, &mut text).await.unwrap();
        text
    });
    h.advance(61);
    assert!(twofold_server::service::background::forward_once(&h.state).await.unwrap() >= 2);
    let received = collector.await.unwrap();
    assert!(received.contains("settings_changed") && received.contains(" signup "), "{received}");
    // UDP to an IPv6 collector.
    let udp = tokio::net::UdpSocket::bind("[::1]:0").await.unwrap();
    settings["syslogTarget"] = json!(format!("udp://{}", udp.local_addr().unwrap()));
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    h.advance(twofold_server::service::background::FORWARD_SETTLE_SECONDS + 61);
    assert!(twofold_server::service::background::forward_once(&h.state).await.unwrap() >= 1);
    let mut buffer = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(3), udp.recv(&mut buffer))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&buffer[..n]).contains("settings_changed"));
}

// 12. The review's attacks, kept as tests.
#[tokio::test]
async fn no_endpoint_answers_bad_input_with_a_5xx() {
    // No address limit in the way: every body must reach its endpoint's own checks.
    let options = twofold_server::Options { ip_failure_limit: 1_000_000, ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let routes: &[(Method, &str)] = &[
        (Method::POST, "/api/t/acme/signup"),
        (Method::POST, "/api/t/acme/signin"),
        (Method::POST, "/api/signin/second-factor"),
        (Method::POST, "/api/me/password"),
        (Method::POST, "/api/me/2fa/enroll"),
        (Method::POST, "/api/me/2fa/confirm"),
        (Method::POST, "/api/me/2fa/qr"),
        (Method::POST, "/api/me/2fa/reenroll"),
        (Method::POST, "/api/me/2fa/recovery-codes"),
        (Method::POST, "/api/me/2fa/disable"),
        (Method::POST, "/api/me/email/verification"),
        (Method::POST, "/api/me/email/verify"),
        (Method::PUT, "/api/admin/policy"),
        (Method::PUT, "/api/admin/settings"),
        (Method::DELETE, "/api/me/devices"),
        (Method::DELETE, "/api/session"),
    ];
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bodies: Vec<String> = vec![
        String::new(),
        "{".into(),
        "null".into(),
        "[]".into(),
        "42".into(),
        "\"text\"".into(),
        deep,
        r#"{"email":1,"password":[],"code":{},"recoveryCode":true,"name":null}"#.into(),
        r#"{"email":"\ud800@x.y","password":"\u0000","code":"\ud83d","current":"x","new":"y"}"#.into(),
        format!(r#"{{"email":"{}","password":"{}","code":"{}"}}"#, "e".repeat(60_000), "p", "1"),
        r#"{"code":"99999999999999999999999","recoveryCode":"-----","rememberDevice":"yes"}"#.into(),
        r#"{"minLength":-1,"maxLength":1e400,"classes":{"digit":1.5},"bannedWords":[1]}"#.into(),
        r#"{"twoFactorRequired":"maybe","graceDays":1e30,"ipAllowlist":["::/0",{}],"syslogTarget":"udp://[::1"}"#.into(),
        "\u{feff}{\"email\":\"a@b.c\"}".into(),
    ];
    let mut admin = h.admin().await;
    let mut signed_out = h.client("192.0.2.77").await;
    let mut worst = Vec::new();
    for (method, path) in routes {
        for body in &bodies {
            for client in [&mut admin, &mut signed_out] {
                let response =
                    h.send_raw(client, method.clone(), path, Some(body.clone()), "application/json").await;
                if response.status.is_server_error()
                    || (response.status.is_client_error() && response.code().is_empty())
                {
                    worst.push(format!(
                        "{method} {path} {}: {} {}",
                        &body[..body.len().min(40)],
                        response.status,
                        response.text
                    ));
                }
            }
        }
    }
    assert!(worst.is_empty(), "{worst:#?}");
    let limited = h.scalar("SELECT count(*) FROM audit WHERE event = 'rate_limited'").await;
    assert_eq!(limited, 0, "the matrix reached the endpoints");
}

/// Jane with 2FA on, and 100 browsers past her password (two from each of 50 addresses),
/// each sending `code` to the second step at once; answers each refusal's code ("" for in).
async fn hundred_second_steps_at_once(h: &Harness, code_of: impl Fn(&str, i64) -> String) -> Vec<String> {
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(60);
    let mut pending = Vec::new();
    for i in 0..100 {
        let mut browser = h.client(&format!("192.0.2.{}", 100 + i % 50)).await;
        let body = json!({ "email": "jane@example.com", "password": STRONG });
        assert_eq!(h.post(&mut browser, "/api/t/acme/signin", body).await.body["stage"], "second_factor");
        pending.push(browser);
    }
    let sent = code_of(&secret, h.now());
    let attempts: Vec<_> = pending
        .into_iter()
        .map(|mut browser| {
            let (h, sent) = (h.clone(), sent.clone());
            tokio::spawn(async move {
                h.post(&mut browser, "/api/signin/second-factor", json!({ "code": sent }))
                    .await
                    .code()
                    .to_owned()
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for attempt in attempts {
        outcomes.push(attempt.await.unwrap());
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_code_sent_a_hundred_times_at_once_makes_one_session() {
    let h = Harness::new(json!({})).await;
    let outcomes = hundred_second_steps_at_once(&h, code).await;
    assert_eq!(outcomes.iter().filter(|c| c.is_empty()).count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|c| *c == "code_reused").count(), 99, "{outcomes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_wrong_codes_at_once_lock_the_account_once() {
    let h = Harness::new(json!({})).await;
    let outcomes = hundred_second_steps_at_once(&h, |_, _| "000000".to_owned()).await;
    assert_eq!(outcomes.iter().filter(|c| *c == "code_invalid").count(), 4, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|c| *c == "locked").count(), 96, "{outcomes:?}");
    assert_eq!(events_named(&h, "lockout").await.len(), 1);
}
