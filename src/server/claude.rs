//! A typed client for Anthropic's Messages API: one `reqwest::Client`, base URL, key, model and
//! per-attempt timeout from settings; one method per upstream call; typed results and errors.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use super::config::AnthropicSettings;
use super::{prompt, retry};
use crate::domain::{
    form::SequenceRequest,
    sequence::{Email, Sequence, SequenceProblem},
};

/// The API version header we speak.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// Room for seven emails and their subjects.
const MAX_TOKENS: u32 = 4_096;

/// Why a call did not give a usable sequence.
#[derive(Debug, thiserror::Error)]
pub enum ClaudeError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("cannot reach the API: {0}")]
    Transport(#[source] reqwest::Error),
    /// The API refused our key (401/403): an operator problem, not the user's.
    #[error("the API rejected the key (HTTP {status}): {message}")]
    Auth { status: u16, message: String },
    #[error("the API answered HTTP {status} ({kind}): {message}")]
    Status {
        status: u16,
        kind: String,
        message: String,
        /// The wait the response asked for (`retry-after-ms` / `retry-after`), if usable.
        retry_after: Option<Duration>,
        /// The `x-should-retry` header, if present.
        should_retry: Option<bool>,
    },
    #[error("the response could not be read: {0}")]
    Malformed(String),
    /// A well-formed reply whose sequence fails our check (worth one more try).
    #[error("the sequence is unusable: {0}")]
    Invalid(#[from] SequenceProblem),
}

impl ClaudeError {
    /// True for failures another attempt may fix: connection errors, timeouts, and the
    /// statuses `retry::status_is_retryable` names.
    pub fn is_retryable(&self) -> bool {
        match self {
            ClaudeError::Timeout(_) | ClaudeError::Transport(_) => true,
            ClaudeError::Status {
                status,
                should_retry,
                ..
            } => retry::status_is_retryable(*status, *should_retry),
            ClaudeError::Auth { .. } | ClaudeError::Malformed(_) | ClaudeError::Invalid(_) => false,
        }
    }

    /// True for an answer that arrived but was unusable.
    pub fn is_unusable_answer(&self) -> bool {
        matches!(self, ClaudeError::Malformed(_) | ClaudeError::Invalid(_))
    }
}

/// A usable reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub sequence: Sequence,
    pub model: String,
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// Calls made to get it (1 when the first succeeded).
    pub attempts: u32,
}

/// A failure after `attempts` calls.
#[derive(Debug)]
pub struct Failure {
    pub error: ClaudeError,
    pub attempts: u32,
}

/// The Messages API client.
#[derive(Clone)]
pub struct ClaudeClient {
    http: reqwest::Client,
    messages_url: Url,
    api_key: SecretString,
    model: String,
    timeout: Duration,
    max_retries: u32,
    deadline: Duration,
}

impl ClaudeClient {
    /// A client when a key is configured; `None` means the offline composer writes instead.
    pub fn from_settings(settings: &AnthropicSettings) -> Option<Self> {
        let api_key = settings.api_key.clone()?;
        let messages_url = settings
            .base_url
            .join("v1/messages")
            .expect("a http(s) base URL joins a relative path");
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("coldcopy/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds");
        Some(Self {
            http,
            messages_url,
            api_key,
            model: settings.model.clone(),
            timeout: settings.timeout,
            max_retries: settings.max_retries,
            deadline: settings.deadline,
        })
    }

