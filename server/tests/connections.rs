//! Connections under attack, over real sockets (issue 12, finding 4, the idle-connection
//! attack of item 12, and item 9's panic): slow and half-sent requests, idle connections
//! beyond the limit, shutdown with connections open, and panics in handlers.
//!
//! The real binary runs with timeouts of a second, so each test takes a few seconds; the
//! bounds are on the timeouts (closed after it, and within three times it), never on speed.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use common::net::{Server, TestDatabase, http, parse_response, read_response, try_http, until_closed};
use common::{Harness, START};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};
use twofold_server::http::Limits;

/// The timeout each test sets and then waits out.
const TIMEOUT: Duration = Duration::from_millis(1000);
/// The flag value for [`TIMEOUT`].
const TIMEOUT_MS: &str = "1000";
/// Long enough never to be reached in a test.
const NEVER_MS: &str = "60000";
/// Any 16 characters or more, sent as both the CSRF cookie and its header.
const CSRF: &str = "connections-test-csrf-token";

/// `elapsed` is at least the timeout (less rounding) and at most three times it.
fn within_timeout(elapsed: Duration, timeout: Duration) {
    assert!(elapsed >= timeout.mul_f64(0.9), "closed after {elapsed:?}, before the {timeout:?} timeout");
    assert!(elapsed <= timeout * 3, "closed after {elapsed:?}, long past the {timeout:?} timeout");
}

/// Reads `stream` until the server closes it, which must be the timeout after `since`, with a
/// 408 `request_timeout` refusal as its last words; answers that refusal's body.
async fn refused_as_too_slow(stream: &mut (impl AsyncReadExt + Unpin), since: Instant) -> Value {
    let answer = until_closed(stream, TIMEOUT * 10).await.expect("the server closed the connection");
    within_timeout(since.elapsed(), TIMEOUT);
    let (status, body) = parse_response(&answer).expect("an answer before the close");
    assert_eq!((status, body["code"].as_str()), (408, Some("request_timeout")), "{answer}");
    body
}

/// Sends `bytes` one every 50 ms, until the server stops taking them.
fn trickle(mut write: OwnedWriteHalf, bytes: Vec<u8>) -> JoinHandle<()> {
    tokio::spawn(async move {
        for byte in bytes {
            sleep(Duration::from_millis(50)).await;
            if write.write_all(&[byte]).await.is_err() {
                break;
            }
        }
    })
}

fn request(method: &str, path: &str, extra: &str) -> String {
    format!("{method} {path} HTTP/1.1\r\nHost: twofold.test\r\nUser-Agent: connections-test\r\n{extra}\r\n")
}

#[tokio::test]
async fn half_sent_requests_are_refused_within_the_header_timeout() {
    let database = TestDatabase::new().await;
    let server =
        Server::start(&database, &["--header-timeout-ms", TIMEOUT_MS, "--idle-timeout-ms", NEVER_MS]).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream.write_all(b"POST /api/t/acme/signin HTTP/1.1\r\nHost: twofold.test\r\nContent-Ty").await.unwrap();
    let sent = Instant::now();

    let body = refused_as_too_slow(&mut stream, sent).await;
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

#[tokio::test]
async fn a_request_head_sent_a_byte_at_a_time_is_refused_within_the_header_timeout() {
    let database = TestDatabase::new().await;
    let server =
        Server::start(&database, &["--header-timeout-ms", TIMEOUT_MS, "--idle-timeout-ms", NEVER_MS]).await;
    let (mut read, mut write) = TcpStream::connect(server.address).await.unwrap().into_split();
    // Every byte comes well within the timeout, so only a deadline on the whole head ends it.
    let head = request("GET", "/api/session", &format!("X-Padding: {}\r\n", "x".repeat(200)));
    write.write_all(&head.as_bytes()[..1]).await.unwrap();
    let started = Instant::now();
    let sending = trickle(write, head.as_bytes()[1..].to_vec());

    refused_as_too_slow(&mut read, started).await;
    sending.abort();
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_after_the_idle_timeout() {
    let database = TestDatabase::new().await;
    let server =
        Server::start(&database, &["--idle-timeout-ms", TIMEOUT_MS, "--header-timeout-ms", NEVER_MS]).await;
    let mut fresh = TcpStream::connect(server.address).await.unwrap();
    let opened = Instant::now();
    let mut kept = TcpStream::connect(server.address).await.unwrap();
    kept.write_all(request("GET", "/api/session", "").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut kept).await.expect("an answer").0, 200);
    // A second request on the same connection before the timeout: the silence counts anew
    // from its answer.
    sleep(TIMEOUT / 2).await;
    kept.write_all(request("GET", "/api/session", "").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut kept).await.expect("a second answer on the same connection").0, 200);
    let answered = Instant::now();

    let rest = until_closed(&mut kept, TIMEOUT * 10).await.expect("the idle connection closed");
    within_timeout(answered.elapsed(), TIMEOUT);
    assert_eq!(rest, "", "an idle connection is closed without a word");
    // One that never sent a byte is closed the same way.
    let rest = until_closed(&mut fresh, TIMEOUT * 10).await.expect("the silent connection closed");
    within_timeout(opened.elapsed(), TIMEOUT);
    assert_eq!(rest, "");
}

