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
    copy::Toast, footer::SiteFooter, header::SiteHeader, raw_text::raw_text, session::SessionState,
};
use crate::pages::{
    account::{AccountPage, SignInLinkPage, SignInPage},
    billing::{BillingCancelPage, BillingSuccessPage, RestorePage},
    campaigns::{CampaignPage, CampaignsPage, NewCampaignPage, SuppressionsPage, UnsubscribePage},
    generate::GeneratePage,
    history::HistoryPage,
    inbox::{InboxAnswerPage, InboxPage},
    landing::LandingPage,
    leads::{LeadJobPage, LeadListsPage},
    legal::{PrivacyPage, TermsPage},
    mailboxes::MailboxesPage,
    not_found::NotFoundPage,
    pricing::PricingPage,
    sequence::{SequencePage, SharePage, SharedPage},
    tools::ToolsPage,
};

/// The document around every server-rendered page. The loader script is in every page's head;
/// a page without an island goes out without it (`server::platform::islands`).
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    set_page_csp(&options);
    let files = crate::server::platform::site_files::SiteFiles::get(&options);
    let nonce = leptos::nonce::use_nonce();
    let lang = crate::components::i18n::provide_lang();
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
                // No preload: the wasm is fetched once the page has loaded (`hydration_script`).
                <script type="module" data-islands="" nonce=nonce>{files.hydration_script()}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
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
                    <Route path=path!("/billing/cancel") view=BillingCancelPage ssr=SsrMode::Async />
                    <Route path=path!("/restore/:token") view=RestorePage ssr=SsrMode::Async />
                    <Route path=path!("/s/:id/share") view=SharePage ssr=SsrMode::Async />
                    <Route path=path!("/shared/:token") view=SharedPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/signin/:token") view=SignInLinkPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/mailboxes") view=MailboxesPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns") view=CampaignsPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/new") view=NewCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id") view=CampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/u/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/suppressions") view=SuppressionsPage ssr=SsrMode::Async />
                    <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/inbox/:id/answer") view=InboxAnswerPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/terms") view=TermsPage ssr=SsrMode::Async />
                    <Route path=path!("/tools") view=ToolsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
            <Toast />
    }
}
