//! The dismissible note that more sequences need a plan (results page, form page).

use leptos::prelude::*;

use crate::components::session::use_session;

/// A dismissible note that more sequences need a plan (results page, form page).
#[component]
pub fn UpgradeBanner(
    /// Dismissed (the close link sets `?upgrade=closed` without JavaScript).
    dismissed: RwSignal<bool>,
    close_href: String,
    /// The page's paywall (its `dismissed`): the banner shows while it is closed, and with
    /// JavaScript "See plans" opens it instead of going to /pricing.
    #[prop(optional)]
    paywall_dismissed: Option<RwSignal<bool>>,
) -> impl IntoView {
    let session = use_session();
    let t = crate::components::i18n::use_t();
    let show = move || {
        !dismissed.get()
            && paywall_dismissed.is_none_or(|closed| closed.get())
            && session.current().is_some_and(|info| info.needs_plan())
    };
    let on_close = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        dismissed.set(true);
    };
    let on_plans = move |ev: leptos::ev::MouseEvent| {
        if let Some(closed) = paywall_dismissed {
            ev.prevent_default();
            closed.set(false);
        }
    };
    view! {
        <Show when=show>
                <aside class="upgrade-banner" aria-label=t.banner_aria>
                    <p>
                        <strong>{t.banner_title}</strong>
                        {t.banner_text}
                    </p>
                    <a class="button button--small" href="/pricing" on:click=on_plans>{t.banner_see_plans}</a>
                    <a
                        class="upgrade-banner__close"
                        href=close_href.clone()
                        aria-label=t.dismiss
                        on:click=on_close
                    >
                        "×"
                    </a>
                </aside>
        </Show>
    }
}
