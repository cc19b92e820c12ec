//! The Messages API's answers, as far as we read them: an unstreamed message and its tool
//! calls' inputs, the events of a streamed one (Anthropic's streaming reference), and the
//! sequence tool's input turned into a `Sequence`.

use serde::Deserialize;
use serde_json::Value;

use super::error::ClaudeError;
use crate::domain::{
    hidden,
    sequence::{Email, Sequence},
};

/// An unstreamed Messages API answer (the parts we read).
#[derive(Deserialize)]
pub(super) struct MessageResponse {
    pub(super) model: String,
    pub(super) content: Vec<ContentBlock>,
    pub(super) usage: Usage,
}

#[derive(Deserialize)]
pub(super) struct ContentBlock {
    #[serde(rename = "type")]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) input: Option<Value>,
}

#[derive(Deserialize)]
pub(super) struct Usage {
    pub(super) input_tokens: u32,
    pub(super) output_tokens: u32,
}

/// The one-email tool's input.
#[derive(Deserialize)]
pub(super) struct RewriteInput {
    pub(super) subject_a: String,
    pub(super) subject_b: String,
    pub(super) body: String,
}

/// The tool's input.
#[derive(Deserialize)]
pub(super) struct ToolInput {
    pub(super) emails: Vec<ToolEmail>,
}

#[derive(Deserialize)]
pub(super) struct ToolEmail {
    pub(super) step: u8,
    pub(super) send_day: u16,
    pub(super) subject_a: String,
    pub(super) subject_b: String,
    pub(super) body: String,
}

/// The tool input as a sequence (trimmed; not yet checked).
pub(crate) fn sequence_from_tool_input(input: Value) -> Result<Sequence, ClaudeError> {
    let input: ToolInput = serde_json::from_value(input)
        .map_err(|e| ClaudeError::Malformed(format!("tool input: {e}")))?;
    Ok(Sequence {
        emails: input
            .emails
            .into_iter()
            .map(|e| Email {
                step: e.step,
                day: e.send_day,
                subject_a: hidden::cleaned(&e.subject_a).trim().to_owned(),
                subject_b: hidden::cleaned(&e.subject_b).trim().to_owned(),
                body: hidden::cleaned(&e.body).trim().to_owned(),
            })
            .collect(),
    })
}

/// The `data` of one event, as much of it as we use.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum StreamEvent {
    MessageStart {
        message: StartMessage,
    },
    ContentBlockStart {
        index: usize,
        content_block: Block,
    },
    ContentBlockDelta {
        index: usize,
        delta: Delta,
    },
    ContentBlockStop,
    MessageDelta {
        #[serde(default)]
        delta: MessageDeltaBody,
        #[serde(default)]
        usage: UsageDelta,
    },
    MessageStop,
    Ping,
    Error {
        error: ErrorDetail,
    },
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
pub(super) struct StartMessage {
    pub(super) model: String,
    #[serde(default)]
    pub(super) usage: UsageDelta,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum Block {
    ToolUse {
        name: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum Delta {
    InputJsonDelta {
        partial_json: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
pub(super) struct MessageDeltaBody {
    pub(super) stop_reason: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct UsageDelta {
    pub(super) input_tokens: Option<u32>,
    pub(super) output_tokens: Option<u32>,
}

/// The error body the API sends with a non-2xx status.
#[derive(Deserialize)]
pub(super) struct ErrorBody {
    pub(super) error: ErrorDetail,
}

/// What went wrong, in an error body or an `error` event.
#[derive(Deserialize)]
pub(super) struct ErrorDetail {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) message: String,
}
