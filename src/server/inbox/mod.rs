//! The inbox: what arrives in a founder's connected mailboxes, read and understood.
//!
//! `classify` says what each message is and why (`report` reads bounce reports, `words` the
//! out-of-office, opt-out and summary wording in English and Chinese, `text` the message's own
//! words with the quoted history cut); `store` keeps each message once and `act` does what it
//! says to its lead (`lead` finds which), `health` pauses a mailbox that bounces too often;
//! `list` and `correct` are the page's, `answer` drafts the founder's answer (Claude's, or the offline acknowledgement) and `send`
//! sends it in the lead's thread.

pub mod act;
pub mod answer;
pub mod classify;
pub mod correct;
pub mod health;
pub mod lead;
pub mod list;
pub mod report;
pub(crate) mod routes;
pub mod send;
pub mod store;
pub mod text;
pub mod words;

#[cfg(test)]
mod fixtures;