    /// Writes the sequence, retrying as `retry` describes (and once more, at once, after an
    /// unusable answer), within the overall deadline.
    pub async fn write_sequence(&self, request: &SequenceRequest) -> Result<Reply, Failure> {
        let deadline = Instant::now() + self.deadline;
        let mut attempts = 0;
        let mut retries = 0;
        let mut answer_retried = false;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Failure {
                    error: ClaudeError::Timeout(self.deadline),
                    attempts,
                });
            }
            attempts += 1;
            let error = match self.call(request, self.timeout.min(remaining)).await {
                Ok(reply) => return Ok(Reply { attempts, ..reply }),
                Err(error) => error,
            };
            let wait = if error.is_unusable_answer() && !answer_retried {
                answer_retried = true;
                tracing::warn!(attempt = attempts, error = %error, "Claude's answer was unusable; asking again");
                Duration::ZERO
            } else if error.is_retryable() && retries < self.max_retries {
                let wait = match &error {
                    ClaudeError::Status {
                        retry_after: Some(wait),
                        ..
                    } => *wait,
                    _ => retry::backoff(retries, fastrand::f64()),
                };
                retries += 1;
                tracing::warn!(attempt = attempts, error = %error, wait_ms = wait.as_millis() as u64, "Claude call failed; retrying");
                wait
            } else {
                return Err(Failure { error, attempts });
            };
            if Instant::now() + wait >= deadline {
                tracing::warn!("no time left before the deadline for another attempt");
                return Err(Failure { error, attempts });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One Messages API call that forces the sequence tool; checks the sequence it returns.
    async fn call(
        &self,
        request: &SequenceRequest,
        timeout: Duration,
    ) -> Result<Reply, ClaudeError> {
        let n = request.emails().get();
        let body = json!({
            "model": self.model,
            "max_tokens": MAX_TOKENS,
            "system": prompt::system_prompt(),
            "messages": [{"role": "user", "content": prompt::user_prompt(request)}],
            "tools": [prompt::tool(n)],
            "tool_choice": {"type": "tool", "name": prompt::TOOL_NAME},
        });
        let response = self
            .http
            .post(self.messages_url.clone())
            .header("x-api-key", self.api_key.expose_secret())
            .header("anthropic-version", ANTHROPIC_VERSION)
            .timeout(timeout)
            .json(&body)
            .send()
            .await
            .map_err(|e| transport_error(e, timeout))?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .map_err(|e| transport_error(e, timeout))?;
        if !status.is_success() {
            return Err(status_error(status, &headers, &text));
        }
        parse_reply(&text, usize::from(n))
    }
}

fn transport_error(err: reqwest::Error, timeout: Duration) -> ClaudeError {
    if err.is_timeout() {
        ClaudeError::Timeout(timeout)
    } else {
        ClaudeError::Transport(err)
    }
}

/// The error body the API sends with a non-2xx status.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

fn status_error(
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &str,
) -> ClaudeError {
    let (kind, message) = serde_json::from_str::<ErrorBody>(body)
        .map(|b| (b.error.kind, b.error.message))
        .unwrap_or_else(|_| ("unknown".into(), body.chars().take(200).collect()));
    match status.as_u16() {
        401 | 403 => ClaudeError::Auth {
            status: status.as_u16(),
            message,
        },
        code => ClaudeError::Status {
            status: code,
            kind,
            message,
            retry_after: retry::retry_after(headers),
            should_retry: retry::should_retry_header(headers),
        },
    }
}

