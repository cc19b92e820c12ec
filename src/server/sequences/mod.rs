//! Saved sequences: the store (save, load, history, delete), the founder's edits (edit,
//! revert), the exports for the sending tools, and the writings (a sequence's page while it is
//! written).

pub(crate) mod edits;
pub(crate) mod export;
pub(crate) mod shares;
pub(crate) mod store;
pub mod writings;
