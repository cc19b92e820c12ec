//! An email's unsaved edit, kept in the browser until it is saved or discarded: it survives a
//! reload (the editor opens again with it), and leaving the page while it differs from the email
//! asks first.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

use crate::domain::sequence::Email;

/// The three texts the editor changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Draft {
    pub subject_a: String,
    pub subject_b: String,
    pub body: String,
}

impl Draft {
    /// Whether this draft says something other than `email`.
    /// The server saves each text trimmed, so a trailing space or newline is no difference.
    pub fn differs_from(&self, email: &Email) -> bool {
        self.subject_a.trim() != email.subject_a.trim()
            || self.subject_b.trim() != email.subject_b.trim()
            || self.body.trim() != email.body.trim()
    }
}

/// Where the draft of email `step` of sequence `id` is kept (the tab's origin's storage).
fn key(id: &str, step: u8) -> String {
    format!("coldcopy:draft:{id}:{step}")
}

/// The kept draft, if any.
pub(super) fn load(id: &str, step: u8) -> Option<Draft> {
    #[cfg(feature = "hydrate")]
    {
        let text = storage()?.get_item(&key(id, step)).ok()??;
        serde_json::from_str(&text).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key(id, step);
        None
    }
}

/// Keeps `draft` (or forgets it: `None`, once saved or discarded).
pub(super) fn keep(id: &str, step: u8, draft: Option<&Draft>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let _ = match draft.and_then(|d| serde_json::to_string(d).ok()) {
            Some(text) => storage.set_item(&key(id, step), &text),
            None => storage.remove_item(&key(id, step)),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, step, draft);
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// While `dirty` is true, leaving the page (a link, a reload, closing the tab) asks first.
pub(super) fn ask_before_leaving(dirty: impl Fn() -> bool + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if dirty() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = dirty;
}
