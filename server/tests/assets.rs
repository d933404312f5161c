//! The front end and the package's files as a browser gets them: the brotli or gzip copy the
//! build made when the browser takes it (never a copy older than its file), a strong ETag
//! per representation with `no-cache`, `304` on a match, and nothing outside the folders.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use common::Harness;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// A package folder (`js/`, `pkg/web/`) and a `www/` with a page, in a fresh temporary folder.
struct Site {
    root: PathBuf,
}

impl Site {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("twofold-assets-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for folder in ["www", "js", "pkg/web"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join("www/index.html"), "<!doctype html><title>home</title>").unwrap();
        std::fs::write(root.join("www/.hidden"), "secret").unwrap();
        std::fs::write(root.join("js/browser.js"), "export * from '../pkg/web/twofold.js';\n").unwrap();
        std::fs::write(root.join("pkg/web/twofold_bg.wasm"), b"\0asm\x01\0\0\0 the real bytes").unwrap();
        // Stand-ins for what scripts/compress.mjs writes: the server only chooses among them.
        std::fs::write(root.join("pkg/web/twofold_bg.wasm.br"), b"brotli bytes").unwrap();
        std::fs::write(root.join("pkg/web/twofold_bg.wasm.gz"), b"gzip bytes").unwrap();
        Self { root }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    async fn app(&self) -> Router {
        let harness = Harness::new(json!({})).await;
        twofold_server::app_with_front_end(harness.state, &self.path("www"), &self.root)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

async fn get(
    app: &Router,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let (parts, body) = response.into_parts();
    (parts.status, parts.headers, body.collect().await.unwrap().to_bytes().to_vec())
}

fn text(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

const WASM: &str = "/twofold/pkg/web/twofold_bg.wasm";

#[tokio::test]
async fn the_copy_the_browser_takes_best_first_else_the_file() {
    let site = Site::new("codings");
    let app = site.app().await;
    for (accept, coding, body) in [
        ("gzip, deflate, br, zstd", "br", &b"brotli bytes"[..]),
        ("gzip", "gzip", b"gzip bytes"),
        ("br;q=0, gzip;q=0.5", "gzip", b"gzip bytes"),
        ("*", "br", b"brotli bytes"),
        ("identity", "", b"\0asm\x01\0\0\0 the real bytes"),
        ("", "", b"\0asm\x01\0\0\0 the real bytes"),
    ] {
        let (status, headers, got) = get(&app, Method::GET, WASM, &[("accept-encoding", accept)]).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(text(&headers, header::CONTENT_ENCODING), coding, "{accept}");
        assert_eq!(got, body, "{accept}");
        assert_eq!(text(&headers, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(text(&headers, header::VARY), "accept-encoding");
        assert_eq!(text(&headers, header::CACHE_CONTROL), "no-cache");
        assert_eq!(text(&headers, header::CONTENT_LENGTH), body.len().to_string());
    }
}

#[tokio::test]
async fn a_copy_older_than_its_file_is_never_sent() {
    let site = Site::new("stale");
    let app = site.app().await;
    // The file was rebuilt after its copies were made: they describe the old bytes.
    let later = SystemTime::now() + Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(site.path("pkg/web/twofold_bg.wasm"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (_, headers, body) = get(&app, Method::GET, WASM, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(text(&headers, header::CONTENT_ENCODING), "");
    assert_eq!(body, b"\0asm\x01\0\0\0 the real bytes");
}

#[tokio::test]
async fn etags_name_the_content_and_each_representation_and_a_match_is_304() {
    let site = Site::new("etags");
    let app = site.app().await;
    let (_, plain, _) = get(&app, Method::GET, WASM, &[]).await;
    let (_, brotli, _) = get(&app, Method::GET, WASM, &[("accept-encoding", "br")]).await;
    let (plain, brotli) = (text(&plain, header::ETAG).to_owned(), text(&brotli, header::ETAG).to_owned());
    assert!(plain.starts_with('"') && plain.ends_with('"') && plain.len() > 20, "{plain}");
    assert_ne!(plain, brotli, "each content coding is a representation of its own");

    let (status, headers, body) =
        get(&app, Method::GET, WASM, &[("accept-encoding", "br"), ("if-none-match", &brotli)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(text(&headers, header::ETAG), brotli);
    let weak_list = format!("\"other\", W/{brotli}");
    let (status, ..) =
        get(&app, Method::GET, WASM, &[("accept-encoding", "br"), ("if-none-match", &weak_list)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED, "weak comparison, as for any GET");
    let (status, ..) = get(&app, Method::GET, WASM, &[("if-none-match", &brotli)]).await;
    assert_eq!(status, StatusCode::OK, "the brotli tag does not match the plain file");

    // New bytes of the same length: a new tag.
    std::fs::write(site.path("pkg/web/twofold_bg.wasm"), b"\0asm\x01\0\0\0 the next bytes").unwrap();
    let (status, headers, _) = get(&app, Method::GET, WASM, &[("if-none-match", &plain)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(text(&headers, header::ETAG), plain);
}

#[tokio::test]
async fn the_front_end_its_index_and_the_package_entry_points() {
    let site = Site::new("pages");
    let app = site.app().await;
    let (status, headers, body) = get(&app, Method::GET, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert!(!text(&headers, header::ETAG).is_empty());
    assert_eq!(body, b"<!doctype html><title>home</title>");
    assert!(
        text(&headers, header::CONTENT_SECURITY_POLICY).contains("script-src 'self'"),
        "the pages' policy"
    );
    let (status, headers, _) = get(&app, Method::GET, "/twofold/js/browser.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&headers, header::CONTENT_TYPE), "text/javascript; charset=utf-8");
    let (status, headers, body) = get(&app, Method::HEAD, WASM, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    assert_eq!(text(&headers, header::ETAG).len(), 24);
    // The API is still the API.
    let (status, headers, _) = get(&app, Method::GET, "/api/nothing", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(text(&headers, header::CONTENT_TYPE), "application/json");
}

#[tokio::test]
async fn nothing_outside_the_folders_and_no_hidden_files() {
    let site = Site::new("escape");
    std::fs::write(site.path("secret.txt"), "outside www").unwrap();
    let app = site.app().await;
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/twofold/js/../../secret.txt",
        "/.hidden",
        "/twofold/pkg/web/",
        "/twofold/secret.txt",
        "/nothing.html",
    ] {
        let (status, _, body) = get(&app, Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("outside www"), "{path}");
    }
    assert!(Path::new(&site.path("secret.txt")).exists());
}
