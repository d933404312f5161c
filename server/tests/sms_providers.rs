//! The SMS providers' wire formats, against fakes on 127.0.0.1 that check each request as the
//! provider's API reference describes it (method, path, authentication, content type, every
//! field) and answer as the provider does: success, a refusal in the provider's own error
//! shape, a 5xx, and silence. Also the routing rule, the webhook's signature and address
//! checks, and the masked view of the settings.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use common::fake_http::{Fake, Reply, Request, json_reply};
use hmac::{Hmac, Mac};
use reqwest::Url;
use serde_json::{Value, json};
use sha2::Sha256;
use twofold_server::delivery::sms::{
    self, E164, Endpoints, ProviderConfig, ProviderKind, Refusal, Secret, Sent, SmsConfig, SmsError,
    TwilioVerifyConfig,
};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const SERVICE_SID: &str = "VA0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const TEXT: &str = "Your acme.example code is 123456.\n\n@acme.example #123456";

/// Every provider pointed at `fake`, with a short deadline so that silence is quick to test.
fn endpoints(fake: &Fake) -> Endpoints {
    Endpoints {
        twilio: fake.url.clone(),
        twilio_verify: fake.url.clone(),
        clickatell: fake.url.clone(),
        smsc: fake.url.clone(),
        timeout: Duration::from_millis(400),
    }
}

fn provider(json: Value) -> ProviderConfig {
    serde_json::from_value(json).unwrap()
}

fn number(typed: &str) -> E164 {
    E164::parse(typed).unwrap()
}

