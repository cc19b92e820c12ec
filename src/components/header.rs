//! The site header: the product name and the main navigation.

use leptos::prelude::*;

use super::session::PlanBadge;

/// The header shown on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href="/" aria-label="ColdCopy home">
                    <span class="brand__mark" aria-hidden="true">"C"</span>
                    <span class="brand__name">"ColdCopy"</span>
                </a>
                <nav class="site-nav" aria-label="Main">
                    <a class="site-nav__link" href="/pricing">"Pricing"</a>
                    <PlanBadge />
                    <a class="button button--small site-nav__cta" href="/generate">
                        <span>"Write" <span class="wide-only">" a sequence"</span></span>
                    </a>
                </nav>
            </div>
        </header>
    }
}
