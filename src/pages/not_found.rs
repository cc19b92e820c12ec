//! The 404 page, sent with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path we do not serve (and for sequences this session may not see).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Page not found" />
        <section class="container narrow not-found">
            <p class="eyebrow">"404"</p>
            <h1>"We couldn't find that page"</h1>
            <p class="lead">
                "The link may be mistyped, or the page belongs to another browser's session."
            </p>
            <div class="actions">
                <a class="button" href="/generate">"Write a sequence"</a>
                <a class="button button--ghost" href="/">"Back to the home page"</a>
            </div>
        </section>
    }
}
