//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::{
    copy::{Toast, Toaster},
    footer::SiteFooter,
    header::SiteHeader,
    raw_text::raw_text,
    session::SessionState,
};
use crate::pages::{
    billing::{BillingCancelPage, BillingSuccessPage, RestorePage},
    generate::GeneratePage,
    history::HistoryPage,
    landing::LandingPage,
    leads::{LeadJobPage, LeadListsPage},
    legal::{PrivacyPage, TermsPage},
    not_found::NotFoundPage,
    pricing::PricingPage,
    sequence::SequencePage,
};

/// The document around every server-rendered page.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use crate::server::platform::hydration::WasmNeeded;
    set_page_csp(&options);
    let parts = use_context::<axum::http::request::Parts>();
    let path = parts
        .as_ref()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    let files = crate::server::platform::site_files::SiteFiles::get(&options);
    let nonce = leptos::nonce::use_nonce();
    let lang = crate::components::i18n::provide_lang();
    let needed = match hydration(&path) {
        Hydration::Always => true,
        Hydration::Never => false,
        // Answered before the render (server::platform::hydration).
        Hydration::PaidPlan | Hydration::LeadListRunning => parts
            .as_ref()
            .and_then(|parts| parts.extensions.get::<WasmNeeded>())
            .is_some_and(|needed| needed.0),
    };
    let scripts = needed.then(|| {
        // No preload: the wasm is fetched once the page has loaded (`hydration_script`).
        view! { <script type="module" nonce=nonce>{files.hydration_script()}</script> }
    });
    view! {
        <!DOCTYPE html>
        <html lang=lang.html_lang()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // `/pkg/coldcopy.HASH.css` after a release build (cargo-leptos `hash-files`), so
                // the browser may keep it for a year (platform/delivery.rs).
                <link rel="stylesheet" id="leptos" href=files.css.clone() />
                <AutoReload options=options.clone() />
                {scripts}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Whether a page loads the wasm and hydrates.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hydration {
    /// It has something that needs JavaScript for everyone: live checks and streaming, editing,
    /// the paywall dialog, the lead lists' progress, waiting for a payment.
    Always,
    /// Only a paid plan's part needs it (`/pricing`: making a restore link, copying it). On the
    /// free plan every control on it is a form that posts without JavaScript.
    PaidPlan,
    /// Only while the list is being written (`/leads/{job}`: the progress bar follows the job).
    /// The mapping, the review and the export are forms and links.
    LeadListRunning,
    /// It works entirely without JavaScript, so it ships none: a phone shows it from the HTML
    /// and the stylesheet alone. The landing page, privacy, terms and the 404 page; the
    /// history (its delete asks on a second step, `?confirm={id}`); a sequence's lead lists
    /// (the upload is a form); the restore page (one form) and the page Stripe's "Back" lands
    /// on.
    Never,
}

/// Which pages hydrate. A visitor who goes on from a page without the wasm to one with it
/// loads the wasm there, and the router then renders any page in the browser.
#[cfg(feature = "ssr")]
pub(crate) fn hydration(path: &str) -> Hydration {
    const HYDRATED: [&str; 3] = ["/generate", "/s/", "/billing/success"];
    if path == "/pricing" {
        Hydration::PaidPlan
    } else if path
        .strip_prefix("/leads/")
        .is_some_and(|job| !job.is_empty() && !job.contains('/'))
    {
        Hydration::LeadListRunning
    } else if path.starts_with("/s/") && path.ends_with("/leads") {
        Hydration::Never
    } else if HYDRATED
        .iter()
        .any(|page| path == *page || (page.ends_with('/') && path.starts_with(page)))
    {
        Hydration::Always
    } else {
        Hydration::Never
    }
}

/// Sends this page's Content-Security-Policy, naming the nonce Leptos put on its inline scripts.
#[cfg(feature = "ssr")]
fn set_page_csp(options: &LeptosOptions) {
    use leptos::nonce::use_nonce;
    use leptos_axum::ResponseOptions;

    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let reload = (options.env == leptos::config::Env::DEV)
        .then(|| format!("ws://{}:{}", options.site_addr.ip(), options.reload_port));
    let payments = use_context::<crate::server::platform::state::AppState>()
        .map(|state| state.payment_origins.clone())
        .unwrap_or_default();
    let csp = crate::server::platform::security::page_csp(&nonce, reload.as_deref(), &payments);
    if let Ok(value) = csp.parse() {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The application: header, the routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::components::i18n::provide_lang();
    Toaster::provide();

    view! {
        // Every page's title passes through here, escaped for the server's HTML (`raw_text`).
        <Title formatter=|text: String| raw_text(format!("{text} · ColdCopy")) />
        <Router>
            <RoutedApp />
        </Router>
    }
}

/// Everything inside the router: it can read the location.
#[component]
fn RoutedApp() -> impl IntoView {
    SessionState::provide();
    let t = crate::components::i18n::use_t();
    view! {
            <a class="skip-link" href="#main">{t.skip_link}</a>
            <SiteHeader />
            <main id="main" class="site-main">
                <Routes fallback=NotFoundPage>
                    // Every page is rendered in full before it is sent: the session badge, the
                    // quota panel and the sequence must be in the HTML itself (out-of-order
                    // streaming needs JavaScript to show them), and an unknown sequence id
                    // must still be able to set status 404.
                    <Route path=path!("") view=LandingPage ssr=SsrMode::Async />
                    <Route path=path!("/generate") view=GeneratePage ssr=SsrMode::Async />
                    <Route path=path!("/s/:id") view=SequencePage ssr=SsrMode::Async />
                    <Route path=path!("/s/:id/leads") view=LeadListsPage ssr=SsrMode::Async />
                    <Route path=path!("/leads/:job") view=LeadJobPage ssr=SsrMode::Async />
                    <Route path=path!("/pricing") view=PricingPage ssr=SsrMode::Async />
                    <Route path=path!("/history") view=HistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/billing/success") view=BillingSuccessPage ssr=SsrMode::Async />
                    <Route path=path!("/billing/cancel") view=BillingCancelPage />
                    <Route path=path!("/restore/:token") view=RestorePage />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/terms") view=TermsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
            <Toast />
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{Hydration, hydration};

    #[test]
    fn only_the_pages_that_need_javascript_load_the_wasm() {
        for path in [
            "/generate",
            "/s/0b7c1c4e-3d5e-4a51-9f1e-2a7a4f3c9d10",
            "/billing/success",
        ] {
            assert_eq!(hydration(path), Hydration::Always, "{path}");
        }
        assert_eq!(hydration("/pricing"), Hydration::PaidPlan);
        assert_eq!(
            hydration("/leads/0b7c1c4e-3d5e-4a51-9f1e-2a7a4f3c9d10"),
            Hydration::LeadListRunning
        );
        for path in [
            "/",
            "/privacy",
            "/terms",
            "/history",
            "/s/0b7c1c4e-3d5e-4a51-9f1e-2a7a4f3c9d10/leads",
            "/restore/some-token",
            "/billing/cancel",
            "/no-such-page",
            "/generated",
            "/s",
            "/pricing/x",
            "/leads/0b7c1c4e-3d5e-4a51-9f1e-2a7a4f3c9d10/start",
            "/leads/",
        ] {
            assert_eq!(hydration(path), Hydration::Never, "{path}");
        }
    }
}
