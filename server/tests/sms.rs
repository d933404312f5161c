//! Codes by SMS through the whole server (issue 13): the admin connects a provider, whose
//! secrets are sealed at rest and shown masked; a phone is proved by a code before first use
//! and then signs in; the text ends in the origin-bound form; fake providers on 127.0.0.1
//! see exactly what the provider's API documents; a provider that fails leaves nothing
//! half-done; the caps per number and per tenant hold.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use base64::Engine as _;
use common::fake_http::{Fake, Reply, Request, json_reply};
use common::{Client, Harness};
use serde_json::{Value, json};
use twofold_server::Options;
use twofold_server::delivery::sms::Endpoints;

const STRONG: &str = "orbit velvet cactus nine";
const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const SERVICE_SID: &str = "VA0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const PHONE: &str = "+34 612 345 678";
const E164: &str = "+34612345678";

fn twilio() -> Value {
    json!({ "provider": "twilio", "accountSid": ACCOUNT_SID, "authToken": TOKEN, "from": "+15005550006" })
}

fn twilio_verify() -> Value {
    json!({ "provider": "twilioVerify", "accountSid": ACCOUNT_SID, "authToken": TOKEN, "serviceSid": SERVICE_SID })
}

/// A server whose providers all live at `fake`.
async fn harness_at(fake: Option<&Fake>, change: impl FnOnce(&mut Options)) -> Harness {
    let mut options = Harness::options();
    if let Some(fake) = fake {
        options.sms_endpoints = Endpoints {
            twilio: fake.url.clone(),
            twilio_verify: fake.url.clone(),
            clickatell: fake.url.clone(),
            smsc: fake.url.clone(),
            timeout: Duration::from_millis(500),
        };
    }
    change(&mut options);
    Harness::with_options(json!({}), options).await
}

/// Saves `sms` as the tenant's SMS settings; answers the response.
async fn set_sms(h: &Harness, admin: &mut Client, sms: Value) -> common::Response {
    let mut settings = h.get(admin, "/api/admin/settings").await.body;
    settings["sms"] = sms;
    h.put(admin, "/api/admin/settings", settings).await
}

/// The newest text in the outbox to `number`.
async fn texted(h: &Harness, number: &str) -> Option<Value> {
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    outbox.body["messages"].as_array().unwrap().iter().find(|m| m["recipient"] == number).cloned()
}

/// The code at the end of an origin-bound text: `…\n\n@host #123456`.
fn bound_code(text: &str, host: &str) -> String {
    let last = text.lines().last().unwrap();
    let code =
        last.strip_prefix(&format!("@{host} #")).unwrap_or_else(|| panic!("not origin-bound: {text:?}"));
    assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "{text:?}");
    code.to_owned()
}

async fn sign_in(h: &Harness, client: &mut Client) {
    h.send(client, Method::DELETE, "/api/session", None).await;
    let started = h
        .post(client, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    assert_eq!(started.body["stage"], "second_factor", "{}", started.text);
}

/// How many codes of ours the database holds.
async fn codes_held(h: &Harness) -> i64 {
    h.scalar("SELECT COUNT(*) FROM mail_codes WHERE purpose LIKE 'factor:%'").await
}

#[tokio::test]
async fn a_phone_proved_by_a_console_text_signs_in_with_an_origin_bound_code() {
    let h = harness_at(None, |_| {}).await;
    let mut admin = h.admin().await;
    let saved = set_sms(&h, &mut admin, json!({ "primary": { "provider": "console" } })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;

    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let factor = &added.body["factor"];
    let id = factor["id"].as_i64().unwrap();
    assert_eq!(factor["assurance"], "restricted", "SMS is a restricted authenticator");
    assert_eq!(factor["address"], "+34 ••• •• 56 78", "stored in E.164, shown masked");
    assert_eq!(factor["confirmed"], false, "not usable before its code comes back");
    let text = texted(&h, E164).await.expect("the console provider writes to the outbox");
    assert!(text["deliveredAt"].is_i64(), "the outbox is where the console delivers: no relay takes it");
    let body = text["body"].as_str().unwrap();
    assert!(body.contains("ACME Corporation"), "{body}");
    let first = bound_code(body, "127.0.0.1");
    let wrong =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": "000000" })).await;
    assert_eq!(wrong.code(), "code_invalid");
    let confirmed =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": first })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);

    h.advance(61);
    sign_in(&h, &mut jane).await;
    let sent = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!((sent.status, sent.body["resendAfter"].as_i64()), (StatusCode::OK, Some(60)), "{}", sent.text);
    let too_soon = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(too_soon.code(), "rate_limited", "a minute between texts");
    let code = bound_code(texted(&h, E164).await.unwrap()["body"].as_str().unwrap(), "127.0.0.1");
    assert_ne!(code, first);
    let done = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code, "factorId": id })).await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
}

