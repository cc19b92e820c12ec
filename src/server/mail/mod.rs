//! Mail. `relay`: ColdCopy's own messages (the sign-in links), handed to the SMTP relay the
//! settings name. The founders' own mailboxes: `check` signs in to one's SMTP and IMAP servers
//! and says what failed; `key` seals their passwords at rest. Sending campaigns and reading
//! replies will live beside them.

pub mod check;
pub mod key;
pub mod relay;

pub use relay::{Outgoing, Relay, SendError};
