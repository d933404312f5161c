//! Serving the router over TCP: our own accept loop on hyper, so that every connection has
//! deadlines, their number has a ceiling, and shutdown has an end.
//!
//! - **A request head** must arrive within `header_timeout` of its first byte, or it is
//!   answered 408 `request_timeout` and closed (a slow or half-sent head, "slowloris").
//! - **A request body** must arrive whole within `body_timeout` of when the handler starts
//!   to read it, or the request is answered 408 and its connection closed. The clock does
//!   not restart with each chunk, so a trickle cannot hold a request open.
//! - **A kept-alive connection** may be silent (no request in flight, no byte either way)
//!   for `idle_timeout`; then it is closed without a word. One that is still silent an
//!   `idle_timeout` after it was asked to close (a client that stopped reading its
//!   response) is cut.
//! - **At most `max_connections`** are open at once. One more is answered at once with a
//!   fixed 503 `unavailable` (`Retry-After: 1`, `Connection: close`) and closed, so a client
//!   learns at once that the server is full instead of waiting in the listen queue; a few
//!   such answers are under way at a time, and past them a connection is closed unanswered.
//! - **On shutdown** the listener closes, idle connections close, requests in flight run to
//!   the end and their connections close after them; when `shutdown_grace` has passed,
//!   whatever is left is cut.
//!
//! Why not hyper's `header_read_timeout` alone: it measures from when hyper begins to wait
//! for a head, which on a kept-alive connection is the end of the previous response, and it
//! closes without an answer. It is therefore an idle timeout and a header timeout in one,
//! with one duration for both. Here it stays only as a backstop, at `idle_timeout +
//! header_timeout`, the longest these rules let a head take.
//!
//! Every request also passes through [`guard`]: the body deadline, a panic turned into a
//! 500 `internal` refusal (the connection and everything the handler held, such as a
//! database connection, are released as the panic unwinds, so later requests are served),
//! and the refusals put in the request's language.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;

use super::error::{localize, render};
use super::extract::Locale;
use crate::error::Error;
use crate::i18n;

/// What one instance allows its connections; `config.rs` has the defaults and why.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections open at once.
    pub max_connections: usize,
    /// From the first byte of a request head to its last.
    pub header_timeout: Duration,
    /// From when a handler starts to read a request body to its last byte.
    pub body_timeout: Duration,
    /// Silence allowed between requests on a kept-alive connection.
    pub idle_timeout: Duration,
    /// How long requests in flight may still take once shutdown begins.
    pub shutdown_grace: Duration,
}

/// Over-limit answers being written at once; past these, a connection is closed unanswered.
const REFUSALS_AT_ONCE: usize = 64;
/// How long a refused connection is given to read its answer and close.
const REFUSAL_LINGER: Duration = Duration::from_secs(1);
/// File descriptors kept for the database, the files served and the refusals, below the
/// process's limit, when the connection limit would not leave them.
const DESCRIPTORS_KEPT: usize = REFUSALS_AT_ONCE + 64;
/// The pause after an accept that failed for want of descriptors or memory.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` within `limits` until `shutdown` resolves, then for at most
/// `limits.shutdown_grace` more. Each request sees its peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let limits = Limits { max_connections: within_descriptors(limits.max_connections), ..limits };
    let router = guard(router, limits.body_timeout);
    let answers = Answers::new().await;
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let refusing = Arc::new(Semaphore::new(REFUSALS_AT_ONCE));
    let (stop, stopping) = watch::channel(());
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match open.clone().try_acquire_owned() {
                    Ok(permit) => {
                        let (router, answers, stopping) = (router.clone(), answers.clone(), stopping.clone());
                        connections.spawn(connection(stream, peer, router, limits, answers, stopping, permit));
                    }
                    Err(_) => {
                        if let Ok(permit) = refusing.clone().try_acquire_owned() {
                            let answer = answers.busy.clone();
                            connections.spawn(async move {
                                refuse(stream, &answer).await;
                                drop(permit);
                            });
                        }
                    }
                },
                Err(error) => accept_failed(&error).await,
            },
        }
    }
    drop(listener);
    stop.send_replace(());
    let finished = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            left = connections.len(),
            "the shutdown deadline passed; closing the connections left"
        );
        connections.shutdown().await;
    }
}

/// The layers every request passes through, outermost last.
fn guard(router: Router, body_timeout: Duration) -> Router {
    router
        .layer(middleware::from_fn_with_state(body_timeout, body_deadline))
        .layer(CatchPanicLayer::custom(panic_refusal))
        .layer(middleware::from_fn(localize))
}

