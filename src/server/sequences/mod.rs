//! Saved sequences: the store (save, load, history, delete), the founder's edits (edit,
//! revert) and the exports for the sending tools.

pub(crate) mod edits;
pub(crate) mod export;
pub(crate) mod store;
