//! Headers every response carries: a Content-Security-Policy that allows no inline script
//! and no framing, no MIME sniffing, no referrer, and HSTS once cookies are `Secure` (the
//! site is then HTTPS only); and on API answers `Cache-Control: no-store`, since they carry
//! secrets, key URIs and recovery codes that no cache may keep.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The pages' policy: scripts, styles and connections from this origin only, WebAssembly
/// compiled from fetched bytes (`wasm-unsafe-eval`, which allows no JavaScript `eval`), QR
/// images as `data:` or `blob:` for saving, and no frame may hold a page.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                   form-action 'self'; frame-ancestors 'none'";

fn always(router: Router, name: HeaderName, value: &'static str) -> Router {
    router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
}

/// Adds the headers of every response; `https` adds HSTS.
pub fn secure(router: Router, https: bool) -> Router {
    let router = always(router, header::CONTENT_SECURITY_POLICY, CSP);
    let router = always(router, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    let router = always(router, header::REFERRER_POLICY, "no-referrer");
    let router = always(router, header::X_FRAME_OPTIONS, "DENY");
    let router = always(router, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if https { always(router, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000") } else { router }
}

/// Adds `Cache-Control: no-store` to API answers that say nothing of caching.
pub fn no_store(router: Router) -> Router {
    always(router, header::CACHE_CONTROL, "no-store")
}
