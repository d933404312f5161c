//! Accounts (issue 14): invitations with a set-password link, password reset by mail or
//! text, sign-in by email, login or phone, and the admin's user management — every flow and
//! refusal through the API, on whichever store the harness runs.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, Harness, code};
use serde_json::{Value, json};

const STRONG: &str = "orbit velvet cactus nine";
const ANOTHER: &str = "lantern quiver basalt eleven";
const PHONE: &str = "+34 612 345 678";
const E164: &str = "+34612345678";

/// The newest message to `recipient` whose subject has `subject`, read from the outbox
/// table (the admin may be held at enrollment).
async fn mail(h: &Harness, recipient: &str, subject: &str) -> Option<Value> {
    use sqlx::Row;
    let mut conn = h.state.store.conn().await.unwrap();
    let rows = sqlx::query("SELECT subject, body FROM outbox WHERE recipient = $1 ORDER BY id DESC")
        .bind(recipient)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    rows.iter()
        .map(|r| json!({ "subject": r.get::<String, _>(0), "body": r.get::<String, _>(1) }))
        .find(|m| m["subject"].as_str().unwrap().contains(subject))
}

/// How many messages went to `recipient`.
async fn mails_to(h: &Harness, recipient: &str) -> i64 {
    h.scalar(&format!("SELECT count(*) FROM outbox WHERE recipient = '{recipient}'")).await
}

/// The token of the link in `text`: `…#token=TOKEN`.
fn token_in(text: &str) -> String {
    let (_, rest) = text.split_once("#token=").unwrap_or_else(|| panic!("no link in {text:?}"));
    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect()
}

/// The token of the newest invitation mailed to `email`.
async fn invitation_token(h: &Harness, email: &str) -> String {
    let message = mail(h, email, "invited").await.expect("an invitation mailed");
    token_in(message["body"].as_str().unwrap())
}

/// How many audit events named `event` the tenant has.
async fn audited(h: &Harness, event: &str) -> i64 {
    h.scalar(&format!("SELECT count(*) FROM audit WHERE event = '{event}'")).await
}

/// The id of the tenant's user with `email`.
async fn id_of(h: &Harness, email: &str) -> i64 {
    h.scalar(&format!("SELECT id FROM users WHERE email = '{email}'")).await
}

async fn invite(h: &Harness, admin: &mut Client, card: Value) -> common::Response {
    h.post(admin, "/api/admin/users", card).await
}

async fn sign_in(h: &Harness, client: &mut Client, body: Value) -> common::Response {
    h.send(client, Method::DELETE, "/api/session", None).await;
    h.post(client, "/api/t/acme/signin", body).await
}

/// A user as the admin's list shows them.
async fn listed(h: &Harness, email: &str) -> Value {
    let mut admin = h.admin().await;
    let users = h.get(&mut admin, "/api/admin/users").await;
    users.body["users"].as_array().unwrap().iter().find(|u| u["email"] == email).cloned().expect("listed")
}

