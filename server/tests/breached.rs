//! Breached passwords (issue 14, item 6) against a fake range API on 127.0.0.1: a password
//! its range lists is refused with the violation `breached`; one it lists only as padding
//! passes; the request names the upper-case prefix, asks for padding and carries neither the
//! password nor its hash; ranges are kept an hour; a silent or broken API lets the tenant
//! choose between accepting and refusing; every place a password is set is screened.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::fake_http::{Fake, Reply, Request};
use common::{Client, Harness};
use serde_json::{Value, json};
use twofold::BreachQuery;
use twofold_server::Options;
use twofold_server::delivery::breach::RangeApi;

/// Long and strong, so only its breach refuses it.
const BREACHED: &str = "velvet orbit cactus lantern";
const CLEAN: &str = "quartz meadow tundra eleven";
const OTHER: &str = "0018A45C4D1DEF81644B54AB7F969B88D65";

/// A range as the API writes it: CRLF lines, and padding (count 0) among the real ones.
fn range(listed: &[(&str, u64)]) -> String {
    let mut lines = vec![format!("{OTHER}:3"), "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0".to_owned()];
    lines.extend(
        listed.iter().map(|(password, count)| format!("{}:{count}", BreachQuery::new(password).suffix())),
    );
    lines.push("011053FD0102E94D6AE2F8B83D76FAF94F6:0".to_owned());
    lines.join("\r\n")
}

/// That `response` is a refusal with `status` and `code`.
fn refused_with(response: &common::Response, status: StatusCode, code: &str) {
    assert_eq!((response.status, response.code()), (status, code), "{}", response.text);
}

fn text(body: String) -> Reply {
    Reply::With(200, "text/plain", body)
}

/// The operator's `--breach-api`: the fake's `/range/`, so the prefix follows it.
fn range_base(fake: &Fake) -> reqwest::Url {
    fake.url.join("range/").unwrap()
}

async fn harness(fake: Option<&Fake>, policy: Value) -> Harness {
    let options = Options {
        breach_api: RangeApi { base: fake.map(range_base), timeout: Duration::from_millis(300) },
        ..Harness::options()
    };
    Harness::with_options(policy, options).await
}

async fn sign_up(h: &Harness, email: &str, password: &str, language: Option<&str>) -> common::Response {
    let mut client = h.client("192.0.2.10").await;
    client.language = language.map(str::to_owned);
    h.post(
        &mut client,
        "/api/t/acme/signup",
        json!({ "email": email, "name": "Jane Doe", "password": password }),
    )
    .await
}

async fn set_fallback(h: &Harness, admin: &mut Client, fallback: &str) {
    let mut settings = h.get(admin, "/api/admin/settings").await.body;
    settings["breachCheck"] = json!(fallback);
    let saved = h.put(admin, "/api/admin/settings", settings).await;
    assert_eq!(
        (saved.status, &saved.body["breachCheck"]),
        (StatusCode::OK, &json!(fallback)),
        "{}",
        saved.text
    );
}

/// Everything a request showed the API: its target, headers and body, as one text.
fn shown(request: &Request) -> String {
    let headers: Vec<String> = request.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    format!(
        "{} {}\n{}\n{}",
        request.method,
        request.target,
        headers.join("\n"),
        String::from_utf8_lossy(&request.body)
    )
}

