//! The streamed generation, as the server sends it and the browser reads it: one JSON object per
//! line (newline-delimited JSON). Network chunks may split a line anywhere, even inside a
//! multi-byte character, so lines are reassembled as bytes and decoded whole.

use serde::{Deserialize, Serialize};

use super::{
    error::AppError,
    form::GenerateForm,
    ids::SequenceId,
    sequence::{Email, Source},
};

/// A sequence being written, as its page shows it (`/s/{id}` before it is saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writing {
    pub company: String,
    pub job_title: String,
    /// Emails asked for.
    pub total: u8,
    /// The emails written so far, in order.
    pub emails: Vec<Email>,
    /// Why it stopped, once it failed (nothing was saved and the allowance was given back).
    pub failed: Option<AppError>,
    /// The brief it is written from (the form opens with it to try again).
    pub brief: GenerateForm,
}

/// One step of a generation in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum GenerationEvent {
    /// The generation is reserved and the writer has started; the sequence will be saved under
    /// `id`, whose page follows the writing from now on.
    Started {
        id: SequenceId,
        total: u8,
        writer: Source,
    },
    /// The next email, complete (emails arrive in order, step 1 first).
    Email { email: Email },
    /// The writer's answer broke off and it is starting again: the emails shown so far are void.
    Restarted,
    /// The whole sequence passed the check and is saved under `id`.
    Saved { id: SequenceId },
    /// The generation failed; nothing was saved and the generation was given back.
    Failed { error: AppError },
}

impl GenerationEvent {
    /// The event as one line of newline-delimited JSON.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("an event serialises");
        line.push('\n');
        line
    }

    /// True for the last event of a generation.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            GenerationEvent::Saved { .. } | GenerationEvent::Failed { .. }
        )
    }
}

/// Reassembles events from chunks that may split or join lines anywhere.
#[derive(Debug, Default)]
pub struct EventLines {
    pending: Vec<u8>,
}

impl EventLines {
    /// Adds a chunk; returns the events whose lines it completed. A line that is not an event
    /// (which our server never sends) is reported as a failure of our side.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<GenerationEvent> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        // A newline byte never occurs inside a multi-byte UTF-8 character.
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            if line.trim_ascii().is_empty() {
                continue;
            }
            events.push(
                serde_json::from_slice(&line).unwrap_or(GenerationEvent::Failed {
                    error: AppError::Internal,
                }),
            );
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(step: u8) -> Email {
        Email {
            step,
            day: u16::from(step) * 3,
            subject_a: "A \"quoted\" subject — für Sie".into(),
            subject_b: "B".into(),
            body: "Hi {{first_name}},\n\nline two\n".into(),
        }
    }

    #[test]
    fn events_survive_any_split_of_the_stream() {
        let events = vec![
            GenerationEvent::Started {
                id: SequenceId::from_stored("0b7c1c4e-3d5e-4a51-9f1e-2a7a4f3c9d10".into()),
                total: 2,
                writer: Source::Claude,
            },
            GenerationEvent::Email { email: email(1) },
            GenerationEvent::Restarted,
            GenerationEvent::Email { email: email(1) },
            GenerationEvent::Email { email: email(2) },
            GenerationEvent::Saved {
                id: SequenceId::from_stored("abc".into()),
            },
        ];
        let wire: String = events.iter().map(GenerationEvent::to_line).collect();
        for size in [1, 2, 7, 64, wire.len()] {
            let mut lines = EventLines::default();
            let mut got = Vec::new();
            for chunk in wire.as_bytes().chunks(size) {
                got.extend(lines.push(chunk));
            }
            assert_eq!(got, events, "chunks of {size}");
        }
    }

    #[test]
    fn a_failure_carries_the_error_and_ends_the_stream() {
        let failed = GenerationEvent::Failed {
            error: AppError::UpstreamTimeout,
        };
        let line = failed.to_line();
        assert!(line.contains(r#""event":"failed""#), "{line}");
        assert_eq!(
            EventLines::default().push(line.as_bytes()),
            vec![failed.clone()]
        );
        assert!(failed.is_final());
        assert!(!GenerationEvent::Restarted.is_final());
    }

    #[test]
    fn garbage_is_a_failure_not_a_panic() {
        assert_eq!(
            EventLines::default().push(b"<html>\n"),
            vec![GenerationEvent::Failed {
                error: AppError::Internal
            }]
        );
    }
}