#[tokio::test]
async fn an_invited_user_chooses_a_password_on_the_link_and_is_signed_in() {
    let h = Harness::new(json!({ "minLength": 12, "rejectPersonalData": true })).await;
    let mut admin = h.admin().await;
    let card = json!({ "email": "Jane@Example.com", "name": "Jane Doe", "role": "member", "login": "jdoe", "phone": PHONE });
    let invited = invite(&h, &mut admin, card).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text);
    let user = &invited.body["user"];
    assert_eq!(
        (
            user["status"].as_str(),
            user["login"].as_str(),
            user["phone"].as_str(),
            user["phoneVerified"].as_bool()
        ),
        (Some("invited"), Some("jdoe"), Some("+34 ••• •• 56 78"), Some(false))
    );
    assert_eq!(user["invitationExpiresAt"], h.now() + 72 * 3600);
    let message = mail(&h, "Jane@example.com", "invited").await.expect("the invitation is mailed");
    let body = message["body"].as_str().unwrap();
    assert!(body.contains("Ada Admin") && body.contains("72 hours"), "{body}");
    assert!(body.contains("http://127.0.0.1:8080/invite.html?tenant=acme#token="), "{body}");
    let token = token_in(body);
    assert_eq!(token.len(), 43, "32 random bytes");
    assert_eq!(
        h.scalar(&format!("SELECT count(*) FROM invitations WHERE token_hash = '{token}'")).await,
        0,
        "only a hash is stored"
    );

    // A card cannot sign in, whatever is typed.
    let mut jane = h.client("192.0.2.20").await;
    for password in ["", "not a real password, only a timing equaliser", STRONG] {
        let refused =
            sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": password })).await;
        assert_eq!(refused.code(), "credentials_invalid", "{password:?}");
    }

    // What the page needs: the policy, and the personal data the server judges with.
    let page = h.post(&mut jane, "/api/invitations/lookup", json!({ "token": token })).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.body["tenant"]["policy"]["minLength"], 12);
    assert_eq!(
        page.body["personalData"],
        json!({ "email": "Jane@example.com", "name": "Jane Doe", "username": "jdoe", "tenant": "ACME Corporation" })
    );
    assert_eq!(page.body["user"]["login"], "jdoe");
    let refused = h
        .post(
            &mut jane,
            "/api/invitations/accept",
            json!({ "token": token, "password": "jdoe-velvet-cactus" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let violations: Vec<&str> = refused.body["verdict"]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(violations, ["contains_personal_data"], "the login is personal data");

    let accepted =
        h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": STRONG })).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["stage"], "full");
    assert_eq!(accepted.body["user"]["emailVerified"], true, "the link proved the address");
    assert_eq!(h.get(&mut jane, "/api/session").await.body["signedIn"], true);
    let again =
        h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": ANOTHER })).await;
    assert_eq!((again.status, again.code()), (StatusCode::NOT_FOUND, "invitation_invalid"), "single use");
    let listed = listed(&h, "Jane@example.com").await;
    assert_eq!((listed["status"].as_str(), listed["invitationExpiresAt"].as_i64()), (Some("active"), None));
    assert_eq!((audited(&h, "user_invited").await, audited(&h, "invitation_accepted").await), (1, 1));
    let by_login = sign_in(&h, &mut jane, json!({ "identifier": "JDoe", "password": STRONG })).await;
    assert_eq!(by_login.body["stage"], "full", "{}", by_login.text);
}

#[tokio::test]
async fn invitations_lapse_after_72_hours_and_resending_or_revoking_ends_the_old_link() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let invited =
        invite(&h, &mut admin, json!({ "email": "jane@example.com", "name": "Jane", "role": "member" }))
            .await;
    let id = invited.body["user"]["id"].as_i64().unwrap();
    let first = invitation_token(&h, "jane@example.com").await;
    let mut jane = h.client("192.0.2.20").await;
    h.advance(72 * 3600);
    for (path, body) in [
        ("/api/invitations/lookup", json!({ "token": first })),
        ("/api/invitations/accept", json!({ "token": first, "password": STRONG })),
    ] {
        let late = h.post(&mut jane, path, body).await;
        assert_eq!((late.status, late.code()), (StatusCode::NOT_FOUND, "invitation_expired"), "{path}");
    }
    let mut admin = h.admin().await;
    let resent = h.post(&mut admin, &format!("/api/admin/users/{id}/invitation"), json!({})).await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.text);
    assert_eq!(resent.body["user"]["invitationExpiresAt"], h.now() + 72 * 3600);
    let second = invitation_token(&h, "jane@example.com").await;
    assert_ne!(first, second);
    let replaced = h.post(&mut jane, "/api/invitations/lookup", json!({ "token": first })).await;
    assert_eq!(replaced.code(), "invitation_invalid", "resending replaces the old link");
    // Resent again, then revoked: that link dies too, and the card stays.
    h.post(&mut admin, &format!("/api/admin/users/{id}/invitation"), json!({})).await;
    let third = invitation_token(&h, "jane@example.com").await;
    let revoked =
        h.send(&mut admin, Method::DELETE, &format!("/api/admin/users/{id}/invitation"), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text);
    assert_eq!(
        (revoked.body["user"]["status"].as_str(), revoked.body["user"]["invitationExpiresAt"].as_i64()),
        (Some("invited"), None)
    );
    for token in [&second, &third] {
        let dead =
            h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": STRONG })).await;
        assert_eq!(dead.code(), "invitation_invalid");
    }
    let twice = h.send(&mut admin, Method::DELETE, &format!("/api/admin/users/{id}/invitation"), None).await;
    assert_eq!((twice.status, twice.code()), (StatusCode::NOT_FOUND, "invitation_unknown"));
    assert!(mail(&h, "jane@example.com", "withdrawn").await.is_some(), "the invitee is told");
    assert_eq!((audited(&h, "invitation_resent").await, audited(&h, "invitation_revoked").await), (2, 1));
    // Nonsense is simply no invitation.
    for token in ["", "x", &"a".repeat(5000)] {
        let none = h.post(&mut jane, "/api/invitations/lookup", json!({ "token": token })).await;
        assert_eq!((none.status, none.code()), (StatusCode::NOT_FOUND, "invitation_invalid"));
    }
    // A fourth link works, once the admin sends one; an active user has nothing to accept.
    h.post(&mut admin, &format!("/api/admin/users/{id}/invitation"), json!({})).await;
    let fourth = invitation_token(&h, "jane@example.com").await;
    let accepted =
        h.post(&mut jane, "/api/invitations/accept", json!({ "token": fourth, "password": STRONG })).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let active = h.post(&mut admin, &format!("/api/admin/users/{id}/invitation"), json!({})).await;
    assert_eq!((active.status, active.code()), (StatusCode::CONFLICT, "user_state"));
}

#[tokio::test]
async fn an_invitee_enrolls_where_the_tenant_requires_two_factor() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    invite(
        &h,
        &mut admin,
        json!({ "email": "jane@example.com", "name": "Jane", "role": "member", "locale": "ru" }),
    )
    .await;
    // Required of everyone with no grace: the admin too, from this moment.
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["twoFactorRequired"] = json!("everyone");
    settings["graceDays"] = json!(0);
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    let message =
        mail(&h, "jane@example.com", "приглашают").await.expect("the invitation is in the card's language");
    let token = token_in(message["body"].as_str().unwrap());
    let mut jane = h.client("192.0.2.20").await;
    let accepted =
        h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": STRONG })).await;
    assert_eq!(accepted.body["stage"], "enrollment_only", "{}", accepted.text);
    let blocked = h.get(&mut jane, "/api/me/devices").await;
    assert_eq!(blocked.code(), "enrollment_required");
    h.enroll(&mut jane).await;
    assert_eq!(h.get(&mut jane, "/api/session").await.body["stage"], "full");
}