/// The review's idle-connection attack: more idle connections than the server takes. A new
/// client is told at once that the server is full, and is served once the idle ones time out.
#[tokio::test]
async fn idle_connections_beyond_the_limit_do_not_stop_the_server_answering() {
    const LIMIT: usize = 50;
    const IDLE: Duration = Duration::from_millis(3000);
    let database = TestDatabase::new().await;
    let server = Server::start(&database, &["--max-connections", "50", "--idle-timeout-ms", "3000"]).await;
    let address = server.address;
    let mut idle = Vec::new();
    for _ in 0..LIMIT + 30 {
        idle.push(TcpStream::connect(address).await.unwrap());
    }
    let opened = Instant::now();

    let (status, body, _) = http(address, "GET", "/api/session", "", None).await;
    assert_eq!((status, body["code"].as_str()), (503, Some("unavailable")), "{body}");

    let recovered = loop {
        let (status, _, _) = http(address, "GET", "/api/session", "", None).await;
        if status == 200 {
            break opened.elapsed();
        }
        assert_eq!(status, 503);
        assert!(
            opened.elapsed() < IDLE * 3,
            "still refused {:?} after the idle connections opened",
            opened.elapsed()
        );
        sleep(Duration::from_millis(100)).await;
    };
    assert!(
        recovered >= IDLE.mul_f64(0.9),
        "served after {recovered:?}, before any idle connection timed out"
    );

    let (mut silent, mut refused) = (0, 0);
    for stream in &mut idle {
        let said = until_closed(stream, IDLE * 3).await.expect("every idle connection is closed");
        if said.is_empty() {
            silent += 1;
        } else {
            let (status, body) = parse_response(&said).expect("a whole answer");
            assert_eq!((status, body["code"].as_str()), (503, Some("unavailable")), "{said}");
            refused += 1;
        }
    }
    assert_eq!(
        (silent, refused),
        (LIMIT, 30),
        "the limit's worth timed out idle; the rest were refused at once"
    );
}

#[tokio::test]
async fn sigterm_with_connections_open_exits_within_the_grace_deadline() {
    const GRACE: Duration = Duration::from_millis(1000);
    let database = TestDatabase::new().await;
    let mut server = Server::start(
        &database,
        &["--shutdown-grace-ms", "1000", "--header-timeout-ms", NEVER_MS, "--idle-timeout-ms", NEVER_MS],
    )
    .await;
    let mut kept = TcpStream::connect(server.address).await.unwrap();
    kept.write_all(request("GET", "/api/session", "").as_bytes()).await.unwrap();
    assert_eq!(read_response(&mut kept).await.expect("an answer").0, 200);
    let fresh = TcpStream::connect(server.address).await.unwrap();
    // The review's hang: a request that never finishes arriving keeps its connection busy.
    let mut half = TcpStream::connect(server.address).await.unwrap();
    half.write_all(b"GET /api/session HTTP/1.1\r\nHost: twofold.test\r\n").await.unwrap();
    sleep(Duration::from_millis(200)).await;

    let closed = |mut stream: TcpStream| {
        tokio::spawn(async move {
            until_closed(&mut stream, GRACE * 10).await.expect("closed");
            Instant::now()
        })
    };
    let (kept, fresh, half) = (closed(kept), closed(fresh), closed(half));

    let signalled = Instant::now();
    let status = server.terminate(GRACE * 10).await.expect("the server exited");
    assert!(status.success(), "{status}");
    assert!(signalled.elapsed() <= GRACE * 3, "exited {:?} after SIGTERM", signalled.elapsed());
    // Idle connections close at once; the busy one when the grace has passed.
    for idle in [kept, fresh] {
        let after = idle.await.unwrap() - signalled;
        assert!(after < GRACE / 2, "an idle connection closed {after:?} after SIGTERM");
    }
    within_timeout(half.await.unwrap() - signalled, GRACE);
}

#[tokio::test]
async fn a_request_body_that_trickles_is_refused_after_the_body_timeout() {
    let database = TestDatabase::new().await;
    let server = Server::start(&database, &["--demo", "--body-timeout-ms", TIMEOUT_MS]).await;
    let (mut read, mut write) = TcpStream::connect(server.address).await.unwrap().into_split();
    let body = json!({ "email": "admin@acme.example", "password": "not the password at all" }).to_string();
    let head = request(
        "POST",
        "/api/t/acme/signin",
        &format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\nCookie: twofold_csrf={CSRF}\r\n\
             X-CSRF-Token: {CSRF}\r\nAccept-Language: ca\r\n",
            body.len()
        ),
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let sent = Instant::now();
    // Each byte in good time, the whole body in over three seconds.
    let sending = trickle(write, body.into_bytes());

    let body = refused_as_too_slow(&mut read, sent).await;
    // In the language the request asked for, like every other refusal.
    let catalan = twofold_server::i18n::text("ca", "error.request_timeout", &[]);
    assert_eq!(body["message"].as_str(), Some(catalan.as_str()), "{body}");
    sending.abort();
}

