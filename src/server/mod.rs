//! Everything that only runs on the server: settings, start-up, state, the database layer,
//! telemetry and the HTTP routes that are not server functions.

pub mod config;
pub mod db;
pub mod health;
pub mod startup;
pub mod state;
pub mod telemetry;