#[tokio::test]
async fn invitation_cards_are_checked_and_their_identifiers_are_unique() {
    let h = Harness::new(json!({})).await;
    let mut olga = h.signup_verified("olga@example.com", STRONG).await;
    assert_eq!(h.put(&mut olga, "/api/me/login", json!({ "login": "olga" })).await.status, StatusCode::OK);
    let member =
        invite(&h, &mut olga, json!({ "email": "x@example.com", "name": "X", "role": "member" })).await;
    assert_eq!(member.code(), "admin_required");
    let mut admin = h.admin().await;
    let card = |change: Value| {
        let mut card = json!({ "email": "jane@example.com", "name": "Jane", "role": "member" });
        card.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        card
    };
    for (change, status, code, field) in [
        (json!({ "email": "jane@" }), StatusCode::BAD_REQUEST, "email_invalid", "email"),
        (json!({ "name": "" }), StatusCode::BAD_REQUEST, "name_invalid", "name"),
        (json!({ "role": "root" }), StatusCode::BAD_REQUEST, "role_invalid", "role"),
        (json!({ "login": "j" }), StatusCode::BAD_REQUEST, "login_invalid", "login"),
        (json!({ "login": "12345" }), StatusCode::BAD_REQUEST, "login_invalid", "login"),
        (json!({ "phone": "612 345 678" }), StatusCode::BAD_REQUEST, "phone_invalid", "phone"),
        (json!({ "email": "ADMIN@acme.test" }), StatusCode::CONFLICT, "email_taken", "email"),
        (json!({ "login": "ＯＬＧＡ" }), StatusCode::CONFLICT, "login_taken", "login"),
    ] {
        let refused = invite(&h, &mut admin, card(change.clone())).await;
        assert_eq!(
            (refused.status, refused.code(), refused.body["field"].as_str()),
            (status, code, Some(field)),
            "{change}"
        );
    }
    let message = invite(&h, &mut admin, card(json!({ "login": "j" }))).await.body["message"].clone();
    assert_eq!(message, "A login has 2 to 64 characters.");
    assert_eq!(h.scalar("SELECT count(*) FROM users").await, 2, "nothing was made");
    assert_eq!(audited(&h, "user_invited").await, 0);
    // A phone someone proved is theirs; an unproved one on a card blocks nobody.
    let (olga_id, tenant_id) =
        (id_of(&h, "olga@example.com").await, h.scalar("SELECT id FROM tenants").await);
    {
        let mut tx = h.state.store.begin().await.unwrap();
        twofold_server::store::users::set_phone(&mut tx, olga_id, Some(E164)).await.unwrap();
        assert!(
            twofold_server::store::users::verify_phone(&mut tx, olga_id, tenant_id, E164, h.now())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
    }
    let taken = invite(&h, &mut admin, card(json!({ "phone": PHONE }))).await;
    assert_eq!((taken.code(), taken.body["field"].as_str()), ("phone_taken", Some("phone")));
    let unproved = invite(&h, &mut admin, card(json!({ "phone": "+34 699 000 111" }))).await;
    assert_eq!(unproved.status, StatusCode::CREATED, "{}", unproved.text);
    let second =
        invite(&h, &mut admin, card(json!({ "email": "ann@example.com", "phone": "+34 699 000 111" }))).await;
    assert_eq!(second.status, StatusCode::CREATED, "an unproved number is nobody's yet: {}", second.text);
}

#[tokio::test]
async fn a_tenant_may_take_members_by_invitation_only() {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    assert_eq!(settings["selfSignup"], true);
    settings["selfSignup"] = json!(false);
    let saved = h.put(&mut admin, "/api/admin/settings", settings).await;
    assert_eq!(saved.body["selfSignup"], false, "{}", saved.text);
    let mut anyone = h.client("192.0.2.20").await;
    assert_eq!(
        h.get(&mut anyone, "/api/t/acme").await.body["selfSignup"],
        false,
        "the page can hide sign-up"
    );
    let body = json!({ "email": "jane@example.com", "name": "Jane", "password": STRONG });
    let refused = h.post(&mut anyone, "/api/t/acme/signup", body.clone()).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "signup_closed"));
    anyone.language = Some("ca".into());
    let catalan = h.post(&mut anyone, "/api/t/acme/signup", body).await;
    assert!(catalan.body["message"].as_str().unwrap().contains("demaneu"), "{}", catalan.text);
    invite(&h, &mut admin, json!({ "email": "jane@example.com", "name": "Jane", "role": "member" })).await;
    let token = invitation_token(&h, "jane@example.com").await;
    let accepted =
        h.post(&mut anyone, "/api/invitations/accept", json!({ "token": token, "password": STRONG })).await;
    assert_eq!(accepted.body["stage"], "full", "{}", accepted.text);
}

/// Waits (five seconds at the most) for what is done after an answer.
async fn eventually(what: &str, check: impl AsyncFn() -> bool) {
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{what} never happened");
}

/// How many reset links were mailed to `email`.
async fn reset_mails(h: &Harness, email: &str) -> i64 {
    h.scalar(&format!(
        "SELECT count(*) FROM outbox WHERE recipient = '{email}' AND subject LIKE '%new password%'"
    ))
    .await
}

/// Asks for a reset link for `email` and answers its token, once it is mailed (after the
/// answer).
async fn reset_token(h: &Harness, client: &mut Client, email: &str) -> String {
    let before = reset_mails(h, email).await;
    assert_eq!(ask_reset(h, client, email).await.status, StatusCode::ACCEPTED);
    eventually("a reset link mailed", async || reset_mails(h, email).await > before).await;
    let message = mail(h, email, "new password").await.unwrap();
    token_in(message["body"].as_str().unwrap())
}

async fn ask_reset(h: &Harness, client: &mut Client, identifier: &str) -> common::Response {
    h.post(client, "/api/t/acme/password-reset", json!({ "identifier": identifier })).await
}