#[tokio::test]
async fn a_password_its_range_lists_is_refused_and_the_request_gives_nothing_away() {
    let fake = Fake::start(|_| text(range(&[(BREACHED, 42)]))).await;
    let h = harness(Some(&fake), json!({ "rejectBreached": true, "minLength": 15 })).await;
    let refused = sign_up(&h, "jane@example.com", BREACHED, Some("ru")).await;
    refused_with(&refused, StatusCode::UNPROCESSABLE_ENTITY, "password_refused");
    let verdict = &refused.body["verdict"];
    assert_eq!(verdict["accepted"], false);
    let violations = verdict["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 1, "long enough: only the breach refuses it: {violations:?}");
    assert_eq!((&violations[0]["code"], &violations[0]["params"]["count"]), (&json!("breached"), &json!(42)));
    assert!(
        violations[0]["message"].as_str().unwrap().starts_with("Этот пароль есть в известных утечках"),
        "{}",
        violations[0]
    );
    let item = verdict["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "known_breaches")
        .cloned()
        .unwrap();
    assert_eq!(item["met"], false);
    assert_eq!(h.scalar("SELECT count(*) FROM users WHERE email = 'jane@example.com'").await, 0);

    let request = fake.only();
    let query = BreachQuery::new(BREACHED);
    assert_eq!(
        (request.method.as_str(), request.target.clone()),
        ("GET", format!("/range/{}", query.prefix()))
    );
    assert!(
        query.prefix().bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
        "{}",
        query.prefix()
    );
    assert_eq!(request.header("add-padding"), Some("true"));
    assert!(request.body.is_empty());
    let sent = shown(&request).to_ascii_lowercase();
    for secret in
        [BREACHED.to_owned(), query.suffix().to_owned(), format!("{}{}", query.prefix(), query.suffix())]
    {
        assert!(!sent.contains(&secret.to_ascii_lowercase()), "{secret} in {sent}");
    }
    assert!(!sent.contains(&BREACHED.replace(' ', "%20").to_ascii_lowercase()));
}

#[tokio::test]
async fn a_password_absent_from_its_range_passes_though_padding_lists_it_as_zero() {
    let fake = Fake::start(|_| text(range(&[(CLEAN, 0), (BREACHED, 7)]))).await;
    let h = harness(Some(&fake), json!({ "rejectBreached": true })).await;
    let made = sign_up(&h, "jane@example.com", CLEAN, None).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(fake.requests().len(), 1);
    // The range is kept: the next password with the same prefix asks nothing more, until an
    // hour has passed.
    let again = sign_up(&h, "joe@example.com", CLEAN, None).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    assert_eq!(fake.requests().len(), 1, "answered from the cache");
    h.advance(3600);
    sign_up(&h, "jim@example.com", CLEAN, None).await;
    assert_eq!(fake.requests().len(), 2, "an hour later the range is asked for again");
}

#[tokio::test]
async fn a_silent_api_lets_the_tenant_choose_to_accept_or_refuse() {
    let fake = Fake::start(|_| Reply::Silence).await;
    let h = harness(Some(&fake), json!({ "rejectBreached": true })).await;
    let mut admin = h.admin().await;
    assert_eq!(h.get(&mut admin, "/api/admin/settings").await.body["breachCheck"], "fail-open");
    let started = Instant::now();
    let accepted = sign_up(&h, "jane@example.com", BREACHED, None).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "fail-open by default: {}", accepted.text);
    assert!(started.elapsed() < Duration::from_secs(3), "waited {:?}", started.elapsed());
    set_fallback(&h, &mut admin, "fail-closed").await;
    let refused = sign_up(&h, "joe@example.com", BREACHED, Some("ca")).await;
    refused_with(&refused, StatusCode::SERVICE_UNAVAILABLE, "breach_check_unavailable");
    assert_eq!(refused.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("60"));
    assert!(refused.body["message"].as_str().unwrap().contains("filtracions"), "{}", refused.text);
    assert_eq!(h.scalar("SELECT count(*) FROM users WHERE email = 'joe@example.com'").await, 0);
    let page = h.get(&mut admin, "/api/admin/audit?event=breach_check_unavailable").await;
    let outcomes: Vec<&str> = page.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["refused", "accepted"]);
    assert!(h.state.ranges.is_empty(), "nothing answered, nothing kept");
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["breachCheck"] = json!("maybe");
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.code(), "body_invalid");
}

