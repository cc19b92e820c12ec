//! The operator's side: the command line (`cli`), its commands (`commands`: migrate, backup,
//! restore, grant, stats) and the usage report (`usage`).

pub mod cli;
pub mod commands;
pub mod locks;
pub(crate) mod postgres;
pub mod usage;
