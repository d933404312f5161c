//! Several server processes on one PostgreSQL database behave as one: a code is accepted
//! once, failures lock an account at exactly the threshold, the per-address limit is shared,
//! each message goes out once, a killed instance loses no acknowledged write, and a database
//! that restarts under the servers costs 503s while it is away and nothing after.
//!
//! These need PostgreSQL: `scripts/test.sh` runs them with `TWOFOLD_TEST_POSTGRES` set
//! (`cargo test -p twofold-server -- --include-ignored`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::net::{Browser, Server, TestDatabase, http, try_http};
use serde_json::{Value, json};
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const PASSWORD: &str = "orbit velvet cactus nine";

fn now() -> i64 {
    i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs())
        .unwrap()
}

async fn database() -> TestDatabase {
    assert!(common::postgres().is_some(), "these tests need TWOFOLD_TEST_POSTGRES (scripts/test.sh sets it)");
    TestDatabase::new().await
}

/// Two instances on one database; the first seeds the demo tenant.
async fn pair(database: &TestDatabase, args: &[&str]) -> (Server, Server) {
    let first = Server::start(database, &[&["--demo"], args].concat()).await;
    let second = Server::start(database, args).await;
    (first, second)
}

/// Signs `email` up through `address`, turns 2FA on, and signs out; answers the secret.
/// The confirming code is the previous time step's (drift allows it), so that the code of
/// the current step is still unused afterwards.
async fn enrolled_user(address: SocketAddr, email: &str) -> String {
    let mut browser = Browser::new(address).await;
    let body = json!({ "email": email, "name": "Jane Doe", "password": PASSWORD });
    assert_eq!(browser.post(address, "/api/t/acme/signup", &body).await.0, 201);
    let (_, started) = browser.post(address, "/api/me/2fa/enroll", &json!({})).await;
    let secret = started["secret"].as_str().unwrap().to_owned();
    let code = common::code(&secret, now() - 30);
    let (status, confirmed) = browser.post(address, "/api/me/2fa/confirm", &json!({ "code": code })).await;
    assert_eq!(status, 200, "{confirmed}");
    browser.send(address, "DELETE", "/api/session", None).await;
    secret
}

/// A browser past the password step of `email`, waiting for its code.
async fn at_second_step(address: SocketAddr, email: &str) -> Browser {
    let mut browser = Browser::new(address).await;
    let (status, body) =
        browser.post(address, "/api/t/acme/signin", &json!({ "email": email, "password": PASSWORD })).await;
    assert_eq!((status, body["stage"].as_str()), (200, Some("second_factor")), "{body}");
    browser
}

