//! API tokens (issue 14, item 4): a SIEM pulls the audit log with a token and no person's
//! second factor; the same token is refused at sign-in, on every other route, as a cookie,
//! and once revoked or expired; scopes and roles are checked at each use; every use is
//! audited; making one takes the password and a recent second factor; service accounts hold
//! tokens and never sign in.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, Harness, code};
use serde_json::{Value, json};

const ADMIN: &str = "admin@acme.test";
const ADMIN_PASSWORD: &str = "admin password for tests";
const STRONG: &str = "orbit velvet cactus nine";
const SIEM_IP: &str = "198.51.100.7";

fn bearer(secret: &str) -> Vec<u8> {
    format!("Bearer {secret}").into_bytes()
}

fn audit_token(name: &str) -> Value {
    json!({ "name": name, "scopes": ["audit:read"], "password": ADMIN_PASSWORD })
}

/// Makes a token as `client`; answers its id and secret.
async fn make(h: &Harness, client: &mut Client, path: &str, body: Value) -> (i64, String) {
    let made = h.post(client, path, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    (made.body["token"]["id"].as_i64().unwrap(), made.body["secret"].as_str().unwrap().to_owned())
}

/// The admin, signed in, with an app enrolled (so a second factor stands between the
/// password and a token), and its secret.
async fn admin_with_app(h: &Harness) -> (Client, String) {
    let mut admin = h.admin().await;
    let (secret, _) = h.enroll(&mut admin).await;
    (admin, secret)
}

/// The tenant's audit rows of `event`, newest first, as the admin reads them.
async fn events_of(h: &Harness, admin: &mut Client, event: &str) -> Vec<Value> {
    let page = h.get(admin, &format!("/api/admin/audit?event={event}&perPage=500")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.body["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_token_pulls_the_audit_export_with_no_second_factor_and_is_refused_everywhere_else() {
    let h = Harness::new(json!({})).await;
    let (mut admin, _) = admin_with_app(&h).await;
    let made = h.post(&mut admin, "/api/me/tokens", audit_token("SIEM export")).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let secret = made.body["secret"].as_str().unwrap().to_owned();
    let token = &made.body["token"];
    let id = token["id"].as_i64().unwrap();
    assert!(secret.starts_with("tf_") && secret.len() == 46, "{secret}");
    assert!(secret[3..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{secret}");
    assert_eq!(token["hint"], &secret[..7]);
    assert_eq!(token["scopes"], json!(["audit:read"]));
    assert_eq!(token["expiresAt"].as_i64(), Some(h.now() + 90 * 86_400), "90 days unless asked");
    assert_eq!(token["owner"]["email"], ADMIN);
    let listed = h.get(&mut admin, "/api/me/tokens").await;
    assert_eq!(listed.body["tokens"][0]["id"].as_i64(), Some(id));
    assert!(!listed.text.contains(&secret[7..]), "shown once: never listed");
    let stored = h
        .scalar(&format!("SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%{}%'", &secret[7..]))
        .await;
    assert_eq!(stored, 0, "stored as a keyed hash, not as itself");

    // A system with the token and nothing else: no cookie, no CSRF token, no code.
    let mut siem = h.system(SIEM_IP, &bearer(&secret));
    h.advance(600);
    let export = h.get(&mut siem, "/api/admin/audit/export?format=jsonl").await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.text);
    assert_eq!(export.headers["content-type"], "application/x-ndjson");
    assert!(export.set_cookies.is_empty(), "a token opens no session");
    let events: Vec<Value> = export.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.iter().any(|e| e["event"] == "token_created" && e["detail"]["tokenId"] == id));
    let syslog = h.get(&mut siem, "/api/admin/audit/export?format=syslog").await;
    assert_eq!(syslog.status, StatusCode::OK, "{}", syslog.text);
    let page = h.get(&mut siem, "/api/admin/audit?event=signin_succeeded").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.body["total"].as_i64().unwrap() >= 1);

    // Every use is audited with the token and the route, and its last use kept.
    let used = events_of(&h, &mut admin, "token_used").await;
    let routes: Vec<&str> = used.iter().map(|e| e["detail"]["route"].as_str().unwrap()).collect();
    assert_eq!(
        routes,
        ["GET /api/admin/audit", "GET /api/admin/audit/export", "GET /api/admin/audit/export"]
    );
    for event in &used {
        assert_eq!(
            (event["detail"]["tokenId"].as_i64(), event["detail"]["name"].as_str()),
            (Some(id), Some("SIEM export"))
        );
        assert_eq!((event["email"].as_str(), event["ip"].as_str()), (Some(ADMIN), Some(SIEM_IP)));
        assert_eq!(event["userAgent"], "siem/1");
    }
    let listed = h.get(&mut admin, "/api/me/tokens").await;
    assert_eq!(listed.body["tokens"][0]["lastUsedAt"].as_i64(), Some(h.now()));

    // Refused at sign-in and on every other route, state-changing ones included (a bearer
    // request carries no CSRF token, and is refused for being a token, not for that).
    let password_body = json!({ "current": ADMIN_PASSWORD, "new": STRONG });
    for (method, path, body) in [
        (Method::POST, "/api/t/acme/signin", Some(json!({ "email": ADMIN, "password": ADMIN_PASSWORD }))),
        (Method::GET, "/api/session", None),
        (Method::DELETE, "/api/session", None),
        (Method::GET, "/api/admin/users", None),
        (Method::GET, "/api/admin/policy", None),
        (Method::GET, "/api/admin/tokens", None),
        (Method::GET, "/api/me/tokens", None),
        (Method::POST, "/api/me/tokens", Some(audit_token("another"))),
        (Method::POST, "/api/me/password", Some(password_body)),
        (Method::POST, "/api/signin/second-factor", Some(json!({ "code": "123456" }))),
        (Method::GET, "/api/t/acme", None),
    ] {
        let refused = h.send(&mut siem, method.clone(), path, body).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "token_not_allowed_here"),
            "{method} {path}: {}",
            refused.text
        );
        assert!(refused.set_cookies.is_empty(), "{method} {path}");
    }
    // As the password of its owner's account.
    let mut browser = h.client("192.0.2.50").await;
    let as_password =
        h.post(&mut browser, "/api/t/acme/signin", json!({ "email": ADMIN, "password": secret })).await;
    assert_eq!((as_password.status, as_password.code()), (StatusCode::UNAUTHORIZED, "credentials_invalid"));
    // As a cookie: a token is no session.
    browser.cookies.insert("twofold_session".into(), secret.clone());
    for path in ["/api/admin/audit", "/api/admin/audit/export", "/api/me/tokens"] {
        let refused = h.get(&mut browser, path).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "not_signed_in"), "{path}");
    }

    // Revoked: refused, said so, and audited, one row however often it is retried.
    let revoked = h.send(&mut admin, Method::DELETE, &format!("/api/me/tokens/{id}"), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(revoked.body["token"]["revokedAt"].as_i64(), Some(h.now()));
    for _ in 0..3 {
        let refused = h.get(&mut siem, "/api/admin/audit/export").await;
        assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "token_invalid"));
        assert!(refused.body["message"].as_str().unwrap().contains("revoked"), "{}", refused.text);
    }
    let refusals = events_of(&h, &mut admin, "token_refused").await;
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(
        (refusals[0]["repeats"].as_i64(), &refusals[0]["detail"]["reason"]),
        (Some(3), &json!("revoked"))
    );
    let revocations = events_of(&h, &mut admin, "token_revoked").await;
    assert_eq!(revocations[0]["detail"]["by"], "owner");
    let again = h.send(&mut admin, Method::DELETE, &format!("/api/me/tokens/{id}"), None).await;
    assert_eq!(again.status, StatusCode::OK, "revoking again changes nothing");
    assert_eq!(events_of(&h, &mut admin, "token_revoked").await.len(), 1);
}