/// A Messages API response, as much of it as we use.
#[derive(Deserialize)]
struct MessageResponse {
    model: String,
    content: Vec<ContentBlock>,
    stop_reason: Option<String>,
    usage: Usage,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ContentBlock {
    ToolUse {
        name: String,
        input: Value,
    },
    /// Text, thinking and any block type added later: ignored.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Usage {
    input_tokens: u32,
    output_tokens: u32,
}

/// The tool's input.
#[derive(Deserialize)]
struct ToolInput {
    emails: Vec<ToolEmail>,
}

#[derive(Deserialize)]
struct ToolEmail {
    step: u8,
    send_day: u16,
    subject_a: String,
    subject_b: String,
    body: String,
}

/// Reads a Messages API response body into a checked sequence of `expected` emails.
pub fn parse_reply(body: &str, expected: usize) -> Result<Reply, ClaudeError> {
    let message: MessageResponse =
        serde_json::from_str(body).map_err(|e| ClaudeError::Malformed(e.to_string()))?;
    if message.stop_reason.as_deref() == Some("max_tokens") {
        return Err(ClaudeError::Malformed(
            "the answer was cut off at max_tokens".into(),
        ));
    }
    let input = message
        .content
        .into_iter()
        .find_map(|block| match block {
            ContentBlock::ToolUse { name, input } if name == prompt::TOOL_NAME => Some(input),
            _ => None,
        })
        .ok_or_else(|| {
            ClaudeError::Malformed("no write_sequence tool call in the answer".into())
        })?;
    let sequence = sequence_from_tool_input(input)?;
    sequence.check(expected)?;
    Ok(Reply {
        sequence,
        model: message.model,
        input_tokens: message.usage.input_tokens,
        output_tokens: message.usage.output_tokens,
        attempts: 1,
    })
}

/// The tool input as a sequence (trimmed; not yet checked).
pub fn sequence_from_tool_input(input: Value) -> Result<Sequence, ClaudeError> {
    let input: ToolInput = serde_json::from_value(input)
        .map_err(|e| ClaudeError::Malformed(format!("tool input: {e}")))?;
    Ok(Sequence {
        emails: input
            .emails
            .into_iter()
            .map(|e| Email {
                step: e.step,
                day: e.send_day,
                subject_a: e.subject_a.trim().to_owned(),
                subject_b: e.subject_b.trim().to_owned(),
                body: e.body.trim().to_owned(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails_json(days: &[u16]) -> Value {
        Value::Array(
            days.iter()
                .enumerate()
                .map(|(i, day)| {
                    json!({
                        "step": i + 1,
                        "send_day": day,
                        "subject_a": "Month-end close",
                        "subject_b": "Two-day close",
                        "body": "Hi {{first_name}},\n\nShort and specific.\n\n{{sender_name}}"
                    })
                })
                .collect(),
        )
    }

    /// A response in the Messages API's recorded shape.
    fn response(content: Value, stop_reason: &str) -> String {
        json!({
            "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
            "type": "message",
            "role": "assistant",
            "model": "claude-haiku-4-5-20251001",
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": null,
            "usage": {"input_tokens": 812, "output_tokens": 1044, "cache_read_input_tokens": 0}
        })
        .to_string()
    }

    #[test]
    fn a_forced_tool_call_becomes_a_checked_sequence() {
        let body = response(
            json!([{"type": "tool_use", "id": "toolu_01", "name": "write_sequence",
                    "input": {"emails": emails_json(&[0, 3, 7])}}]),
            "tool_use",
        );
        let reply = parse_reply(&body, 3).unwrap();
        assert_eq!(reply.sequence.emails.len(), 3);
        assert_eq!(reply.sequence.emails[2].day, 7);
        assert_eq!(reply.model, "claude-haiku-4-5-20251001");
        assert_eq!((reply.input_tokens, reply.output_tokens), (812, 1044));
    }

    #[test]
    fn text_and_unknown_blocks_before_the_tool_call_are_ignored() {
        let body = response(
            json!([
                {"type": "text", "text": "Here is your sequence."},
                {"type": "some_future_block", "data": 1},
                {"type": "tool_use", "id": "toolu_01", "name": "write_sequence",
                 "input": {"emails": emails_json(&[0, 3, 7])}}
            ]),
            "tool_use",
        );
        assert!(parse_reply(&body, 3).is_ok());
    }

    #[test]
    fn unusable_answers_are_typed() {
        let only_text = response(json!([{"type": "text", "text": "I can't"}]), "end_turn");
        assert!(matches!(
            parse_reply(&only_text, 3),
            Err(ClaudeError::Malformed(_))
        ));

        let cut_off = response(
            json!([{"type": "tool_use", "id": "t", "name": "write_sequence", "input": {"emails": emails_json(&[0, 3, 7])}}]),
            "max_tokens",
        );
        assert!(matches!(
            parse_reply(&cut_off, 3),
            Err(ClaudeError::Malformed(_))
        ));

        let too_few = response(
            json!([{"type": "tool_use", "id": "t", "name": "write_sequence", "input": {"emails": emails_json(&[0, 3])}}]),
            "tool_use",
        );
        assert!(matches!(
            parse_reply(&too_few, 3),
            Err(ClaudeError::Invalid(_))
        ));

        let wrong_shape = response(
            json!([{"type": "tool_use", "id": "t", "name": "write_sequence", "input": {"mails": []}}]),
            "tool_use",
        );
        assert!(matches!(
            parse_reply(&wrong_shape, 3),
            Err(ClaudeError::Malformed(_))
        ));

        assert!(matches!(
            parse_reply("<html>", 3),
            Err(ClaudeError::Malformed(_))
        ));
    }

    #[test]
    fn error_bodies_are_read_and_bad_keys_are_told_apart() {
        let body = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        let none = reqwest::header::HeaderMap::new();
        match status_error(StatusCode::from_u16(529).unwrap(), &none, body) {
            ClaudeError::Status { status, kind, .. } => {
                assert_eq!((status, kind.as_str()), (529, "overloaded_error"))
            }
            other => panic!("{other:?}"),
        }
        let auth = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#;
        assert!(matches!(
            status_error(StatusCode::UNAUTHORIZED, &none, auth),
            ClaudeError::Auth { status: 401, .. }
        ));
    }

    #[test]
    fn retry_headers_travel_with_the_error() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "2".parse().unwrap());
        headers.insert("x-should-retry", "false".parse().unwrap());
        let err = status_error(StatusCode::from_u16(529).unwrap(), &headers, "{}");
        match &err {
            ClaudeError::Status {
                retry_after,
                should_retry,
                ..
            } => {
                assert_eq!(*retry_after, Some(Duration::from_secs(2)));
                assert_eq!(*should_retry, Some(false));
            }
            other => panic!("{other:?}"),
        }
        assert!(!err.is_retryable());
        assert!(ClaudeError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(ClaudeError::Malformed("x".into()).is_unusable_answer());
    }
}
