//! One file per route.

pub mod generate;
pub mod landing;
pub mod not_found;
pub mod sequence;
