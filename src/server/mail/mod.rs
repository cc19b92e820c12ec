//! Mail ColdCopy sends. `relay`: ColdCopy's own messages (the sign-in links), handed to the SMTP
//! relay the settings name. The founders' own mailboxes (sending campaigns, reading replies)
//! will live beside it.

pub mod relay;

pub use relay::{Outgoing, Relay, SendError};