#[tokio::test]
async fn the_origin_bound_host_is_the_public_urls() {
    let h = harness_at(None, |o| o.public_url = "https://acme.example.com/app/".into()).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": { "provider": "console" } })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    bound_code(texted(&h, E164).await.unwrap()["body"].as_str().unwrap(), "acme.example.com");
}

#[tokio::test]
async fn provider_secrets_are_sealed_at_rest_masked_for_the_admin_and_kept_when_saved_masked() {
    let fake =
        Fake::start(|_: &Request| json_reply(201, json!({ "sid": "SM0123", "status": "queued" }))).await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    let saved = set_sms(&h, &mut admin, json!({ "primary": twilio() })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert!(!saved.text.contains(TOKEN), "the answer does not echo the secret");
    let shown = h.get(&mut admin, "/api/admin/settings").await;
    let token = shown.body["sms"]["primary"]["authToken"].as_str().unwrap().to_owned();
    assert_ne!(token, TOKEN);
    assert!(!shown.text.contains(TOKEN), "{}", shown.text);
    assert_eq!(shown.body["sms"]["primary"]["accountSid"], ACCOUNT_SID, "what is not secret is shown");

    // The column holds ciphertext: neither the token nor the SID appears in it.
    {
        use sqlx::Row;
        let mut conn = h.state.store.conn().await.unwrap();
        let row = sqlx::query("SELECT sms_config FROM tenants WHERE slug = 'acme'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let sealed: Vec<u8> = row.try_get(0).unwrap();
        assert!(sealed.len() > TOKEN.len());
        for plain in [TOKEN, ACCOUNT_SID] {
            assert!(!sealed.windows(plain.len()).any(|w| w == plain.as_bytes()), "{plain} in the clear");
        }
    }

    // Saving the page as shown, masked token and all, keeps the real one: the fake sees it.
    let again = h.put(&mut admin, "/api/admin/settings", shown.body.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let tested = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": PHONE })).await;
    assert_eq!(tested.status, StatusCode::OK, "{}", tested.text);
    assert_eq!(tested.body, json!({ "to": "+34 ••• •• 56 78", "provider": "twilio" }));
    let request = fake.only();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{TOKEN}"));
    assert_eq!(request.header("authorization"), Some(format!("Basic {basic}").as_str()));
    assert!(h.events().await.contains(&"sms_test_sent".to_owned()));

    // Switching provider with the old mask is refused: that secret belonged to Twilio.
    let mut switched = shown.body["sms"].clone();
    switched["primary"] = json!({ "provider": "clickatell", "apiKey": token });
    let refused = set_sms(&h, &mut admin, switched).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "settings_invalid"),
        "{}",
        refused.text
    );
    assert_eq!(refused.body["field"], "sms.apiKey");
    // Removing them is `null`.
    let removed = set_sms(&h, &mut admin, Value::Null).await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text);
    assert!(h.get(&mut admin, "/api/admin/settings").await.body["sms"].is_null());
}

