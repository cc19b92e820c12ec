//! Server functions: thin adapters that parse input, call the server layer and map errors.
//! Each compiles to an HTTP call in the browser and to the real work on the server.

pub mod account;
pub mod accounts;
pub mod billing;
pub mod campaigns;
pub mod generate;
pub mod history;
pub mod inbox;
pub mod leads;
pub mod mailboxes;
pub mod sequence;
pub mod session;
pub mod share;
pub mod site;
pub mod writing;

#[cfg(feature = "ssr")]
pub(crate) mod context;
