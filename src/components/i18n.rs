//! The interface language inside the views: `use_t()` gives a component its messages.
//!
//! The server decides the language per request (`server::platform::language`) and writes it
//! into `<html lang>`; the browser reads it back from there when it hydrates, so both render
//! the same words. A change of language is a new page load (the switch's link), never a
//! signal, so the language is a plain value in the context (and, in an island, in the page).

use leptos::prelude::*;

use crate::domain::i18n::{Lang, Messages};

/// Puts the request's language (server) or the page's (browser) in the context.
pub fn provide_lang() -> Lang {
    let lang = current();
    provide_context(lang);
    lang
}

#[cfg(feature = "ssr")]
fn current() -> Lang {
    use_context::<axum::http::request::Parts>()
        .map(|parts| crate::server::platform::language::from_headers(&parts.headers))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn current() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Lang::parse(&tag))
        .unwrap_or_default()
}

/// The interface language of this page. An island in the browser has no context from the
/// page around it, so it reads `<html lang>` there.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(current)
}

/// This page's messages.
pub fn use_t() -> &'static Messages {
    use_lang().t()
}
