//! One file per route.

pub mod account;
pub mod billing;
pub mod campaigns;
pub mod generate;
pub mod history;
pub mod inbox;
pub mod landing;
pub mod leads;
pub mod legal;
pub mod mailboxes;
pub mod not_found;
pub mod pricing;
pub mod sequence;
pub mod tools;
