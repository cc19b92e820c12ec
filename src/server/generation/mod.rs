//! How a sequence is written: the pipeline from the parsed form to the saved sequence
//! (`pipeline`), the offline composer, the one-email rewrite, and the Claude client (`claude`).

pub mod composer;
pub mod pipeline;
pub mod rewrite;

pub mod claude;