async fn scalar(database: &TestDatabase, sql: &str) -> i64 {
    let store = database.open().await;
    let mut conn = store.conn().await.unwrap();
    sqlx::query(sql).fetch_one(&mut *conn).await.unwrap().try_get(0).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn one_code_submitted_a_hundred_times_over_two_instances_makes_one_session() {
    let database = database().await;
    // Every replay counts against the one test address; the limit is not what is tested here.
    let (a, b) = pair(&database, &["--ip-failure-limit", "1000"]).await;
    let secret = enrolled_user(a.address, "jane@example.com").await;
    let mut browsers = Vec::new();
    for i in 0..100 {
        let address = if i % 2 == 0 { a.address } else { b.address };
        browsers.push((address, at_second_step(address, "jane@example.com").await));
    }
    let code = common::code(&secret, now());
    let attempts: Vec<_> = browsers
        .into_iter()
        .map(|(address, mut browser)| {
            let code = code.clone();
            tokio::spawn(async move {
                browser.post(address, "/api/signin/second-factor", &json!({ "code": code })).await
            })
        })
        .collect();
    let mut outcomes = BTreeMap::<(u16, String), usize>::new();
    for attempt in attempts {
        let (status, body) = attempt.await.unwrap();
        *outcomes.entry((status, body["code"].as_str().unwrap_or("ok").to_owned())).or_default() += 1;
    }
    assert_eq!(outcomes.get(&(200, "ok".to_owned())), Some(&1), "{outcomes:?}");
    assert_eq!(outcomes.get(&(401, "code_reused".to_owned())), Some(&99), "{outcomes:?}");
    let signed_in = scalar(
        &database,
        "SELECT count(*) FROM audit WHERE event = 'signin_succeeded' AND detail LIKE '%\"via\":\"code\"%'",
    )
    .await;
    assert_eq!(signed_in, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn concurrent_wrong_codes_over_two_instances_lock_at_exactly_the_threshold() {
    let database = database().await;
    let (a, b) = pair(&database, &[]).await;
    enrolled_user(a.address, "jane@example.com").await;
    let mut browsers = Vec::new();
    for i in 0..30 {
        let address = if i % 2 == 0 { a.address } else { b.address };
        browsers.push((address, at_second_step(address, "jane@example.com").await));
    }
    let attempts: Vec<_> = browsers
        .into_iter()
        .map(|(address, mut browser)| {
            tokio::spawn(async move {
                browser.post(address, "/api/signin/second-factor", &json!({ "code": "000000" })).await
            })
        })
        .collect();
    let mut outcomes = BTreeMap::<(u16, String), usize>::new();
    for attempt in attempts {
        let (status, body) = attempt.await.unwrap();
        *outcomes.entry((status, body["code"].as_str().unwrap_or("ok").to_owned())).or_default() += 1;
    }
    // The default threshold is 5: four refusals, then the lock for everyone else.
    assert_eq!(outcomes.get(&(401, "code_invalid".to_owned())), Some(&4), "{outcomes:?}");
    assert_eq!(outcomes.get(&(423, "locked".to_owned())), Some(&26), "{outcomes:?}");
    assert_eq!(scalar(&database, "SELECT count(*) FROM audit WHERE event = 'lockout'").await, 1);
    let detail = scalar(
        &database,
        "SELECT count(*) FROM audit WHERE event = 'lockout' AND detail LIKE '%\"failures\":5%'",
    )
    .await;
    assert_eq!(detail, 1, "the lock came at the fifth counted failure");
    assert_eq!(scalar(&database, "SELECT lockouts FROM users WHERE email = 'jane@example.com'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn the_per_address_limit_holds_across_instances() {
    let database = database().await;
    let (a, b) = pair(&database, &["--ip-failure-limit", "6"]).await;
    let mut answers = Vec::new();
    for i in 0..12 {
        let address = if i % 2 == 0 { a.address } else { b.address };
        let mut browser = Browser::new(address).await;
        let body = json!({ "email": format!("nobody{i}@example.com"), "password": "wrong" });
        answers.push(browser.post(address, "/api/t/acme/signin", &body).await.0);
    }
    assert_eq!(answers, [401, 401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
}

/// A fake SMTP relay that accepts everything and keeps each message's recipient and body.
async fn relay(received: Arc<Mutex<Vec<(String, String)>>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let received = received.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::new(read);
                write.write_all(b"220 relay\r\n").await.unwrap();
                let (mut recipient, mut data, mut in_data) = (String::new(), String::new(), false);
                loop {
                    let mut line = String::new();
                    if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                        break;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            received.lock().unwrap().push((recipient.clone(), std::mem::take(&mut data)));
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                        }
                        continue;
                    }
                    if let Some(to) = line.strip_prefix("RCPT TO:") {
                        recipient = to.trim().to_owned();
                    }
                    let reply: &[u8] = if line.starts_with("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if line.starts_with("QUIT") {
                        b"221 bye\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    address
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn each_message_is_delivered_once_with_two_instances_delivering() {
    let database = database().await;
    let received = Arc::new(Mutex::new(Vec::new()));
    let smtp = relay(received.clone()).await.to_string();
    let (a, b) = pair(&database, &["--smtp", &smtp]).await;
    // Each user asking to confirm their address is one message; half through each instance.
    for i in 0..16 {
        let address = if i % 2 == 0 { a.address } else { b.address };
        let mut browser = Browser::new(address).await;
        let body =
            json!({ "email": format!("user{i}@example.com"), "name": "Jane Doe", "password": PASSWORD });
        assert_eq!(browser.post(address, "/api/t/acme/signup", &body).await.0, 201);
        let (status, sent) = browser.post(address, "/api/me/email/verification", &json!({})).await;
        assert_eq!(status, 200, "{sent}");
    }
    let written = scalar(&database, "SELECT count(*) FROM outbox").await;
    assert_eq!(written, 16);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while received.lock().unwrap().len() < 16 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Two more rounds of both delivery loops: a duplicate would show up by then.
    tokio::time::sleep(Duration::from_secs(11)).await;
    let received = received.lock().unwrap().clone();
    let mut per_recipient = BTreeMap::<String, usize>::new();
    for (recipient, body) in &received {
        assert!(body.contains("confirmation code"), "{body}");
        *per_recipient.entry(recipient.clone()).or_default() += 1;
    }
    assert_eq!(per_recipient.len(), 16, "{per_recipient:?}");
    assert!(per_recipient.values().all(|n| *n == 1), "{per_recipient:?}");
    assert_eq!(scalar(&database, "SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL").await, 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn killing_one_instance_under_writes_loses_no_acknowledged_signup() {
    let database = database().await;
    let (mut a, b) = pair(&database, &[]).await;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let address = if writer % 2 == 0 { a.address } else { b.address };
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                let (_, _, csrf) = http(address, "GET", "/api/session", "", None).await;
                let csrf = csrf.join("; ");
                'signups: for i in 0..40 {
                    let email = format!("user{writer}-{i}@example.com");
                    let body = json!({ "email": email, "name": "Load Test", "password": PASSWORD });
                    // One address may hash only so much at once: a 429 is asked again.
                    loop {
                        let request = try_http(address, "POST", "/api/t/acme/signup", &csrf, Some(&body));
                        let Ok(Some((status, _, _))) =
                            tokio::time::timeout(Duration::from_secs(10), request).await
                        else {
                            break 'signups;
                        };
                        match status {
                            201 => {
                                acknowledged.lock().unwrap().push(email);
                                break;
                            }
                            429 => tokio::time::sleep(Duration::from_millis(20)).await,
                            _ => break,
                        }
                    }
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 30 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.kill().await;
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    // The writers on the surviving instance went on to the end.
    assert!(acknowledged.len() >= 4 * 40, "{} acknowledged", acknowledged.len());
    let store = database.open().await;
    let mut conn = store.conn().await.unwrap();
    let rows =
        sqlx::query("SELECT u.email FROM users u JOIN audit a ON a.user_id = u.id AND a.event = 'signup'")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    let stored: std::collections::BTreeSet<String> = rows.iter().map(|r| r.get(0)).collect();
    let missing: Vec<&String> = acknowledged.iter().filter(|e| !stored.contains(*e)).collect();
    assert!(missing.is_empty(), "{} of {} lost: {missing:?}", missing.len(), acknowledged.len());
    drop(b);
}

/// Runs `scripts/postgres.sh`.
fn postgres_script(command: &str, folder: &std::path::Path) -> String {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/postgres.sh");
    let output = std::process::Command::new("bash").arg(script).arg(command).arg(folder).output().unwrap();
    assert!(output.status.success(), "postgres.sh {command}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: scripts/test.sh runs it"]
async fn a_database_restart_costs_503s_while_it_is_away_and_nothing_after() {
    assert!(common::postgres().is_some(), "needs PostgreSQL");
    // A server of its own, so that stopping it disturbs no other test.
    let folder = std::env::temp_dir().join(format!("twofold-pg-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let server = postgres_script("start", &folder);
    let location = common::fresh_postgres_database(&server).await;
    let database = TestDatabase::at(&location);
    let app = Server::start(&database, &["--demo"]).await;
    let tenant = |address| async move { http(address, "GET", "/api/t/acme", "", None).await };
    assert_eq!(tenant(app.address).await.0, 200);

    postgres_script("stop", &folder);
    let (status, body, _) = tenant(app.address).await;
    assert_eq!((status, body["code"].as_str()), (503, Some("unavailable")), "{body}");
    let mut browser = Browser::new(app.address).await;
    let (status, _) = browser
        .post(
            app.address,
            "/api/t/acme/signup",
            &json!({ "email": "a@example.com", "name": "A", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, 503, "a write while the database is away is refused, not half-done");

    postgres_script("start", &folder);
    let mut answered: Option<(u16, Value, Vec<String>)> = None;
    for _ in 0..50 {
        let response = tenant(app.address).await;
        if response.0 == 200 {
            answered = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(answered.map(|r| r.0), Some(200), "the server works again once the database is back");
    let (status, body) = browser
        .post(
            app.address,
            "/api/t/acme/signup",
            &json!({ "email": "a@example.com", "name": "A", "password": PASSWORD }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    drop(app);
    postgres_script("stop", &folder);
    let _ = std::fs::remove_dir_all(&folder);
}
