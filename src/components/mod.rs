//! View pieces used by more than one page.

pub mod copy;
pub mod email_card;
pub mod field;
pub mod footer;
pub mod header;
pub mod hydrated;
pub mod i18n;
pub mod lint;
pub mod page_head;
pub mod plans;
pub mod query;
pub mod raw_text;
pub mod rewrite;
pub mod session;
