//! A written sequence: its emails, where it came from, and the check every sequence must pass
//! before it is saved, whoever wrote it.

use serde::{Deserialize, Serialize};

use super::ids::SequenceId;

/// The longest subject line we accept (mobile previews cut far earlier; this catches garbage).
pub const MAX_SUBJECT_CHARS: usize = 120;
/// The longest body we accept.
pub const MAX_BODY_CHARS: usize = 3_000;
/// The latest send day we accept.
pub const MAX_DAY: u16 = 90;

/// One email of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    /// 1-based position in the sequence.
    pub step: u8,
    /// Days after the first email (the first is day 0).
    pub day: u16,
    pub subject_a: String,
    pub subject_b: String,
    pub body: String,
}

impl Email {
    /// The email as plain text: both subjects and the body.
    pub fn to_text(&self) -> String {
        format!(
            "Subject A: {}\nSubject B: {}\n\n{}",
            self.subject_a, self.subject_b, self.body
        )
    }
}

impl Email {
    /// This email with a founder's edit: each text trimmed and checked against the limits
    /// every written email meets; the problems name their field.
    pub fn edited(
        &self,
        subject_a: &str,
        subject_b: &str,
        body: &str,
        t: &super::i18n::Messages,
    ) -> Result<Email, Vec<super::error::FieldError>> {
        use super::i18n::fill;
        let mut problems = Vec::new();
        let mut check = |field: &str, label: &str, value: &str, max: usize| {
            let value = super::hidden::cleaned(value);
            let value = value.trim();
            let len = value.chars().count();
            let message = if len == 0 {
                Some(fill(t.edit_empty, &[("label", &label)]))
            } else if len > max {
                Some(fill(
                    t.edit_too_long,
                    &[("label", &label), ("len", &len), ("max", &max)],
                ))
            } else {
                None
            };
            if let Some(message) = message {
                problems.push(super::error::FieldError {
                    field: field.to_owned(),
                    message,
                });
            }
            value.to_owned()
        };
        let email = Email {
            step: self.step,
            day: self.day,
            subject_a: check("subject_a", t.subject_a, subject_a, MAX_SUBJECT_CHARS),
            subject_b: check("subject_b", t.subject_b, subject_b, MAX_SUBJECT_CHARS),
            body: check("body", t.the_body, body, MAX_BODY_CHARS),
        };
        if problems.is_empty() {
            Ok(email)
        } else {
            Err(problems)
        }
    }
}

/// The longest instruction a founder may give a rewrite ("shorter", "more casual", …).
pub const MAX_INSTRUCTION_CHARS: usize = 300;

/// A founder's rewrite instruction, trimmed, or the problem with it (named by field).
pub fn parse_instruction(
    raw: &str,
    t: &super::i18n::Messages,
) -> Result<String, super::error::FieldError> {
    let text = super::hidden::cleaned(raw);
    let text = text.trim();
    let len = text.chars().count();
    if len > MAX_INSTRUCTION_CHARS {
        return Err(super::error::FieldError {
            field: "instruction".into(),
            message: super::i18n::fill(
                t.instruction_too_long,
                &[("len", &len), ("max", &MAX_INSTRUCTION_CHARS)],
            ),
        });
    }
    Ok(text.to_owned())
}

/// One email rewritten (by Claude, or by the offline composer without a key), saved as an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewritten {
    pub email: Email,
    pub source: Source,
    /// What the offline composer made of the instruction (`None` from Claude).
    pub note: Option<String>,
}

/// Every email, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub emails: Vec<Email>,
}

/// The checks of [`Sequence::check`], one email at a time as a sequence arrives: an email that
/// passes can be shown before the rest exist, and the whole passes exactly when every email did
/// and the count is right.
#[derive(Debug, Clone)]
pub struct EmailChecker {
    expected: usize,
    checked: usize,
    previous_day: Option<u16>,
}

impl EmailChecker {
    /// A checker for a sequence of `expected` emails.
    pub fn new(expected: usize) -> Self {
        Self {
            expected,
            checked: 0,
            previous_day: None,
        }
    }

