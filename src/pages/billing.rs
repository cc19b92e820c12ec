//! Where Stripe sends the visitor back (`/billing/success`, `/billing/cancel`), and the restore
//! link's page (`/restore/{token}`).

use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::billing::{Restore, payment_status, restore};
use crate::components::{
    copy::CopyButton, hydrated::use_hydrated, plans::go_to, query::use_query, session::use_session,
};
use crate::domain::{
    error::AppError,
    plans::{CheckoutStatus, PaymentState},
};

/// How often the success page asks again while the payment is being confirmed.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// `/billing/success?session_id=…`: confirming, then the plan granted (and the restore link).
#[component]
pub fn BillingSuccessPage() -> impl IntoView {
    let query = use_query();
    let checkout_id = move || query.read().get("session_id").unwrap_or_default();
    let status = Resource::new(checkout_id, payment_status);
    // Kept once seen: the restore link is only ever sent once.
    let restore_url = RwSignal::new(None::<String>);

    let session = use_session();
    // Once paid, the header's plan badge loads again, and the restore link is kept.
    Effect::new(move |was_paid: Option<bool>| {
        let paid = status.get().is_some_and(|s| {
            matches!(
                s,
                Ok(CheckoutStatus {
                    state: PaymentState::Paid,
                    ..
                })
            )
        });
        if paid && was_paid == Some(false) {
            session.info.refetch();
        }
        if let Some(Ok(CheckoutStatus {
            restore_url: Some(url),
            ..
        })) = status.get()
        {
            restore_url.set(Some(url));
        }
        paid
    });
    // One timer for the page's life: every two seconds, ask again while still confirming. (A
    // timer set per answer stopped when an answer equal to the last did not re-run the effect.)
    Effect::new(move |_| {
        let still_confirming = move || {
            status.with_untracked(|s| {
                matches!(
                    s,
                    Some(Ok(CheckoutStatus {
                        state: PaymentState::Confirming,
                        ..
                    }))
                )
            })
        };
        if let Ok(timer) = set_interval_with_handle(
            move || {
                if still_confirming() {
                    status.refetch();
                }
            },
            POLL_EVERY,
        ) {
            on_cleanup(move || timer.clear());
        }
    });

    view! {
        <Title text="Payment" />
        <section class="container narrow billing">
            <Transition fallback=|| view! { <p class="loading">"Looking up your payment…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => view! { <PaymentView status restore_url /> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <header class="page-head">
                                <h1>"We could not find that payment"</h1>
                                <p class="lead">
                                    "This browser did not start that checkout. If you paid in another "
                                    "browser, open the restore link you were given there."
                                </p>
                                <p><a class="button" href="/pricing">"See plans"</a></p>
                            </header>
                        }.into_any(),
                        Err(err) => view! {
                            <div class="alert alert--error" role="alert">
                                <p>{err.to_string()}</p>
                                <a class="button button--small" href="">"Check again"</a>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PaymentView(status: CheckoutStatus, restore_url: RwSignal<Option<String>>) -> impl IntoView {
    let hydrated = use_hydrated();
    let shown_url = status.restore_url.clone();
    let link = move || restore_url.get().or_else(|| shown_url.clone());
    match status.state {
        PaymentState::Confirming => view! {
            <header class="page-head billing__head" aria-live="polite">
                <p class="eyebrow">{format!("{} plan", status.name)}</p>
                <h1>
                    <span class="spinner spinner--on spinner--dark" aria-hidden="true"></span>
                    "Confirming your payment…"
                </h1>
                <p class="lead">
                    "Stripe has sent you back; we are waiting for its confirmation, which "
                    "usually takes a few seconds. "
                    {move || if hydrated.get() {
                        "This page updates by itself."
                    } else {
                        "Reload this page in a moment."
                    }}
                </p>
                <p><a class="button button--small button--ghost" href="">"Check again"</a></p>
            </header>
        }
        .into_any(),
        PaymentState::Failed => view! {
            <header class="page-head">
                <h1>"The payment did not go through"</h1>
                <p class="lead">"Nothing was charged. You can try again with another payment method."</p>
                <p><a class="button" href="/pricing">"Back to the plans"</a></p>
            </header>
        }
        .into_any(),
        PaymentState::Paid => view! {
            <header class="page-head billing__head">
                <p class="eyebrow">"Payment confirmed"</p>
                <h1 data-plan=status.plan.as_str()>{format!("You're on {}", status.name)}</h1>
                <p class="lead">"Thank you. Your plan is active in this browser now."</p>
                <p><a class="button button--large" href="/generate">"Write a sequence"</a></p>
            </header>
            {move || link().map(|url| view! {
                <section class="restore-link" aria-labelledby="restore-title">
                    <h2 id="restore-title">"Your private restore link"</h2>
                    <p>
                        "Open it in another browser or on another device to use your plan there. "
                        "It is shown only this once: copy it somewhere safe and keep it private. "
                        "You can revoke it, or make a new one, on the "
                        <a href="/pricing">"pricing page"</a> "."
                    </p>
                    <code class="restore-link__url" id="restore-url">{url.clone()}</code>
                    <Show when=move || hydrated.get()>
                        <CopyButton text=url.clone() label="Copy link".to_owned() primary=true />
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
    view! {
        <Title text="Checkout cancelled" />
        <section class="container narrow billing">
            <header class="page-head">
                <p class="eyebrow">"Checkout cancelled"</p>
                <h1>"Nothing was charged"</h1>
                <p class="lead">
                    "You left the checkout before paying. Your saved sequences and everything "
                    "you typed are still here."
                </p>
                <div class="actions">
                    <a class="button" href="/generate">"Back to the form"</a>
                    <a class="button button--ghost" href="/pricing">"See plans"</a>
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
    view! {
        <Title text="Restore your plan" />
        <section class="container narrow billing">
            <header class="page-head">
                <p class="eyebrow">"Restore link"</p>
                <h1>"Use your paid plan in this browser"</h1>
                <p class="lead">
                    "This attaches the plan bought with this link to this browser. Sequences "
                    "already written here move along with it."
                </p>
            </header>
            {move || error.get().map(|err| {
                let text = if err == AppError::NotFound {
                    "This restore link does not work: it was revoked, replaced by a newer one, or mistyped.".to_owned()
                } else {
                    err.to_string()
                };
                view! { <div class="alert alert--error" role="alert">{text}</div> }
            })}
            <form action=Restore::PATH method="post" on:submit=on_submit>
                <input type="hidden" name="token" value=token />
                <button type="submit" class="button button--large" disabled=move || pending.get()>
                    "Use my plan here"
                </button>
            </form>
        </section>
    }
}
