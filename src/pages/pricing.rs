//! `/pricing`: the three plans side by side, the visitor's own marked; for a paid plan, the
//! billing portal (Pro) and the restore links.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::billing::{
    BillingPortal, RevokeRestoreLinks, billing_portal, load_pricing, new_restore_link,
    revoke_restore_links,
};
use crate::components::{
    copy::CopyButton,
    hydrated::use_hydrated,
    page_head::PageHead,
    plans::{PlanCard, go_to},
    query::use_query,
};
use crate::domain::{error::AppError, plans::Pricing, session::Plan};

/// The pricing page.
#[component]
pub fn PricingPage() -> impl IntoView {
    let pricing = Resource::new(|| (), |_| load_pricing());
    let query = use_query();
    let payment_error = move || {
        query
            .read()
            .get("payment_error")
            .and_then(|tag| AppError::from_tag(&tag))
    };
    let restore = move || query.read().get("restore");

    view! {
        <PageHead
            title="Pricing"
            description="ColdCopy's plans: one free sequence, a one-off batch, or a monthly plan for as many sequences as you need. Payments by Stripe."
        />
        <section class="container pricing">
            <header class="page-head pricing__head">
                <p class="eyebrow">"Pricing"</p>
                <h1>"Start free, pay when it works for you"</h1>
                <p class="lead">
                    "Every browser gets a free sequence. After that, buy a batch once, or go "
                    "monthly for as many as you need."
                </p>
            </header>
            {move || payment_error().map(|err| view! {
                <div class="alert alert--error" role="alert">{err.to_string()}</div>
            })}
            {move || restore().map(|what| {
                let text = if what == "done" {
                    "Your paid plan is now active in this browser."
                } else {
                    "Your restore links no longer work. Make a new one when you need it."
                };
                view! { <div class="notice notice--ok" role="status">{text}</div> }
            })}
            <Suspense fallback=|| view! { <p class="loading">"Loading plans…"</p> }>
                {move || Suspend::new(async move {
                    match pricing.await {
                        Ok(pricing) => view! { <Plans pricing /> }.into_any(),
                        Err(err) => view! { <div class="alert alert--error" role="alert">{err.to_string()}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Plans(pricing: Pricing) -> impl IntoView {
    let paid = pricing.current != Plan::Free;
    view! {
        {(!pricing.payments_enabled).then(|| view! {
            <p class="notice">
                "Payments are not set up on this server, so the plans below are shown but "
                "cannot be bought here."
            </p>
        })}
        <div class="plans">
            {pricing
                .offers
                .iter()
                .cloned()
                .map(|offer| view! { <PlanCard offer pricing=pricing.clone() /> })
                .collect_view()}
        </div>
        {paid.then(|| view! { <YourPlan pricing=pricing.clone() /> })}
        <p class="pricing__small">
            "Prices in US dollars. Payments are handled by Stripe; ColdCopy never sees your card. "
            "Pro renews monthly until you cancel; you keep it to the end of the paid month. "
            <a href="/terms">"Terms"</a> " · " <a href="/privacy">"Privacy"</a>
        </p>
    }
}

/// For a paid plan: manage the subscription, and the restore links.
#[component]
fn YourPlan(pricing: Pricing) -> impl IntoView {
    let hydrated = use_hydrated();
    let fresh_link = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let live = RwSignal::new(pricing.restore_link_live);
    let make_link = move |_| {
        leptos::task::spawn_local(async move {
            match new_restore_link().await {
                Ok(url) => {
                    fresh_link.set(Some(url));
                    live.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let revoke = move |ev: SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match revoke_restore_links().await {
                Ok(_) => {
                    fresh_link.set(None);
                    live.set(false);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let portal = move |ev: SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match billing_portal().await {
                Ok(url) => go_to(&url),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let is_pro = pricing.current == Plan::Pro;
    let name = pricing
        .offer(pricing.current)
        .map(|o| o.name.clone())
        .unwrap_or_default();

    view! {
        <section class="your-plan" aria-labelledby="your-plan-title">
            <h2 id="your-plan-title">{format!("Your plan: {name}")}</h2>
            {(is_pro && pricing.can_manage).then(|| view! {
                <form class="your-plan__row" action=BillingPortal::PATH method="post" on:submit=portal>
                    <div>
                        <h3>"Subscription"</h3>
                        <p>"Change your card, see invoices or cancel in Stripe's billing portal."</p>
                    </div>
                    <button type="submit" class="button button--small">"Manage subscription"</button>
                </form>
            })}
            <div class="your-plan__row">
                <div>
                    <h3>"Use your plan in another browser"</h3>
                    <p>
                        "A private restore link attaches this plan to the browser that opens it. "
                        {move || if live.get() {
                            "You have a link that works; making a new one stops the old one."
                        } else {
                            "You have no working link now."
                        }}
                    </p>
                </div>
                <div class="your-plan__actions">
                    <Show when=move || hydrated.get()>
                        <button type="button" class="button button--small" on:click=make_link>
                            "Make a new restore link"
                        </button>
                    </Show>
                    <Show when=move || live.get()>
                        <form action=RevokeRestoreLinks::PATH method="post" on:submit=revoke>
                            <button type="submit" class="button button--small button--ghost">
                                "Revoke restore links"
                            </button>
                        </form>
                    </Show>
                </div>
            </div>
            {move || fresh_link.get().map(|url| view! {
                <div class="restore-link">
                    <p><strong>"Your new restore link"</strong> " (shown once; keep it private):"</p>
                    <code class="restore-link__url">{url.clone()}</code>
                    <CopyButton text=url label="Copy link".to_owned() />
                </div>
            })}
            {move || error.get().map(|err| view! { <div class="alert alert--error" role="alert">{err.to_string()}</div> })}
        </section>
    }
}
