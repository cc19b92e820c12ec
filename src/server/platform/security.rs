//! Response headers every answer carries, the cross-site check on state-changing requests, and
//! the request body limit.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{
        HeaderMap, HeaderValue, Method, StatusCode,
        header::{
            CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN, REFERER, REFERRER_POLICY,
            STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
        },
    },
    middleware::Next,
    response::{IntoResponse, Response},
};
use reqwest::Url;

use crate::domain::error::AppError;
use crate::server::platform::state::AppState;

/// The largest request body accepted: the form is a few kilobytes at most.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

/// The policy for anything that is not a rendered page (API answers, files, errors): nothing
/// may load and nothing may frame it.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The policy for a rendered page: only our own files, our wasm (`'wasm-unsafe-eval'`), and the
/// inline hydration scripts that carry this response's `nonce`; nothing third-party, no framing.
/// `reload` adds the development reload socket (`cargo leptos watch`). `payments` lists the
/// origins a form post may be redirected to (Stripe's checkout and portal): browsers check
/// `form-action` on the redirect too.
pub(crate) fn page_csp(nonce: &str, reload: Option<&str>, payments: &[String]) -> String {
    let connect = reload.map_or("'self'".to_owned(), |ws| format!("'self' {ws}"));
    let forms = std::iter::once("'self'".to_owned())
        .chain(payments.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         object-src 'none'; base-uri 'self'; form-action {forms}; frame-ancestors 'none'"
    )
}

/// Where Stripe sends a visitor who pays or manages a plan: its hosted checkout and billing
/// portal, plus the API base's own origin when it is not Stripe's (a fake Stripe in tests).
/// Empty when payments are off.
pub(crate) fn payment_origins(settings: &crate::server::platform::config::Settings) -> Vec<String> {
    if !settings.payments_enabled() {
        return Vec::new();
    }
    let mut origins = vec![
        "https://checkout.stripe.com".to_owned(),
        "https://billing.stripe.com".to_owned(),
    ];
    let api = settings.stripe.api_base.origin().ascii_serialization();
    if api != "https://api.stripe.com" {
        origins.push(api);
    }
    origins
}

/// Adds the security headers to every response (a page's own policy is kept).
pub(crate) async fn headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    add_headers(response.headers_mut(), &state);
    response
}

/// The security headers on `headers` (a policy already there is kept).
pub(crate) fn add_headers(headers: &mut HeaderMap, state: &AppState) {
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if state.settings.cookie_secure {
        // Served over TLS (the same setting marks the cookie Secure).
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// Refuses a state-changing request whose `Origin` (or, without one, `Referer`) names another
/// site. Requests with neither come from tools, not from a browser tricked by another page.
pub(crate) async fn same_origin(request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state && is_cross_site(request.headers()) {
        tracing::info!(path = %request.uri().path(), "refused a cross-site request");
        return refuse(AppError::CrossSite);
    }
    next.run(request).await
}

/// True when the request's `Origin` or `Referer` is not the host it was sent to.
pub(crate) fn is_cross_site(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let claimed = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|v| v.to_str().ok());
    match claimed {
        None => false,
        // Sent by privacy-minded browsers and sandboxed frames: not provably ours.
        Some("null") => true,
        Some(claimed) => Url::parse(claimed)
            .ok()
            .and_then(|url| {
                let host_port = match (url.host_str(), url.port()) {
                    (Some(h), Some(p)) => format!("{h}:{p}"),
                    (Some(h), None) => h.to_owned(),
                    _ => return None,
                };
                Some(!host_port.eq_ignore_ascii_case(host))
            })
            .unwrap_or(true),
    }
}

/// An error answer in the shape every endpoint uses.
fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
    let body = serde_json::to_string(&error).expect("an error serialises");
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn cross_site_table() {
        let host = ("host", "coldcopy.example:3000");
        let cases = [
            (vec![host], false),
            (
                vec![host, ("origin", "http://coldcopy.example:3000")],
                false,
            ),
            (
                vec![host, ("origin", "https://COLDCOPY.example:3000")],
                false,
            ),
            (vec![host, ("origin", "https://evil.example")], true),
            (vec![host, ("origin", "http://coldcopy.example:4000")], true),
            (vec![host, ("origin", "null")], true),
            (vec![host, ("origin", "garbage")], true),
            (
                vec![host, ("referer", "http://coldcopy.example:3000/generate")],
                false,
            ),
            (vec![host, ("referer", "https://evil.example/x")], true),
            (vec![("origin", "https://evil.example")], false),
        ];
        for (pairs, cross) in cases {
            assert_eq!(is_cross_site(&headers(&pairs)), cross, "{pairs:?}");
        }
    }

    #[test]
    fn the_page_policy_allows_our_wasm_and_nonce_only() {
        let csp = page_csp("abc123", None, &[]);
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(
            page_csp("n", Some("ws://127.0.0.1:3001"), &[])
                .contains("connect-src 'self' ws://127.0.0.1:3001")
        );
        assert!(csp.contains("form-action 'self';"));
    }

    #[test]
    fn with_payments_a_form_may_go_to_stripe() {
        let leptos = leptos::config::LeptosOptions::builder()
            .output_name("coldcopy")
            .build();
        let mut vars: std::collections::HashMap<&str, &str> = [
            ("STRIPE_SECRET_KEY", "sk_test_1"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ("STARTER_PRICE_ID", "price_s"),
            ("PRO_PRICE_ID", "price_p"),
        ]
        .into();
        let settings =
            crate::server::platform::config::Settings::from_map(leptos.clone(), &vars).unwrap();
        let origins = payment_origins(&settings);
        assert_eq!(
            origins,
            ["https://checkout.stripe.com", "https://billing.stripe.com"]
        );
        assert!(page_csp("n", None, &origins).contains(
            "form-action 'self' https://checkout.stripe.com https://billing.stripe.com;"
        ));
        vars.insert("STRIPE_API_BASE", "http://127.0.0.1:3202");
        let fake =
            crate::server::platform::config::Settings::from_map(leptos.clone(), &vars).unwrap();
        assert_eq!(
            payment_origins(&fake).last().unwrap(),
            "http://127.0.0.1:3202"
        );
        let off = crate::server::platform::config::Settings::from_map(leptos, &Default::default())
            .unwrap();
        assert!(payment_origins(&off).is_empty());
    }
}
