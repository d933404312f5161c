//! A provider on 127.0.0.1 for tests: it records every request (method, target, headers,
//! body) and answers as told, so a test can check a request's exact shape and the server's
//! handling of success, refusal, failure and silence.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use reqwest::Url;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the fake read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as `application/x-www-form-urlencoded` fields, each name once.
    pub fn form(&self) -> BTreeMap<String, String> {
        assert_eq!(self.header("content-type"), Some("application/x-www-form-urlencoded"));
        let mut url = Url::parse("http://form.invalid/").unwrap();
        url.set_query(Some(std::str::from_utf8(&self.body).unwrap()));
        let mut fields = BTreeMap::new();
        for (name, value) in url.query_pairs() {
            assert!(fields.insert(name.to_string(), value.to_string()).is_none(), "{name} sent twice");
        }
        fields
    }

    pub fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// What the fake does with a request.
pub enum Reply {
    /// Answers with a status and a body.
    With(u16, &'static str, String),
    /// Sends the client elsewhere.
    Redirect(String),
    /// Reads and never answers.
    Silence,
}

pub fn json_reply(status: u16, body: Value) -> Reply {
    Reply::With(status, "application/json", body.to_string())
}

/// A provider on 127.0.0.1 that records every request and answers by `reply`.
pub struct Fake {
    pub url: Url,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl Fake {
    pub async fn start(reply: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (log, reply) = (Arc::clone(&requests), Arc::new(reply));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, reply) = (Arc::clone(&log), Arc::clone(&reply));
                tokio::spawn(async move { serve(stream, &log, &*reply).await });
            }
        });
        Self { url: Url::parse(&format!("http://{address}/")).unwrap(), requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// The one request the fake got.
    pub fn only(&self) -> Request {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:#?}");
        requests.into_iter().next().unwrap()
    }

    pub fn address(&self) -> SocketAddr {
        format!("{}:{}", self.url.host_str().unwrap(), self.url.port().unwrap()).parse().unwrap()
    }
}

/// A tiny HTTP/1.1 server side: one request per connection, `Content-Length` bodies.
pub async fn serve(
    mut stream: TcpStream,
    log: &Mutex<Vec<Request>>,
    reply: &(dyn Fn(&Request) -> Reply + Send + Sync),
) {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8(data[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let (method, target) = (request_line.next().unwrap().to_owned(), request_line.next().unwrap().to_owned());
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    assert!(
        !headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")),
        "bodies have a length"
    );
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&buffer[..n]),
        }
    }
    let request = Request { method, target, headers, body };
    let answer = reply(&request);
    log.lock().unwrap().push(request);
    match answer {
        Reply::With(status, content_type, body) => {
            let response = format!(
                "HTTP/1.1 {status} Fake\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
        Reply::Redirect(location) => {
            let response = format!(
                "HTTP/1.1 307 Fake\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
        Reply::Silence => {
            // Hold the connection until the client gives up and closes it.
            let _ = stream.read(&mut buffer).await;
        }
    }
}
