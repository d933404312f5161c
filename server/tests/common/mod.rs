//! A test harness: the router on a fresh database with a hand-set clock, and clients that
//! keep cookies and send the CSRF token like the front end does.
//!
//! The database is an in-memory SQLite one, or, when `TWOFOLD_TEST_POSTGRES` names a
//! PostgreSQL server (`postgres://user@host:port/postgres`, as `scripts/test.sh` starts
//! one), a database of its own on that server: the same tests then run on both stores.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

pub mod fake_http;
pub mod net;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use twofold::{OtpParams, Secret, Totp};
use twofold_server::clock::Clock;
use twofold_server::crypto::SecretBox;
use twofold_server::model::Role;
use twofold_server::store::{Store, StoreOptions};
use twofold_server::{AppState, Options, app};

/// 2027-01-15T08:00:00Z, on a 30-second boundary.
pub const START: i64 = 1_800_000_000;

#[derive(Clone)]
pub struct Harness {
    pub app: Router,
    pub state: AppState,
}

pub struct Response {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
    pub set_cookies: Vec<String>,
    pub headers: axum::http::HeaderMap,
}

impl Response {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

#[derive(Clone)]
pub struct Client {
    pub ip: IpAddr,
    pub cookies: HashMap<String, String>,
    pub user_agent: String,
    /// `X-Forwarded-For` lines, separated by `\n` (each its own header line).
    pub forwarded: Option<String>,
    /// Sent as `Accept-Language` when set.
    pub language: Option<String>,
    /// Sent as `Authorization` when set (an API token, say), as these bytes.
    pub authorization: Option<Vec<u8>>,
}

impl Harness {
    /// A fresh server with one tenant, `acme`, whose policy is `policy`, and its admin.
    pub async fn new(policy: Value) -> Self {
        Self::with_options(policy, Self::options()).await
    }

    /// The options most tests run with: the limits of production, but signups from one
    /// address plentiful, since the harness signs everyone up from one.
    pub fn options() -> Options {
        Options { signups_per_address_hour: 1000, ..Options::default() }
    }

    pub async fn with_options(policy: Value, options: Options) -> Self {
        let store = Store::open(&test_database().await, &StoreOptions::default()).await.expect("database");
        let hashing = std::sync::Arc::new(twofold_server::service::hashing::Hashing::new(8, 4, 4));
        let state = AppState {
            store,
            clock: Clock::manual(START),
            vault: SecretBox::new(&[7; 32]),
            options,
            hashing,
            http: twofold_server::delivery::sms::client().expect("http client"),
            ranges: std::sync::Arc::default(),
        };
        let policy = twofold::Policy::from_json(&policy.to_string()).expect("policy");
        let hash = twofold_server::crypto::hash_password("admin password for tests").expect("hash");
        let mut tx = state.store.begin().await.expect("begin");
        // The admin's password predates the policy under test, whose rules (an expiry, say)
        // apply to new passwords only.
        let id = twofold_server::store::tenants::insert(
            &mut tx,
            "acme",
            "ACME Corporation",
            &twofold::Policy::default(),
            START,
        )
        .await
        .expect("insert")
        .expect("a new tenant");
        let tenant = twofold_server::store::tenants::by_id(&mut tx, id).await.expect("read").expect("tenant");
        twofold_server::service::accounts::create_user(
            &mut tx,
            &tenant,
            &twofold_server::service::accounts::NewAccount {
                email: "admin@acme.test",
                name: "Ada Admin",
                role: Role::Admin,
                hash: &hash,
                locale: "en",
                email_verified: true,
            },
            START,
        )
        .await
        .expect("admin");
        twofold_server::store::tenants::save_policy(&mut tx, id, &policy, START).await.expect("policy");
        tx.commit().await.expect("commit");
        Self { app: app(state.clone()), state }
    }

    /// One number from a query (a count, say), for checks the API does not expose.
    /// Runs a statement, for states the API cannot reach (a role changed under a token).
    pub async fn execute(&self, sql: &str) {
        let mut conn = self.state.store.conn().await.expect("connection");
        sqlx::query(sql).execute(&mut *conn).await.expect("statement");
    }

    /// A client at `ip` that sends `authorization` and nothing else: no cookie, no CSRF
    /// token, as a system pulling the API would.
    pub fn system(&self, ip: &str, authorization: &[u8]) -> Client {
        Client {
            ip: ip.parse().expect("ip"),
            cookies: HashMap::new(),
            user_agent: "siem/1".into(),
            forwarded: None,
            language: None,
            authorization: Some(authorization.to_vec()),
        }
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        use sqlx::Row;
        let mut conn = self.state.store.conn().await.expect("connection");
        sqlx::query(sql).fetch_one(&mut *conn).await.expect("query").try_get(0).expect("a number")
    }

