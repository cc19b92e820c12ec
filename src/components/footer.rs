//! The site footer.

use leptos::prelude::*;

/// The footer shown on every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p class="site-footer__brand">
                    <strong>"ColdCopy"</strong>
                    " — cold-email sequences for B2B SaaS founders."
                </p>
                <nav class="site-footer__nav" aria-label="Footer">
                    <a href="/">"Home"</a>
                    <a href="/generate">"Write a sequence"</a>
                    <a href="/history">"Your sequences"</a>
                    <a href="/pricing">"Pricing"</a>
                    <a href="/privacy">"Privacy"</a>
                    <a href="/terms">"Terms"</a>
                </nav>
            </div>
        </footer>
    }
}