#[tokio::test]
async fn a_token_stops_at_its_expiry_and_lives_at_most_a_year() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let mut body = audit_token("one day");
    body["expiresInDays"] = json!(1);
    let (_, secret) = make(&h, &mut admin, "/api/me/tokens", body).await;
    let mut siem = h.system(SIEM_IP, &bearer(&secret));
    h.advance(86_399);
    assert_eq!(h.get(&mut siem, "/api/admin/audit").await.status, StatusCode::OK);
    h.advance(1);
    let expired = h.get(&mut siem, "/api/admin/audit").await;
    assert_eq!((expired.status, expired.code()), (StatusCode::UNAUTHORIZED, "token_invalid"));
    assert!(expired.body["message"].as_str().unwrap().contains("expired"), "{}", expired.text);
    let mut admin = h.admin().await;
    assert_eq!(events_of(&h, &mut admin, "token_refused").await[0]["detail"]["reason"], "expired");
    for days in [0, 366, -5] {
        let mut body = audit_token("bad");
        body["expiresInDays"] = json!(days);
        let refused = h.post(&mut admin, "/api/me/tokens", body).await;
        assert_eq!(
            (refused.code(), refused.body["field"].as_str()),
            ("token_expiry_invalid", Some("expiresInDays")),
            "{days}"
        );
    }
    let mut body = audit_token("a year");
    body["expiresInDays"] = json!(365);
    let made = h.post(&mut admin, "/api/me/tokens", body).await;
    assert_eq!(made.body["token"]["expiresAt"].as_i64(), Some(h.now() + 365 * 86_400), "{}", made.text);
}

