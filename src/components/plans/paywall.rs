//! The paywall: a modal dialog with the paid plans, shown when the allowance is used. Closes on
//! Escape, the close button or a click outside; while open, Tab stays inside. Without
//! JavaScript it is rendered open in the page and the close button is a link.

use leptos::prelude::*;

use super::PlanCard;
use crate::api::billing::load_pricing;
use crate::components::{i18n::use_t, session::use_session};
use crate::domain::{error::AppError, plans::Pricing, session::Plan};

/// The paywall dialog.
#[component]
pub fn Paywall(
    /// When it is called for: the allowance is used (or the server just said so with a 402).
    wanted: Signal<bool>,
    /// Closed by the visitor; "See plans" sets it back to false.
    dismissed: RwSignal<bool>,
    /// Where the close link goes without JavaScript.
    #[prop(into)]
    close_href: String,
    /// Why it opened, when not because the allowance is used: its heading and lead.
    #[prop(optional)]
    reason: Option<(&'static str, &'static str)>,
    /// The plans, when the page loaded them (it does when the paywall is open on arrival).
    #[prop(optional_no_strip)]
    pricing: Option<Pricing>,
) -> impl IntoView {
    // Only a page that needs the paywall asks for the plans: the server when it is open on
    // arrival (given here, so the browser renders the same plans it hydrates), else the
    // browser the first time it opens. Not a resource: an island's resources are not sent
    // with the page, and a plan list loaded again at hydration broke it.
    let pricing = RwSignal::new(pricing.map(Ok));
    Effect::new(move |_| {
        if wanted.get() && pricing.with_untracked(Option::is_none) {
            leptos::task::spawn_local(async move { pricing.set(Some(load_pricing(false).await)) });
        }
    });
    let t = use_t();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Rendered open (so it shows without JavaScript); once in the page, made modal: the top
    // layer, the page behind inert, the first control focused.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            make_modal(&el);
        }
    });
    let open = move || wanted.get() && !dismissed.get();
    let close = move || dismissed.set(true);
    let on_close_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        close();
    };
    // Escape: the browser's `cancel`; we close through our own state.
    let on_cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        close();
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if is_backdrop_click(&ev) {
            close();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = dialog.get() {
            keep_tab_inside(&el, &ev);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    view! {
        <Show when=open>
        <dialog
            class="paywall"
            node_ref=dialog
            open=true
            aria-labelledby="paywall-title"
            aria-describedby="paywall-lead"
            on:cancel=on_cancel
            on:click=on_click
            on:keydown=on_keydown
        >
            <div class="paywall__box">
                <a
                    class="paywall__close"
                    href=close_href.clone()
                    aria-label=t.close
                    on:click=on_close_click
                >
                    "×"
                </a>
                <PaywallIntro reason />
                <PaywallPlans pricing />
                <p class="paywall__foot">
                    <a href="/pricing">{t.paywall_compare}</a>
                    {t.paywall_foot}
                </p>
            </div>
        </dialog>
        </Show>
    }
}

/// The heading and lead: why the paywall opened, and a link to the sequence just written.
#[component]
fn PaywallIntro(reason: Option<(&'static str, &'static str)>) -> impl IntoView {
    let session = use_session();
    let t = use_t();
    view! {
        <h2 id="paywall-title">
            {move || match (reason, session.current().map(|info| info.plan)) {
                (Some((heading, _)), _) => heading,
                (None, Some(Plan::Free) | None) => t.paywall_used_free,
                (None, Some(_)) => t.paywall_used_plan,
            }}
        </h2>
        <p id="paywall-lead" class="paywall__lead">
            {match reason {
                Some((_, lead)) => lead.into_any(),
                None => view! {
                    {t.paywall_lead}
                    {move || {
                        session
                            .current()
                            .and_then(|info| info.latest)
                            .map(|id| view! { " " <a href=format!("/s/{id}")>{t.paywall_open_sequence}</a> })
                    }}
                }
                .into_any(),
            }}
        </p>
    }
}

/// The paid plans, once loaded.
#[component]
fn PaywallPlans(pricing: RwSignal<Option<Result<Pricing, AppError>>>) -> impl IntoView {
    let t = use_t();
    move || match pricing.get() {
        None => view! { <p class="loading">{t.loading_plans}</p> }.into_any(),
        Some(Ok(pricing)) => view! {
            <div class="paywall__plans">
                {pricing
                    .paid()
                    .cloned()
                    .map(|offer| view! { <PlanCard offer pricing=pricing.clone() compact=true /> })
                    .collect_view()}
            </div>
        }
        .into_any(),
        Some(Err(err)) => view! { <p class="alert alert--error">{err.message(t)}</p> }.into_any(),
    }
}

/// Makes the open dialog modal (top layer, page inert) and focuses its first control.
#[cfg(feature = "hydrate")]
fn make_modal(el: &web_sys::HtmlDialogElement) {
    if !el.matches(":modal").unwrap_or(false) {
        el.close();
        let _ = el.show_modal();
        if let Some(first) = focusables(el).into_iter().next() {
            let _ = first.focus();
        }
    }
}

/// A click on the backdrop lands on the `<dialog>` itself (its content is in an inner box).
fn is_backdrop_click(ev: &leptos::ev::MouseEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDialogElement>().ok())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Tab and Shift+Tab wrap around inside the dialog.
#[cfg(feature = "hydrate")]
fn keep_tab_inside(el: &web_sys::HtmlDialogElement, ev: &leptos::ev::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(el);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let on = |item: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(item))
    };
    let inside = active.as_ref().is_some_and(|a| el.contains(Some(a)));
    if ev.shift_key() && (on(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (on(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// The elements inside `root` that take focus, in order.
#[cfg(feature = "hydrate")]
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = root.query_selector_all(
        "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])",
    ) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}
