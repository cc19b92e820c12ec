//! ColdCopy: one crate for the server (`ssr`) and the browser (`hydrate`).
//!
//! `domain` holds wasm-safe types shared by both; `api` the server functions; `pages` and
//! `components` the views; `server` everything that only runs on the server.
// Leptos view types nest deeply (a page of cards inside Show/For); the default 128 is too low
// for the async hydration layout of the generator page.
#![recursion_limit = "256"]
// The browser build compiles only what the islands reach; the server build (which compiles
// everything) still reports dead code.
#![cfg_attr(not(feature = "ssr"), allow(dead_code, unused_imports))]

pub(crate) mod api;
pub(crate) mod app;
pub(crate) mod components;
pub mod domain;
pub(crate) mod pages;

#[cfg(feature = "ssr")]
pub mod server;

/// The browser entry point: starts the reactive runtime; the loader
/// (`server::platform::site_files`) then hydrates each `<leptos-island>` of the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
