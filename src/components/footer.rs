//! The site footer.

use leptos::prelude::*;

use super::i18n::use_t;
use crate::api::site::contact_email;

/// The footer shown on every page, with the operator's address when the installation names one
/// (`CONTACT_EMAIL`; without it, /privacy and /terms say it has not).
#[component]
pub fn SiteFooter() -> impl IntoView {
    let t = use_t();
    let contact = Resource::new(|| (), |_| contact_email());
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p class="site-footer__brand">
                    <strong>"ColdCopy"</strong>
                    " — "
                    {t.footer_tagline}
                </p>
                <nav class="site-footer__nav" aria-label=t.footer_nav>
                    <a href="/">{t.footer_home}</a>
                    <a href="/generate">{t.nav_write_long}</a>
                    <a href="/history">{t.footer_history}</a>
                    <a href="/pricing">{t.nav_pricing}</a>
                    <a href="/privacy">{t.footer_privacy}</a>
                    <a href="/terms">{t.footer_terms}</a>
                </nav>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        contact.await.ok().flatten().map(|email| view! {
                            <p class="site-footer__contact">
                                {t.footer_contact}
                                " "
                                <a href=format!("mailto:{email}")>{email.clone()}</a>
                            </p>
                        })
                    })}
                </Suspense>
            </div>
        </footer>
    }
}
