//! The sequence's address while it is written: the page moves to `/s/{id}` as soon as writing
//! starts (a reload or another tab then follows the writing there), back to the form if it fails,
//! and loads the sequence once it is saved.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

use crate::domain::ids::SequenceId;

/// Gives the sequence its address the moment writing starts: a new entry `/s/{id}` in the
/// history (what a reload or another tab shows: the writing, then the sequence), after the form's
/// own (what the back button returns to). The page itself goes on showing the stream.
pub(super) fn address_the_writing(id: &SequenceId) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let none = wasm_bindgen::JsValue::NULL;
        let _ = history.push_state_with_url(&none, "", Some(&format!("/s/{id}")));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// After a failed writing, the address is the form's again (nothing was saved under the
/// sequence's).
pub(super) fn back_to_the_form() {
    #[cfg(feature = "hydrate")]
    {
        let on_sequence = window()
            .location()
            .pathname()
            .is_ok_and(|here| here.starts_with("/s/"));
        if on_sequence && let Ok(history) = window().history() {
            let _ = history.back();
        }
    }
}

/// Opens the saved sequence: its address is already the page's (`address_the_writing`), so
/// loading it again shows the sequence; if the founder went back to the form meanwhile, it goes
/// there.
pub(super) fn open_saved(id: &SequenceId) {
    let path = format!("/s/{id}");
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        if location.pathname().is_ok_and(|here| here == path) {
            let _ = location.reload();
            return;
        }
    }
    open_page(&path);
}

/// Opens `path` as a new page load (an island has no router).
fn open_page(path: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().set_href(path);
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Runs `reset` when the browser shows this page again from its back-forward cache (as it was
/// left, mid-writing) rather than loading it.
pub(super) fn on_restored_from_cache(reset: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener_untyped("pageshow", move |ev| {
            let restored = ev
                .dyn_into::<web_sys::PageTransitionEvent>()
                .is_ok_and(|ev| ev.persisted());
            if restored {
                reset();
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = reset;
}
