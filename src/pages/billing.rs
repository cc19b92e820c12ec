//! Where Stripe sends the visitor back (`/billing/success`, `/billing/cancel`), and the restore
//! link's page (`/restore/{token}`).

use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::billing::{Restore, payment_status, restore};
use crate::components::{
    copy::CopyButton, hydrated::use_hydrated, i18n::use_t, plans::go_to, query::use_query,
};
use crate::domain::{
    error::AppError,
    i18n::fill,
    plans::{CheckoutStatus, PaymentState},
};

/// How often the success page asks again while the payment is being confirmed.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const POLL_EVERY: Duration = Duration::from_secs(2);

/// `/billing/success?session_id=…`: confirming, then the plan granted (and the restore link).
#[component]
pub fn BillingSuccessPage() -> impl IntoView {
    let query = use_query();
    let checkout_id = move || query.read().get("session_id").unwrap_or_default();
    let status = Resource::new(checkout_id, payment_status);
    let t = use_t();
    view! {
        <Title text=t.payment_title />
        <section class="container narrow billing">
            <Transition fallback=move || view! { <p class="loading">{t.payment_looking}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => view! { <PaymentLive checkout_id=checkout_id() status /> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <header class="page-head">
                                <h1>{t.payment_not_found}</h1>
                                <p class="lead">{t.payment_not_found_text}</p>
                                <p><a class="button" href="/pricing">{t.banner_see_plans}</a></p>
                            </header>
                        }.into_any(),
                        Err(err) => view! {
                            <div class="alert alert--error" role="alert">
                                <p>{err.message(t)}</p>
                                <a class="button button--small" href="">{t.check_again}</a>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The payment as it stands, asked again every two seconds while it is being confirmed (Stripe's
/// event may come after the visitor). An island: once paid it shows the plan and the restore
/// link in place, which the server sends only once.
#[island]
fn PaymentLive(checkout_id: String, status: CheckoutStatus) -> impl IntoView {
    // Kept once seen: the restore link is only ever sent once.
    let restore_url = RwSignal::new(status.restore_url.clone());
    let status = RwSignal::new(status);
    // One timer for the page's life: every two seconds, ask again while still confirming.
    #[cfg(feature = "hydrate")]
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let confirming = status.with_untracked(|s| s.state == PaymentState::Confirming);
            if confirming {
                let id = checkout_id.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(now) = payment_status(id).await {
                        if let Some(url) = now.restore_url.clone() {
                            restore_url.set(Some(url));
                        }
                        if now != status.get_untracked() {
                            status.set(now);
                        }
                    }
                });
            }
        },
        POLL_EVERY,
    ) {
        on_cleanup(move || timer.clear());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = checkout_id;
    move || view! { <PaymentView status=status.get() restore_url /> }
}

#[component]
fn PaymentView(status: CheckoutStatus, restore_url: RwSignal<Option<String>>) -> impl IntoView {
    let t = use_t();
    let hydrated = use_hydrated();
    let name = if status.plan == crate::domain::session::Plan::Free {
        t.plan_free.to_owned()
    } else {
        status.name.clone()
    };
    let shown_url = status.restore_url.clone();
    let link = move || restore_url.get().or_else(|| shown_url.clone());
    match status.state {
        PaymentState::Confirming => view! {
            <header class="page-head billing__head" aria-live="polite">
                <p class="eyebrow">{fill(t.plan_card_aria, &[("name", &name)])}</p>
                <h1>
                    <span class="spinner spinner--on spinner--dark" aria-hidden="true"></span>
                    {t.payment_confirming}
                </h1>
                <p class="lead">
                    {t.payment_confirming_text}
                    {move || if hydrated.get() { t.payment_updates_itself } else { t.payment_reload }}
                </p>
                <p><a class="button button--small button--ghost" href="">{t.check_again}</a></p>
            </header>
        }
        .into_any(),
        PaymentState::Failed => view! {
            <header class="page-head">
                <h1>{t.payment_failed_title}</h1>
                <p class="lead">{t.payment_failed_text}</p>
                <p><a class="button" href="/pricing">{t.back_to_plans}</a></p>
            </header>
        }
        .into_any(),
        PaymentState::Paid => view! {
            <header class="page-head billing__head">
                <p class="eyebrow">{t.payment_confirmed}</p>
                <h1 data-plan=status.plan.as_str()>{fill(t.payment_on_plan, &[("name", &name)])}</h1>
                <p class="lead">{t.payment_thanks}</p>
                <p><a class="button button--large" href="/generate">{t.nav_write_long}</a></p>
            </header>
            {move || link().map(|url| view! {
                <section class="restore-link" aria-labelledby="restore-title">
                    <h2 id="restore-title">{t.restore_link_title}</h2>
                    <p>
                        {t.restore_link_text}
                        <a href="/pricing">{t.restore_link_pricing}</a>
                        {t.restore_link_end}
                    </p>
                    <code class="restore-link__url" id="restore-url">{url.clone()}</code>
                    <Show when=move || hydrated.get()>
                        <CopyButton text=url.clone() label=t.copy_link.to_owned() primary=true />
                    </Show>
                </section>
            })}
        }
        .into_any(),
    }
}

/// `/billing/cancel`: nothing was charged.
#[component]
pub fn BillingCancelPage() -> impl IntoView {
    let t = use_t();
    view! {
        <Title text=t.cancel_title />
        <section class="container narrow billing">
            <header class="page-head">
                <p class="eyebrow">{t.cancel_title}</p>
                <h1>{t.cancel_heading}</h1>
                <p class="lead">{t.cancel_text}</p>
                <div class="actions">
                    <a class="button" href="/generate">{t.back_to_form}</a>
                    <a class="button button--ghost" href="/pricing">{t.banner_see_plans}</a>
                </div>
            </header>
        </section>
    }
}

/// `/restore/{token}`: attaches a paid plan to this browser, after the visitor confirms (a
/// link preview must not be able to do it).
#[component]
pub fn RestorePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let query = use_query();
    let error = RwSignal::new(
        query
            .read_untracked()
            .get("payment_error")
            .and_then(|tag| AppError::from_tag(&tag)),
    );
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let token = token();
        leptos::task::spawn_local(async move {
            match restore(token).await {
                // A full load: the header and every page read the new session.
                Ok(()) => go_to("/pricing?restore=done"),
                Err(err) => {
                    pending.set(false);
                    error.set(Some(err));
                }
            }
        });
    };
    let t = use_t();
    view! {
        <Title text=t.restore_title />
        <section class="container narrow billing">
            <header class="page-head">
                <p class="eyebrow">{t.restore_eyebrow}</p>
                <h1>{t.restore_heading}</h1>
                <p class="lead">{t.restore_text}</p>
            </header>
            {move || error.get().map(|err| {
                let text = if err == AppError::NotFound {
                    t.restore_broken.to_owned()
                } else {
                    err.message(t)
                };
                view! { <div class="alert alert--error" role="alert">{text}</div> }
            })}
            <form action=Restore::PATH method="post" on:submit=on_submit>
                <input type="hidden" name="token" value=token />
                <button type="submit" class="button button--large" disabled=move || pending.get()>
                    {t.restore_button}
                </button>
            </form>
        </section>
    }
}
