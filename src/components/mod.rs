//! View pieces used by more than one page.

pub mod copy;
pub mod field;
pub mod footer;
pub mod header;
pub mod hydrated;
pub mod plans;
pub mod session;
