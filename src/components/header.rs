//! The site header: the product name, the main navigation and the language switch.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::i18n::{use_lang, use_t};
use super::session::{AccountLink, PlanBadge};
use crate::domain::i18n::Lang;

/// The header shown on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let t = use_t();
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href="/" aria-label=t.brand_home>
                    <span class="brand__mark" aria-hidden="true">"C"</span>
                    <span class="brand__name">"ColdCopy"</span>
                </a>
                <nav class="site-nav" aria-label=t.nav_main>
                    <LanguageSwitch />
                    <a class="site-nav__link" href="/history">
                        <span class="narrow-only">{t.nav_sequences_short}</span>
                        <span class="wide-only">{t.footer_history}</span>
                    </a>
                    <a class="site-nav__link site-nav__pricing" href="/pricing">{t.nav_pricing}</a>
                    <AccountLink />
                    <PlanBadge />
                    <a class="button button--small site-nav__cta" href="/generate">
                        <span class="narrow-only">{t.nav_write_short}</span>
                        <span class="wide-only">{t.nav_write_long}</span>
                    </a>
                </nav>
            </div>
        </header>
    }
}

/// A link to each other interface language, back to this same page. A plain link (`rel=
/// "external"` keeps the router out of it): the server keeps the choice and renders the page
/// again, with or without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = use_t();
    let current = use_lang();
    let location = use_location();
    let links = Lang::ALL
        .into_iter()
        .filter(move |lang| *lang != current)
        .map(move |lang| {
            let href = move || {
                let search = location.search.get();
                let here = if search.is_empty() {
                    location.pathname.get()
                } else {
                    format!("{}?{search}", location.pathname.get())
                };
                format!(
                    "/lang/{}?next={}",
                    lang.code(),
                    form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
                )
            };
            view! {
                <a
                    class="site-nav__link lang-switch"
                    href=href
                    rel="external"
                    lang=lang.html_lang()
                    hreflang=lang.html_lang()
                >
                    <span class="wide-only">{lang.native_name()}</span>
                    <span class="narrow-only">{lang.short_name()}</span>
                </a>
            }
        })
        .collect_view();
    view! { <span class="lang-switch__group" role="group" aria-label=t.lang_switch>{links}</span> }
}