#[tokio::test]
async fn a_reset_is_answered_alike_for_known_and_unknown_identifiers() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    h.put(&mut jane, "/api/me/login", json!({ "login": "jane" })).await;
    let mut someone = h.client("203.0.113.9").await;
    let mut answers = Vec::new();
    for identifier in
        ["jane@example.com", "JANE", "nobody@example.com", "nobody", "+34 699 000 111", "612 345"]
    {
        let answer = ask_reset(&h, &mut someone, identifier).await;
        answers.push((answer.status, answer.text.clone()));
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].0, StatusCode::ACCEPTED);
    eventually("a link for her email and one for her login", async || {
        reset_mails(&h, "jane@example.com").await == 2
    })
    .await;
    assert_eq!(mails_to(&h, "nobody@example.com").await, 0);
    assert_eq!(audited(&h, "password_reset_requested").await, 6, "every request, known or not");

    // The same work either way: measured over rounds, each in a fresh window, and each
    // once the link a known identifier gets after its answer has gone.
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for round in 1..=12 {
        h.advance(3601);
        for (identifier, times) in [("jane@example.com", &mut known), ("nobody@example.com", &mut unknown)] {
            let started = std::time::Instant::now();
            let answer = ask_reset(&h, &mut someone, identifier).await;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(answer.status, StatusCode::ACCEPTED);
            eventually("the link mailed", async || reset_mails(&h, "jane@example.com").await == 2 + round)
                .await;
        }
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (known, unknown) = (median(&mut known), median(&mut unknown));
    eprintln!("password-reset request, median of 12: known {known:.2} ms, unknown {unknown:.2} ms");
    // Generous: the two do the same work, and a password hash (tens of milliseconds) done
    // for only one of them would show.
    assert!((known - unknown).abs() < 50.0, "known {known:.2} ms, unknown {unknown:.2} ms");
}

#[tokio::test]
async fn a_reset_link_works_once_for_an_hour_ends_every_session_and_still_asks_the_second_factor() {
    let h = Harness::new(json!({ "rejectPersonalData": true, "historyCount": 2 })).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(30);
    let remembered = h.sign_in_remembering(&mut jane, "jane@example.com", STRONG, &secret).await;
    assert_eq!(remembered.body["stage"], "full", "{}", remembered.text);
    let mut other = h.client("198.51.100.7").await;
    h.post(&mut other, "/api/t/acme/signin", json!({ "email": "jane@example.com", "password": STRONG }))
        .await;
    let mut forgetful = h.client("192.0.2.44").await;
    let token = reset_token(&h, &mut forgetful, "jane@example.com").await;
    let message = mail(&h, "jane@example.com", "new password").await.unwrap();
    let text = message["body"].as_str().unwrap();
    assert!(text.contains("192.0.2.44") && text.contains("60 minutes"), "{text}");
    assert!(text.contains(&format!("http://127.0.0.1:8080/reset.html?tenant=acme#token={token}")), "{text}");
    let page = h.post(&mut forgetful, "/api/password-reset/lookup", json!({ "token": token })).await;
    assert_eq!(page.body["personalData"]["email"], "jane@example.com", "{}", page.text);
    assert_eq!(page.body["expiresAt"], h.now() + 3600);

    // The policy and the history, as for a change; a refusal keeps the link.
    let confirm = |password: &str| json!({ "token": token, "password": password });
    let personal =
        h.post(&mut forgetful, "/api/password-reset/confirm", confirm("jane-example-velvet")).await;
    assert_eq!(personal.code(), "password_refused", "{}", personal.text);
    let same = h.post(&mut forgetful, "/api/password-reset/confirm", confirm(STRONG)).await;
    assert_eq!((same.code(), same.body["field"].as_str()), ("password_reused", Some("password")));
    let done = h.post(&mut forgetful, "/api/password-reset/confirm", confirm(ANOTHER)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["stage"], "second_factor", "a reset never skips the second factor");
    assert!(done.body.get("user").is_none(), "nothing of the account before it");
    let own = h.get(&mut forgetful, "/api/me/devices").await;
    assert_eq!(own.code(), "second_factor_required");
    for client in [&mut jane, &mut other] {
        assert!(h.get(client, "/api/session").await.body.get("stage").is_none(), "every session ended");
    }
    let again =
        h.post(&mut forgetful, "/api/password-reset/confirm", confirm("yet another fine password")).await;
    assert_eq!((again.status, again.code()), (StatusCode::NOT_FOUND, "reset_invalid"), "single use");
    // The remembered device no longer skips the code; the old password is gone.
    assert_eq!(
        sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await.code(),
        "credentials_invalid"
    );
    let started = sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": ANOTHER })).await;
    assert_eq!(started.body["stage"], "second_factor", "{}", started.text);
    h.advance(30);
    let finished =
        h.post(&mut jane, "/api/signin/second-factor", json!({ "code": code(&secret, h.now()) })).await;
    assert_eq!(finished.body["stage"], "full", "{}", finished.text);
    assert_eq!(audited(&h, "password_reset").await, 1);
    let notice = mail(&h, "jane@example.com", "password was reset").await.expect("she is told");
    assert!(notice["body"].as_str().unwrap().contains("192.0.2.44"));

    // A link lives an hour.
    let late = reset_token(&h, &mut forgetful, "jane@example.com").await;
    h.advance(3600);
    let expired = h
        .post(
            &mut forgetful,
            "/api/password-reset/confirm",
            json!({ "token": late, "password": "one more fine password" }),
        )
        .await;
    assert_eq!((expired.status, expired.code()), (StatusCode::NOT_FOUND, "reset_expired"));
}

#[tokio::test]
async fn a_reset_signs_in_a_user_without_two_factor_and_proves_the_mailed_address() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", STRONG).await;
    assert_eq!(h.get(&mut jane, "/api/session").await.body["user"]["emailVerified"], false);
    let mut forgetful = h.client("192.0.2.44").await;
    let token = reset_token(&h, &mut forgetful, "jane@example.com").await;
    let done = h
        .post(&mut forgetful, "/api/password-reset/confirm", json!({ "token": token, "password": ANOTHER }))
        .await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
    assert_eq!(done.body["user"]["emailVerified"], true, "the link reached the address");
    assert_eq!(h.get(&mut jane, "/api/session").await.body["signedIn"], false, "her old session ended");
}