#[tokio::test]
async fn an_api_that_fails_or_answers_no_range_is_no_answer() {
    let replies: [fn() -> Reply; 4] = [
        || Reply::With(503, "text/plain", "busy".to_owned()),
        || Reply::With(200, "text/html", "<!doctype html><p>Sign in to the portal</p>".to_owned()),
        || Reply::With(200, "text/plain", "A".repeat(BreachQuery::MAX_RANGE_BYTES + 1)),
        || Reply::Redirect("http://127.0.0.1:9/elsewhere".to_owned()),
    ];
    for reply in replies {
        let fake = Fake::start(move |_| reply()).await;
        let h = harness(Some(&fake), json!({ "rejectBreached": true })).await;
        let mut admin = h.admin().await;
        set_fallback(&h, &mut admin, "fail-closed").await;
        let refused = sign_up(&h, "jane@example.com", CLEAN, None).await;
        refused_with(&refused, StatusCode::SERVICE_UNAVAILABLE, "breach_check_unavailable");
        set_fallback(&h, &mut admin, "fail-open").await;
        assert_eq!(sign_up(&h, "jane@example.com", CLEAN, None).await.status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn a_changed_password_is_screened_too_and_compliance_counts_breached_ones_as_failing() {
    let fake = Fake::start(|_| text(range(&[(BREACHED, 1_000)]))).await;
    let h = harness(Some(&fake), json!({})).await;
    let made = sign_up(&h, "jane@example.com", BREACHED, None).await;
    assert_eq!(made.status, StatusCode::CREATED, "no rule asks yet");
    assert!(fake.requests().is_empty(), "nothing asked while the policy does not");
    let mut admin = h.admin().await;
    let set = h.put(&mut admin, "/api/admin/policy", json!({ "rejectBreached": true })).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let mut jane = h.client("192.0.2.40").await;
    let signed_in = h
        .post(&mut jane, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": BREACHED }))
        .await;
    assert_eq!(signed_in.body["stage"], "full", "{}", signed_in.text);
    let standing = h.get(&mut admin, "/api/admin/policy/compliance").await.body;
    let counts = (standing["failing"].as_i64(), standing["unknown"].as_i64());
    assert_eq!(counts, (Some(1), Some(1)), "jane fails; the admin signed in before the change: {standing}");
    let changed = h
        .post(&mut jane, "/api/me/password", json!({ "current": BREACHED, "new": BREACHED.to_uppercase() }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "another range, not listed: {}", changed.text);
    let back = h
        .post(&mut jane, "/api/me/password", json!({ "current": BREACHED.to_uppercase(), "new": BREACHED }))
        .await;
    assert_eq!(back.body["verdict"]["violations"][0]["code"], "breached", "{}", back.text);
}

#[tokio::test]
async fn a_policy_cannot_ask_for_a_check_the_server_cannot_make() {
    let h = harness(None, json!({})).await;
    let mut admin = h.admin().await;
    let refused =
        h.put(&mut admin, "/api/admin/policy", json!({ "rejectBreached": true, "minLength": 12 })).await;
    assert_eq!(
        (refused.status, refused.code(), refused.body["field"].as_str()),
        (StatusCode::BAD_REQUEST, "policy_invalid", Some("rejectBreached"))
    );
    assert!(refused.body["message"].as_str().unwrap().contains("operator"), "{}", refused.text);
    assert_eq!(
        h.put(&mut admin, "/api/admin/policy", json!({ "rejectBreached": "yes" })).await.code(),
        "policy_invalid"
    );
    // A policy stored with the rule before the operator took the API away: the check goes
    // unanswered, and the tenant's choice applies.
    let h = harness(None, json!({ "rejectBreached": true })).await;
    assert_eq!(sign_up(&h, "jane@example.com", CLEAN, None).await.status, StatusCode::CREATED);
}

/// Sets a password through a link at `path`: the breached one is refused with the violation
/// and the link kept, then `clean` is taken.
async fn refused_then_set(h: &Harness, client: &mut Client, path: &str, token: &str, clean: &str) {
    let refused = h.post(client, path, json!({ "token": token, "password": BREACHED })).await;
    let code = refused.body["verdict"]["violations"][0]["code"].as_str();
    assert_eq!(
        (refused.status, code),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("breached")),
        "{}",
        refused.text
    );
    let set = h.post(client, path, json!({ "token": token, "password": clean })).await;
    assert!(set.status.is_success(), "the link still works after a refusal: {}", set.text);
}

#[tokio::test]
async fn an_invitation_accepted_and_a_reset_confirmed_are_screened_too() {
    const THIRD: &str = "harbor willow sprocket ninety";
    let fake = Fake::start(|_| text(range(&[(BREACHED, 12)]))).await;
    let h = harness(Some(&fake), json!({ "rejectBreached": true })).await;
    let mut admin = h.admin().await;
    let card = json!({ "email": "jane@example.com", "name": "Jane Doe", "role": "member" });
    let invited = h.post(&mut admin, "/api/admin/users", card).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text);
    let token = h.mailed_token("jane@example.com", "invited").await;
    let mut jane = h.client("192.0.2.50").await;
    refused_then_set(&h, &mut jane, "/api/invitations/accept", &token, CLEAN).await;

    let (mut forgetful, token) = h.reset_link("192.0.2.51", "jane@example.com").await;
    refused_then_set(&h, &mut forgetful, "/api/password-reset/confirm", &token, THIRD).await;

    // Each range once (the breached one twice, the second from the cache), and the admin's
    // sign-in, whose password was judged by the policy, breaches included.
    let asked: Vec<String> = fake.requests().iter().map(|r| r.target.clone()).collect();
    for password in [BREACHED, CLEAN, THIRD, "admin password for tests"] {
        let target = format!("/range/{}", BreachQuery::new(password).prefix());
        assert_eq!(asked.iter().filter(|t| **t == target).count(), 1, "{target} in {asked:?}");
    }
    assert_eq!(asked.len(), 4, "{asked:?}");
}
