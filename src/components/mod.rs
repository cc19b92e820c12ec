//! View pieces used by more than one page.

pub mod footer;
pub mod header;