#[tokio::test]
async fn reset_requests_are_limited_per_identifier_and_per_address() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut one = h.client("203.0.113.10").await;
    for _ in 0..5 {
        assert_eq!(ask_reset(&h, &mut one, "jane@example.com").await.status, StatusCode::ACCEPTED);
    }
    let limited = ask_reset(&h, &mut one, "Jane@Example.com").await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    assert!(limited.body["retryAfter"].as_i64().unwrap() > 0);
    let mut elsewhere = h.client("203.0.113.11").await;
    assert_eq!(
        ask_reset(&h, &mut elsewhere, "jane@example.com").await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "per identifier"
    );
    let unknown = ask_reset(&h, &mut elsewhere, "nobody@example.com").await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    for i in 0..19 {
        ask_reset(&h, &mut elsewhere, &format!("someone{i}@example.com")).await;
    }
    let address = ask_reset(&h, &mut elsewhere, "someone-else@example.com").await;
    assert_eq!(address.status, StatusCode::TOO_MANY_REQUESTS, "per address: {}", address.text);
    eventually("five links mailed", async || reset_mails(&h, "jane@example.com").await == 5).await;
    h.advance(3601);
    assert_eq!(ask_reset(&h, &mut elsewhere, "jane@example.com").await.status, StatusCode::ACCEPTED);
    let refused =
        h.post(&mut elsewhere, "/api/t/acme/password-reset", json!({ "identifier": "a".repeat(300) })).await;
    assert_eq!((refused.code(), refused.body["field"].as_str()), ("identifier_invalid", Some("identifier")));
    let nowhere = h
        .post(&mut elsewhere, "/api/t/nope/password-reset", json!({ "identifier": "jane@example.com" }))
        .await;
    assert_eq!(nowhere.code(), "tenant_unknown");
}

/// A server whose tenant texts through the console provider (texts land in the outbox), and
/// its admin.
async fn texting() -> (Harness, Client) {
    let h = Harness::new(json!({})).await;
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["sms"] = json!({ "primary": { "provider": "console" } });
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings).await.status, StatusCode::OK);
    (h, admin)
}

/// A server whose tenant texts through the console provider, and Jane with a proved phone.
async fn with_proved_phone() -> (Harness, Client) {
    let (h, _) = texting().await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let set = h.post(&mut jane, "/api/me/phone", json!({ "phone": PHONE })).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(
        (set.body["user"]["phoneVerified"].as_bool(), set.body["resendAfter"].as_i64()),
        (Some(false), Some(60))
    );
    let text = texts(&h).await.pop().expect("a code texted");
    let code: String = text.lines().last().unwrap().rsplit('#').next().unwrap().to_owned();
    let wrong = h.post(&mut jane, "/api/me/phone/verify", json!({ "code": "000000" })).await;
    assert_eq!((wrong.code(), wrong.body["field"].as_str()), ("code_invalid", Some("code")));
    let proved = h.post(&mut jane, "/api/me/phone/verify", json!({ "code": code })).await;
    assert_eq!(proved.body["user"]["phoneVerified"], true, "{}", proved.text);
    assert_eq!(proved.body["user"]["phone"], "+34 ••• •• 56 78");
    (h, jane)
}

/// The texts sent to Jane's phone through the console provider, oldest first.
async fn texts(h: &Harness) -> Vec<String> {
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let mut texts: Vec<String> = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == E164)
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect();
    texts.reverse();
    texts
}

#[tokio::test]
async fn a_reset_asked_for_by_a_proved_phone_is_texted_through_the_tenants_provider() {
    let (h, _jane) = with_proved_phone().await;
    assert!(
        mail(&h, "jane@example.com", "sign in with your phone").await.is_some(),
        "proving a phone is told"
    );
    let before = texts(&h).await.len();
    let mut forgetful = h.client("192.0.2.44").await;
    assert_eq!(ask_reset(&h, &mut forgetful, "0034 612-345-678").await.status, StatusCode::ACCEPTED);
    // The text leaves after the answer: wait for it.
    let mut waited = 0;
    let text = loop {
        if let Some(text) = texts(&h).await.get(before).cloned() {
            break text;
        }
        assert!(waited < 100, "no text came");
        waited += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(text.contains("ACME Corporation") && text.contains("60 minutes"), "{text}");
    assert_eq!(mails_to(&h, "jane@example.com").await, 2, "no mail: the code, and the phone notice only");
    let token = token_in(&text);
    let done = h
        .post(&mut forgetful, "/api/password-reset/confirm", json!({ "token": token, "password": ANOTHER }))
        .await;
    assert_eq!(done.body["stage"], "full", "{}", done.text);
    let events = h.get(&mut h.admin().await, "/api/admin/audit?event=password_reset").await;
    assert_eq!(events.body["events"][0]["detail"]["channel"], "sms");
}

#[tokio::test]
async fn sign_in_takes_an_email_a_login_or_a_proved_phone_normalised() {
    let (h, mut jane) = with_proved_phone().await;
    let set = h.put(&mut jane, "/api/me/login", json!({ "login": "Jane" })).await;
    assert_eq!(set.body["user"]["login"], "Jane", "{}", set.text);
    assert!(mail(&h, "jane@example.com", "login changed").await.is_some());
    for identifier in ["ＪＡＮＥ", "jane", " JANE@Example.com ", PHONE, "+34612345678", "0034 612 345 678"]
    {
        let signed_in = sign_in(&h, &mut jane, json!({ "identifier": identifier, "password": STRONG })).await;
        assert_eq!(signed_in.body["stage"], "full", "{identifier}: {}", signed_in.text);
    }
    let old_body = sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await;
    assert_eq!(old_body.body["stage"], "full", "{{ email, password }} still works");
    let both = sign_in(
        &h,
        &mut jane,
        json!({ "identifier": "jane", "email": "jane@example.com", "password": STRONG }),
    )
    .await;
    assert_eq!((both.status, both.code()), (StatusCode::BAD_REQUEST, "identifier_missing"));
    let neither = sign_in(&h, &mut jane, json!({ "password": STRONG })).await;
    assert_eq!((neither.code(), neither.body["field"].as_str()), ("identifier_missing", Some("identifier")));
    let long = sign_in(&h, &mut jane, json!({ "identifier": "a".repeat(300), "password": "x" })).await;
    assert_eq!((long.code(), long.body["field"].as_str()), ("identifier_invalid", Some("identifier")));
    // A phone signs in only once proved: a new number starts unproved.
    h.advance(61);
    sign_in(&h, &mut jane, json!({ "identifier": "jane", "password": STRONG })).await;
    let changed = h.post(&mut jane, "/api/me/phone", json!({ "phone": "+34 699 000 111" })).await;
    assert_eq!(changed.body["user"]["phoneVerified"], false, "{}", changed.text);
    let unproved =
        sign_in(&h, &mut jane, json!({ "identifier": "+34 699 000 111", "password": STRONG })).await;
    assert_eq!(unproved.code(), "credentials_invalid");
    let old = sign_in(&h, &mut jane, json!({ "identifier": PHONE, "password": STRONG })).await;
    assert_eq!(old.code(), "credentials_invalid", "the earlier number no longer signs in");
}

#[tokio::test]
async fn unknown_logins_and_phones_are_answered_exactly_like_unknown_emails() {
    let h = Harness::new(json!({})).await;
    let mut someone = h.client("203.0.113.30").await;
    let mut answers = Vec::new();
    for identifier in ["nobody@example.com", "nobody", "+34 699 000 111", "612 345 678"] {
        let answer = h
            .post(&mut someone, "/api/t/acme/signin", json!({ "identifier": identifier, "password": "x" }))
            .await;
        answers.push((answer.status, answer.text.clone()));
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].0, StatusCode::UNAUTHORIZED);
    // And they lock at the same threshold, the login's case and width forgiven.
    let mut codes = Vec::new();
    for typed in ["ghost", "GHOST", "ｇｈｏｓｔ", "Ghost", "ghost", "ghost"] {
        let answer =
            h.post(&mut someone, "/api/t/acme/signin", json!({ "identifier": typed, "password": "x" })).await;
        codes.push(answer.code().to_owned());
    }
    assert_eq!(
        codes,
        [
            "credentials_invalid",
            "credentials_invalid",
            "credentials_invalid",
            "credentials_invalid",
            "locked",
            "locked"
        ]
    );
    let events = h.get(&mut h.admin().await, "/api/admin/audit?event=lockout").await;
    assert_eq!(events.body["events"][0]["detail"]["knownAccount"], false);
    assert_eq!(events.body["events"][0]["email"], "ghost");
}

