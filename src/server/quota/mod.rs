//! Who may generate, and how often: the allowance's conditional UPDATE (`allowance`) and the
//! burst limiters and daily per-IP caps (`limits`).

pub mod allowance;
pub mod limits;
