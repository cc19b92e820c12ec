//! What every feature stands on: settings, start-up and the router, the shared state, the
//! database pools, telemetry, health, security headers, request ids and metrics.

pub mod config;
pub mod db;
pub mod error_status;
pub mod health;
pub mod metrics;
pub mod request_id;
pub mod security;
pub mod startup;
pub mod state;
pub mod telemetry;
