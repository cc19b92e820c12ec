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
    i18n::use_t,
    page_head::PageHead,
    plans::{PlanCard, go_to},
    query::use_query,
};
use crate::domain::{error::AppError, i18n::fill, plans::Pricing, session::Plan};

/// The pricing page.
#[component]
pub fn PricingPage() -> impl IntoView {
    let t = use_t();
    let pricing = Resource::new(|| (), |_| load_pricing(true));
    let query = use_query();
    let payment_error = move || {
        query
            .read()
            .get("payment_error")
            .and_then(|tag| AppError::from_tag(&tag))
    };
    let restore = move || query.read().get("restore");

    view! {
        <PageHead title=t.pricing_title description=t.pricing_description />
        <section class="container pricing">
            <header class="page-head pricing__head">
                <p class="eyebrow">{t.pricing_title}</p>
                <h1>{t.pricing_heading}</h1>
                <p class="lead">{t.pricing_lead}</p>
            </header>
            {move || payment_error().map(|err| view! {
                <div class="alert alert--error" role="alert">{err.message(t)}</div>
            })}
            {move || restore().map(|what| {
                let text = if what == "done" { t.pricing_restored } else { t.pricing_revoked };
                view! { <div class="notice notice--ok" role="status">{text}</div> }
            })}
            <Suspense fallback=move || view! { <p class="loading">{t.loading_plans}</p> }>
                {move || Suspend::new(async move {
                    match pricing.await {
                        Ok(pricing) => view! { <Plans pricing /> }.into_any(),
                        Err(err) => view! { <div class="alert alert--error" role="alert">{err.message(t)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Plans(pricing: Pricing) -> impl IntoView {
    let t = use_t();
    let paid = pricing.current != Plan::Free;
    view! {
        {(!pricing.payments_enabled).then(|| view! {
            <p class="notice">{t.pricing_payments_off}</p>
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
            {t.pricing_small}
            <a href="/terms">{t.footer_terms}</a> " · " <a href="/privacy">{t.footer_privacy}</a>
        </p>
    }
}

/// For a paid plan: manage the subscription, and the restore links (an island: making a link
/// and copying it need JavaScript; the portal and revoking post without it).
#[island]
fn YourPlan(pricing: Pricing) -> impl IntoView {
    let t = use_t();
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
        .map(|o| o.display_name(t))
        .unwrap_or_default();

    view! {
        <section class="your-plan" aria-labelledby="your-plan-title">
            <h2 id="your-plan-title">{fill(t.your_plan_title, &[("name", &name)])}</h2>
            {(is_pro && pricing.can_manage).then(|| view! {
                <form class="your-plan__row" action=BillingPortal::PATH method="post" on:submit=portal>
                    <div>
                        <h3>{t.your_plan_subscription}</h3>
                        <p>{t.your_plan_subscription_text}</p>
                    </div>
                    <button type="submit" class="button button--small">{t.your_plan_manage}</button>
                </form>
            })}
            <div class="your-plan__row">
                <div>
                    <h3>{t.your_plan_other_browser}</h3>
                    <p>
                        {t.your_plan_restore_text}
                        {move || if live.get() { t.your_plan_link_live } else { t.your_plan_no_link }}
                    </p>
                </div>
                <div class="your-plan__actions">
                    <Show when=move || hydrated.get()>
                        <button type="button" class="button button--small" on:click=make_link>
                            {t.your_plan_make_link}
                        </button>
                    </Show>
                    <Show when=move || live.get()>
                        <form action=RevokeRestoreLinks::PATH method="post" on:submit=revoke>
                            <button type="submit" class="button button--small button--ghost">
                                {t.your_plan_revoke}
                            </button>
                        </form>
                    </Show>
                </div>
            </div>
            {move || fresh_link.get().map(|url| view! {
                <div class="restore-link">
                    <p><strong>{t.your_plan_new_link}</strong> {t.your_plan_new_link_note}</p>
                    <code class="restore-link__url">{url.clone()}</code>
                    <CopyButton text=url label=t.copy_link.to_owned() />
                </div>
            })}
            {move || error.get().map(|err| view! { <div class="alert alert--error" role="alert">{err.message(t)}</div> })}
        </section>
    }
}
