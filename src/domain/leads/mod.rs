//! Lead lists: a founder's leads for one saved sequence, a first line for each taken from what
//! the founder knows about that lead, checked by code ([`grounding`]) before it is kept.
//!
//! `columns` reads the list's headers and holds the founder's [`columns::Mapping`]; `rows`
//! sorts the rows into leads and the rows left out; `grounding` is the truth check and the
//! line's lint; this file has the types the pages and the server share.

pub mod columns;
pub mod export;
pub mod fallbacks;
pub mod grounding;
pub mod rows;

use serde::{Deserialize, Serialize};

/// Where a lead list's job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Uploaded; the founder confirms which column holds what.
    Mapping,
    /// Lines are being written.
    Running,
    /// Every lead has its line (or its reason for none).
    Done,
    /// Stopped by the founder: leads not yet written stay unwritten and are not charged.
    Cancelled,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Mapping => "mapping",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Mapping, Self::Running, Self::Done, Self::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// Where one lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    Pending,
    /// A line that passed the grounding check.
    Written,
    /// Nothing specific in the lead's data: the neutral opener is used.
    NoSignal,
    /// Claude failed, or its lines failed the check twice: the neutral opener is used.
    Failed,
    /// The job was cancelled before this lead was written (not charged).
    Cancelled,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Pending => "pending",
            LeadStatus::Written => "written",
            LeadStatus::NoSignal => "no_signal",
            LeadStatus::Failed => "failed",
            LeadStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Written,
            Self::NoSignal,
            Self::Failed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// The words in the review table.
    pub fn label(self) -> &'static str {
        match self {
            LeadStatus::Pending => "Waiting",
            LeadStatus::Written => "Written",
            LeadStatus::NoSignal => "No signal",
            LeadStatus::Failed => "Failed",
            LeadStatus::Cancelled => "Not written",
        }
    }
}

/// How far a job has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobCounts {
    pub total: u32,
    pub pending: u32,
    pub written: u32,
    pub no_signal: u32,
    pub failed: u32,
    pub cancelled: u32,
    /// Estimated cost of the lines so far, in millionths of a US dollar.
    pub cost_usd_micros: i64,
}

impl JobCounts {
    pub fn done(&self) -> u32 {
        self.written + self.no_signal + self.failed
    }

    /// Percent done, for the progress bar.
    pub fn percent(&self) -> u32 {
        (self.done() + self.cancelled)
            .saturating_mul(100)
            .checked_div(self.total)
            .unwrap_or(100)
    }
}

/// One lead as the review table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadRow {
    pub id: i64,
    pub data: rows::LeadData,
    pub status: LeadStatus,
    /// The line (the founder's edit if any); `None` until written, or when no signal.
    pub line: Option<String>,
    /// The fact the line quotes, from the lead's data.
    pub fact: Option<String>,
    /// The line is the founder's own.
    pub edited: bool,
    /// Why there is no line, for a failed lead.
    pub note: Option<String>,
    /// The founder's last edit that did not pass the check (shown with its problems).
    pub draft: Option<String>,
}

/// A lead list's job, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadJob {
    pub id: String,
    pub sequence_id: String,
    /// The sequence's company and target title, for the heading.
    pub company: String,
    pub job_title: String,
    pub file_name: String,
    pub status: JobStatus,
    pub headers: Vec<String>,
    /// The first rows of the list, to show beside the mapping.
    pub preview: Vec<rows::Row>,
    pub rows: u32,
    pub mapping: columns::Mapping,
    pub skipped: Vec<rows::Skipped>,
    pub counts: JobCounts,
    pub neutral_line: String,
    /// The founder's last change of the neutral line that did not pass the check.
    pub neutral_draft: Option<String>,
    /// Lines written offline (no Claude key on this server).
    pub offline: bool,
    /// Written through Anthropic's Message Batches API (queued there until the batch ends).
    pub batch: bool,
    pub created_at: i64,
}

/// A lead list in a sequence's list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: String,
    pub file_name: String,
    pub status: JobStatus,
    pub rows: u32,
    pub created_at: i64,
}

/// What a line may take its names and numbers from besides the lead: the form and the sequence.
pub fn context(
    request: &crate::domain::form::SequenceRequest,
    sequence: &crate::domain::sequence::Sequence,
) -> String {
    let mut text = [
        request.company(),
        request.job_title(),
        request.problem(),
        request.product(),
        request.benefit(),
        request.cta(),
    ]
    .join("\n");
    for email in &sequence.emails {
        for part in [&email.subject_a, &email.subject_b, &email.body] {
            text.push('\n');
            text.push_str(part);
        }
    }
    text
}

/// The neutral opener when the form's words do not make one that passes the line's checks.
pub const PLAIN_NEUTRAL_LINE: &str =
    "I'm writing with one idea that could save your team real time this quarter.";

/// A neutral first line from the founder's form, for leads with nothing specific (the founder
/// can change it on the job's page): the form's own words, or [`PLAIN_NEUTRAL_LINE`] when they
/// would not pass the checks every sent line passes (a question, a cliché, too long).
pub fn neutral_line(
    request: &crate::domain::form::SequenceRequest,
    sequence: &crate::domain::sequence::Sequence,
) -> String {
    let problem = request.problem().trim().trim_end_matches(['.', '!', ' ']);
    let line = format!(
        "I'm writing because one problem keeps coming up with {} teams: {problem}.",
        request.job_title().trim()
    );
    match grounding::check_unquoted(&line, "", &context(request, sequence)) {
        Ok(()) => line,
        Err(_) => PLAIN_NEUTRAL_LINE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_neutral_line_passes_every_check() {
        assert_eq!(
            grounding::check_unquoted(PLAIN_NEUTRAL_LINE, "", ""),
            Ok(())
        );
    }
}
