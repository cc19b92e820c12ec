//! Which interface language a request gets, and the switch that changes it.
//!
//! An explicit choice (the header's switch, kept in a cookie) beats the browser's
//! `Accept-Language`, which beats English. The switch is a plain link, `/lang/{code}?next=…`:
//! it sets the cookie and sends the visitor back to the page they were on, so it works without
//! JavaScript, and the page is rendered again in the new language.

use axum::{
    extract::{Path, Query},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{ACCEPT_LANGUAGE, LOCATION, SET_COOKIE},
    },
    response::{IntoResponse, Response},
};
use cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use serde::Deserialize;

use crate::domain::i18n::Lang;

/// The cookie that keeps an explicit choice.
pub const COOKIE_NAME: &str = "coldcopy_lang";

/// The request's interface language: the cookie, else `Accept-Language`, else English.
pub fn from_headers(headers: &HeaderMap) -> Lang {
    chosen(headers)
        .or_else(|| preferred(headers))
        .unwrap_or_default()
}

/// The language the cookie names, when it names one we offer.
fn chosen(headers: &HeaderMap) -> Option<Lang> {
    super::cookies::value(headers, COOKIE_NAME).and_then(|value| Lang::parse(&value))
}

/// The browser's most preferred language that we offer (`zh-TW` gets Simplified Chinese, the
/// closer of the two to a Chinese reader).
fn preferred(headers: &HeaderMap) -> Option<Lang> {
    let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    accept_language::parse(header)
        .iter()
        .find_map(|tag| Lang::parse(tag))
}

/// `?next=` on the switch's link: the page to go back to.
#[derive(Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// `GET /lang/{code}`: keeps the choice and goes back to `next` (a path on this site only).
pub(crate) async fn switch(
    Path(code): Path<String>,
    Query(Next { next }): Query<Next>,
    axum::extract::State(state): axum::extract::State<crate::server::platform::state::AppState>,
) -> Response {
    let Some(lang) = Lang::parse(&code).filter(|lang| lang.code() == code) else {
        return (
            StatusCode::NOT_FOUND,
            "ColdCopy is offered in English (en) and Simplified Chinese (zh).",
        )
            .into_response();
    };
    let to = next
        .filter(|next| is_local_path(next))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = Cookie::build((COOKIE_NAME, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(365))
        .secure(state.settings.cookie_secure)
        .build();
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(&to),
        HeaderValue::from_str(&cookie.to_string()),
    ) {
        headers.insert(LOCATION, location);
        headers.insert(SET_COOKIE, cookie);
    }
    response
}

/// A path on this site: `/…`, never `//host` or `/\host` (which browsers treat as another
/// site), and nothing a header cannot carry.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_cookie_beats_accept_language_which_beats_english() {
        assert_eq!(from_headers(&headers(&[])), Lang::En);
        assert_eq!(
            from_headers(&headers(&[("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")])),
            Lang::Zh
        );
        assert_eq!(
            from_headers(&headers(&[(
                "accept-language",
                "fr-FR, zh;q=0.5, en;q=0.7"
            )])),
            Lang::En
        );
        assert_eq!(
            from_headers(&headers(&[("accept-language", "de, fr")])),
            Lang::En
        );
        assert_eq!(
            from_headers(&headers(&[
                ("accept-language", "zh-CN"),
                ("cookie", "a=1; coldcopy_lang=en"),
            ])),
            Lang::En
        );
        assert_eq!(
            from_headers(&headers(&[("cookie", "coldcopy_lang=zh")])),
            Lang::Zh
        );
        // A cookie naming no language we offer is no choice.
        assert_eq!(
            from_headers(&headers(&[
                ("accept-language", "zh"),
                ("cookie", "coldcopy_lang=xx"),
            ])),
            Lang::Zh
        );
    }

    #[test]
    fn the_switch_goes_back_only_to_this_site() {
        assert!(is_local_path("/generate?x=1"));
        assert!(is_local_path("/s/abc"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