async fn send_with(fake: &Fake, config: &ProviderConfig, to: &str) -> Result<Sent, SmsError> {
    let http = sms::client().unwrap();
    sms::send(&http, &endpoints(fake), &[], config, &number(to), TEXT).await
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn twilio() -> ProviderConfig {
    provider(
        json!({ "provider": "twilio", "accountSid": ACCOUNT_SID, "authToken": TOKEN, "from": "+15005550006" }),
    )
}

fn refused(error: &Result<Sent, SmsError>) -> (Refusal, Option<&str>) {
    match error {
        Err(SmsError::Refused { refusal, code, .. }) => (*refusal, code.as_deref()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

// Twilio Messaging: "Create a Message resource".

#[tokio::test]
async fn twilio_gets_the_documented_form_with_basic_auth() {
    let fake = Fake::start(|_| {
        json_reply(
            201,
            json!({ "sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "error_code": null }),
        )
    })
    .await;
    let sent = send_with(&fake, &twilio(), "+7 916 123-45-67").await;
    assert_eq!(
        sent,
        Ok(Sent::Accepted {
            provider: ProviderKind::Twilio,
            id: Some("SM0123456789abcdef0123456789abcdef".into())
        })
    );
    let request = fake.only();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"));
    assert_eq!(request.header("authorization"), Some(basic(ACCOUNT_SID, TOKEN).as_str()));
    assert_eq!(request.form(), fields(&[("To", "+79161234567"), ("From", "+15005550006"), ("Body", TEXT)]));
}

#[tokio::test]
async fn twilio_takes_a_messaging_service_instead_of_a_number() {
    let fake = Fake::start(|_| json_reply(201, json!({ "sid": "SM1", "status": "accepted" }))).await;
    let service = "MG0123456789abcdef0123456789abcdef";
    let config = provider(
        json!({ "provider": "twilio", "accountSid": ACCOUNT_SID, "authToken": TOKEN, "messagingServiceSid": service }),
    );
    assert!(send_with(&fake, &config, "+442079460958").await.is_ok());
    assert_eq!(
        fake.only().form(),
        fields(&[("To", "+442079460958"), ("MessagingServiceSid", service), ("Body", TEXT)])
    );
}

#[tokio::test]
async fn twilio_refusals_keep_its_code_and_say_whose_problem_they_are() {
    let fake = Fake::start(|request| {
        if request.form()["To"] == "+79161234567" {
            json_reply(
                400,
                json!({ "code": 21211, "message": "The 'To' number +79161234567 is not a valid phone number.",
                        "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400 }),
            )
        } else {
            json_reply(
                401,
                json!({ "code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401 }),
            )
        }
    })
    .await;
    let number_refused = send_with(&fake, &twilio(), "+79161234567").await;
    assert_eq!(refused(&number_refused), (Refusal::Recipient, Some("21211")));
    assert!(number_refused.unwrap_err().to_string().contains("is not a valid phone number"));
    let account_refused = send_with(&fake, &twilio(), "+442079460958").await;
    assert_eq!(refused(&account_refused), (Refusal::Account, Some("20003")));
    assert!(!account_refused.unwrap_err().to_string().contains(TOKEN), "no credential in the words");
}

#[tokio::test]
async fn twilio_down_or_silent_is_not_a_refusal() {
    let down = Fake::start(|_| Reply::With(500, "text/html", "<h1>oops</h1>".into())).await;
    let error = send_with(&down, &twilio(), "+79161234567").await.unwrap_err();
    assert!(matches!(error, SmsError::Unavailable { provider: ProviderKind::Twilio, .. }), "{error:?}");
    assert!(error.is_provider_down());
    let silent = Fake::start(|_| Reply::Silence).await;
    let error = send_with(&silent, &twilio(), "+79161234567").await.unwrap_err();
    assert_eq!(error, SmsError::TimedOut { provider: ProviderKind::Twilio });
    assert_eq!(silent.requests().len(), 1, "the request did reach the provider");
    let nowhere = Fake { url: Url::parse("http://127.0.0.1:9/").unwrap(), requests: Arc::default() };
    let error = send_with(&nowhere, &twilio(), "+79161234567").await.unwrap_err();
    assert!(matches!(error, SmsError::Unavailable { .. }), "{error:?}");
}

// Twilio Verify: "Start a new Verification", "Check a Verification".

fn verify() -> TwilioVerifyConfig {
    match provider(
        json!({ "provider": "twilioVerify", "accountSid": ACCOUNT_SID, "authToken": TOKEN, "serviceSid": SERVICE_SID }),
    ) {
        ProviderConfig::TwilioVerify(config) => config,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn twilio_verify_starts_and_checks_a_verification() {
    let fake = Fake::start(|request| {
        if request.target.ends_with("/Verifications") {
            json_reply(
                201,
                json!({ "sid": "VE0123456789abcdef0123456789abcdef", "status": "pending", "channel": "sms" }),
            )
        } else if request.form()["Code"] == "123456" {
            json_reply(
                200,
                json!({ "sid": "VE0123456789abcdef0123456789abcdef", "status": "approved", "valid": true }),
            )
        } else {
            json_reply(
                200,
                json!({ "sid": "VE0123456789abcdef0123456789abcdef", "status": "pending", "valid": false }),
            )
        }
    })
    .await;
    let (http, endpoints, to) = (sms::client().unwrap(), endpoints(&fake), number("+79161234567"));
    let started = sms::start_verification(&http, &endpoints, &verify(), &to, Some("ru")).await;
    assert_eq!(
        started,
        Ok(Sent::Accepted {
            provider: ProviderKind::TwilioVerify,
            id: Some("VE0123456789abcdef0123456789abcdef".into())
        })
    );
    assert_eq!(sms::check_verification(&http, &endpoints, &verify(), &to, "654321").await, Ok(false));
    assert_eq!(sms::check_verification(&http, &endpoints, &verify(), &to, "123456").await, Ok(true));
    assert_eq!(
        sms::check_verification(&http, &endpoints, &verify(), &to, "12").await,
        Ok(false),
        "not a code"
    );

    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "the impossible code was not sent: {requests:#?}");
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("authorization"), Some(basic(ACCOUNT_SID, TOKEN).as_str()));
    }
    assert_eq!(requests[0].target, format!("/v2/Services/{SERVICE_SID}/Verifications"));
    assert_eq!(requests[0].form(), fields(&[("To", "+79161234567"), ("Channel", "sms"), ("Locale", "ru")]));
    assert_eq!(requests[1].target, format!("/v2/Services/{SERVICE_SID}/VerificationCheck"));
    assert_eq!(requests[1].form(), fields(&[("To", "+79161234567"), ("Code", "654321")]));
    assert_eq!(requests[2].form(), fields(&[("To", "+79161234567"), ("Code", "123456")]));
}

#[tokio::test]
async fn twilio_verify_gone_is_not_approved_and_its_refusals_are_refusals() {
    let fake = Fake::start(|request| {
        if request.target.ends_with("/VerificationCheck") {
            json_reply(
                404,
                json!({ "code": 20404, "message": "The requested resource was not found", "status": 404 }),
            )
        } else {
            json_reply(429, json!({ "code": 60203, "message": "Max send attempts reached", "status": 429 }))
        }
    })
    .await;
    let (http, endpoints, to) = (sms::client().unwrap(), endpoints(&fake), number("+79161234567"));
    assert_eq!(sms::check_verification(&http, &endpoints, &verify(), &to, "123456").await, Ok(false));
    let error = sms::start_verification(&http, &endpoints, &verify(), &to, None).await.unwrap_err();
    assert!(matches!(error, SmsError::Unavailable { provider: ProviderKind::TwilioVerify, .. }), "{error:?}");
    assert_eq!(
        fake.requests()[1].form(),
        fields(&[("To", "+79161234567"), ("Channel", "sms")]),
        "no locale given"
    );
    let error = send_with(&fake, &ProviderConfig::TwilioVerify(verify()), "+79161234567").await.unwrap_err();
    assert_eq!(error, SmsError::ProviderMakesCodes, "Verify writes its own texts");
    assert_eq!(fake.requests().len(), 2);
}

// Clickatell: "Send message via REST integration".

fn clickatell() -> ProviderConfig {
    provider(json!({ "provider": "clickatell", "apiKey": "lPe91jCqTwGbErZ6OFeXjQ==" }))
}

#[tokio::test]
async fn clickatell_gets_its_json_with_the_key_as_authorization() {
    let fake = Fake::start(|_| {
        json_reply(
            202,
            json!({ "messages": [{ "apiMessageId": "1d4f8a0c7e5b4f2a9c3d6e8f0a1b2c3d", "accepted": true, "to": "79161234567",
                                   "errorCode": null, "error": null, "errorDescription": null }],
                    "errorCode": null, "error": null, "errorDescription": null }),
        )
    })
    .await;
    let sent = send_with(&fake, &clickatell(), "+7 916 123 45 67").await;
    assert_eq!(
        sent,
        Ok(Sent::Accepted {
            provider: ProviderKind::Clickatell,
            id: Some("1d4f8a0c7e5b4f2a9c3d6e8f0a1b2c3d".into())
        })
    );
    let request = fake.only();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/messages"));
    assert_eq!(request.header("authorization"), Some("lPe91jCqTwGbErZ6OFeXjQ=="));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.json(), json!({ "content": TEXT, "to": ["79161234567"] }), "numbers without +");
}

#[tokio::test]
async fn clickatell_refusals_come_per_message_or_for_the_request() {
    let fake = Fake::start(|request| match request.json()["to"][0].as_str() {
        Some("79161234567") => json_reply(
            400,
            json!({ "messages": [{ "apiMessageId": null, "accepted": false, "to": "79161234567", "errorCode": 25,
                                   "error": "Invalid recipient address", "errorDescription": "Invalid recipient address: 79161234567" }],
                    "errorCode": null, "error": null, "errorDescription": null }),
        ),
        Some("442079460958") => json_reply(
            401,
            json!({ "messages": [], "errorCode": 1, "error": "Invalid or missing Integration API Key",
                    "errorDescription": "Invalid or missing Integration API Key" }),
        ),
        Some("34612345678") => json_reply(
            503,
            json!({ "messages": [], "errorCode": 19, "error": "Internal error, please retry", "errorDescription": null }),
        ),
        _ => Reply::Silence,
    })
    .await;
    let recipient = send_with(&fake, &clickatell(), "+79161234567").await;
    assert_eq!(refused(&recipient), (Refusal::Recipient, Some("25")));
    let account = send_with(&fake, &clickatell(), "+442079460958").await;
    assert_eq!(refused(&account), (Refusal::Account, Some("1")));
    let down = send_with(&fake, &clickatell(), "+34612345678").await.unwrap_err();
    assert!(matches!(down, SmsError::Unavailable { provider: ProviderKind::Clickatell, .. }), "{down:?}");
    let silent = send_with(&fake, &clickatell(), "+14155552671").await.unwrap_err();
    assert_eq!(silent, SmsError::TimedOut { provider: ProviderKind::Clickatell });
}

// SMSC: "Sending an SMS message", "Server response and error codes".

fn smsc() -> ProviderConfig {
    provider(json!({ "provider": "smsc", "login": "acme", "password": "s3cret-password" }))
}

#[tokio::test]
async fn smsc_gets_its_form_and_answers_in_fmt_3() {
    let fake = Fake::start(|_| json_reply(200, json!({ "id": 42, "cnt": 1 }))).await;
    let sent = send_with(&fake, &smsc(), "+375 29 123 45 67").await;
    assert_eq!(sent, Ok(Sent::Accepted { provider: ProviderKind::Smsc, id: Some("42".into()) }));
    let request = fake.only();
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/sys/send.php"),
        "nothing in the URL"
    );
    assert_eq!(
        request.form(),
        fields(&[
            ("login", "acme"),
            ("psw", "s3cret-password"),
            ("phones", "+375291234567"),
            ("mes", TEXT),
            ("fmt", "3"),
            ("charset", "utf-8"),
        ])
    );

    let keyed = Fake::start(|_| json_reply(200, json!({ "id": "43", "cnt": 2 }))).await;
    let config = provider(json!({ "provider": "smsc", "apiKey": "b3f7c9d2e1a04f6b" }));
    assert!(send_with(&keyed, &config, "+79161234567").await.is_ok());
    assert_eq!(
        keyed.only().form(),
        fields(&[
            ("apikey", "b3f7c9d2e1a04f6b"),
            ("phones", "+79161234567"),
            ("mes", TEXT),
            ("fmt", "3"),
            ("charset", "utf-8")
        ])
    );
}

#[tokio::test]
async fn smsc_error_codes_say_whose_problem_it_is() {
    let fake = Fake::start(|request| match request.form()["phones"].as_str() {
        "+79161234567" => json_reply(200, json!({ "error": "invalid number", "error_code": 7, "id": 42 })),
        "+375291234567" => json_reply(200, json!({ "error": "authorise error", "error_code": 2 })),
        "+77011234567" => {
            json_reply(200, json!({ "error": "duplicate request, wait a minute", "error_code": 9 }))
        }
        "+998901234567" => json_reply(200, json!({ "cnt": 1 })),
        _ => Reply::With(502, "text/html", "Bad Gateway".into()),
    })
    .await;
    assert_eq!(refused(&send_with(&fake, &smsc(), "+79161234567").await), (Refusal::Recipient, Some("7")));
    let account = send_with(&fake, &smsc(), "+375291234567").await;
    assert_eq!(refused(&account), (Refusal::Account, Some("2")));
    assert!(!account.unwrap_err().to_string().contains("s3cret-password"));
    let busy = send_with(&fake, &smsc(), "+77011234567").await.unwrap_err();
    assert!(matches!(busy, SmsError::Unavailable { .. }), "{busy:?}");
    let odd = send_with(&fake, &smsc(), "+998901234567").await.unwrap_err();
    assert!(matches!(odd, SmsError::Malformed { provider: ProviderKind::Smsc, .. }), "{odd:?}");
    let down = send_with(&fake, &smsc(), "+442079460958").await.unwrap_err();
    assert!(matches!(down, SmsError::Unavailable { .. }), "{down:?}");
}

// The webhook: our own contract (README, "SMS providers").

const WEBHOOK_SECRET: &str = "whsec-0123456789abcdef";

fn loopback() -> Vec<ipnet::IpNet> {
    vec!["127.0.0.0/8".parse().unwrap()]
}

/// Checks the signature the way a receiver would, from the raw body.
fn signed_correctly(request: &Request) -> bool {
    let (Some(timestamp), Some(signature)) =
        (request.header("x-twofold-timestamp"), request.header("x-twofold-signature"))
    else {
        return false;
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let fresh = timestamp.parse::<u64>().is_ok_and(|t| t.abs_diff(now) <= 300);
    let mut mac = Hmac::<Sha256>::new_from_slice(WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(&request.body);
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    fresh && signature == format!("sha256={expected}")
}

fn webhook(url: &str) -> ProviderConfig {
    provider(json!({ "provider": "webhook", "url": url, "secret": WEBHOOK_SECRET }))
}

async fn send_webhook(config: &ProviderConfig, allow: &[ipnet::IpNet], to: &str) -> Result<Sent, SmsError> {
    let http = sms::client().unwrap();
    let endpoints = Endpoints { timeout: Duration::from_millis(400), ..Endpoints::default() };
    sms::send(&http, &endpoints, allow, config, &number(to), TEXT).await
}

#[tokio::test]
async fn the_webhook_gets_signed_json_and_the_fake_verifies_the_signature() {
    let fake = Fake::start(|request| {
        if !signed_correctly(request) {
            return Reply::With(401, "text/plain", "bad signature".into());
        }
        match request.json()["to"].as_str() {
            Some("+79161234567") => json_reply(200, json!({ "id": "gw-1" })),
            Some("+442079460958") => Reply::With(422, "text/plain", "not a mobile".into()),
            _ => Reply::With(503, "text/plain", "down".into()),
        }
    })
    .await;
    let config = webhook(&format!("{}hook", fake.url));
    let sent = send_webhook(&config, &loopback(), "+79161234567").await;
    assert_eq!(sent, Ok(Sent::Accepted { provider: ProviderKind::Webhook, id: Some("gw-1".into()) }));
    let request = fake.only();
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/hook"));
    assert_eq!(request.json(), json!({ "to": "+79161234567", "text": TEXT }));

    let refused_number = send_webhook(&config, &loopback(), "+442079460958").await;
    assert_eq!(refused(&refused_number), (Refusal::Recipient, Some("422")));
    let down = send_webhook(&config, &loopback(), "+34612345678").await.unwrap_err();
    assert!(matches!(down, SmsError::Unavailable { provider: ProviderKind::Webhook, .. }), "{down:?}");

    let wrong_secret = provider(
        json!({ "provider": "webhook", "url": config_url(&config), "secret": "another-secret-0123" }),
    );
    assert_eq!(
        refused(&send_webhook(&wrong_secret, &loopback(), "+79161234567").await),
        (Refusal::Account, Some("401"))
    );
}

fn config_url(config: &ProviderConfig) -> String {
    match config {
        ProviderConfig::Webhook(webhook) => webhook.url.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_webhook_goes_only_where_the_operator_allows_and_to_the_address_checked() {
    let fake = Fake::start(|_| json_reply(200, json!({}))).await;
    let config = webhook(&format!("{}hook", fake.url));
    let error = send_webhook(&config, &[], "+79161234567").await.unwrap_err();
    assert_eq!(
        error,
        SmsError::Config(sms::ConfigError::WebhookUrlNotHttps),
        "plain http to loopback, not allowed"
    );
    let https_loopback = webhook(&format!("https://127.0.0.1:{}/hook", fake.address().port()));
    let error = send_webhook(&https_loopback, &[], "+79161234567").await.unwrap_err();
    assert_eq!(error, SmsError::WebhookAddressRefused { host: "127.0.0.1".into() });
    assert!(fake.requests().is_empty(), "nothing reached the loopback address");

    // A name is sent to the address it was checked at: localhost resolves to 127.0.0.1 (and
    // maybe ::1, which the allow-list does not cover), and the fake listens on 127.0.0.1 only.
    let named = webhook(&format!("http://localhost:{}/hook", fake.address().port()));
    let sent = send_webhook(&named, &loopback(), "+79161234567").await;
    assert_eq!(sent, Ok(Sent::Accepted { provider: ProviderKind::Webhook, id: None }));
    assert_eq!(fake.only().header("host"), Some(format!("localhost:{}", fake.address().port()).as_str()));
}

#[tokio::test]
async fn the_webhook_follows_no_redirect() {
    let elsewhere = Fake::start(|_| json_reply(200, json!({ "id": "should-not-happen" }))).await;
    let target = format!("{}steal", elsewhere.url);
    let redirecting = Fake::start(move |_| Reply::Redirect(target.clone())).await;
    let error = send_webhook(&webhook(&format!("{}hook", redirecting.url)), &loopback(), "+79161234567")
        .await
        .unwrap_err();
    assert!(matches!(error, SmsError::Malformed { provider: ProviderKind::Webhook, .. }), "{error:?}");
    assert_eq!(redirecting.requests().len(), 1);
    assert!(elsewhere.requests().is_empty(), "the redirect was not followed");
}

// Routing, the console, masking.

#[tokio::test]
async fn prefixed_numbers_go_to_the_secondary_provider() {
    let primary = Fake::start(|_| json_reply(201, json!({ "sid": "SM1", "status": "queued" }))).await;
    let secondary = Fake::start(|_| json_reply(200, json!({ "id": 7, "cnt": 1 }))).await;
    let routing = SmsConfig {
        primary: twilio(),
        secondary: Some(smsc()),
        secondary_prefixes: vec!["+7".into(), "+375".into()],
    };
    routing.validate(&[]).unwrap();
    let endpoints =
        Endpoints { twilio: primary.url.clone(), smsc: secondary.url.clone(), ..endpoints(&primary) };
    let http = sms::client().unwrap();
    for to in ["+79161234567", "+375291234567", "+442079460958", "+14155552671"] {
        let to = number(to);
        sms::send(&http, &endpoints, &[], routing.route(&to), &to, TEXT).await.unwrap();
    }
    let phones: Vec<String> = secondary.requests().iter().map(|r| r.form()["phones"].clone()).collect();
    assert_eq!(phones, ["+79161234567", "+375291234567"]);
    let tos: Vec<String> = primary.requests().iter().map(|r| r.form()["To"].clone()).collect();
    assert_eq!(tos, ["+442079460958", "+14155552671"]);
}

#[tokio::test]
async fn the_console_sends_nothing_and_hands_the_text_back() {
    let nowhere = Fake { url: Url::parse("http://127.0.0.1:9/").unwrap(), requests: Arc::default() };
    let sent = send_with(&nowhere, &provider(json!({ "provider": "console" })), "+79161234567").await;
    assert_eq!(sent, Ok(Sent::Outbox { to: number("+79161234567"), text: TEXT.to_owned() }));
    let empty = sms::send(
        &sms::client().unwrap(),
        &endpoints(&nowhere),
        &[],
        &ProviderConfig::Console {},
        &number("+79161234567"),
        " ",
    )
    .await;
    assert_eq!(empty, Err(SmsError::TextUnsendable { max: sms::MAX_TEXT_CHARS }));
}

#[test]
fn the_admin_sees_masked_secrets_and_saving_them_back_keeps_the_stored_ones() {
    let stored =
        SmsConfig { primary: twilio(), secondary: Some(smsc()), secondary_prefixes: vec!["+7".into()] };
    let shown = serde_json::to_value(stored.masked()).unwrap();
    assert_eq!(shown["primary"]["authToken"], "••••1e0f");
    assert_eq!(shown["primary"]["accountSid"], ACCOUNT_SID, "identifiers are not secrets");
    assert_eq!(shown["secondary"]["password"], "••••word");
    assert_eq!(shown["secondary"]["login"], "acme");
    assert!(!shown.to_string().contains(TOKEN) && !shown.to_string().contains("s3cret-password"));

    // Saved back untouched: the stored secrets stay.
    let saved: SmsConfig = serde_json::from_value(shown.clone()).unwrap();
    assert_eq!(saved.clone().validate(&[]), Err(sms::ConfigError::SecretMasked { field: "authToken" }));
    let kept = saved.keep_masked_secrets(&stored);
    assert_eq!(kept, stored);
    kept.validate(&[]).unwrap();

    // A new secret replaces the stored one; a changed login keeps the stored password.
    let mut edited = shown.clone();
    edited["primary"]["authToken"] = "0000111122223333444455556666aaaa".into();
    edited["secondary"]["login"] = "acme-2".into();
    let kept = serde_json::from_value::<SmsConfig>(edited).unwrap().keep_masked_secrets(&stored);
    match (&kept.primary, &kept.secondary) {
        (ProviderConfig::Twilio(twilio), Some(ProviderConfig::Smsc(smsc))) => {
            assert_eq!(twilio.auth_token, Secret::new("0000111122223333444455556666aaaa"));
            assert_eq!(
                (smsc.login.as_deref(), smsc.password.clone()),
                (Some("acme-2"), Some(Secret::new("s3cret-password")))
            );
        }
        other => panic!("{other:?}"),
    }

    // Swapped places: each provider still finds its own secret.
    let mut swapped = shown.clone();
    swapped["primary"] = shown["secondary"].clone();
    swapped["secondary"] = shown["primary"].clone();
    swapped["secondaryPrefixes"] = json!(["+44"]);
    let kept = serde_json::from_value::<SmsConfig>(swapped).unwrap().keep_masked_secrets(&stored);
    assert_eq!((kept.primary.clone(), kept.secondary.clone()), (smsc(), Some(twilio())));

    // Another provider with the old mask: nothing to keep, and the placeholder is refused.
    let mut changed = shown;
    changed["primary"] = json!({ "provider": "clickatell", "apiKey": "••••1e0f" });
    let kept = serde_json::from_value::<SmsConfig>(changed).unwrap().keep_masked_secrets(&stored);
    assert_eq!(kept.validate(&[]), Err(sms::ConfigError::SecretMasked { field: "apiKey" }));

    // A short secret shows none of its characters.
    assert_eq!(Secret::new("short").masked(), Secret::new("••••"));
}
