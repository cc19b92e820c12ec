//! Plan cards and the checkout button. `paywall`: the dialog that offers the plans when the
//! allowance is used. `banner`: the note that brings it back once closed.

pub mod banner;
pub mod paywall;

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::billing::{Checkout, checkout};
use crate::components::i18n::use_t;
use crate::domain::i18n::fill;
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
    let t = use_t();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let plan = offer.plan.as_str();
    let label =
        label.unwrap_or_else(|| fill(t.checkout_choose, &[("name", &offer.display_name(t))]));
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
                <button type="button" class=class disabled=true>{t.checkout_unavailable}</button>
                <p class="checkout__note">{t.checkout_unavailable_note}</p>
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
                {move || if pending.get() { t.checkout_opening.to_owned() } else { label.clone() }}
            </button>
            {move || error.get().map(|e| view! { <p class="checkout__error" role="alert">{e.message(t)}</p> })}
        </form>
    }
    .into_any()
}

/// One plan: name, price, what it includes, and how to get it.
#[component]
pub fn PlanCard(offer: Offer, pricing: Pricing, #[prop(optional)] compact: bool) -> impl IntoView {
    let t = use_t();
    let current = pricing.current == offer.plan;
    let featured = offer.plan == Plan::Starter;
    let includes = offer.includes(t);
    let action = match offer.plan {
        // A batch can be bought again.
        Plan::Starter if current => {
            let more = offer.sequences.map_or_else(
                || t.plan_buy_more.to_owned(),
                |n| fill(t.plan_buy_n_more, &[("n", &n)]),
            );
            view! {
                <p class="plan-card__current">{t.plan_yours}</p>
                <CheckoutButton offer=offer.clone() enabled=pricing.payments_enabled primary=true label=more />
            }
            .into_any()
        }
        _ if current => view! { <p class="plan-card__current">{t.plan_yours}</p> }.into_any(),
        Plan::Free if pricing.current != Plan::Free => ().into_any(),
        Plan::Free => view! {
            <a class="button button--ghost checkout__button" href="/generate">{t.plan_start_free}</a>
        }
        .into_any(),
        // Pro already covers everything Starter adds.
        Plan::Starter if pricing.current == Plan::Pro => {
            view! { <p class="plan-card__current plan-card__current--muted">{t.plan_included}</p> }
                .into_any()
        }
        _ => view! { <CheckoutButton offer=offer.clone() enabled=pricing.payments_enabled primary=featured /> }
            .into_any(),
    };
    // Under the pricing page's h1 a card is a section (h2); inside the paywall, under its h2, h3.
    let name = offer.display_name(t);
    let heading = if compact {
        view! { <h3 class="plan-card__name">{name}</h3> }.into_any()
    } else {
        view! { <h2 class="plan-card__name">{name}</h2> }.into_any()
    };
    view! {
        <article
            class="plan-card"
            class:plan-card--featured=featured
            class:plan-card--current=current
            class:plan-card--compact=compact
            data-plan=offer.plan.as_str()
            aria-label=fill(t.plan_card_aria, &[("name", &offer.display_name(t))])
        >
            {heading}
            <p class="plan-card__price">
                <span class="plan-card__amount">{offer.price()}</span>
                <span class="plan-card__per">{offer.per(t)}</span>
            </p>
            <ul class="plan-card__includes">
                {includes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {action}
        </article>
    }
}