#[tokio::test]
async fn logins_and_phones_are_unique_in_the_tenant() {
    let (h, mut jane) = with_proved_phone().await;
    let mut olga = h.signup_verified("olga@example.com", STRONG).await;
    assert_eq!(h.put(&mut jane, "/api/me/login", json!({ "login": "jane" })).await.status, StatusCode::OK);
    for (login, code) in [
        ("ＪＡＮＥ", "login_taken"),
        ("jane doe", "login_invalid"),
        ("j\u{0430}ne", "login_invalid"),
        ("12345", "login_invalid"),
    ] {
        let refused = h.put(&mut olga, "/api/me/login", json!({ "login": login })).await;
        assert_eq!((refused.code(), refused.body["field"].as_str()), (code, Some("login")), "{login}");
    }
    let taken = h.post(&mut olga, "/api/me/phone", json!({ "phone": PHONE })).await;
    assert_eq!(
        (taken.status, taken.code(), taken.body["field"].as_str()),
        (StatusCode::CONFLICT, "phone_taken", Some("phone"))
    );
    // Given up, each is free again.
    let none = h.put(&mut jane, "/api/me/login", json!({ "login": null })).await;
    assert!(none.body["user"]["login"].is_null(), "{}", none.text);
    assert_eq!(h.put(&mut olga, "/api/me/login", json!({ "login": "JANE" })).await.status, StatusCode::OK);
    let removed = h.send(&mut jane, Method::DELETE, "/api/me/phone", None).await;
    assert!(removed.body["user"]["phone"].is_null(), "{}", removed.text);
    h.advance(61);
    let now_free = h.post(&mut olga, "/api/me/phone", json!({ "phone": PHONE })).await;
    assert_eq!(now_free.status, StatusCode::OK, "{}", now_free.text);
    assert_eq!(audited(&h, "login_changed").await, 3);
    let missing = h.post(&mut jane, "/api/me/phone/verify", json!({ "code": "123456" })).await;
    assert_eq!(missing.code(), "phone_missing");
}

#[tokio::test]
async fn an_sms_authenticators_proof_proves_the_same_phone_to_sign_in_with() {
    let (h, _) = texting().await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let code: String = texts(&h).await.pop().unwrap().rsplit('#').next().unwrap().to_owned();
    h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": code })).await;
    let set = h.post(&mut jane, "/api/me/phone", json!({ "phone": PHONE })).await;
    assert_eq!(set.body["user"]["phoneVerified"], true, "{}", set.text);
    assert!(set.body.get("resendAfter").is_none(), "no new code: the authenticator proved it");
}

