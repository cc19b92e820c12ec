//! The inbox as its page shows it: each message that arrived about a lead, what ColdCopy took it
//! for and why, grouped by lead and campaign. Plain data, filled on the server (server/inbox/).

use serde::{Deserialize, Serialize};

/// A message as the inbox page shows it. `kind`, `rule` and `summary` are the tags of
/// server/inbox/classify.rs and words.rs (`reply`, `header`, `interested`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub id: i64,
    pub from: String,
    pub from_name: String,
    pub subject: String,
    /// Its own words, quoted history trimmed; shown as text.
    pub body: String,
    pub kind: String,
    pub rule: String,
    pub detail: String,
    pub summary: Option<String>,
    /// An out-of-office's return date (`2026-12-15`).
    pub back_on: Option<String>,
    /// The address a "no longer with the company" message gave.
    pub new_address: Option<String>,
    pub received: String,
    pub corrected: bool,
    /// The founder's answer's state (`draft`, `sending`, `sent`, `unconfirmed`), if any.
    pub answer: Option<String>,
}

/// The messages about one lead in one campaign, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxThread {
    /// Empty for an unreadable message matched to nobody.
    pub lead: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub messages: Vec<InboxMessage>,
}

/// The answer page: the message answered, the answer to edit (the draft, or the suggestion),
/// and whether it can go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    pub id: i64,
    pub from: String,
    pub from_name: String,
    pub subject: String,
    pub body: String,
    pub draft: String,
    /// `draft`, `sending`, `sent` or `unconfirmed`; None before anything was kept.
    pub state: Option<String>,
    /// False when the message is from no campaign's lead: no mailbox to answer from.
    pub can_send: bool,
    /// Whether Claude writes (else the offline composer's acknowledgement, and no rewriting).
    pub claude: bool,
}

/// The filters on the inbox page, as `?show=`.
pub const FILTERS: [&str; 6] = [
    "all",
    "replies",
    "out_of_office",
    "bounces",
    "opt_outs",
    "other",
];

/// The message kinds a filter shows.
pub fn kinds(filter: &str) -> &'static [&'static str] {
    match filter {
        "replies" => &["reply"],
        "out_of_office" => &["out_of_office"],
        "bounces" => &["bounce", "delay"],
        "opt_outs" => &["opt_out"],
        "other" => &["auto_reply", "left_company", "unparsed"],
        _ => &[
            "reply",
            "opt_out",
            "out_of_office",
            "left_company",
            "auto_reply",
            "bounce",
            "delay",
            "unparsed",
        ],
    }
}

/// The kinds a founder may correct a message to.
pub const CORRECTABLE: [&str; 7] = [
    "reply",
    "opt_out",
    "out_of_office",
    "left_company",
    "auto_reply",
    "bounce",
    "delay",
];

/// The summaries a reply may have.
pub const SUMMARIES: [&str; 5] = [
    "interested",
    "not_now",
    "not_interested",
    "referral",
    "question",
];
