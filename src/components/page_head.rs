//! A page's tab title and its meta description, the two things every page tells the browser and
//! search engines about itself.

use leptos::{prelude::*, text_prop::TextProp};
use leptos_meta::{Meta, Title};

/// The page's `<title>` (through the site's title formatter in `app.rs`, which escapes visitor
/// text) and its `<meta name="description">`.
#[component]
pub fn PageHead(#[prop(into)] title: TextProp, description: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <Meta name="description" content=description />
    }
}
