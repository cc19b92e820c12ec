//! Copy-to-clipboard buttons and the toast that confirms them.

use leptos::prelude::*;
use std::time::Duration;

/// The toast: one short message in the page's live region for a few seconds. The region is
/// server-rendered once per page (`Toast`), outside every island, so any island's button shows
/// its message there (islands share no reactive context in the browser).
#[derive(Clone, Copy)]
pub struct Toaster;

impl Toaster {
    /// Shows `message` for a few seconds (in the browser; nothing on the server).
    pub fn show(&self, message: impl Into<String>) {
        #[cfg(feature = "hydrate")]
        {
            let Some(region) = document().query_selector(".toast-region").ok().flatten() else {
                return;
            };
            let Ok(toast) = document().create_element("div") else {
                return;
            };
            toast.set_class_name("toast");
            toast.set_text_content(Some(&message.into()));
            region.set_text_content(None);
            let _ = region.append_child(&toast);
            set_timeout(
                move || {
                    if toast.parent_node().is_some() {
                        toast.remove();
                    }
                },
                Duration::from_millis(2_500),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = message;
    }
}

/// The live region the toasts appear in (screen readers announce them).
#[component]
pub fn Toast() -> impl IntoView {
    view! { <div class="toast-region" role="status" aria-live="polite"></div> }
}

/// A button that copies `text`; shows "Copied" for a moment. `label` names what it copies
/// ("Copy body"), and is also its accessible name.
#[component]
pub fn CopyButton(text: String, label: String, #[prop(optional)] primary: bool) -> impl IntoView {
    let toaster = Toaster;
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

/// A copy button on a page rendered on the server: its own island. Its place is kept while the
/// page becomes interactive (hidden, so nothing moves when it appears), and it is not shown at
/// all when scripting is off (a button that cannot copy: `.copy-slot` in style/main.css).
#[island]
pub fn CopyButtonIsland(text: String, label: String, primary: bool) -> impl IntoView {
    let hydrated = super::hydrated::use_hydrated();
    view! {
        <span class="copy-slot" class:copy-slot--pending=move || !hydrated.get()>
            <CopyButton text=text.clone() label=label.clone() primary />
        </span>
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
