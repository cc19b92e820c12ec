//! Knowing whether the page is interactive yet.

use leptos::prelude::*;

/// A signal that turns true once the page has hydrated (Effects run only in the browser).
/// Controls that need JavaScript render only then, so a page without JavaScript shows none
/// that would do nothing.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}
