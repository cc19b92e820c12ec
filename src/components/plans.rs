//! Plan cards, the checkout button, the paywall dialog and the upgrade banner.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::billing::{Checkout, checkout, load_pricing};
use crate::components::session::use_session;
use crate::domain::{
    error::AppError,
    plans::{Offer, Pricing},
    session::Plan,
};

/// Leaves the site for `url` (Stripe's checkout or portal).
pub fn go_to(url: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Buys `offer`: a plain form post to the checkout function (the server redirects to Stripe),
/// or, with JavaScript, the same call followed by a redirect. Without Stripe keys it says so.
#[component]
pub fn CheckoutButton(
    offer: Offer,
    enabled: bool,
    #[prop(optional)] primary: bool,
    /// Instead of "Choose {name}".
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let plan = offer.plan.as_str();
    let label = label.unwrap_or_else(|| format!("Choose {}", offer.name));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match checkout(plan.to_owned()).await {
                // Stays pending while the browser leaves for Stripe.
                Ok(url) => go_to(&url),
                Err(err) => {
                    pending.set(false);
                    error.set(Some(err));
                }
            }
        });
    };
    let class = if primary {
        "button checkout__button"
    } else {
        "button button--ghost checkout__button"
    };
    if !enabled {
        return view! {
            <div class="checkout">
                <button type="button" class=class disabled=true>"Not available here"</button>
                <p class="checkout__note">"Payments are not set up on this server."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <form class="checkout" action=Checkout::PATH method="post" on:submit=on_submit>
            <input type="hidden" name="plan" value=plan />
            <button
                type="submit"
                class=class
                data-plan=plan
                disabled=move || pending.get()
                aria-busy=move || pending.get().to_string()
            >
                {move || if pending.get() { "Opening checkout…".to_owned() } else { label.clone() }}
            </button>
            {move || error.get().map(|e| view! { <p class="checkout__error" role="alert">{e.to_string()}</p> })}
        </form>
    }
    .into_any()
}

