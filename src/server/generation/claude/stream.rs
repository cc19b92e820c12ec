//! Reads a streamed Messages API answer: the server-sent events (already split by
//! `eventsource-stream`) in, complete emails out as soon as each one closes in the tool input, and
//! the whole reply once `message_stop` arrives.
//!
//! Event types follow Anthropic's streaming reference: `message_start`, `content_block_start`,
//! `content_block_delta` (`input_json_delta`), `content_block_stop`, `message_delta` (stop reason,
//! cumulative usage), `message_stop`, `ping` and `error`. Unknown event, block and delta types are
//! ignored, as Anthropic's versioning policy asks.

use serde_json::Value;

use super::error::ClaudeError;
use super::scanner::{EmailScanner, email_from_object};
use super::wire::{Block, Delta, StreamEvent, UsageDelta, sequence_from_tool_input};
use super::{Reply, prompt};
use crate::domain::sequence::{Email, EmailChecker};

/// The state of one streamed answer.
pub(crate) struct MessageReader {
    model: Option<String>,
    input_tokens: u32,
    output_tokens: u32,
    stop_reason: Option<String>,
    /// The content-block index of our tool call, once it has started.
    tool_block: Option<usize>,
    tool_input: EmailScanner,
    /// The emails handed out so far passed the saved sequence's checks, in order.
    checker: EmailChecker,
    expected: usize,
    stopped: bool,
}

impl MessageReader {
    /// A reader for an answer that must hold `expected` emails.
    pub(crate) fn new(expected: usize) -> Self {
        Self {
            model: None,
            input_tokens: 0,
            output_tokens: 0,
            stop_reason: None,
            tool_block: None,
            tool_input: EmailScanner::default(),
            checker: EmailChecker::new(expected),
            expected,
            stopped: false,
        }
    }

    /// True once `message_stop` has arrived.
    pub(crate) fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Reads one event's `data`; returns the emails it completed, each checked as the saved
    /// sequence will be (so the page is never sent an email that cannot be saved). An `error`
    /// event, or an email that fails a check, ends the answer with that error.
    pub(crate) fn feed(&mut self, data: &str) -> Result<Vec<Email>, ClaudeError> {
        let event: StreamEvent = serde_json::from_str(data)
            .map_err(|e| ClaudeError::Malformed(format!("stream event: {e}")))?;
        match event {
            StreamEvent::MessageStart { message } => {
                self.model = Some(message.model);
                self.record_usage(message.usage);
            }
            StreamEvent::ContentBlockStart {
                index,
                content_block: Block::ToolUse { name },
            } if name == prompt::TOOL_NAME => self.tool_block = Some(index),
            StreamEvent::ContentBlockDelta {
                index,
                delta: Delta::InputJsonDelta { partial_json },
            } if Some(index) == self.tool_block => {
                let emails: Vec<Email> = self
                    .tool_input
                    .push(&partial_json)
                    .iter()
                    .filter_map(|object| email_from_object(object))
                    .collect();
                for email in &emails {
                    self.checker.next(email)?;
                }
                return Ok(emails);
            }
            StreamEvent::MessageDelta { delta, usage } => {
                if delta.stop_reason.is_some() {
                    self.stop_reason = delta.stop_reason;
                }
                self.record_usage(usage);
            }
            StreamEvent::MessageStop => self.stopped = true,
            StreamEvent::Error { error } => {
                return Err(ClaudeError::StreamError {
                    kind: error.kind,
                    message: error.message,
                });
            }
            StreamEvent::ContentBlockStart { .. }
            | StreamEvent::ContentBlockDelta { .. }
            | StreamEvent::ContentBlockStop
            | StreamEvent::Ping
            | StreamEvent::Unknown => {}
        }
        Ok(Vec::new())
    }

    fn record_usage(&mut self, usage: UsageDelta) {
        if let Some(input) = usage.input_tokens {
            self.input_tokens = input;
        }
        if let Some(output) = usage.output_tokens {
            self.output_tokens = output;
        }
    }

