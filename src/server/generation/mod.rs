//! How a sequence is written: the pipeline from the parsed form to the saved sequence
//! (`pipeline`), the offline composer, the one-email rewrite, and the Claude client (`claude`).

pub(crate) mod composer;
pub(crate) mod pipeline;
pub(crate) mod rewrite;

pub(crate) mod claude;