#[tokio::test]
async fn admins_disable_and_enable_users_and_change_their_roles() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let jane_id = id_of(&h, "jane@example.com").await;
    let mut admin = h.admin().await;
    let admin_id = id_of(&h, "admin@acme.test").await;
    let path = |what: &str| format!("/api/admin/users/{jane_id}/{what}");
    let disabled = h.post(&mut admin, &path("disable"), json!({ "reason": "left the company" })).await;
    assert_eq!(disabled.body["user"]["status"], "disabled", "{}", disabled.text);
    assert_eq!(h.get(&mut jane, "/api/session").await.body["signedIn"], false, "her sessions ended");
    let refused = sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "account_disabled"));
    let wrong = sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": "a guess" })).await;
    assert_eq!(wrong.code(), "credentials_invalid", "only the right password learns it is disabled");
    let mut forgetful = h.client("192.0.2.44").await;
    ask_reset(&h, &mut forgetful, "jane@example.com").await;
    assert!(mail(&h, "jane@example.com", "new password").await.is_none(), "no reset for a disabled account");
    let twice = h.post(&mut admin, &path("disable"), json!({})).await;
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "user_state"));
    let notice = mail(&h, "jane@example.com", "disabled").await.expect("she is told");
    assert!(notice["body"].as_str().unwrap().contains("left the company"));
    assert_eq!(listed(&h, "jane@example.com").await["status"], "disabled");

    let enabled = h.send(&mut admin, Method::POST, &path("enable"), None).await;
    assert_eq!(enabled.body["user"]["status"], "active", "{}", enabled.text);
    assert!(mail(&h, "jane@example.com", "enabled").await.is_some());
    let back = sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await;
    assert_eq!(back.body["stage"], "full", "{}", back.text);
    let again = h.post(&mut admin, &path("enable"), json!({})).await;
    assert_eq!(again.code(), "user_state");

    let promoted = h.put(&mut admin, &path("role"), json!({ "role": "admin" })).await;
    assert_eq!(promoted.body["user"]["role"], "admin", "{}", promoted.text);
    assert_eq!(h.get(&mut jane, "/api/admin/users").await.status, StatusCode::OK, "she administers now");
    let told = mail(&h, "jane@example.com", "role changed").await.unwrap();
    assert!(told["body"].as_str().unwrap().contains("made you administrator"), "{told}");
    let demoted =
        h.put(&mut jane, &format!("/api/admin/users/{admin_id}/role"), json!({ "role": "member" })).await;
    assert_eq!(demoted.body["user"]["role"], "member", "another admin may: {}", demoted.text);
    assert_eq!(h.get(&mut admin, "/api/admin/users").await.code(), "admin_required");

    for (request, code) in [
        (h.post(&mut jane, &format!("/api/admin/users/{jane_id}/disable"), json!({})).await, "self_change"),
        (
            h.put(&mut jane, &format!("/api/admin/users/{jane_id}/role"), json!({ "role": "member" })).await,
            "self_change",
        ),
        (
            h.put(&mut jane, &format!("/api/admin/users/{admin_id}/role"), json!({ "role": "owner" })).await,
            "role_invalid",
        ),
        (h.post(&mut jane, "/api/admin/users/999999/disable", json!({})).await, "user_unknown"),
        (
            h.post(&mut admin, &format!("/api/admin/users/{jane_id}/disable"), json!({})).await,
            "admin_required",
        ),
    ] {
        assert_eq!(request.code(), code, "{}", request.text);
    }
    for (event, count) in [("user_disabled", 1), ("user_enabled", 1), ("role_changed", 2)] {
        assert_eq!(audited(&h, event).await, count, "{event}");
    }
    let events = h.get(&mut jane, "/api/admin/audit?event=user_disabled").await;
    assert_eq!(events.body["events"][0]["detail"]["reason"], "left the company");
}

/// The session behind a client's cookie, as the server read it when the request began.
async fn session_of(h: &Harness, client: &Client) -> twofold_server::service::sessions::Session {
    let token = client.cookies.get("twofold_session").expect("signed in");
    twofold_server::service::sessions::find(&h.state, token).await.unwrap().expect("a live session")
}

fn somewhere() -> twofold_server::service::Client {
    twofold_server::service::Client {
        ip: "192.0.2.1".parse().unwrap(),
        user_agent: "test".into(),
        csrf: String::new(),
        browser: None,
    }
}

#[tokio::test]
async fn two_admins_acting_on_each_other_never_leave_the_tenant_without_one() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", STRONG).await;
    let (jane_id, admin_id) = (id_of(&h, "jane@example.com").await, id_of(&h, "admin@acme.test").await);
    let mut admin = h.admin().await;
    h.put(&mut admin, &format!("/api/admin/users/{jane_id}/role"), json!({ "role": "admin" })).await;
    // Each read as an admin when their request began; the admin's lands first.
    let jane_then = session_of(&h, &jane).await;
    let done = h.post(&mut admin, &format!("/api/admin/users/{jane_id}/disable"), json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    for outcome in [
        twofold_server::service::admin::set_disabled(&h.state, &somewhere(), &jane_then, admin_id, true, "x")
            .await,
        twofold_server::service::admin::change_role(&h.state, &somewhere(), &jane_then, admin_id, "member")
            .await,
    ] {
        assert_eq!(outcome.map(|u| u.id).map_err(|e| e.code()), Err("last_admin"));
    }
    let enabled = h.post(&mut admin, &format!("/api/admin/users/{jane_id}/enable"), json!({})).await;
    assert_eq!(enabled.status, StatusCode::OK);
    sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await;

    // At once, many times over: never both.
    for _ in 0..5 {
        let (a, j) = (session_of(&h, &admin).await, session_of(&h, &jane).await);
        let (state, state2) = (h.state.clone(), h.state.clone());
        let first = tokio::spawn(async move {
            twofold_server::service::admin::set_disabled(&state, &somewhere(), &a, jane_id, true, "x")
                .await
                .is_ok()
        });
        let second = tokio::spawn(async move {
            twofold_server::service::admin::set_disabled(&state2, &somewhere(), &j, admin_id, true, "x")
                .await
                .is_ok()
        });
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert!(!(first && second), "both were disabled");
        let active =
            h.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL").await;
        assert!(active >= 1);
        // Back to two admins, both signed in.
        let mut tx = h.state.store.begin().await.unwrap();
        for id in [jane_id, admin_id] {
            twofold_server::store::users::set_disabled(&mut tx, id, None).await.unwrap();
        }
        tx.commit().await.unwrap();
        admin = h.admin().await;
        sign_in(&h, &mut jane, json!({ "email": "jane@example.com", "password": STRONG })).await;
    }
}