#[tokio::test]
async fn incomplete_settings_say_which_field_in_the_admins_language() {
    let h = harness_at(None, |_| {}).await;
    let mut admin = h.admin().await;
    let mut no_sender = twilio();
    no_sender.as_object_mut().unwrap().remove("from");
    for (sms, field) in [
        (json!({ "primary": no_sender.clone() }), "sms.from"),
        (json!({ "primary": { "provider": "smsc" } }), "sms.login"),
        (
            json!({ "primary": { "provider": "webhook", "url": "http://sms.example.com/", "secret": "s" } }),
            "sms.url",
        ),
        (
            json!({ "primary": { "provider": "console" }, "secondaryPrefixes": ["+7"] }),
            "sms.secondaryPrefixes",
        ),
        (
            json!({ "primary": { "provider": "console" }, "secondary": { "provider": "console" }, "secondaryPrefixes": ["7x"] }),
            "sms.secondaryPrefixes",
        ),
        (
            json!({ "primary": { "provider": "console" }, "secondary": no_sender.clone(), "secondaryPrefixes": ["+7"] }),
            "sms.secondary.from",
        ),
        (
            json!({ "primary": no_sender.clone(), "secondary": { "provider": "smsc" }, "secondaryPrefixes": ["+7"] }),
            "sms.from",
        ),
    ] {
        let refused = set_sms(&h, &mut admin, sms.clone()).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "settings_invalid"), "{sms}");
        assert_eq!(refused.body["field"], field, "{}", refused.text);
        assert!(!refused.body["message"].as_str().unwrap().contains("error."), "{}", refused.text);
    }
    // An unknown provider or field is the body's fault, named as such.
    let unknown = set_sms(&h, &mut admin, json!({ "primary": { "provider": "nexmo" } })).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.text);
    // In Russian for an admin who reads it.
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["sms"] = json!({ "primary": { "provider": "smsc" } });
    admin.language = Some("ru".into());
    let russian = h.put(&mut admin, "/api/admin/settings", settings).await;
    admin.language = None;
    assert!(russian.body["message"].as_str().unwrap().contains("SMSC"), "{}", russian.text);
    assert!(russian.body["message"].as_str().unwrap().contains("логин"), "{}", russian.text);
    assert!(h.get(&mut admin, "/api/admin/settings").await.body["sms"].is_null(), "nothing was saved");
}

#[tokio::test]
async fn twilio_messaging_gets_exactly_the_documented_request() {
    let fake =
        Fake::start(|_: &Request| json_reply(201, json!({ "sid": "SM0123", "status": "queued" }))).await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": twilio() })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let request = fake.only();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"));
    let form = request.form();
    assert_eq!(form.keys().collect::<Vec<_>>(), ["Body", "From", "To"]);
    assert_eq!(form["To"], E164);
    assert_eq!(form["From"], "+15005550006");
    let code = bound_code(&form["Body"], "127.0.0.1");
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let confirmed =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": code })).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert!(texted(&h, E164).await.is_none(), "a real provider's text is not copied to the outbox");
}

#[tokio::test]
async fn a_provider_that_fails_leaves_nothing_half_done() {
    // 500 until told otherwise, then success.
    let status = Arc::new(AtomicU16::new(500));
    let answer = Arc::clone(&status);
    let fake = Fake::start(move |_: &Request| match answer.load(Ordering::SeqCst) {
        500 => Reply::With(500, "text/plain", "upstream exploded".into()),
        _ => json_reply(201, json!({ "sid": "SM0123", "status": "queued" })),
    })
    .await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": twilio() })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;

    let failed = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(
        (failed.status, failed.code()),
        (StatusCode::BAD_GATEWAY, "sms_unavailable"),
        "{}",
        failed.text
    );
    assert!(failed.body["message"].as_str().unwrap().contains("another way"), "{}", failed.text);
    assert!(!failed.text.contains("exploded"), "the provider's words stay in the log: {}", failed.text);
    let listed = h.get(&mut jane, "/api/me/factors").await;
    assert_eq!(listed.body["factors"], json!([]), "no half-added phone");
    assert_eq!(codes_held(&h).await, 0, "no code that never left");

    // Straight away, with the provider back: no minute to wait for a text that never went.
    status.store(201, Ordering::SeqCst);
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let code = bound_code(&fake.requests().last().unwrap().form()["Body"], "127.0.0.1");
    h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": code })).await;

    // At sign-in too: the failed send withdraws its code and frees the resend.
    h.advance(61);
    sign_in(&h, &mut jane).await;
    status.store(500, Ordering::SeqCst);
    let down = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(down.code(), "sms_unavailable", "{}", down.text);
    let unsent = bound_code(&fake.requests().last().unwrap().form()["Body"], "127.0.0.1");
    let guessed =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": unsent, "factorId": id })).await;
    assert_ne!(guessed.body["stage"], "full", "the code that never left does not sign in: {}", guessed.text);
    status.store(201, Ordering::SeqCst);
    let sent = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let code = bound_code(&fake.requests().last().unwrap().form()["Body"], "127.0.0.1");
    let done = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code, "factorId": id })).await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
}

