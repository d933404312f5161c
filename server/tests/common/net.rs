//! Over real sockets: a minimal HTTP client, and the real server binary on a database of its
//! own (a SQLite file, or a database on the test PostgreSQL), started, killed and restarted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use twofold_server::store::{Store, StoreOptions};

/// A minimal HTTP/1.1 client: one request per connection.
pub async fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    cookies: &str,
    body: Option<&Value>,
) -> (u16, Value, Vec<String>) {
    try_http(address, method, path, cookies, body).await.expect("an HTTP response")
}

/// The same, `None` when the server is gone.
pub async fn try_http(
    address: SocketAddr,
    method: &str,
    path: &str,
    cookies: &str,
    body: Option<&Value>,
) -> Option<(u16, Value, Vec<String>)> {
    let mut stream = TcpStream::connect(address).await.ok()?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let csrf = cookies.split("; ").find_map(|c| c.strip_prefix("twofold_csrf=")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nCookie: {cookies}\r\nX-CSRF-Token: {csrf}\r\nUser-Agent: socket-test\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok())?;
    let set_cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .collect();
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null), set_cookies))
}

/// A database the server binary can be pointed at, removed at the end where it is a file.
pub struct TestDatabase {
    /// What `--database` is given.
    pub location: String,
    folder: PathBuf,
}

/// The key every instance in a test shares (PostgreSQL needs it given; SQLite accepts it).
pub const SECRET_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

impl TestDatabase {
    /// A fresh one, on the test PostgreSQL if there is one, else a SQLite file.
    pub async fn new() -> Self {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let folder = std::env::temp_dir().join(format!("twofold-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).expect("folder");
        let location = match super::postgres() {
            Some(server) => super::fresh_postgres_database(&server).await,
            None => folder.join("twofold.sqlite3").to_string_lossy().into_owned(),
        };
        Self { location, folder }
    }

    /// The same database, opened by the test itself.
    pub async fn open(&self) -> Store {
        Store::open(&self.location, &StoreOptions::default()).await.expect("open the database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// A running `twofold-server`.
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    /// What it printed on its standard output, line by line.
    pub output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    child: tokio::process::Child,
}

impl Server {
    /// Starts the binary on `database` with `args` and waits until it listens.
    pub async fn start(database: &TestDatabase, args: &[&str]) -> Self {
        let folder = database.folder.to_str().expect("a UTF-8 path").to_owned();
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_twofold-server"))
            .args(["--listen", "127.0.0.1:0", "--database", &database.location, "--secret-key", SECRET_KEY])
            .args(["--www", &folder, "--package", &folder])
            // Tests sign many people up from one address.
            .args(["--signups-per-address", "100000", "--signups-per-tenant", "100000"])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn the server");
        let stdout = child.stdout.take().expect("stdout");
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines.next_line().await.expect("read").expect("the server printed its address");
            output.lock().expect("lock").push(line.clone());
            if let Some(rest) = line.strip_prefix("twofold: serving on http://") {
                break rest.split('/').next().expect("address").parse::<SocketAddr>().expect("address");
            }
        };
        let sink = output.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                sink.lock().expect("lock").push(line);
            }
        });
        Self { address, output, child }
    }

    /// SIGKILL, and wait for it to die.
    pub async fn kill(&mut self) {
        self.child.start_kill().expect("SIGKILL");
        self.child.wait().await.expect("killed");
    }

    /// The administrator's password the demo printed, if it did.
    pub fn admin_password(&self) -> Option<String> {
        self.output.lock().expect("lock").iter().find_map(|line| {
            line.split_once("password: ")
                .map(|(_, rest)| rest.split_whitespace().next().unwrap_or("").to_owned())
        })
    }
}

/// A browser over real sockets: keeps its cookies and sends the CSRF token.
#[derive(Clone, Default)]
pub struct Browser {
    cookies: std::collections::BTreeMap<String, String>,
}

impl Browser {
    /// A browser that has loaded `/api/session` from `address` (so it holds a CSRF token).
    pub async fn new(address: SocketAddr) -> Self {
        let mut browser = Self::default();
        browser.send(address, "GET", "/api/session", None).await;
        browser
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// One request; answers the status and the JSON body.
    pub async fn send(
        &mut self,
        address: SocketAddr,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let (status, body, set) = http(address, method, path, &self.cookie_header(), body).await;
        for pair in set {
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        (status, body)
    }

    /// A POST.
    pub async fn post(&mut self, address: SocketAddr, path: &str, body: &Value) -> (u16, Value) {
        self.send(address, "POST", path, Some(body)).await
    }
}

impl TestDatabase {
    /// An existing database at `location` (nothing to remove at the end).
    pub fn at(location: &str) -> Self {
        Self { location: location.to_owned(), folder: std::env::temp_dir().join("twofold-test-unused") }
    }
}

impl Server {
    /// SIGTERM (through `kill(1)`: the crate forbids the `unsafe` a direct call takes), then
    /// its exit status if it exits within `within`.
    pub async fn terminate(&mut self, within: std::time::Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().expect("still running").to_string();
        let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -TERM {pid}");
        tokio::time::timeout(within, self.child.wait()).await.ok().map(|status| status.expect("exit status"))
    }
}

/// What the server sends on `stream` until it closes it, or `None` if it is still open after
/// `within`. A reset counts as a close.
pub async fn until_closed(
    stream: &mut (impl AsyncReadExt + Unpin),
    within: std::time::Duration,
) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut chunk = [0u8; 4096];
        while let Ok(n @ 1..) = stream.read(&mut chunk).await {
            received.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&received).into_owned())
}

/// The status and JSON body of one whole response.
pub fn parse_response(text: &str) -> Option<(u16, Value)> {
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

/// One response read off a connection that stays open (its body sized by `Content-Length`).
pub async fn read_response(stream: &mut TcpStream) -> Option<(u16, Value)> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        received.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length: usize = head.lines().find_map(|l| l.strip_prefix("content-length: "))?.trim().parse().ok()?;
    while received.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        received.extend_from_slice(&chunk[..n]);
    }
    parse_response(&String::from_utf8_lossy(&received[..head_end + length]))
}
