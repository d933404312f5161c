//! Static files: the front end, and the npm package's JS and wasm that its pages import.
//!
//! Each answer carries a strong `ETag` (a hash of the file's bytes) with `Cache-Control:
//! no-cache`: a repeat visit costs one `304` per file and no body, and the browser can never
//! pair a cached glue module with a newer wasm, which names that never change would allow
//! only if the pages were rewritten on every build. When the browser takes brotli or gzip
//! and the build left `NAME.br` or `NAME.gz` beside the file (`scripts/compress.mjs`, run
//! once per build, not per request), that copy is sent instead, as long as it is not older
//! than the file itself.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, HeaderMap, HeaderName, HeaderValue,
    IF_NONE_MATCH, VARY,
};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The content codings the build makes, best first, with the suffix of their files.
const CODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// Serves the files under `folder` (GET and HEAD), `index.html` for a path ending in `/`.
pub fn service(folder: PathBuf) -> MethodRouter {
    get(asset_show).with_state(Assets { folder: Arc::new(folder), tags: Arc::default() })
}

#[derive(Clone)]
struct Assets {
    folder: Arc<PathBuf>,
    /// The hash of each file served, kept while its size and modification time stay.
    tags: Arc<Mutex<HashMap<PathBuf, Tag>>>,
}

struct Tag {
    modified: SystemTime,
    len: u64,
    hash: String,
}

async fn asset_show(State(assets): State<Assets>, uri: Uri, headers: HeaderMap) -> Result<Response> {
    let unknown =
        || Error::not_found("route_unknown").detail(uri.path().chars().take(200).collect::<String>());
    let file = resolve(&assets.folder, uri.path()).ok_or_else(unknown)?;
    let meta = match tokio::fs::metadata(&file).await {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => return Err(unknown()),
        Err(error) if error.kind() == ErrorKind::NotFound => return Err(unknown()),
        Err(error) => return Err(Error::internal(format!("reading {}: {error}", file.display()))),
    };
    let modified = meta.modified().map_err(Error::internal)?;
    let hash = assets.hash(&file, modified, meta.len()).await?;

    let mut coding = None;
    for (name, suffix) in CODINGS {
        if !accepts(&headers, name) {
            continue;
        }
        let copy = with_suffix(&file, suffix);
        // A copy older than its file was made from an earlier build: never send it.
        let fresh = tokio::fs::metadata(&copy)
            .await
            .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|at| at >= modified));
        if fresh {
            coding = Some((name, copy));
            break;
        }
    }

    let etag = match &coding {
        Some((name, _)) => format!("\"{hash}.{name}\""),
        None => format!("\"{hash}\""),
    };
    let mut response = if none_match(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let path = coding.as_ref().map_or(&file, |(_, copy)| copy);
        let bytes = tokio::fs::read(path).await.map_err(Error::internal)?;
        let mut response = Body::from(bytes).into_response();
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
        if let Some((name, _)) = coding {
            response.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        response
    };
    let out = response.headers_mut();
    out.insert(ETAG, HeaderValue::from_str(&etag).map_err(Error::internal)?);
    out.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    out.insert(VARY, HeaderValue::from_static("accept-encoding"));
    Ok(response)
}

impl Assets {
    /// The file's hash: from memory while the file is unchanged, else read and hashed.
    async fn hash(&self, file: &Path, modified: SystemTime, len: u64) -> Result<String> {
        if let Some(tag) = self.lock()?.get(file).filter(|t| t.modified == modified && t.len == len) {
            return Ok(tag.hash.clone());
        }
        let bytes = tokio::fs::read(file).await.map_err(Error::internal)?;
        // 128 bits of SHA-256 name a file's content well beyond any collision by chance.
        let hash = URL_SAFE_NO_PAD.encode(&Sha256::digest(&bytes)[..16]);
        self.lock()?.insert(file.to_owned(), Tag { modified, len, hash: hash.clone() });
        Ok(hash)
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<PathBuf, Tag>>> {
        self.tags.lock().map_err(|_| Error::internal("the asset hashes' lock is poisoned"))
    }
}

/// The file a URL path names inside `folder`, or `None` for anything that could leave it or
/// reach a hidden file: empty, `.` or `..` segments, dot-files, backslashes, escapes.
fn resolve(folder: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.strip_prefix('/').unwrap_or(path);
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let mut file = folder.to_path_buf();
    for segment in relative.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains(['\\', '%', ':', '\0']) {
            return None;
        }
        file.push(segment);
    }
    Some(file)
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(file.as_os_str());
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `Accept-Encoding` takes `coding`: named with a q-value above zero, or, when not
/// named, through `*` with one.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    let mut wildcard = false;
    for item in list(headers, ACCEPT_ENCODING) {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
            .next()
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            wildcard = q > 0.0;
        }
    }
    wildcard
}

/// Whether `If-None-Match` lists `etag` (weak comparison, as RFC 9110 asks for GET) or `*`.
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    list(headers, IF_NONE_MATCH)
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// The items of a comma-separated header, over all its lines.
fn list(headers: &HeaderMap, name: HeaderName) -> impl Iterator<Item = &str> {
    headers.get_all(name).into_iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','))
}

/// The media types of what the front end and the package hold; wasm must be
/// `application/wasm` for streaming compilation.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