/// An accept that failed: the client gave up first (take the next one at once), or the
/// process is out of descriptors or memory (pause, rather than spin, while some close).
async fn accept_failed(error: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    if matches!(error.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted) {
        return;
    }
    tracing::error!(%error, "accepting a connection failed");
    tokio::time::sleep(ACCEPT_PAUSE).await;
}

/// `wanted`, or less where the process may not open that many descriptors (on Linux, whose
/// `/proc` tells the limit): at the limit, accept would fail instead of answering 503.
fn within_descriptors(wanted: usize) -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits").ok().and_then(|limits| {
        let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
        line.trim_start_matches("Max open files").split_whitespace().next()?.parse::<usize>().ok()
    });
    match soft {
        Some(soft) if wanted.saturating_add(DESCRIPTORS_KEPT) > soft => {
            let allowed = soft.saturating_sub(DESCRIPTORS_KEPT).max(1);
            tracing::warn!(
                wanted,
                allowed,
                open_files = soft,
                "the open-file limit (ulimit -n) is too low for --max-connections; lowering it"
            );
            allowed
        }
        _ => wanted,
    }
}

/// What one connection is doing, as its watch sees it. Only the connection's own task
/// touches it (hyper polls the socket and the router in that task), so relaxed atomics do.
struct Activity {
    opened: Instant,
    /// Milliseconds from `opened` to the last byte read or written.
    last_io: AtomicU64,
    /// One more than the milliseconds from `opened` to the first byte of the request head
    /// being read; 0 while none is.
    head_since: AtomicU64,
    /// Requests handed to the router and not answered yet.
    in_flight: AtomicUsize,
    /// Wakes the watch when a head begins, whose deadline may be sooner than its alarm.
    head_begun: Notify,
}

/// What the watch decides.
enum Watch {
    /// Nothing to do before then.
    Until(Instant),
    /// Silent for the idle timeout.
    Silent,
    /// A request head has taken longer than the header timeout.
    HeadTooSlow,
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Activity {
    fn new() -> Self {
        Self {
            opened: Instant::now(),
            last_io: AtomicU64::new(0),
            head_since: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            head_begun: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        millis(self.opened.elapsed())
    }

    fn at(&self, millis: u64) -> Instant {
        self.opened + Duration::from_millis(millis)
    }

    fn read(&self) {
        let now = self.now();
        self.last_io.store(now, Ordering::Relaxed);
        if self.in_flight.load(Ordering::Relaxed) == 0
            && self.head_since.compare_exchange(0, now + 1, Ordering::Relaxed, Ordering::Relaxed).is_ok()
        {
            self.head_begun.notify_one();
        }
    }

    fn wrote(&self) {
        self.last_io.store(self.now(), Ordering::Relaxed);
    }

    /// A whole head arrived and goes to the router; the answer ends the returned guard.
    fn request(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        self.head_since.store(0, Ordering::Relaxed);
        InFlight(self.clone())
    }

    fn watch(&self, limits: &Limits) -> Watch {
        let now = self.now();
        if self.in_flight.load(Ordering::Relaxed) > 0 {
            // The router bounds its requests; the silence after one counts from its end.
            return Watch::Until(self.at(now + millis(limits.idle_timeout)));
        }
        let (deadline, verdict) = match self.head_since.load(Ordering::Relaxed) {
            0 => (self.last_io.load(Ordering::Relaxed) + millis(limits.idle_timeout), Watch::Silent),
            since => (since - 1 + millis(limits.header_timeout), Watch::HeadTooSlow),
        };
        if now >= deadline { verdict } else { Watch::Until(self.at(deadline)) }
    }
}

/// A request the router has not answered yet.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.wrote();
    }
}

/// A socket that tells its [`Activity`] of every byte.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