#[tokio::test]
async fn scopes_are_for_administrators_and_checked_at_every_use() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let body = json!({ "name": "mine", "scopes": ["audit:read"], "password": STRONG });
    let refused = h.post(&mut jane, "/api/me/tokens", body).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "token_scope_not_allowed"));
    assert!(refused.body["message"].as_str().unwrap().contains("audit:read"));
    let mut admin = h.admin().await;
    for (scopes, reason) in
        [(json!([]), "Choose at least one scope"), (json!(["audit:write"]), "“audit:write” is not a scope")]
    {
        let refused = h
            .post(
                &mut admin,
                "/api/me/tokens",
                json!({ "name": "x", "scopes": scopes, "password": ADMIN_PASSWORD }),
            )
            .await;
        assert_eq!((refused.status, refused.code()), (StatusCode::BAD_REQUEST, "token_scopes_invalid"));
        assert_eq!(refused.body["field"], "scopes");
        assert!(refused.body["message"].as_str().unwrap().starts_with(reason), "{}", refused.text);
    }

    let (id, secret) = make(&h, &mut admin, "/api/me/tokens", audit_token("SIEM")).await;
    let mut siem = h.system(SIEM_IP, &bearer(&secret));
    // Its owner is no longer an administrator: the token cannot do what they no longer may.
    h.execute("UPDATE users SET role = 'member' WHERE email = 'admin@acme.test'").await;
    let demoted = h.get(&mut siem, "/api/admin/audit").await;
    assert_eq!((demoted.status, demoted.code()), (StatusCode::FORBIDDEN, "admin_required"));
    h.execute("UPDATE users SET role = 'admin' WHERE email = 'admin@acme.test'").await;
    assert_eq!(h.get(&mut siem, "/api/admin/audit").await.status, StatusCode::OK);
    // A token without the scope the route needs.
    h.execute(&format!("UPDATE api_tokens SET scopes = '' WHERE id = {id}")).await;
    let scopeless = h.get(&mut siem, "/api/admin/audit/export").await;
    assert_eq!((scopeless.status, scopeless.code()), (StatusCode::FORBIDDEN, "token_scope_missing"));
    assert!(scopeless.body["message"].as_str().unwrap().contains("audit:read"));
    let reasons: Vec<Value> = events_of(&h, &mut admin, "token_refused")
        .await
        .iter()
        .map(|e| e["detail"]["reason"].clone())
        .collect();
    assert_eq!(reasons, [json!("scope"), json!("owner_role")]);
}

