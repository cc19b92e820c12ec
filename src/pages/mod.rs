//! One file per route.

pub mod landing;
pub mod not_found;
