//! A request's cookies, read in one place: the session, the interface language and the time
//! zone each keep one.

use axum::http::{HeaderMap, header::COOKIE};
use cookie::Cookie;

/// The value of the cookie `name` among the request's `Cookie` headers (the first one sent).
pub(crate) fn value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse(value).filter_map(Result::ok))
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// A request's headers carrying `cookie` (the `Cookie` header as a browser sends it), for tests.
#[cfg(test)]
pub(crate) fn headers_with(cookie: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        COOKIE,
        axum::http::HeaderValue::from_str(cookie).expect("a valid header"),
    );
    headers
}
