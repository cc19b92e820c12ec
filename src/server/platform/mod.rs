//! What every feature stands on: settings, start-up and the router, the shared state, the
//! database pools, telemetry, health, security headers, request ids and metrics, and whether a
//! page loads the wasm when that depends on the visitor, and the visitor's time zone.

pub(crate) mod background;
pub mod config;
pub(crate) mod cookies;
pub mod db;
pub(crate) mod delivery;
pub(crate) mod error_status;
pub(crate) mod health;
pub(crate) mod islands;
pub mod language;
pub(crate) mod metrics;
pub mod page_cache;
pub(crate) mod request_id;
pub(crate) mod security;
pub(crate) mod site_files;
pub mod startup;
pub mod state;
pub(crate) mod telemetry;
pub(crate) mod time_zone;
