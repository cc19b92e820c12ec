//! Knowing whether the page is interactive yet, and keeping what was typed before it was.

use leptos::prelude::*;

/// A signal that turns true once the page has hydrated (Effects run only in the browser).
/// Controls that need JavaScript render only then, so a page without JavaScript shows none
/// that would do nothing.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// At hydration, gives `value` what the visitor typed into a server-rendered field before the
/// wasm arrived (`read` answers the element's current value once it is mounted). Fields that
/// do this render their value as initial content and never bind `prop:value`: hydration would
/// write the signal's value over the typed text, and a handler reading the signal would then
/// send the text the visitor replaced.
pub fn keep_typed(value: RwSignal<String>, read: impl Fn() -> Option<String> + 'static) {
    Effect::new(move |_| {
        if let Some(typed) = read()
            && typed != value.get_untracked()
        {
            value.set(typed);
        }
    });
}