    pub fn now(&self) -> i64 {
        self.state.clock.now()
    }

    pub fn advance(&self, seconds: i64) {
        self.state.clock.advance(seconds);
    }

    /// A client at `ip` that has loaded /api/session (so it holds a CSRF token).
    pub async fn client(&self, ip: &str) -> Client {
        let mut client = Client {
            ip: ip.parse().expect("ip"),
            cookies: HashMap::new(),
            user_agent: "harness/1".into(),
            forwarded: None,
            language: None,
            authorization: None,
        };
        let response = self.send(&mut client, Method::GET, "/api/session", None).await;
        assert_eq!(response.status, StatusCode::OK);
        client
    }

    pub async fn send(
        &self,
        client: &mut Client,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let body = body.map(|b| b.to_string());
        self.send_raw(client, method, path, body, "application/json").await
    }

    pub async fn send_raw(
        &self,
        client: &mut Client,
        method: Method,
        path: &str,
        body: Option<String>,
        content_type: &str,
    ) -> Response {
        let mut request =
            Request::builder().method(method).uri(path).header(header::USER_AGENT, &client.user_agent);
        if !client.cookies.is_empty() {
            let cookies: Vec<String> = client.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        if let Some(token) = client.cookies.get("twofold_csrf") {
            request = request.header("x-csrf-token", token);
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(forwarded) = &client.forwarded {
            for line in forwarded.split('\n') {
                request = request.header("x-forwarded-for", line);
            }
        }
        if let Some(language) = &client.language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        if let Some(authorization) = &client.authorization {
            let value = header::HeaderValue::from_bytes(authorization).expect("a header value");
            request = request.header(header::AUTHORIZATION, value);
        }
        let mut request = request.body(body.map_or_else(Body::empty, Body::from)).expect("request");
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(client.ip, 40000)));
        let response = self.app.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .collect();
        for cookie in &set_cookies {
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attributes.contains("Max-Age=0") {
                client.cookies.remove(name);
            } else {
                client.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Response { status, body, text, set_cookies, headers }
    }

    /// A POST as relayed by a proxy that sets `X-Forwarded-For`.
    pub async fn send_forwarded(
        &self,
        client: &mut Client,
        path: &str,
        body: Value,
        forwarded: &str,
    ) -> Response {
        let previous = client.forwarded.replace(forwarded.to_owned());
        let response = self.send(client, Method::POST, path, Some(body)).await;
        client.forwarded = previous;
        response
    }

    pub async fn post(&self, client: &mut Client, path: &str, body: Value) -> Response {
        self.send(client, Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, client: &mut Client, path: &str, body: Value) -> Response {
        self.send(client, Method::PUT, path, Some(body)).await
    }

    pub async fn get(&self, client: &mut Client, path: &str) -> Response {
        self.send(client, Method::GET, path, None).await
    }

    /// Signs up `email` and returns the client, signed in.
    pub async fn signup(&self, email: &str, password: &str) -> Client {
        let mut client = self.client("192.0.2.10").await;
        let response = self
            .post(
                &mut client,
                "/api/t/acme/signup",
                json!({ "email": email, "name": "Jane Doe", "password": password }),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text);
        client
    }

    /// The token of the newest link mailed to `email` whose subject has `subject`, waiting (five
    /// seconds at most) for a message sent after the answer.
    #[allow(clippy::panic)]
    pub async fn mailed_token(&self, email: &str, subject: &str) -> String {
        use sqlx::Row;
        for _ in 0..100 {
            let mut conn = self.state.store.conn().await.unwrap();
            let row = sqlx::query(
                "SELECT body FROM outbox WHERE recipient = $1 AND subject LIKE $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(email)
            .bind(format!("%{subject}%"))
            .fetch_optional(&mut *conn)
            .await
            .unwrap();
            if let Some(row) = row {
                let body: String = row.get(0);
                let (_, rest) = body.split_once("#token=").expect("a link");
                return rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    .collect();
            }
            drop(conn);
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("nothing mailed to {email} about {subject}");
    }

    /// A client at `ip` that asked for a reset link for `email`, and the link's token.
    pub async fn reset_link(&self, ip: &str, email: &str) -> (Client, String) {
        let mut client = self.client(ip).await;
        let asked =
            self.post(&mut client, "/api/t/acme/password-reset", json!({ "identifier": email })).await;
        assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
        (client, self.mailed_token(email, "new password").await)
    }

    /// The newest code mailed to `email`, read from the outbox as an admin would.
    pub async fn mailed_code(&self, email: &str) -> String {
        let mut admin = self.admin().await;
        let outbox = self.get(&mut admin, "/api/admin/outbox").await;
        let message = outbox.body["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .find(|m| {
                m["recipient"] == email
                    && m["subject"].as_str().unwrap().chars().filter(char::is_ascii_digit).count() == 6
            })
            .expect("a code mailed");
        message["subject"].as_str().unwrap().chars().filter(char::is_ascii_digit).collect()
    }

    /// Proves the signed-in client's email address with the code mailed to it.
    pub async fn verify_email(&self, client: &mut Client, email: &str) {
        let sent = self.post(client, "/api/me/email/verification", json!({})).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        let code = self.mailed_code(email).await;
        let verified = self.post(client, "/api/me/email/verify", json!({ "code": code })).await;
        assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
        assert_eq!(verified.body["user"]["emailVerified"], true);
    }

    /// Signs up `email`, proves the address, and returns the client, signed in.
    pub async fn signup_verified(&self, email: &str, password: &str) -> Client {
        let mut client = self.signup(email, password).await;
        self.verify_email(&mut client, email).await;
        client
    }

    /// Enrolls the signed-in client in 2FA; returns the secret and the recovery codes.
    pub async fn enroll(&self, client: &mut Client) -> (String, Vec<String>) {
        let started = self.post(client, "/api/me/2fa/enroll", json!({})).await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.text);
        let secret = started.body["secret"].as_str().expect("secret").to_owned();
        let confirmed =
            self.post(client, "/api/me/2fa/confirm", json!({ "code": code(&secret, self.now()) })).await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
        let codes = confirmed.body["recoveryCodes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        (secret, codes)
    }

    /// Signs the client out and in again with the password and the current code, asking to
    /// remember the browser.
    pub async fn sign_in_remembering(
        &self,
        client: &mut Client,
        email: &str,
        password: &str,
        secret: &str,
    ) -> Response {
        self.send(client, Method::DELETE, "/api/session", None).await;
        self.post(client, "/api/t/acme/signin", json!({ "email": email, "password": password })).await;
        let body = json!({ "code": code(secret, self.now()), "rememberDevice": true });
        self.post(client, "/api/signin/second-factor", body).await
    }

    /// `count` sign-ins of `email` from `ip` that stop after the password.
    pub async fn abandon_second_steps(&self, email: &str, password: &str, ip: &str, count: usize) {
        for _ in 0..count {
            let mut someone = self.client(ip).await;
            let started = self
                .post(&mut someone, "/api/t/acme/signin", json!({ "email": email, "password": password }))
                .await;
            assert_eq!(started.body["stage"], "second_factor", "{}", started.text);
        }
    }

    /// The admin, signed in.
    pub async fn admin(&self) -> Client {
        let mut client = self.client("192.0.2.1").await;
        let response = self
            .post(
                &mut client,
                "/api/t/acme/signin",
                json!({ "email": "admin@acme.test", "password": "admin password for tests" }),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text);
        client
    }

    /// Audit events of the tenant, newest first (as the admin API lists them).
    pub async fn events(&self) -> Vec<String> {
        let mut admin = self.admin().await;
        let response = self.get(&mut admin, "/api/admin/audit?perPage=500").await;
        response.body["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["event"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// The code an authenticator app shows for `secret` at `time`, computed with the core.
pub fn code(secret: &str, time: i64) -> String {
    let totp = Totp::new(Secret::from_base32(secret).expect("secret"), OtpParams::default());
    totp.generate(u64::try_from(time).expect("time")).code
}

/// The PostgreSQL server the tests run against, if any.
pub fn postgres() -> Option<String> {
    std::env::var("TWOFOLD_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// Where a test's database lives: `:memory:`, or a new database on the test PostgreSQL.
pub async fn test_database() -> String {
    match postgres() {
        Some(server) => fresh_postgres_database(&server).await,
        None => ":memory:".to_owned(),
    }
}

/// Creates an empty database on `server` and answers its URL.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("twofold_test_{}_{n}_{nanos}", std::process::id());
    let mut admin = sqlx::AnyConnection::connect(server).await.expect("the test PostgreSQL server");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    admin.close().await.expect("close");
    let (base, _) = server.rsplit_once('/').expect("a URL ending in /database");
    format!("{base}/{name}")
}