type Answering = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// One connection, from accept to close; `_permit` is its place under the limit.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    answers: Answers,
    mut stopping: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched { stream, activity: activity.clone() });
    let in_flight = activity.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let answered = in_flight.request();
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        let router = router.clone();
        Box::pin(async move {
            let response = router.oneshot(request).await;
            drop(answered);
            response
        }) as Answering
    });
    let mut conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout + limits.header_timeout)
        .serve_connection(io, service);
    // Asked to close (idle, or shutting down): hyper closes once no request is left.
    let mut closing = false;
    loop {
        let until = match activity.watch(&limits) {
            Watch::Until(at) => at,
            Watch::HeadTooSlow => {
                // Bytes read after an answer may have been the rest of a body its handler
                // left unread, which hyper drained: only a head hyper still holds is one.
                let parts = conn.into_parts();
                if !parts.read_buf.is_empty() {
                    refuse(parts.io.into_inner().stream, &answers.timed_out).await;
                }
                return;
            }
            Watch::Silent if closing => return,
            Watch::Silent => {
                closing = true;
                Pin::new(&mut conn).graceful_shutdown();
                Instant::now() + limits.idle_timeout
            }
        };
        enum Event {
            Ended(hyper::Result<()>),
            Look,
            Stop,
        }
        let event = tokio::select! {
            ended = poll_fn(|cx| conn.poll_without_shutdown(cx)) => Event::Ended(ended),
            () = tokio::time::sleep_until(until) => Event::Look,
            () = activity.head_begun.notified() => Event::Look,
            Ok(()) = stopping.changed(), if !closing => Event::Stop,
        };
        match event {
            Event::Ended(Ok(())) => return,
            Event::Ended(Err(error)) => {
                tracing::debug!(%error, %peer, "connection ended");
                return;
            }
            Event::Look => {}
            Event::Stop => {
                closing = true;
                Pin::new(&mut conn).graceful_shutdown();
            }
        }
    }
}

/// Writes `answer` and closes: our half first, then the socket once the client has closed
/// its own (or after [`REFUSAL_LINGER`]). Closing with its request still unread would reset
/// the connection, and a reset can destroy the answer before the client reads it.
async fn refuse(mut stream: TcpStream, answer: &[u8]) {
    let _ = tokio::time::timeout(REFUSAL_LINGER, async {
        stream.write_all(answer).await?;
        stream.shutdown().await?;
        let mut unread = [0; 1024];
        while stream.read(&mut unread).await? > 0 {}
        io::Result::Ok(())
    })
    .await;
}

/// The answers written straight to a socket, outside the router: whole HTTP/1.1 responses
/// in English (no request has been read to say which language), rendered once.
#[derive(Clone)]
struct Answers {
    busy: Bytes,
    timed_out: Bytes,
}

impl Answers {
    async fn new() -> Self {
        Self {
            busy: wire(&Error::Unavailable(String::new()), Some("1")).await,
            timed_out: wire(&Error::TimedOut, None).await,
        }
    }
}

/// `error` as the bytes of a response that closes its connection.
async fn wire(error: &Error, retry_after: Option<&str>) -> Bytes {
    let (parts, body) = render(error, i18n::FALLBACK).into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let status = parts.status;
    let mut head =
        format!("HTTP/1.1 {} {}\r\n", status.as_str(), status.canonical_reason().unwrap_or_default());
    if let Some(kind) = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        let _ = write!(head, "content-type: {kind}\r\n");
    }
    if let Some(seconds) = retry_after {
        let _ = write!(head, "retry-after: {seconds}\r\n");
    }
    let _ = write!(head, "content-length: {}\r\nconnection: close\r\n\r\n", body.len());
    [head.as_bytes(), &body].concat().into()
}

/// Gives each request body a deadline, and answers 408 in the request's language when it
/// passes, whatever the handler made of its failed read.
async fn body_deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let Locale(locale) = Locale::of(request.headers());
    let expired = Arc::new(AtomicBool::new(false));
    let flag = expired.clone();
    let request = request.map(|body| Body::new(Deadline { body, limit, alarm: None, expired: flag }));
    let response = next.run(request).await;
    if !expired.load(Ordering::Relaxed) {
        return response;
    }
    // The rest of the body is unread: this connection cannot carry another request.
    let mut refused = render(&Error::TimedOut, locale);
    refused.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    refused
}

/// A body that fails once `limit` has passed since it was first polled.
struct Deadline {
    body: Body,
    limit: Duration,
    alarm: Option<Pin<Box<Sleep>>>,
    expired: Arc<AtomicBool>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let limit = self.limit;
        let alarm = self.alarm.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if alarm.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(axum::Error::new("the request body took too long to arrive"))));
        }
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A panic in a handler: a 500 `internal` refusal, with what the panic said in the log.
fn panic_refusal(panic: Box<dyn std::any::Any + Send>) -> Response {
    let said = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Error::internal(format!("a handler panicked: {said}")).into_response()
}
