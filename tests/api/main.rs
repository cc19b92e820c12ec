//! Integration tests: the production router on a free port, a fresh SQLite file per test.

mod fake_claude;
mod helpers;

mod generate;
mod health;
mod pages;
mod results;
mod security;
mod streaming;
mod usage;