#[tokio::test]
async fn making_a_token_takes_the_password_and_a_recent_second_factor() {
    let h = Harness::new(json!({})).await;
    let (mut admin, app_secret) = admin_with_app(&h).await;
    h.advance(301);
    let missing =
        h.post(&mut admin, "/api/me/tokens", json!({ "name": "x", "scopes": ["audit:read"] })).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::BAD_REQUEST, "body_invalid"));
    let mut wrong = audit_token("x");
    wrong["password"] = json!("not my password");
    let refused = h.post(&mut admin, "/api/me/tokens", wrong).await;
    assert_eq!(
        (refused.status, refused.code(), refused.body["field"].as_str()),
        (StatusCode::UNAUTHORIZED, "password_wrong", Some("password"))
    );
    let failures = events_of(&h, &mut admin, "password_failed").await;
    assert_eq!(failures[0]["detail"]["during"], "token_create");
    let stale = h.post(&mut admin, "/api/me/tokens", audit_token("x")).await;
    assert_eq!(
        (stale.status, stale.code()),
        (StatusCode::FORBIDDEN, "step_up_required"),
        "the proof of enrollment is 5 minutes old"
    );
    let mut with_code = audit_token("x");
    with_code["code"] = json!(code(&app_secret, h.now()));
    let made = h.post(&mut admin, "/api/me/tokens", with_code).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(h.scalar("SELECT count(*) FROM api_tokens").await, 1, "nothing made by the refusals");
    // Its maker is told, as of any new way in.
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let notice = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("API token"))
        .cloned()
        .expect("a notice");
    assert_eq!(notice["recipient"], ADMIN);
    assert!(notice["body"].as_str().unwrap().contains("“x”"), "{notice}");

    // Names and bodies that are not right are refused, whatever they hold.
    for (name, code) in [
        (json!(""), "token_name_invalid"),
        (json!("   "), "token_name_invalid"),
        (json!("x".repeat(61)), "token_name_invalid"),
        (json!("x".repeat(20_000)), "token_name_invalid"),
        (json!("tab\there"), "token_name_invalid"),
        (json!("\u{202e}right-to-left\u{0}"), "token_name_invalid"),
        (json!(42), "body_invalid"),
    ] {
        let mut body = audit_token("x");
        body["name"] = name.clone();
        let refused = h.post(&mut admin, "/api/me/tokens", body).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::BAD_REQUEST, code),
            "{name}: {}",
            refused.text
        );
    }
    let mut unknown = audit_token("x");
    unknown["owner"] = json!(1);
    assert_eq!(h.post(&mut admin, "/api/me/tokens", unknown).await.code(), "body_invalid");
    let mut fractional = audit_token("x");
    fractional["expiresInDays"] = json!(1.5);
    assert_eq!(h.post(&mut admin, "/api/me/tokens", fractional).await.code(), "body_invalid");
    let odd = h.post(&mut admin, "/api/me/tokens", json!({ "name": "Ωmega 🔑 ключ", "scopes": ["audit:read"], "password": ADMIN_PASSWORD, "code": code(&app_secret, h.now() + 30) })).await;
    assert_eq!(
        (odd.status, odd.body["token"]["name"].as_str()),
        (StatusCode::CREATED, Some("Ωmega 🔑 ключ")),
        "{}",
        odd.text
    );
}

#[tokio::test]
async fn a_user_holds_at_most_twenty_working_tokens() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    for n in 0..20 {
        make(&h, &mut admin, "/api/me/tokens", audit_token(&format!("token {n}"))).await;
    }
    let refused = h.post(&mut admin, "/api/me/tokens", audit_token("one more")).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::CONFLICT, "token_limit"));
    assert!(refused.body["message"].as_str().unwrap().contains("20"));
    let first = h.get(&mut admin, "/api/me/tokens").await.body["tokens"][19]["id"].as_i64().unwrap();
    h.send(&mut admin, Method::DELETE, &format!("/api/me/tokens/{first}"), None).await;
    make(&h, &mut admin, "/api/me/tokens", audit_token("in its place")).await;
}

