//! Tests over real sockets on 127.0.0.1: concurrent use of one code, a syslog collector, an
//! SMTP relay, and the real binary killed with SIGKILL in the middle of writes.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::Method;
use common::net::{Server, TestDatabase, http, try_http};
use common::{Harness, code};
use serde_json::json;
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, UdpSocket};

async fn serve(h: &Harness) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let app = h.app.clone().into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    address
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_sign_ins_with_one_code_make_one_session() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup("jane@example.com", "orbit velvet cactus nine").await;
    let (secret, _) = h.enroll(&mut jane).await;
    h.advance(60);
    let address = serve(&h).await;

    // Twenty browsers get past the password; each holds a pending second step.
    let mut pending = Vec::new();
    for _ in 0..20 {
        let (_, _, csrf) = http(address, "GET", "/api/session", "", None).await;
        let csrf = csrf.join("; ");
        let (status, body, cookies) = http(
            address,
            "POST",
            "/api/t/acme/signin",
            &csrf,
            Some(&json!({ "email": "jane@example.com", "password": "orbit velvet cactus nine" })),
        )
        .await;
        assert_eq!((status, body["stage"].as_str()), (200, Some("second_factor")));
        pending.push(format!("{csrf}; {}", cookies.join("; ")));
    }
    // All twenty send the same valid code at once.
    let code = code(&secret, h.now());
    let attempts = pending.into_iter().map(|cookies| {
        let code = code.clone();
        tokio::spawn(async move {
            http(address, "POST", "/api/signin/second-factor", &cookies, Some(&json!({ "code": code }))).await
        })
    });
    let mut outcomes = Vec::new();
    for attempt in attempts {
        let (status, body, _) = attempt.await.expect("task");
        outcomes.push((status, body["code"].as_str().unwrap_or("ok").to_owned()));
    }
    let successes = outcomes.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(successes, 1, "{outcomes:?}");
    assert!(
        outcomes.iter().filter(|(s, _)| *s != 200).all(|(s, c)| *s == 401 && c == "code_reused"),
        "{outcomes:?}"
    );
    let sessions = h
        .scalar("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'jane@example.com' AND s.stage = 'full'")
        .await;
    // The signup session and enrollment's are one; the concurrent sign-ins add exactly one more.
    assert_eq!(sessions, 2);
}

#[tokio::test]
async fn audit_events_reach_a_syslog_collector_over_udp_and_tcp() {
    // Collectors on loopback are refused unless the operator allows them (see hardening.rs).
    let options =
        twofold_server::Options { syslog_allow: vec!["127.0.0.0/8".parse().unwrap()], ..Harness::options() };
    let h = Harness::with_options(json!({}), options).await;
    let udp = UdpSocket::bind("127.0.0.1:0").await.expect("udp");
    let tcp = TcpListener::bind("127.0.0.1:0").await.expect("tcp");
    let mut admin = h.admin().await;
    let mut settings = h.get(&mut admin, "/api/admin/settings").await.body;
    settings["syslogTarget"] = json!(format!("udp://{}", udp.local_addr().unwrap()));
    assert_eq!(h.put(&mut admin, "/api/admin/settings", settings.clone()).await.status, 200);
    h.signup("jane@example.com", "orbit velvet cactus nine").await;

    // Events are forwarded once they have settled.
    h.advance(twofold_server::service::background::FORWARD_SETTLE_SECONDS);
    let sent = twofold_server::service::background::forward_once(&h.state).await.expect("forward");
    assert!(sent >= 1, "{sent}");
    let mut buffer = vec![0u8; 4096];
    let mut lines = Vec::new();
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(300), udp.recv(&mut buffer)).await {
        lines.push(String::from_utf8_lossy(&buffer[..n]).into_owned());
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" signup [audit@32473 tenant=\"acme\"")
                && l.contains("user=\"jane@example.com\"")),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| l.starts_with('<') && l.contains(">1 ")));

    settings["syslogTarget"] = json!(format!("tcp://{}", tcp.local_addr().unwrap()));
    h.put(&mut admin, "/api/admin/settings", settings).await;
    let collector = tokio::spawn(async move {
        let (mut stream, _) = tcp.accept().await.expect("accept");
        let mut text = String::new();
        stream.read_to_string(&mut text).await.expect("read");
        text
    });
    h.advance(twofold_server::service::background::FORWARD_SETTLE_SECONDS);
    twofold_server::service::background::forward_once(&h.state).await.expect("forward");
    let framed =
        tokio::time::timeout(Duration::from_secs(5), collector).await.expect("in time").expect("task");
    // Octet counting: "LEN <PRI>1 ..."
    let (length, rest) = framed.split_once(' ').expect("frame");
    let length: usize = length.parse().expect("length");
    assert!(rest[..length].contains("settings_changed"), "{framed}");
}