#[tokio::test]
async fn a_number_the_provider_refuses_is_the_persons_to_fix() {
    let fake = Fake::start(|_: &Request| {
        json_reply(400, json!({ "code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400 }))
    })
    .await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": twilio() })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let refused = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "sms_recipient_refused"),
        "{}",
        refused.text
    );
    assert_eq!(refused.body["field"], "phone");
    // A number that is not one never reaches the provider.
    let typo = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": "612 345" })).await;
    assert_eq!((typo.code(), typo.body["field"].as_str()), ("phone_invalid", Some("phone")), "{}", typo.text);
    let missing = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms" })).await;
    assert_eq!(missing.code(), "phone_invalid");
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn without_a_provider_a_phone_cannot_be_added() {
    let h = harness_at(None, |_| {}).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let refused = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "sms_not_configured"),
        "{}",
        refused.text
    );
    assert_eq!(h.get(&mut jane, "/api/me/factors").await.body["factors"], json!([]));
}

#[tokio::test]
async fn texts_are_capped_per_number_and_per_tenant() {
    let h = harness_at(None, |o| o.sms_per_tenant_hour = 12).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": { "provider": "console" } })).await;
    for n in 0..10 {
        let sent = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": PHONE })).await;
        assert_eq!(sent.status, StatusCode::OK, "text {n}: {}", sent.text);
    }
    let eleventh = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": PHONE })).await;
    assert_eq!(eleventh.code(), "rate_limited", "ten texts to one number in ten minutes");
    let wait = eleventh.body["retryAfter"].as_i64().unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    // Other numbers still go, until the tenant's hour is spent.
    for other in ["+34 612 000 001", "+34 612 000 002"] {
        let sent = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": other })).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    }
    let over = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": "+34 612 000 003" })).await;
    assert_eq!(over.code(), "rate_limited", "the tenant's hour");
    assert!(over.body["retryAfter"].as_i64().unwrap() > 600, "{}", over.text);
    h.advance(3600);
    let later = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": PHONE })).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.text);
}

#[tokio::test]
async fn numbers_by_prefix_go_to_the_second_provider() {
    let fake =
        Fake::start(|_: &Request| json_reply(201, json!({ "sid": "SM0123", "status": "queued" }))).await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    let saved = set_sms(
        &h,
        &mut admin,
        json!({ "primary": twilio(), "secondary": { "provider": "console" }, "secondaryPrefixes": ["+7"] }),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let russian = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": "+7 912 345-67-89" })).await;
    assert_eq!(russian.body["provider"], "console", "{}", russian.text);
    assert!(texted(&h, "+79123456789").await.is_some());
    assert!(fake.requests().is_empty());
    let spanish = h.post(&mut admin, "/api/admin/sms/test", json!({ "phone": PHONE })).await;
    assert_eq!(spanish.body["provider"], "twilio", "{}", spanish.text);
    assert_eq!(fake.only().form()["To"], E164);
}

#[tokio::test]
async fn twilio_verify_makes_and_checks_its_own_code() {
    const RIGHT: &str = "482913";
    let approved = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&approved);
    let fake = Fake::start(move |request: &Request| {
        let form = request.form();
        if request.target.ends_with("/Verifications") {
            return json_reply(201, json!({ "sid": "VE0123", "status": "pending" }));
        }
        let right = form["Code"] == RIGHT;
        seen.store(right, Ordering::SeqCst);
        json_reply(200, json!({ "sid": "VE0123", "status": if right { "approved" } else { "pending" } }))
    })
    .await;
    let h = harness_at(Some(&fake), |_| {}).await;
    let mut admin = h.admin().await;
    set_sms(&h, &mut admin, json!({ "primary": twilio_verify() })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let start = fake.only();
    assert_eq!(start.target, format!("/v2/Services/{SERVICE_SID}/Verifications"));
    assert_eq!(
        start.form(),
        [("Channel", "sms"), ("Locale", "en"), ("To", E164)]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into()
    );
    assert_eq!(codes_held(&h).await, 0, "Verify's code is Verify's: we keep none");

    let wrong =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": "111111" })).await;
    assert_eq!(wrong.code(), "code_invalid", "{}", wrong.text);
    let right = h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": RIGHT })).await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.text);
    assert!(approved.load(Ordering::SeqCst));
    let check = fake.requests().last().unwrap().clone();
    assert_eq!(check.target, format!("/v2/Services/{SERVICE_SID}/VerificationCheck"));
    assert_eq!(check.form()["To"], E164);

    // Verify's resends still wait their minute.
    h.advance(10);
    sign_in(&h, &mut jane).await;
    let too_soon = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(too_soon.code(), "rate_limited", "{}", too_soon.text);
    h.advance(60);
    let sent = h.post(&mut jane, "/api/signin/second-factor/send", json!({ "factorId": id })).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let done = h.post(&mut jane, "/api/signin/second-factor", json!({ "code": RIGHT, "factorId": id })).await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
}
