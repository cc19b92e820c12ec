//! Pages that move through the browser's history without a load.
//!
//! The form gives a sequence its address while it streams (`history.pushState`), so two entries
//! of the history share one document. After a reload Chrome keeps them sharing the reloaded one,
//! and the back button then only changed the address: `/generate` over the sequence's page.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Loads the page the back or forward button moved to, when it is not this island's page
/// (`path`, as `location.pathname` reads it).
pub fn follow_history(path: String) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let here = window().location().pathname().unwrap_or_default();
            if here != path {
                let _ = window().location().reload();
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
