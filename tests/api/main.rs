//! Integration tests: the production router on a free port, a fresh SQLite file per test.

mod helpers;

mod health;
mod pages;
