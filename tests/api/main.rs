//! Integration tests: the production router on a free port, a fresh SQLite file per test.

mod fakes;
mod helpers;

mod abuse;
mod billing;
mod crash;
mod delivery;
mod editing;
mod exports;
mod fuzz;
mod generate;
mod health;
mod history;
mod language;
mod language_leads;
mod lead_batches;
mod lead_exports;
mod lead_files;
mod lead_limits;
mod lead_restart;
mod leads;
mod markup;
mod markup_leads;
mod metrics;
mod ops;
mod page_cache;
mod pages;
mod properties;
mod results;
mod rewrite;
mod scale_out;
mod security;
mod shared_limits;
mod shutdown;
mod streaming;
mod usage;