#[tokio::test]
async fn reset_admin_prints_a_one_time_password_that_must_be_changed_at_the_next_sign_in() {
    use common::net::{Browser, SECRET_KEY, Server, TestDatabase};
    let database = TestDatabase::new().await;
    let mut server = Server::start(&database, &["--demo"]).await;
    let (address, old) = (server.address, server.admin_password().expect("the demo printed its password"));
    let admin = "admin@acme.test";
    let mut before = Browser::new(address).await;
    let (status, _) =
        before.post(address, "/api/t/acme/signin", &json!({ "email": admin, "password": old })).await;
    assert_eq!(status, 200);

    // Beside the running server, on its database; the flags may follow the subcommand.
    let reset = |tenant: &'static str| {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_twofold-server"))
            .args([
                "reset-admin",
                "--tenant",
                tenant,
                "--database",
                &database.location,
                "--secret-key",
                SECRET_KEY,
            ])
            .env("RUST_LOG", "warn")
            .output()
    };
    let output = reset("acme").await.unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    let (_, rest) = printed.split_once("One-time password for admin@acme.test in `acme`: ").expect(&printed);
    let one_time = rest.split_whitespace().next().unwrap().to_owned();
    assert_ne!(one_time, old);

    let (_, session) = before.send(address, "GET", "/api/session", None).await;
    assert_eq!(session["signedIn"], false, "the sessions before it ended");
    let mut browser = Browser::new(address).await;
    let (status, refused) =
        browser.post(address, "/api/t/acme/signin", &json!({ "email": admin, "password": old })).await;
    assert_eq!((status, refused["code"].as_str()), (401, Some("credentials_invalid")));
    let (_, signed_in) =
        browser.post(address, "/api/t/acme/signin", &json!({ "email": admin, "password": one_time })).await;
    assert_eq!(signed_in["stage"], "password_change", "{signed_in}");
    let (_, blocked) = browser.send(address, "GET", "/api/admin/users", None).await;
    assert_eq!(blocked["code"], "password_change_required");
    let own = "quiet harbor lantern seventeen";
    let (status, changed) =
        browser.post(address, "/api/me/password", &json!({ "current": one_time, "new": own })).await;
    assert_eq!((status, changed["stage"].as_str()), (200, Some("full")), "{changed}");
    let (_, outbox) = browser.send(address, "GET", "/api/admin/outbox", None).await;
    let told = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["recipient"] == admin && m["subject"].as_str().unwrap().contains("one-time password"));
    assert!(told, "{outbox}");
    let (_, audit) =
        browser.send(address, "GET", "/api/admin/audit?event=password_reset_by_operator", None).await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["events"][0]["userAgent"], "twofold-server reset-admin");

    let unknown = reset("nope").await.unwrap();
    assert!(!unknown.status.success());
    let said =
        format!("{}{}", String::from_utf8_lossy(&unknown.stdout), String::from_utf8_lossy(&unknown.stderr));
    assert!(said.contains("no organisation called “nope”"), "{said}");
    server.kill().await;
}

#[tokio::test]
async fn a_phone_on_the_card_signs_in_once_its_owner_proves_it_with_an_sms_authenticator() {
    let (h, mut admin) = texting().await;
    invite(
        &h,
        &mut admin,
        json!({ "email": "jane@example.com", "name": "Jane", "role": "member", "phone": PHONE }),
    )
    .await;
    let token = invitation_token(&h, "jane@example.com").await;
    let mut jane = h.client("192.0.2.20").await;
    h.post(&mut jane, "/api/invitations/accept", json!({ "token": token, "password": STRONG })).await;
    let unproved = sign_in(&h, &mut jane, json!({ "identifier": PHONE, "password": STRONG })).await;
    assert_eq!(unproved.code(), "credentials_invalid", "a number typed on a card proves nothing");
    sign_in(&h, &mut jane, json!({ "identifier": "jane@example.com", "password": STRONG })).await;
    let added = h.post(&mut jane, "/api/me/factors", json!({ "type": "sms", "phone": PHONE })).await;
    let id = added.body["factor"]["id"].as_i64().unwrap();
    let code: String = texts(&h).await.pop().unwrap().rsplit('#').next().unwrap().to_owned();
    let confirmed =
        h.post(&mut jane, &format!("/api/me/factors/{id}/confirm"), json!({ "code": code })).await;
    assert_eq!(confirmed.body["user"]["phoneVerified"], true, "{}", confirmed.text);
    let by_phone = sign_in(&h, &mut jane, json!({ "identifier": PHONE, "password": STRONG })).await;
    assert_eq!(
        by_phone.body["stage"], "second_factor",
        "the phone signs in, and 2FA is on: {}",
        by_phone.text
    );
}

#[tokio::test]
async fn lapsed_links_are_swept() {
    let h = Harness::new(json!({})).await;
    h.signup("jane@example.com", STRONG).await;
    let mut admin = h.admin().await;
    invite(&h, &mut admin, json!({ "email": "olga@example.com", "name": "Olga", "role": "member" })).await;
    let mut someone = h.client("192.0.2.44").await;
    reset_token(&h, &mut someone, "jane@example.com").await;
    let rows = async |h: &Harness| {
        (
            h.scalar("SELECT count(*) FROM invitations").await,
            h.scalar("SELECT count(*) FROM password_resets").await,
        )
    };
    assert_eq!(rows(&h).await, (1, 1));
    h.advance(2 * 86_400);
    let swept = twofold_server::service::retention::sweep_once(&h.state, 365).await.unwrap();
    assert_eq!((swept.invitations, swept.resets), (0, 1), "a lapsed invitation still says so for a while");
    // A month after it lapsed (three days in), it goes too.
    h.advance(32 * 86_400);
    let swept = twofold_server::service::retention::sweep_once(&h.state, 365).await.unwrap();
    assert_eq!(swept.invitations, 1);
    assert_eq!(rows(&h).await, (0, 0));
}