#[tokio::test]
async fn bearer_headers_that_are_not_a_token_are_refused_plainly() {
    let h = Harness::new(json!({})).await;
    let unknown = format!("Bearer tf_{}", "A".repeat(43));
    let mut accented = b"Bearer tf_".to_vec();
    accented.extend(std::iter::repeat_n([0xC3, 0xA9], 22).flatten());
    let long = format!("Bearer tf_{}", "A".repeat(8000));
    for header in [
        b"Bearer".to_vec(),
        b"Bearer ".to_vec(),
        b"bearer tf_short".to_vec(),
        b"BEARER not-even-a-token".to_vec(),
        unknown.clone().into_bytes(),
        accented,
        long.into_bytes(),
    ] {
        let mut siem = h.system(SIEM_IP, &header);
        for path in ["/api/admin/audit", "/api/admin/audit/export"] {
            let refused = h.get(&mut siem, path).await;
            assert_eq!(
                (refused.status, refused.code()),
                (StatusCode::UNAUTHORIZED, "token_invalid"),
                "{}",
                String::from_utf8_lossy(&header)
            );
            assert_eq!(refused.headers["www-authenticate"], "Bearer error=\"invalid_token\"");
        }
        let elsewhere = h.get(&mut siem, "/api/admin/users").await;
        assert_eq!(elsewhere.code(), "token_not_allowed_here");
    }
    // Another scheme (a proxy's own Basic credentials, say) is not ours: a session still works
    // beside it, and without one the answer is the session's.
    let mut admin = h.admin().await;
    admin.authorization = Some(b"Basic dXNlcjpwYXNz".to_vec());
    assert_eq!(h.get(&mut admin, "/api/admin/users").await.status, StatusCode::OK);
    assert_eq!(h.get(&mut admin, "/api/admin/audit").await.status, StatusCode::OK);
    let mut stranger = h.system(SIEM_IP, b"Basic dXNlcjpwYXNz");
    assert_eq!(h.get(&mut stranger, "/api/admin/audit").await.code(), "not_signed_in");
}

