//! A page GET on its way in and out of the render. In: the request's one session lookup
//! (`sessions::SessionOnce`). Out: a page loads the wasm only when it has an island.
//!
//! The shell puts the loader script (`site_files::hydration_script`, marked `data-islands`) in
//! every page's head; what the page's body holds is known only once it is rendered, so the
//! rendered page is read here, and the loader taken out of a page without a single
//! `<leptos-island>`. Such a page (the landing page, the history, the legal pages, a free plan's
//! pricing, a finished lead list) downloads no JS and no wasm; nothing decides it per route.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::Response,
};

use crate::server::sessions::SessionOnce;

/// The attribute that marks the loader script in the shell.
pub(crate) const LOADER_MARK: &str = "data-islands";

/// A rendered page is a few kilobytes; this only bounds a page that went wrong.
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Pages whose render reads a session and writes nothing, so one lookup serves the whole render.
/// Not `/billing/success` (it may grant the plan it then shows) nor `/restore/{token}` (it moves
/// the session); the constant pages never read one.
fn reads_session_only(path: &str) -> bool {
    matches!(path, "/generate" | "/pricing" | "/history")
        || path.starts_with("/s/")
        || path.starts_with("/leads/")
}

/// Gives a page GET its one session lookup, and keeps the loader only on a page with an island.
pub(crate) async fn page(mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    if reads_session_only(request.uri().path()) {
        request.extensions_mut().insert(SessionOnce::default());
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Some(without) = without_loader(html) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(length) = HeaderValue::from_str(&without.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Response::from_parts(parts, Body::from(without))
}

/// The page without its loader script, when it has no island (`None`: keep it as it is).
pub(crate) fn without_loader(html: &str) -> Option<String> {
    if html.contains("<leptos-island") {
        return None;
    }
    let start = html.find(&format!("<script type=\"module\" {LOADER_MARK}"))?;
    let end = start + html[start..].find("</script>")? + "</script>".len();
    Some(format!("{}{}", &html[..start], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::without_loader;

    #[test]
    fn the_loader_stays_only_on_a_page_with_an_island() {
        let page = |body: &str| {
            format!(
                r#"<head><script type="module" data-islands nonce="n">load()</script></head><body>{body}</body>"#
            )
        };
        assert_eq!(
            without_loader(&page("<p>text</p>")).as_deref(),
            Some("<head></head><body><p>text</p></body>")
        );
        let island =
            page(r#"<leptos-island data-component="Form_1"><form></form></leptos-island>"#);
        assert_eq!(without_loader(&island), None);
        assert_eq!(without_loader("<p>no loader</p>"), None);
    }
}