    /// Checks the next email: its place, its fields' lengths and its send day.
    pub fn next(&mut self, email: &Email) -> Result<(), SequenceProblem> {
        let step = self.checked + 1;
        if step > self.expected {
            return Err(SequenceProblem::WrongCount {
                expected: self.expected,
                got: step,
            });
        }
        if usize::from(email.step) != step {
            return Err(SequenceProblem::WrongStep {
                step,
                got: email.step,
            });
        }
        for (field, value, max) in [
            ("subject A", &email.subject_a, MAX_SUBJECT_CHARS),
            ("subject B", &email.subject_b, MAX_SUBJECT_CHARS),
            ("body", &email.body, MAX_BODY_CHARS),
        ] {
            let len = value.trim().chars().count();
            if len == 0 {
                return Err(SequenceProblem::Empty { step, field });
            }
            if len > max {
                return Err(SequenceProblem::TooLong {
                    step,
                    field,
                    len,
                    max,
                });
            }
        }
        match self.previous_day {
            None if email.day != 0 => return Err(SequenceProblem::FirstDayNotZero(email.day)),
            Some(previous) if email.day <= previous => {
                return Err(SequenceProblem::DaysNotIncreasing {
                    step,
                    day: email.day,
                    previous,
                });
            }
            _ => {}
        }
        if email.day > MAX_DAY {
            return Err(SequenceProblem::DayTooLate {
                step,
                day: email.day,
            });
        }
        self.previous_day = Some(email.day);
        self.checked = step;
        Ok(())
    }
}

/// Why a sequence was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceProblem {
    #[error("expected {expected} emails, got {got}")]
    WrongCount { expected: usize, got: usize },
    #[error("email {step}: {field} is empty")]
    Empty { step: usize, field: &'static str },
    #[error("email {step}: {field} is {len} characters, more than {max}")]
    TooLong {
        step: usize,
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("email {step}: step number is {got}")]
    WrongStep { step: usize, got: u8 },
    #[error("the first email must be sent on day 0, not day {0}")]
    FirstDayNotZero(u16),
    #[error("email {step}: day {day} does not come after day {previous}")]
    DaysNotIncreasing {
        step: usize,
        day: u16,
        previous: u16,
    },
    #[error("email {step}: day {day} is later than day {MAX_DAY}")]
    DayTooLate { step: usize, day: u16 },
}

impl Sequence {
    /// Checks the sequence has exactly `expected` emails, numbered 1.., non-empty and of sane
    /// length, sent on days that start at 0 and increase.
    pub fn check(&self, expected: usize) -> Result<(), SequenceProblem> {
        if self.emails.len() != expected {
            return Err(SequenceProblem::WrongCount {
                expected,
                got: self.emails.len(),
            });
        }
        let mut checker = EmailChecker::new(expected);
        self.emails.iter().try_for_each(|email| checker.next(email))
    }

    /// The whole sequence as plain text with "Day N" headers.
    pub fn to_text(&self) -> String {
        self.emails
            .iter()
            .map(|e| format!("Email {} — Day {}\n{}", e.step, e.day, e.to_text()))
            .collect::<Vec<_>>()
            .join("\n\n----------\n\n")
    }
}

/// Who wrote a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Claude, through the Messages API.
    Claude,
    /// The offline composer (no API key configured).
    Offline,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Claude => "claude",
            Source::Offline => "offline",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "claude" => Some(Source::Claude),
            "offline" => Some(Source::Offline),
            _ => None,
        }
    }
}

/// A saved sequence as the results page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSequence {
    pub id: SequenceId,
    pub company: String,
    pub job_title: String,
    pub tone: String,
    pub language: String,
    pub source: Source,
    /// Unix seconds.
    pub created_at: i64,
    /// The emails as they read now (the founder's edits included).
    pub sequence: Sequence,
    /// Steps the founder edited (they can be reverted to what was written).
    #[serde(default)]
    pub edited: Vec<u8>,
}

/// One line of the history: what it was for, how long, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceSummary {
    pub id: SequenceId,
    pub company: String,
    pub job_title: String,
    pub emails: usize,
    /// Unix seconds.
    pub created_at: i64,
    /// The tone's form value ("casual").
    pub tone: String,
    /// The first email's subject A: a preview that tells apart sequences with the same title.
    pub subject: String,
    /// When it was written, in the visitor's time zone and language (filled by the server).
    #[serde(default)]
    pub when: String,
}

/// `2026-11-25 14:03 UTC` for a Unix time (the server and the browser agree on it).
pub fn utc_label(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

#[cfg(test)]
mod tests;
