//! Defences every response and request passes through: security headers with a per-page
//! Content-Security-Policy nonce, and refusal of state-changing requests from other origins.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;

use crate::startup::AppState;

/// The policy for pages: scripts only from this site or carrying the page's nonce, wasm
/// compilation allowed, no inline styles or scripts otherwise.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Gives each request a Content-Security-Policy nonce, and a rendered page the policy naming
/// it. The render puts the same nonce on the page's scripts (startup's context takes it from
/// the request), so the header and the page agree without the header passing through
/// Leptos' `ResponseOptions`: set there, it was now and then missing from a page, whose
/// scripts the browser then refused, leaving the page without JavaScript.
pub async fn page_nonce(mut request: Request, next: Next) -> Response {
    // The wasm, scripts and styles are never pages: no nonce to make for them.
    if is_static_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if is_page && let Ok(policy) = HeaderValue::from_str(&page_csp(&nonce)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The policy for everything that is not a rendered page.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'; form-action 'self'";

/// Headers set on every response that does not already carry them.
pub fn static_headers(secure: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if secure {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

/// Refuses a state-changing request unless the browser says it came from our own pages.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe(request.method()) || comes_from_us(&request, state.config.public_origin.as_deref()) {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            "refused a cross-origin request"
        );
        (
            StatusCode::FORBIDDEN,
            "This request did not come from BizWorks' own pages, so it was refused. \
             Reload the page and try again.",
        )
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// `Origin` must name this site (the configured public origin, or the request's own host);
/// without `Origin`, `Sec-Fetch-Site` must say same-origin. A request carrying neither is
/// refused: every browser that can send our cookie sends one of them.
fn comes_from_us(request: &Request, public_origin: Option<&str>) -> bool {
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if let Some(public) = public_origin {
            return origin == public;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin_host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        return matches!((origin_host, host), (Some(a), Some(b)) if a == b);
    }
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "same-origin")
}

/// Refuses a download asked for by another site. A download writes the audit log in the name
/// of whoever's cookie came with it, and a `GET` passes [`same_origin`]; the session cookie
/// (`SameSite=Lax`) still comes with a link or redirect from elsewhere, so a hostile page
/// could have a director "export" figures they never asked for. Browsers say where a request
/// came from in `Sec-Fetch-Site`: a link on our pages is `same-origin`, an address typed or
/// bookmarked `none`; one without the header (an older browser, a script) is let through.
pub async fn only_from_our_pages(request: Request, next: Next) -> Response {
    let site = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if matches!(site, None | Some("same-origin" | "none")) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a download asked for by another site");
        (
            StatusCode::FORBIDDEN,
            "This download was asked for by another site, so it was refused. Open it from \
             BizWorks' own pages.",
        )
            .into_response()
    }
}

/// Files the site serves as they are (the wasm bundle, its script and styles, the icons, the
/// web app manifest and the service worker): no page, no data. Paths with `..` are never
/// assets.
pub fn is_static_asset(path: &str) -> bool {
    const FILES: [&str; 3] = ["/favicon.svg", "/manifest.webmanifest", "/sw.js"];
    !path.contains("..")
        && (path.starts_with("/pkg/") || path.starts_with("/icons/") || FILES.contains(&path))
}

/// Server functions anyone may call without signing in: their bodies are small forms, so
/// anything bigger is refused before it is read whole.
const PUBLIC_FORMS: &[&str] = &["/api/request_assistance", "/api/track_assistance_request"];

/// The most a public form may send, in bytes: every field at its longest fits many times.
pub const PUBLIC_FORM_LIMIT: usize = 32 * 1024;

/// Refuses an oversized body sent to a public form with 413 and a message saying why.
pub async fn limit_public_forms(request: Request, next: Next) -> Response {
    if !PUBLIC_FORMS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, PUBLIC_FORM_LIMIT).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
        Err(_) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form is too long to send. Shorten what you wrote and try again.",
        )
            .into_response(),
    }
}

/// Leptos answers every failed server function with 500, whatever went wrong. Our errors
/// know their status (`AppError::status`): a request the server could not read is a 400, a
/// refusal a 403, so a client (or a scanner) is told what it did.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
        && status != StatusCode::BAD_GATEWAY
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The address a request came from: the TCP peer, unless the peer is one of our trusted
/// reverse proxies, in which case the nearest address in `X-Forwarded-For` that is not
/// itself a trusted proxy. Limits per address (sign-in, the public form) key on this.
pub fn client_address(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    forwarded
        .iter()
        .rev()
        .filter_map(|hop| hop.parse::<std::net::IpAddr>().ok())
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(Method::POST).uri("/auth/sign-in");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).expect("valid request")
    }

    #[test]
    fn same_host_origin_is_ours() {
        let request = post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert!(comes_from_us(&request, None));
    }

    #[test]
    fn other_origins_and_bare_requests_are_refused() {
        let forged = post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example"),
        ]);
        assert!(!comes_from_us(&forged, None));
        let bare = post(&[("host", "127.0.0.1:3000")]);
        assert!(!comes_from_us(&bare, None));
        let cross = post(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]);
        assert!(!comes_from_us(&cross, None));
        let same = post(&[
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(comes_from_us(&same, None));
    }

    #[test]
    fn a_configured_public_origin_is_the_only_one() {
        let proxied = post(&[
            ("host", "10.0.0.5:3000"),
            ("origin", "https://bizworks.example.org"),
        ]);
        assert!(comes_from_us(
            &proxied,
            Some("https://bizworks.example.org")
        ));
        let direct = post(&[
            ("host", "10.0.0.5:3000"),
            ("origin", "http://10.0.0.5:3000"),
        ]);
        assert!(!comes_from_us(
            &direct,
            Some("https://bizworks.example.org")
        ));
    }

    #[test]
    fn page_policy_carries_the_nonce_and_no_unsafe_inline() {
        let csp = page_csp("abc123");
        assert!(csp.contains("'nonce-abc123'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn the_client_is_the_peer_unless_a_trusted_proxy_forwards_it() {
        use axum::http::HeaderMap;
        let ip = |s: &str| {
            s.parse::<std::net::IpAddr>()
                .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))
        };
        let proxy = ip("10.0.0.5");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7, 10.0.0.5"),
        );
        // Facing browsers directly, a forwarded header is anyone's to write: ignored.
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &[]),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &[proxy]),
            ip("198.51.100.1")
        );
        // Behind the proxy: the nearest hop it did not add itself; what the client wrote
        // further left is not believed.
        assert_eq!(client_address(proxy, &headers, &[proxy]), ip("203.0.113.7"));
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
