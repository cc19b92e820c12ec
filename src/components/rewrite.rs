//! "Rewrite this email" and "Fix with Claude" under each saved email: paid plans only (the free
//! plan gets the paywall), with an optional instruction; the result replaces the email as an
//! edit. Without JavaScript both are plain form posts (`?rewrite={step}` opens the form).

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::sequence::{RewriteEmail, rewrite_email};
use crate::components::{hydrated::keep_typed, session::use_session};
use crate::domain::{
    error::AppError,
    lint::EmailLint,
    sequence::{Email, MAX_INSTRUCTION_CHARS, Source},
    session::Plan,
};

/// The page's paywall, as a control asks for it.
#[derive(Clone, Copy)]
pub struct PaywallCall {
    pub wanted: RwSignal<bool>,
    pub dismissed: RwSignal<bool>,
}

impl PaywallCall {
    pub fn open(self) {
        self.dismissed.set(false);
        self.wanted.set(true);
    }
}

/// One email's rewrite state; it outlives the card's re-renders (a rewrite replaces the email).
#[derive(Clone, Copy)]
pub struct RewriteState {
    open: RwSignal<bool>,
    instruction: RwSignal<String>,
    /// The mode being written ("rewrite" or "fix").
    pending: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<AppError>>,
    /// What the last rewrite did.
    done: RwSignal<Option<String>>,
}

impl RewriteState {
    pub fn new(open: bool, error: Option<AppError>) -> Self {
        Self {
            open: RwSignal::new(open),
            instruction: RwSignal::new(String::new()),
            pending: RwSignal::new(None),
            error: RwSignal::new(error),
            done: RwSignal::new(None),
        }
    }
}

/// The controls: "Rewrite…" (opens the instruction form), "Fix with Claude" when the lint has
/// suggestions, and what happened last.
#[component]
pub fn RewriteControls(
    sequence_id: StoredValue<String>,
    step: u8,
    current: RwSignal<Email>,
    /// The email's checks: "Fix with Claude" shows while any warns.
    lint: Memo<EmailLint>,
    edited: RwSignal<bool>,
    state: RewriteState,
    paywall: PaywallCall,
) -> impl IntoView {
    let session = use_session();
    let t = crate::components::i18n::use_t();
    let free = move || {
        session
            .current()
            .is_some_and(|info| info.plan == Plan::Free)
    };
    let by_claude = move || {
        session
            .current()
            .is_none_or(|info| info.writer == Source::Claude)
    };
    let needs_fix = move || !lint.with(EmailLint::passes);
    let RewriteState {
        open,
        instruction,
        pending,
        error,
        done,
    } = state;

    let run = move |mode: &'static str| {
        if free() {
            paywall.open();
            return;
        }
        pending.set(Some(mode));
        error.set(None);
        done.set(None);
        let text = instruction.get_untracked();
        leptos::task::spawn_local(async move {
            let result = rewrite_email(
                sequence_id.get_value(),
                step.to_string(),
                text,
                mode.to_owned(),
            )
            .await;
            pending.set(None);
            match result {
                Ok(rewritten) => {
                    current.set(rewritten.email);
                    edited.set(true);
                    open.set(false);
                    instruction.set(String::new());
                    done.set(Some(
                        rewritten
                            .note
                            .unwrap_or_else(|| t.rewritten_by_claude.to_owned()),
                    ));
                }
                Err(AppError::PaidPlanRequired) => paywall.open(),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let on_rewrite = move |ev: SubmitEvent| {
        ev.prevent_default();
        run("rewrite");
    };
    let on_fix = move |ev: SubmitEvent| {
        ev.prevent_default();
        run("fix");
    };
    let on_open = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if free() {
            paywall.open();
        } else {
            error.set(None);
            open.set(true);
        }
    };
    let on_cancel = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        open.set(false);
    };
    let id = move || sequence_id.get_value();
    let hidden = move |mode: &'static str| {
        view! {
            <input type="hidden" name="id" value=id() />
            <input type="hidden" name="step" value=step.to_string() />
            <input type="hidden" name="mode" value=mode />
        }
    };
    let busy = move || pending.get().is_some();
    let error_text = move || {
        error.with(|e| {
            e.as_ref().map(|e| {
                e.field_message("instruction")
                    .map(str::to_owned)
                    .unwrap_or_else(|| e.message(t))
            })
        })
    };

    view! {
        <div class="rewrite">
            {move || {
                if open.get() {
                    let input_id = format!("instruction-{step}");
                    // `?rewrite={step}` renders this form on the server: keep what is typed
                    // into it before hydration.
                    let input_ref = NodeRef::<leptos::html::Input>::new();
                    keep_typed(instruction, move || input_ref.get().map(|el| el.value()));
                    view! {
                        <form class="rewrite__form" action=RewriteEmail::PATH method="post" on:submit=on_rewrite>
                            {hidden("rewrite")}
                            <label class="field__label" for=input_id.clone()>
                                {t.rewrite_how}
                                <span class="field__hint">{t.optional}</span>
                            </label>
                            <input
                                id=input_id
                                name="instruction"
                                maxlength=MAX_INSTRUCTION_CHARS.to_string()
                                placeholder=t.rewrite_placeholder
                                value=instruction.get_untracked()
                                node_ref=input_ref
                                on:input=move |ev| instruction.set(event_target_value(&ev))
                            />
                            <div class="rewrite__actions">
                                <button type="submit" class="button button--small" disabled=busy>
                                    {move || match (pending.get(), by_claude()) {
                                        (Some("rewrite"), _) => t.rewriting,
                                        (_, true) => t.rewrite_with_claude,
                                        (_, false) => t.rewrite_offline,
                                    }}
                                </button>
                                <a class="button button--small button--ghost" href=format!("/s/{}#email-{step}", id()) on:click=on_cancel>
                                    {t.cancel}
                                </a>
                            </div>
                        </form>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="rewrite__actions">
                            // First, so it reads as the label of the paid actions and never
                            // wraps onto a line of its own after them.
                            {move || free().then(|| view! { <span class="chip chip--paid">{t.paid_chip}</span> })}
                            <a
                                class="button button--small button--ghost"
                                href=format!("/s/{}?rewrite={step}#email-{step}", id())
                                on:click=on_open
                            >
                                {t.rewrite_this}
                            </a>
                            <Show when=needs_fix>
                                <form action=RewriteEmail::PATH method="post" on:submit=on_fix>
                                    {hidden("fix")}
                                    <button type="submit" class="button button--small button--ghost" disabled=busy>
                                        {move || match (pending.get(), by_claude()) {
                                            (Some("fix"), _) => t.fixing,
                                            (_, true) => t.fix_with_claude,
                                            (_, false) => t.fix_offline,
                                        }}
                                    </button>
                                </form>
                            </Show>
                        </div>
                    }
                        .into_any()
                }
            }}
            {move || error_text().map(|text| view! { <p class="alert alert--error" role="alert">{text}</p> })}
            {move || done.get().map(|text| view! { <p class="notice notice--ok rewrite__done" role="status">{text}</p> })}
        </div>
    }
}
