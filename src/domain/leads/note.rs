//! Why a lead has no line of its own, in words: the note kept with a lead the writer could not
//! give a line (stored as JSON in the lead's `note`).

use serde::{Deserialize, Serialize};

use super::grounding;
use crate::domain::i18n::{Messages, fill};

/// Why a lead has no line of its own. Stored as JSON in the lead's `note` (a note stored as
/// plain text by an earlier version is kept and shown as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LeadNote {
    /// None of the chosen columns has anything for this lead.
    NoFacts,
    /// Claude found nothing specific in the lead's data.
    NothingSpecific,
    /// Claude could not be reached.
    Unreachable,
    /// The lead could not be written after several tries.
    GaveUp,
    /// The written line failed the check.
    Refused { problems: grounding::Problems },
    /// A note from before notes were typed.
    Text { text: String },
}

impl LeadNote {
    /// The note in `t`'s language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            LeadNote::NoFacts => t.lead_note_no_facts.to_owned(),
            LeadNote::NothingSpecific => t.lead_note_nothing_specific.to_owned(),
            LeadNote::Unreachable => t.lead_note_unreachable.to_owned(),
            LeadNote::GaveUp => t.lead_note_gave_up.to_owned(),
            LeadNote::Refused { problems } => {
                let problems: Vec<String> = problems.iter().map(|p| p.message(t)).collect();
                fill(
                    t.lead_note_refused,
                    &[("problems", &problems.join(t.line_problem_separator))],
                )
            }
            LeadNote::Text { text } => text.clone(),
        }
    }

    /// The note as the database keeps it.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).expect("a lead note serialises")
    }

    /// A stored note: JSON, or an earlier version's plain text.
    pub fn from_stored(stored: &str) -> Self {
        serde_json::from_str(stored).unwrap_or_else(|_| LeadNote::Text {
            text: stored.to_owned(),
        })
    }
}
