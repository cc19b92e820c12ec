//! Copy-to-clipboard buttons and the toast that confirms them.

use leptos::prelude::*;
use std::time::Duration;

/// The one toast message on screen, if any.
#[derive(Clone, Copy)]
pub struct Toaster(RwSignal<Option<String>>);

impl Toaster {
    pub fn provide() {
        provide_context(Toaster(RwSignal::new(None)));
    }

    /// Shows `message` for a few seconds.
    pub fn show(&self, message: impl Into<String>) {
        let slot = self.0;
        slot.set(Some(message.into()));
        set_timeout(move || slot.set(None), Duration::from_millis(2_500));
    }
}

/// The live region the toasts appear in (screen readers announce them).
#[component]
pub fn Toast() -> impl IntoView {
    let Toaster(message) = expect_context::<Toaster>();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || message.get().map(|text| view! { <div class="toast">{text}</div> })}
        </div>
    }
}

/// A button that copies `text`; shows "Copied" for a moment. `label` names what it copies
/// ("Copy body"), and is also its accessible name.
#[component]
pub fn CopyButton(text: String, label: String, #[prop(optional)] primary: bool) -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    let t = super::i18n::use_t();
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            if write_clipboard(&text).await {
                copied.set(true);
                toaster.show(t.copied_toast);
                set_timeout(move || copied.set(false), Duration::from_millis(2_000));
            } else {
                toaster.show(t.copy_blocked);
            }
        });
    };
    let class = if primary {
        "button button--small"
    } else {
        "button button--small button--ghost"
    };
    let aria_label = label.clone();
    view! {
        <button type="button" class=class aria-label=aria_label on:click=on_click>
            {move || if copied.get() { t.copied.to_owned() } else { label.clone() }}
        </button>
    }
}

/// Writes to the clipboard; false when the browser refuses.
#[cfg(feature = "hydrate")]
async fn write_clipboard(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[cfg(not(feature = "hydrate"))]
async fn write_clipboard(_text: &str) -> bool {
    false
}