/// Limits for the server loop run in this process.
const LIMITS: Limits = Limits {
    max_connections: 64,
    header_timeout: TIMEOUT,
    body_timeout: TIMEOUT,
    idle_timeout: Duration::from_secs(5),
    shutdown_grace: TIMEOUT,
};

/// `router` served by the server's own loop in this process; the sender starts its shutdown.
async fn serve_here(router: Router) -> (SocketAddr, oneshot::Sender<()>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(twofold_server::http::serve(listener, router, LIMITS, async {
        let _ = stopped.await;
    }));
    (address, stop, serving)
}

/// A handler that panics while it holds the database: SQLite's one connection, or a
/// transaction that has written. Test routes only; the binary has none.
fn panicking_routes(h: &Harness) -> Router {
    let (holding, writing) = (h.state.store.clone(), h.state.store.clone());
    Router::new()
        .route(
            "/test/panic-holding-a-connection",
            get(move || {
                let store = holding.clone();
                async move {
                    let held = store.conn().await;
                    if held.is_ok() {
                        panic!("a bug while holding the only connection");
                    }
                    "no connection"
                }
            }),
        )
        .route(
            "/test/panic-in-a-transaction",
            get(move || {
                let store = writing.clone();
                async move {
                    let mut tx = store.begin().await.unwrap();
                    let policy = twofold::Policy::default();
                    let inserted =
                        twofold_server::store::tenants::insert(&mut tx, "halfway", "Halfway", &policy, START)
                            .await;
                    if inserted.is_ok() {
                        panic!("a bug in the middle of a transaction");
                    }
                    "not inserted"
                }
            }),
        )
}

#[tokio::test]
async fn a_panic_in_a_database_call_does_not_poison_later_requests() {
    let h = Harness::new(json!({})).await;
    let (address, _stop, _serving) = serve_here(panicking_routes(&h).merge(h.app.clone())).await;
    for path in ["/test/panic-holding-a-connection", "/test/panic-in-a-transaction"] {
        for _ in 0..3 {
            let (status, body, _) = http(address, "GET", path, "", None).await;
            assert_eq!((status, body["code"].as_str()), (500, Some("internal")), "{path}: {body}");
            assert!(body.get("detail").is_none(), "a 500 shows nothing of the panic: {body}");
        }
    }

    // The database is still there, and what the panicking transaction wrote is not.
    let (status, tenant, _) = http(address, "GET", "/api/t/acme", "", None).await;
    assert_eq!((status, tenant["slug"].as_str()), (200, Some("acme")), "{tenant}");
    let (status, _, _) = http(address, "GET", "/api/t/halfway", "", None).await;
    assert_eq!(status, 404);
    let signup =
        json!({ "email": "jane@example.com", "name": "Jane", "password": "orbit velvet cactus nine" });
    let cookies = format!("twofold_csrf={CSRF}");
    let (status, body, _) = http(address, "POST", "/api/t/acme/signup", &cookies, Some(&signup)).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn a_task_that_panics_in_a_transaction_leaves_the_database_to_later_requests() {
    let h = Harness::new(json!({})).await;
    let store = h.state.store.clone();
    let crashed = tokio::spawn(async move {
        let mut tx = store.begin().await.unwrap();
        twofold_server::store::tenants::insert(
            &mut tx,
            "halfway",
            "Halfway",
            &twofold::Policy::default(),
            START,
        )
        .await
        .unwrap();
        panic!("a bug in the middle of a transaction");
    })
    .await;
    assert!(crashed.unwrap_err().is_panic());

    let mut client = h.client("203.0.113.9").await;
    assert_eq!(h.get(&mut client, "/api/t/acme").await.status, 200);
    assert_eq!(h.get(&mut client, "/api/t/halfway").await.status, 404);
    h.signup("jane@example.com", "orbit velvet cactus nine").await;
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish_and_cuts_them_at_the_deadline() {
    let router = Router::new()
        .route(
            "/test/slow",
            get(|| async {
                sleep(TIMEOUT / 2).await;
                axum::Json(json!({ "finished": true }))
            }),
        )
        .route(
            "/test/stuck",
            get(|| async {
                sleep(TIMEOUT * 60).await;
                axum::Json(Value::Null)
            }),
        );
    let (address, stop, serving) = serve_here(router).await;
    let slow = tokio::spawn(async move { try_http(address, "GET", "/test/slow", "", None).await });
    let stuck = tokio::spawn(async move { try_http(address, "GET", "/test/stuck", "", None).await });
    sleep(Duration::from_millis(200)).await;

    stop.send(()).unwrap();
    let stopping = Instant::now();
    let (status, body, _) = slow.await.unwrap().expect("the request in flight is answered");
    assert_eq!((status, body["finished"].as_bool()), (200, Some(true)));
    tokio::time::timeout(LIMITS.shutdown_grace * 3, serving).await.expect("serve returned").unwrap();
    within_timeout(stopping.elapsed(), LIMITS.shutdown_grace);
    assert!(stuck.await.unwrap().is_none(), "what outlasts the grace is cut, unanswered");
    assert!(TcpStream::connect(address).await.is_err(), "nothing listens any more");
}