    /// The whole answer, checked for the expected emails. Call after the stream ended.
    pub(crate) fn finish(self) -> Result<Reply, ClaudeError> {
        if !self.stopped {
            return Err(ClaudeError::Interrupted(
                "the stream ended before message_stop".into(),
            ));
        }
        if self.stop_reason.as_deref() == Some("max_tokens") {
            return Err(ClaudeError::Malformed(
                "the answer was cut off at max_tokens".into(),
            ));
        }
        if self.tool_block.is_none() {
            return Err(ClaudeError::Malformed(
                "no write_sequence tool call in the answer".into(),
            ));
        }
        let input: Value = serde_json::from_str(self.tool_input.text())
            .map_err(|e| ClaudeError::Malformed(format!("tool input JSON: {e}")))?;
        let sequence = sequence_from_tool_input(input)?;
        sequence.check(self.expected)?;
        Ok(Reply {
            sequence,
            model: self.model.unwrap_or_default(),
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            attempts: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tool_input(n: usize) -> String {
        let emails: Vec<Value> = (1..=n)
            .map(|i| {
                let day = [0, 3, 7, 14, 21][i - 1];
                json!({
                    "step": i,
                    "send_day": day,
                    "subject_a": format!("Close {{in}} \"two\" days {i}"),
                    "subject_b": "B}]{[",
                    "body": "Hi {{first_name}},\n\nA \\ backslash and a } brace.\n\n{{sender_name}}"
                })
            })
            .collect();
        json!({ "emails": emails }).to_string()
    }

    fn events(input: &str, chunk: usize) -> Vec<String> {
        let mut out = vec![
            json!({"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-haiku-4-5-20251001", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 812, "output_tokens": 1}}}).to_string(),
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}).to_string(),
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "{\"emails\": [{}]}"}}).to_string(),
            json!({"type": "content_block_stop", "index": 0}).to_string(),
            json!({"type": "ping"}).to_string(),
            json!({"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_1", "name": "write_sequence", "input": {}}}).to_string(),
        ];
        let chars: Vec<char> = input.chars().collect();
        for piece in chars.chunks(chunk) {
            let partial: String = piece.iter().collect();
            out.push(json!({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": partial}}).to_string());
        }
        out.push(json!({"type": "content_block_stop", "index": 1}).to_string());
        out.push(json!({"type": "some_future_event", "data": 1}).to_string());
        out.push(json!({"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null}, "usage": {"output_tokens": 1044}}).to_string());
        out.push(json!({"type": "message_stop"}).to_string());
        out
    }

    #[test]
    fn emails_come_out_one_by_one_whatever_the_fragment_size() {
        let input = tool_input(5);
        for chunk in [1, 3, 17, 200, input.len()] {
            let mut reader = MessageReader::new(5);
            let mut emails = Vec::new();
            for data in events(&input, chunk) {
                emails.extend(reader.feed(&data).unwrap());
            }
            let steps: Vec<u8> = emails.iter().map(|e| e.step).collect();
            assert_eq!(steps, [1, 2, 3, 4, 5], "fragments of {chunk}");
            assert_eq!(emails[0].subject_b, "B}]{[");
            assert!(emails[4].body.contains("a } brace"));
            let reply = reader.finish().unwrap();
            assert_eq!(reply.sequence.emails, emails);
            assert_eq!(reply.model, "claude-haiku-4-5-20251001");
            assert_eq!((reply.input_tokens, reply.output_tokens), (812, 1044));
        }
    }

    #[test]
    fn an_email_is_out_before_the_next_one_is_finished() {
        let input = tool_input(2);
        let midway = input.find("},{\"").unwrap() + 20;
        let mut scanner = EmailScanner::default();
        let first = scanner.push(&input[..midway]);
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!(scanner.push(&input[midway..]).len(), 1);
    }

    #[test]
    fn an_email_that_fails_the_saved_sequences_checks_is_never_handed_out() {
        let mut input: Value = serde_json::from_str(&tool_input(3)).unwrap();
        input["emails"][1]["subject_a"] = json!("  ");
        let mut reader = MessageReader::new(3);
        let mut emails = Vec::new();
        let mut refused = None;
        for data in events(&input.to_string(), 7) {
            match reader.feed(&data) {
                Ok(out) => emails.extend(out),
                Err(err) => {
                    refused = Some(err);
                    break;
                }
            }
        }
        let steps: Vec<u8> = emails.iter().map(|e| e.step).collect();
        assert_eq!(steps, [1], "only the email before the empty subject");
        let err = refused.expect("the answer is refused at the empty subject");
        assert!(err.is_unusable_answer(), "{err:?}");

        // One email more than asked for is refused as it closes, not shown.
        let mut too_many = MessageReader::new(2);
        let mut shown = 0;
        let mut failed = false;
        for data in events(&tool_input(3), 11) {
            match too_many.feed(&data) {
                Ok(out) => shown += out.len(),
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        assert_eq!((shown, failed), (2, true));
    }

    #[test]
    fn an_error_event_ends_the_answer() {
        let mut reader = MessageReader::new(5);
        let err = reader
            .feed(r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
            .unwrap_err();
        assert!(
            matches!(&err, ClaudeError::StreamError { kind, .. } if kind == "overloaded_error"),
            "{err:?}"
        );
        assert!(!err.is_retryable());
    }

    #[test]
    fn a_stream_that_stops_early_or_wrong_is_refused() {
        let input = tool_input(3);
        let all = events(&input, 40);

        let mut cut = MessageReader::new(3);
        for data in &all[..all.len() - 3] {
            cut.feed(data).unwrap();
        }
        let err = cut.finish().unwrap_err();
        assert!(matches!(err, ClaudeError::Interrupted(_)), "{err:?}");
        assert!(err.is_retryable());

        let mut too_few = MessageReader::new(4);
        for data in &all {
            too_few.feed(data).unwrap();
        }
        assert!(matches!(too_few.finish(), Err(ClaudeError::Invalid(_))));

        let mut cut_off = MessageReader::new(3);
        for data in all.iter().filter(|d| !d.contains("message_delta")) {
            cut_off.feed(data).unwrap();
        }
        cut_off
            .feed(r#"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":4096}}"#)
            .unwrap();
        assert!(matches!(cut_off.finish(), Err(ClaudeError::Malformed(_))));

        let mut no_tool = MessageReader::new(3);
        no_tool.feed(&all[0]).unwrap();
        no_tool.feed(r#"{"type":"message_stop"}"#).unwrap();
        assert!(matches!(no_tool.finish(), Err(ClaudeError::Malformed(_))));

        assert!(matches!(
            MessageReader::new(3).feed("not json"),
            Err(ClaudeError::Malformed(_))
        ));
    }
}
