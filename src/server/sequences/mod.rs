//! Saved sequences: the store (save, load, edit, revert, history, delete) and the exports for
//! the sending tools.

pub(crate) mod export;
pub(crate) mod store;