/// One plan: name, price, what it includes, and how to get it.
#[component]
pub fn PlanCard(offer: Offer, pricing: Pricing, #[prop(optional)] compact: bool) -> impl IntoView {
    let current = pricing.current == offer.plan;
    let featured = offer.plan == Plan::Starter;
    let includes = offer.includes();
    let action = match offer.plan {
        // A batch can be bought again.
        Plan::Starter if current => {
            let more = offer.sequences.map_or_else(
                || "Buy more".to_owned(),
                |n| format!("Buy {n} more"),
            );
            view! {
                <p class="plan-card__current">"Your plan"</p>
                <CheckoutButton offer=offer.clone() enabled=pricing.payments_enabled primary=true label=more />
            }
            .into_any()
        }
        _ if current => view! { <p class="plan-card__current">"Your plan"</p> }.into_any(),
        Plan::Free if pricing.current != Plan::Free => ().into_any(),
        Plan::Free => view! {
            <a class="button button--ghost checkout__button" href="/generate">"Start free"</a>
        }
        .into_any(),
        // Pro already covers everything Starter adds.
        Plan::Starter if pricing.current == Plan::Pro => {
            view! { <p class="plan-card__current plan-card__current--muted">"Included in your plan"</p> }
                .into_any()
        }
        _ => view! { <CheckoutButton offer=offer.clone() enabled=pricing.payments_enabled primary=featured /> }
            .into_any(),
    };
    view! {
        <article
            class="plan-card"
            class:plan-card--featured=featured
            class:plan-card--current=current
            class:plan-card--compact=compact
            data-plan=offer.plan.as_str()
            aria-label=format!("{} plan", offer.name)
        >
            <h3 class="plan-card__name">{offer.name.clone()}</h3>
            <p class="plan-card__price">
                <span class="plan-card__amount">{offer.price()}</span>
                <span class="plan-card__per">{offer.per()}</span>
            </p>
            <ul class="plan-card__includes">
                {includes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {action}
        </article>
    }
}

/// Focuses the first focusable element inside `id` (a dialog just opened).
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

/// The paywall: a modal dialog with the paid plans, shown when the free sequence is used.
/// Closes on Escape, the close button or a click outside; while open, Tab stays inside.
/// Without JavaScript it is rendered open in the page and the close button is a link.
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
) -> impl IntoView {
    let session = use_session();
    // Only a page that needs the paywall asks for the plans.
    let pricing = Resource::new(
        move || wanted.get(),
        |wanted| async move {
            if wanted {
                Some(load_pricing().await)
            } else {
                None
            }
        },
    );
    let dialog = NodeRef::<leptos::html::Dialog>::new();

    // Rendered open (so it shows without JavaScript); once in the page, made modal: the top
    // layer, the page behind inert, the first control focused.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if !el.matches(":modal").unwrap_or(false) {
            el.close();
            let _ = el.show_modal();
            if let Some(first) = focusables(&el).into_iter().next() {
                let _ = first.focus();
            }
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
    // A click on the backdrop lands on the <dialog> itself (its content is in an inner box).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let on_dialog = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDialogElement>().ok())
                .is_some();
            if on_dialog {
                close();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // Tab and Shift+Tab wrap around inside the dialog.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        #[cfg(feature = "hydrate")]
        {
            if ev.key() != "Tab" {
                return;
            }
            let Some(el) = dialog.get() else { return };
            let items = focusables(&el);
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
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };

    view! {
        <Transition fallback=|| ()>
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
                    aria-label="Close"
                    on:click=on_close_click
                >
                    "×"
                </a>
                <h2 id="paywall-title">
                    {move || match (reason, session.current().map(|info| info.plan)) {
                        (Some((heading, _)), _) => heading,
                        (None, Some(Plan::Free) | None) => "You've used your free sequence",
                        (None, Some(_)) => "You've used every sequence in your plan",
                    }}
                </h2>
                <p id="paywall-lead" class="paywall__lead">
                    {match reason {
                        Some((_, lead)) => lead.into_any(),
                        None => view! {
                            "Your sequence is saved. To write more, pick a plan: pay once for a batch, "
                            "or monthly for as many as you need."
                            {move || {
                                session
                                    .current()
                                    .and_then(|info| info.latest)
                                    .map(|id| view! { " " <a href=format!("/s/{id}")>"Open your sequence"</a> })
                            }}
                        }
                        .into_any(),
                    }}
                </p>
                <Transition fallback=|| view! { <p class="loading">"Loading plans…"</p> }>
                    {move || {
                        pricing
                            .get()
                            .flatten()
                            .map(|result| match result {
                                Ok(pricing) => {
                                    view! {
                                        <div class="paywall__plans">
                                            {pricing
                                                .paid()
                                                .cloned()
                                                .map(|offer| view! { <PlanCard offer pricing=pricing.clone() compact=true /> })
                                                .collect_view()}
                                        </div>
                                    }
                                        .into_any()
                                }
                                Err(err) => view! { <p class="alert alert--error">{err.to_string()}</p> }.into_any(),
                            })
                    }}
                </Transition>
                <p class="paywall__foot">
                    <a href="/pricing">"Compare all plans"</a>
                    " · Payments by Stripe. Already paid in another browser? Open your restore link."
                </p>
            </div>
        </dialog>
        </Show>
        </Transition>
    }
}

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
        <Transition fallback=|| ()>
            <Show when=show>
                <aside class="upgrade-banner" aria-label="Upgrade">
                    <p>
                        <strong>"That was your free sequence."</strong>
                        " More need a plan: a one-off batch or a monthly subscription."
                    </p>
                    <a class="button button--small" href="/pricing" on:click=on_plans>"See plans"</a>
                    <a
                        class="upgrade-banner__close"
                        href=close_href.clone()
                        aria-label="Dismiss"
                        on:click=on_close
                    >
                        "×"
                    </a>
                </aside>
            </Show>
        </Transition>
    }
}