#[tokio::test]
async fn a_token_comes_only_from_the_networks_the_tenant_allows() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let (_, secret) = make(&h, &mut admin, "/api/me/tokens", audit_token("SIEM")).await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["ipAllowlist"] = json!(["192.0.2.0/24"]);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let mut outside = h.system(SIEM_IP, &bearer(&secret));
    let refused = h.get(&mut outside, "/api/admin/audit/export").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "ip_not_allowed"));
    let mut inside = h.system("192.0.2.77", &bearer(&secret));
    assert_eq!(h.get(&mut inside, "/api/admin/audit/export").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_makes_a_service_account_whose_token_works_and_which_never_signs_in() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    let not_admin = h
        .post(&mut jane, "/api/admin/service-accounts", json!({ "name": "SIEM", "email": "siem@acme.test" }))
        .await;
    assert_eq!(not_admin.code(), "admin_required");
    let mut admin = h.admin().await;
    for (body, code) in [
        (json!({ "name": "", "email": "siem@acme.test" }), "name_invalid"),
        (json!({ "name": "SIEM", "email": "not an address" }), "email_invalid"),
        (json!({ "name": "SIEM", "email": "jane@example.com" }), "email_taken"),
        (json!({ "name": "SIEM" }), "body_invalid"),
    ] {
        assert_eq!(
            h.post(&mut admin, "/api/admin/service-accounts", body.clone()).await.code(),
            code,
            "{body}"
        );
    }
    let account = h
        .post(&mut admin, "/api/admin/service-accounts", json!({ "name": "SIEM", "email": "siem@acme.test" }))
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{}", account.text);
    assert_eq!(account.body["serviceAccount"], true);
    let account_id = account.body["id"].as_i64().unwrap();
    let users = h.get(&mut admin, "/api/admin/users").await;
    let listed =
        users.body["users"].as_array().unwrap().iter().find(|u| u["id"] == account_id).cloned().unwrap();
    assert_eq!((listed["serviceAccount"].as_bool(), listed["role"].as_str()), (Some(true), Some("member")));

    let path = format!("/api/admin/service-accounts/{account_id}/tokens");
    let (id, secret) = make(&h, &mut admin, &path, audit_token("SIEM pull")).await;
    let mut siem = h.system(SIEM_IP, &bearer(&secret));
    assert_eq!(h.get(&mut siem, "/api/admin/audit/export").await.status, StatusCode::OK);
    let used = events_of(&h, &mut admin, "token_used").await;
    assert_eq!(
        (used[0]["email"].as_str(), used[0]["userId"].as_i64()),
        (Some("siem@acme.test"), Some(account_id))
    );
    let tokens = h.get(&mut admin, "/api/admin/tokens").await;
    let token = &tokens.body["tokens"][0];
    assert_eq!((token["id"].as_i64(), token["owner"]["serviceAccount"].as_bool()), (Some(id), Some(true)));
    let admin_id = h.scalar("SELECT id FROM users WHERE email = 'admin@acme.test'").await;
    assert_eq!(token["createdBy"].as_i64(), Some(admin_id));

    // Only service accounts get tokens made for them.
    let jane_id = h.scalar("SELECT id FROM users WHERE email = 'jane@example.com'").await;
    let not_service =
        h.post(&mut admin, &format!("/api/admin/service-accounts/{jane_id}/tokens"), audit_token("x")).await;
    assert_eq!((not_service.status, not_service.code()), (StatusCode::NOT_FOUND, "service_account_unknown"));
    assert_eq!(
        h.post(&mut admin, "/api/admin/service-accounts/999999/tokens", audit_token("x")).await.code(),
        "service_account_unknown"
    );

    // It never signs in: no password works, not even one set behind its back.
    let mut someone = h.client("192.0.2.60").await;
    for password in ["", "!service-account", &secret] {
        let refused = h
            .post(
                &mut someone,
                "/api/t/acme/signin",
                json!({ "email": "siem@acme.test", "password": password }),
            )
            .await;
        assert_eq!(refused.code(), "credentials_invalid", "{password}");
    }
    let hash = twofold_server::crypto::hash_password(STRONG).unwrap();
    h.execute(&format!("UPDATE users SET password_hash = '{hash}' WHERE id = {account_id}")).await;
    h.advance(3600);
    let refused = h
        .post(&mut someone, "/api/t/acme/signin", json!({ "email": "siem@acme.test", "password": STRONG }))
        .await;
    assert_eq!(refused.code(), "credentials_invalid");

    // The tenant's tokens are the admin's to see and revoke; a member sees and revokes only theirs.
    assert_eq!(h.get(&mut jane, "/api/admin/tokens").await.code(), "admin_required");
    assert_eq!(h.get(&mut jane, "/api/me/tokens").await.body["tokens"], json!([]));
    let theirs = h.send(&mut jane, Method::DELETE, &format!("/api/me/tokens/{id}"), None).await;
    assert_eq!((theirs.status, theirs.code()), (StatusCode::NOT_FOUND, "token_unknown"));
    assert_eq!(
        h.send(&mut jane, Method::DELETE, &format!("/api/admin/tokens/{id}"), None).await.code(),
        "admin_required"
    );
    let mut admin = h.admin().await;
    let revoked = h.send(&mut admin, Method::DELETE, &format!("/api/admin/tokens/{id}"), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(events_of(&h, &mut admin, "token_revoked").await[0]["detail"]["by"], "admin");
    assert_eq!(h.get(&mut siem, "/api/admin/audit/export").await.code(), "token_invalid");
    assert_eq!(
        h.send(&mut admin, Method::DELETE, "/api/admin/tokens/999999", None).await.code(),
        "token_unknown"
    );
    assert_eq!(
        h.send(&mut admin, Method::DELETE, "/api/admin/tokens/abc", None).await.code(),
        "path_invalid"
    );
}

#[tokio::test]
async fn tokens_revoked_or_expired_a_month_ago_are_swept_and_working_ones_stay() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let (revoked, _) = make(&h, &mut admin, "/api/me/tokens", audit_token("revoked")).await;
    let mut short = audit_token("short");
    short["expiresInDays"] = json!(1);
    make(&h, &mut admin, "/api/me/tokens", short).await;
    let mut long = audit_token("long");
    long["expiresInDays"] = json!(365);
    make(&h, &mut admin, "/api/me/tokens", long).await;
    h.send(&mut admin, Method::DELETE, &format!("/api/me/tokens/{revoked}"), None).await;
    let sweep = || twofold_server::service::retention::sweep_once(&h.state, 365);
    assert_eq!(sweep().await.unwrap().tokens, 0, "kept a while to look at");
    h.advance(32 * 86_400);
    assert_eq!(sweep().await.unwrap().tokens, 2);
    assert_eq!(h.scalar("SELECT count(*) FROM api_tokens WHERE name = 'long'").await, 1);
}
