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
mod note;
pub mod rows;
pub mod sniff;

pub use note::LeadNote;

use serde::{Deserialize, Serialize};

use crate::domain::i18n::Messages;
use crate::domain::lint::text::{is_han, is_kana, visible_chars};

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
    /// Over the plan's daily first-line allowance when the list started: waits until the
    /// founder asks for it again with allowance to spare (not charged).
    Held,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Pending => "pending",
            LeadStatus::Written => "written",
            LeadStatus::NoSignal => "no_signal",
            LeadStatus::Failed => "failed",
            LeadStatus::Cancelled => "cancelled",
            LeadStatus::Held => "held",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Written,
            Self::NoSignal,
            Self::Failed,
            Self::Cancelled,
            Self::Held,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// The words in the review table.
    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            LeadStatus::Pending => t.lead_status_pending,
            LeadStatus::Written => t.lead_status_written,
            LeadStatus::NoSignal => t.lead_status_no_signal,
            LeadStatus::Failed => t.lead_status_failed,
            LeadStatus::Cancelled => t.lead_status_cancelled,
            LeadStatus::Held => t.lead_status_held,
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
    /// Waiting for the plan's allowance (`LeadStatus::Held`).
    pub held: u32,
    /// Estimated cost of the lines so far, in millionths of a US dollar: the operator's cost
    /// (Claude's tokens), never sent to the founder's page or API.
    #[serde(skip_serializing, default)]
    pub cost_usd_micros: i64,
}

impl JobCounts {
    pub fn done(&self) -> u32 {
        self.written + self.no_signal + self.failed
    }

    /// Percent done, for the progress bar: of the leads being written (held ones wait).
    pub fn percent(&self) -> u32 {
        (self.done() + self.cancelled)
            .saturating_mul(100)
            .checked_div(self.total - self.held)
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
    /// The founder kept their line although the grounding check doubted it: it is sent as
    /// written, and shown as kept by them, not as checked.
    #[serde(default)]
    pub vouched: bool,
    /// Why there is no line, for a failed lead.
    pub note: Option<LeadNote>,
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
    /// The lines of the rows whose cells held hidden characters, removed on upload (known
    /// until the mapping is confirmed; then each lead says so itself).
    pub hidden_lines: Vec<u64>,
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

/// The same, for a sequence written in Chinese.
pub const PLAIN_NEUTRAL_LINE_ZH: &str =
    "写信给你，是因为有个想法也许能在这个季度帮你的团队省下不少时间。";

/// Whether the sequence is written in Chinese: its first email has more Chinese characters
/// than Latin letters outside its merge tags, and no Japanese kana (the form may have asked for
/// Chinese while the offline composer wrote English, so the emails decide, not the form).
pub fn written_in_chinese(sequence: &crate::domain::sequence::Sequence) -> bool {
    let body = sequence
        .emails
        .first()
        .map_or("", |email| email.body.as_str());
    let (mut han, mut latin) = (0, 0);
    for c in visible_chars(body) {
        if is_kana(c) {
            // Japanese shares the characters, not the opener.
            return false;
        } else if is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    han > latin
}

/// A neutral first line from the founder's form, for leads with nothing specific (the founder
/// can change it on the job's page): the form's own words, or [`PLAIN_NEUTRAL_LINE`] when they
/// would not pass the checks every sent line passes (a question, a cliché, too long).
pub fn neutral_line(
    request: &crate::domain::form::SequenceRequest,
    sequence: &crate::domain::sequence::Sequence,
) -> String {
    let problem = request
        .problem()
        .trim()
        .trim_end_matches(['.', '!', ' ', '\u{3002}', '\u{ff01}']);
    let title = request.job_title().trim();
    let (line, plain) = if written_in_chinese(sequence) {
        (
            format!("写信给你，是因为{title}团队里经常遇到同一个问题：{problem}。"),
            PLAIN_NEUTRAL_LINE_ZH,
        )
    } else {
        (
            format!(
                "I'm writing because one problem keeps coming up with {title} teams: {problem}."
            ),
            PLAIN_NEUTRAL_LINE,
        )
    };
    match grounding::check_unquoted(&line, "", &context(request, sequence)) {
        Ok(()) => line,
        Err(_) => plain.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_their_kind_and_old_text_notes_survive() {
        let note = LeadNote::Refused {
            problems: vec![
                grounding::Problem::Number("$15M".into()),
                grounding::Problem::Question,
            ],
        };
        assert_eq!(LeadNote::from_stored(&note.to_stored()), note);
        let old = "Nothing specific in this lead's data.";
        assert_eq!(
            LeadNote::from_stored(old),
            LeadNote::Text { text: old.into() }
        );
        let en = crate::domain::i18n::Lang::En.t();
        assert_eq!(
            note.message(en),
            "The written line was refused (it says \u{201c}$15M\u{201d}, a number not in this lead's data, the form or the sequence; it asks a question: the sequence's call to action is the one question to ask); the lead gets the neutral opener."
        );
    }

    #[test]
    fn the_neutral_opener_follows_the_language_the_first_email_is_written_in() {
        use crate::domain::form::fixtures::request;
        use crate::domain::sequence::{Email, Sequence};
        let sequence = |body: &str| Sequence {
            emails: vec![Email {
                step: 1,
                day: 0,
                subject_a: "月末结账".into(),
                subject_b: "两天结账".into(),
                body: body.into(),
            }],
        };
        // The form asked for Chinese and the emails are Chinese: a Chinese opener, checked.
        let chinese =
            sequence("{{first_name}}，你好：\n\n很多财务团队每月结账要花一周。\n\n{{sender_name}}");
        let request = request("professional", "3", "zh");
        assert!(written_in_chinese(&chinese));
        let line = neutral_line(&request, &chinese);
        assert!(
            line.starts_with("写信给你，是因为Financial Controller团队"),
            "{line}"
        );
        assert_eq!(
            grounding::check_unquoted(&line, "", &context(&request, &chinese)),
            Ok(())
        );
        // The form asked for Chinese but the offline composer wrote English: an English opener.
        let english = sequence("Hi {{first_name}},\n\nMost teams lose a week to the close.");
        assert!(!written_in_chinese(&english));
        assert!(neutral_line(&request, &english).starts_with("I'm writing because"));
        // Japanese shares the characters, not the opener.
        assert!(!written_in_chinese(&sequence(
            "{{first_name}}様\n\n毎月の決算に一週間かかっていませんか。"
        )));
    }

    #[test]
    fn the_plain_neutral_line_passes_every_check() {
        assert_eq!(
            grounding::check_unquoted(PLAIN_NEUTRAL_LINE, "", ""),
            Ok(())
        );
        assert_eq!(
            grounding::check_unquoted(PLAIN_NEUTRAL_LINE_ZH, "", ""),
            Ok(())
        );
    }
}
