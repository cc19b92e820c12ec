//! `/u/{token}`: the page an email's unsubscribe link opens. It asks first (a mail scanner that
//! opens the link unsubscribes nobody); its button posts to the same address, as the one-click
//! POST of RFC 8058 does. No sign-in: the token alone opens it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::text::text;
use crate::api::campaigns::unsubscribe_status;
use crate::components::{i18n::use_lang, page_head::PageHead};
use crate::domain::i18n::fill;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let w = text(use_lang());
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let state = Resource::new(|| (), {
        let token = token.clone();
        move |_| unsubscribe_status(token.clone())
    });
    view! {
        <PageHead title=w.unsubscribe_title description=w.unsubscribe_title />
        <section class="container narrow account unsubscribe">
            <header class="page-head">
                <h1>{w.unsubscribe_title}</h1>
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match state.await {
                            Ok(Some((email, true))) => view! {
                                <p class="notice notice--ok" role="status">{fill(w.unsubscribed, &[("email", &email)])}</p>
                            }.into_any(),
                            Ok(Some((email, false))) => view! {
                                <p class="lead">{fill(w.unsubscribe_ask, &[("email", &email)])}</p>
                                <form action=format!("/u/{token}") method="post">
                                    <button type="submit" class="button">{w.unsubscribe_button}</button>
                                </form>
                            }.into_any(),
                            _ => view! { <p class="notice">{w.unsubscribe_invalid}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
