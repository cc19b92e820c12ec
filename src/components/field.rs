//! A labelled text field with a live character counter and its message.
//!
//! The message appears once the field is touched (or the form was submitted) and comes from the
//! same rule the server enforces; before hydration it is the server's message.
//!
//! The page is usable before its wasm arrives, so a visitor may type first: the field keeps that
//! text (`keep_typed`).

use leptos::prelude::*;

use crate::components::{hydrated::keep_typed, raw_text::raw_text};
use crate::domain::form::TextRule;

/// One free-text field of the generator form.
#[component]
pub fn TextField(
    rule: TextRule,
    value: RwSignal<String>,
    /// True once the visitor tried to submit: every field shows its message.
    submitted: Signal<bool>,
    /// The server's message for this field, from the last answer.
    server_message: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(into)] hint: String,
    #[prop(into)] placeholder: String,
) -> impl IntoView {
    let t = crate::components::i18n::use_t();
    let touched = RwSignal::new(false);
    let input_id = format!("field-{}", rule.name);
    let message_id = format!("{}-message", rule.name);
    let counter_id = format!("{}-counter", rule.name);
    let hint_id = format!("{}-hint", rule.name);

    let message = Signal::derive(move || {
        if touched.get() || submitted.get() {
            rule.check(&value.get(), t).err().map(|e| e.message)
        } else {
            server_message.get()
        }
    });
    let count = move || rule.count(&value.get());
    let over = move || count() > rule.max;
    let described_by = format!("{hint_id} {counter_id} {message_id}");

    let on_input = move |ev| value.set(event_target_value(&ev));
    let on_blur = move |_| touched.set(true);

    let control = if multiline {
        let textarea_ref = NodeRef::<leptos::html::Textarea>::new();
        keep_typed(value, move || textarea_ref.get().map(|el| el.value()));
        view! {
            <textarea
                id=input_id.clone()
                name=rule.name
                rows="3"
                placeholder=placeholder
                aria-describedby=described_by
                aria-invalid=move || message.get().is_some().to_string()
                node_ref=textarea_ref
                on:input=on_input
                on:blur=on_blur
            >
                {raw_text(value.get_untracked())}
            </textarea>
        }
        .into_any()
    } else {
        let input_ref = NodeRef::<leptos::html::Input>::new();
        keep_typed(value, move || input_ref.get().map(|el| el.value()));
        view! {
            <input
                id=input_id.clone()
                name=rule.name
                type="text"
                autocomplete="off"
                placeholder=placeholder
                aria-describedby=described_by
                aria-invalid=move || message.get().is_some().to_string()
                value=value.get_untracked()
                node_ref=input_ref
                on:input=on_input
                on:blur=on_blur
            />
        }
        .into_any()
    };

    view! {
        <div class="field" class:field--invalid=move || message.get().is_some()>
            <div class="field__top">
                <label class="field__label" for=input_id>
                    {rule.label(t)}
                </label>
                <span id=counter_id class="field__counter" class:field__counter--over=over>
                    {count}
                    "/"
                    {rule.max}
                </span>
            </div>
            <p id=hint_id class="field__hint">
                {hint}
            </p>
            {control}
            <p id=message_id class="field__message">
                {move || message.get()}
            </p>
        </div>
    }
}
