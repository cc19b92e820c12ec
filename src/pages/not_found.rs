//! The 404 page, sent with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::i18n::use_t;

/// Shown for any path we do not serve (and for sequences this session may not see).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_t();

    view! {
        <Title text=t.not_found_title />
        <section class="container narrow not-found">
            <p class="eyebrow">"404"</p>
            <h1>{t.not_found_heading}</h1>
            <p class="lead">{t.not_found_lead}</p>
            <div class="actions">
                <a class="button" href="/generate">{t.nav_write_long}</a>
                <a class="button button--ghost" href="/">{t.not_found_home}</a>
            </div>
        </section>
    }
}
