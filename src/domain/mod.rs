//! Wasm-safe types and pure logic, shared by the browser and the server.
//!
//! Everything here compiles for both targets, so the browser checks input with the very code
//! the server enforces.

pub mod address;
pub mod cadence;
pub mod campaign;
pub mod error;
pub mod export;
pub mod form;
pub mod hidden;
pub mod i18n;
pub mod ids;
pub mod inbox;
pub mod leads;
pub mod lint;
pub mod mailbox;
pub mod options;
pub mod plans;
pub mod prices;
pub mod progress;
pub mod sequence;
pub mod session;
pub mod wait;