#[tokio::test]
async fn the_outbox_is_delivered_to_an_smtp_relay() {
    let h = Harness::new(json!({})).await;
    let mut jane = h.signup_verified("jane@example.com", "orbit velvet cactus nine").await;
    h.enroll(&mut jane).await;
    let relay = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let smtp = twofold_server::delivery::smtp::Smtp {
        relay: relay.local_addr().unwrap().to_string(),
        from: "security@acme.test".into(),
    };
    // One connection a message: the confirmation code, the notice that 2FA is on, and the
    // admin's notices of sign-ins from new browsers.
    let pending = h.scalar("SELECT count(*) FROM outbox WHERE delivered_at IS NULL").await;
    let server = tokio::spawn(async move {
        let mut transcript = String::new();
        for _ in 0..pending {
            let (stream, _) = relay.accept().await.expect("accept");
            let (read, mut write) = stream.into_split();
            let mut read = BufReader::new(read);
            write.write_all(b"220 relay ready\r\n").await.unwrap();
            let mut in_data = false;
            loop {
                let mut line = String::new();
                if read.read_line(&mut line).await.unwrap() == 0 {
                    break;
                }
                transcript.push_str(&line);
                let reply: &[u8] = if in_data {
                    if line == ".\r\n" {
                        in_data = false;
                        b"250 queued\r\n"
                    } else {
                        continue;
                    }
                } else if line.starts_with("EHLO") {
                    b"250-relay\r\n250 8BITMIME\r\n"
                } else if line.starts_with("DATA") {
                    in_data = true;
                    b"354 go on\r\n"
                } else if line.starts_with("QUIT") {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                } else {
                    b"250 ok\r\n"
                };
                write.write_all(reply).await.unwrap();
            }
        }
        transcript
    });
    let delivered =
        twofold_server::service::background::deliver_once(&h.state, &smtp).await.expect("deliver");
    assert_eq!(i64::try_from(delivered).unwrap(), pending);
    let transcript = server.await.expect("relay");
    assert!(
        transcript.contains("RCPT TO:<jane@example.com>")
            && transcript.contains("Two-step verification was turned on"),
        "{transcript}"
    );
    let mut admin = h.admin().await;
    let outbox = h.get(&mut admin, "/api/admin/outbox").await;
    let jane = outbox.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["recipient"] == "jane@example.com")
        .unwrap();
    assert!(jane["deliveredAt"].is_i64(), "{jane}");
    let _ = h.send(&mut admin, Method::GET, "/api/session", None).await;
}

/// The real binary, killed with SIGKILL while signups are in flight: every signup it
/// acknowledged is there after a restart (and a SQLite file is intact).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_signups_survive_sigkill() {
    let database = TestDatabase::new().await;
    let mut server = Server::start(&database, &["--demo"]).await;
    let address = server.address;
    let (_, _, csrf) = http(address, "GET", "/api/session", "", None).await;
    let csrf = csrf.join("; ");
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let (csrf, acknowledged) = (csrf.clone(), acknowledged.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let email = format!("user{writer}-{i}@example.com");
                    let body = json!({ "email": email, "name": "Load Test", "password": "orbit velvet cactus nine" });
                    let Ok(Some((status, _, _))) = tokio::time::timeout(Duration::from_secs(10), try_http(address, "POST", "/api/t/acme/signup", &csrf, Some(&body))).await else { break };
                    if status == 201 {
                        acknowledged.lock().unwrap().push(email);
                    }
                }
            })
        })
        .collect();
    // Let signups pile up, then kill the server mid-write.
    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().await;
    for writer in writers {
        let _ = writer.await;
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    let mut server = Server::start(&database, &["--demo"]).await;
    let (status, tenant, _) = http(server.address, "GET", "/api/t/acme", "", None).await;
    assert_eq!((status, tenant["slug"].as_str()), (200, Some("acme")));
    server.kill().await;

    let store = database.open().await;
    let mut conn = store.conn().await.expect("connection");
    if store.backend() == twofold_server::store::Backend::Sqlite {
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut *conn)
            .await
            .expect("check")
            .try_get(0)
            .expect("text");
        assert_eq!(integrity, "ok");
    }
    let mut missing = Vec::new();
    for email in &acknowledged {
        let mut count = async |sql: &str| -> i64 {
            sqlx::query(sql)
                .bind(email)
                .fetch_one(&mut *conn)
                .await
                .expect("query")
                .try_get(0)
                .expect("count")
        };
        let found = count("SELECT count(*) FROM users WHERE email = $1").await;
        let audited = count("SELECT count(*) FROM audit WHERE email = $1 AND event = 'signup'").await;
        if found != 1 || audited != 1 {
            missing.push(email.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged signups lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
}
