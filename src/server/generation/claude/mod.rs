//! A typed client for Anthropic's Messages API: one `reqwest::Client`, base URL, key, model and
//! per-attempt timeout from settings; one method per upstream call; typed results and errors.

pub mod prompt;
pub mod retry;
pub mod stream;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::StreamExt;
use reqwest::{StatusCode, Url, header::ACCEPT};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::domain::{
    form::SequenceRequest,
    sequence::{Email, Sequence, SequenceProblem},
};
use crate::server::platform::config::AnthropicSettings;
use crate::server::platform::metrics::{ClaudeCall, Metrics};
use stream::MessageReader;

/// The API version header we speak.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// Room for seven emails and their subjects.
const MAX_TOKENS: u32 = 4_096;
/// Room for one email.
const REWRITE_MAX_TOKENS: u32 = 1_024;

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
    /// The stream broke off (connection cut, or it ended before `message_stop`).
    #[error("the answer broke off: {0}")]
    Interrupted(String),
    /// An `error` event arrived in the middle of a streamed answer.
    #[error("the API sent an error mid-stream ({kind}): {message}")]
    StreamError { kind: String, message: String },
    /// A well-formed reply whose sequence fails our check (worth one more try).
    #[error("the sequence is unusable: {0}")]
    Invalid(#[from] SequenceProblem),
}

impl ClaudeError {
    /// True for failures another attempt may fix: connection errors, timeouts, and the
    /// statuses `retry::status_is_retryable` names.
    pub fn is_retryable(&self) -> bool {
        match self {
            ClaudeError::Timeout(_) | ClaudeError::Transport(_) | ClaudeError::Interrupted(_) => {
                true
            }
            ClaudeError::Status {
                status,
                should_retry,
                ..
            } => retry::status_is_retryable(*status, *should_retry),
            ClaudeError::Auth { .. }
            | ClaudeError::Malformed(_)
            | ClaudeError::Invalid(_)
            | ClaudeError::StreamError { .. } => false,
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

/// A rewritten email and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteReply {
    pub email: Email,
    pub model: String,
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// Calls made to get it.
    pub attempts: u32,
}

/// What a streamed answer has produced so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The next complete email.
    Email(Email),
    /// The answer broke off and another attempt starts: the emails so far are void.
    Restarted,
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
    /// Latency, tokens and retries of every call.
    metrics: Arc<Metrics>,
}

impl ClaudeClient {
    /// A client when a key is configured; `None` means the offline composer writes instead.
    pub fn from_settings(settings: &AnthropicSettings, metrics: Arc<Metrics>) -> Option<Self> {
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
            metrics,
        })
    }

    /// Writes the sequence, streaming: each email goes to `progress` as soon as it is complete.
    /// Retries as `retry` describes (and once more, at once, after an unusable answer), within
    /// the overall deadline; a new attempt after emails went out first sends `Restarted`.
    pub async fn write_sequence(
        &self,
        request: &SequenceRequest,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<Reply, Failure> {
        let deadline = Instant::now() + self.deadline;
        let mut attempts = 0;
        let mut retries = 0;
        let mut answer_retried = false;
        let mut emails_out = false;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Failure {
                    error: ClaudeError::Timeout(self.deadline),
                    attempts,
                });
            }
            attempts += 1;
            let mut on_email = |email| {
                emails_out = true;
                progress(Progress::Email(email));
            };
            let started = Instant::now();
            let answer = self.call(request, deadline, &mut on_email).await;
            let tokens = answer
                .as_ref()
                .ok()
                .map(|r| (r.input_tokens, r.output_tokens));
            self.record_attempt(ClaudeCall::Sequence, started, tokens);
            let error = match answer {
                Ok(reply) => return Ok(Reply { attempts, ..reply }),
                Err(error) => error,
            };
            let Some(wait) = self.wait_before_retry(
                ClaudeCall::Sequence,
                &error,
                attempts,
                &mut retries,
                &mut answer_retried,
                deadline,
            ) else {
                return Err(Failure { error, attempts });
            };
            if std::mem::take(&mut emails_out) {
                progress(Progress::Restarted);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Whether to try again after `error`, and after what wait: once at once after an unusable
    /// answer; after a retryable failure, as the server asked or with backoff, up to
    /// `max_retries` times; never when the wait would pass `deadline`.
    fn wait_before_retry(
        &self,
        call: ClaudeCall,
        error: &ClaudeError,
        attempts: u32,
        retries: &mut u32,
        answer_retried: &mut bool,
        deadline: Instant,
    ) -> Option<Duration> {
        let wait = if error.is_unusable_answer() && !*answer_retried {
            *answer_retried = true;
            tracing::warn!(attempt = attempts, error = %error, "Claude's answer was unusable; asking again");
            Duration::ZERO
        } else if error.is_retryable() && *retries < self.max_retries {
            let wait = match error {
                ClaudeError::Status {
                    retry_after: Some(wait),
                    ..
                } => *wait,
                _ => retry::backoff(*retries, fastrand::f64()),
            };
            *retries += 1;
            tracing::warn!(attempt = attempts, error = %error, wait_ms = wait.as_millis() as u64, "Claude call failed; retrying");
            wait
        } else {
            return None;
        };
        if Instant::now() + wait >= deadline {
            tracing::warn!("no time left before the deadline for another attempt");
            return None;
        }
        self.metrics.claude_retry(call);
        Some(wait)
    }

    /// Records one attempt's latency, and the input and output tokens when it gave a usable answer.
    fn record_attempt(&self, call: ClaudeCall, started: Instant, tokens: Option<(u32, u32)>) {
        self.metrics
            .claude_attempt(call, started.elapsed(), tokens.is_some());
        if let Some((input, output)) = tokens {
            self.metrics.claude_tokens(call, input, output);
        }
    }

    /// Rewrites one email of a sequence (`original`, as it reads now), with the rest of the
    /// sequence as context and the founder's instruction; one unstreamed call that forces the
    /// one-email tool, retried like `write_sequence`.
    pub async fn rewrite_email(
        &self,
        request: &SequenceRequest,
        sequence: &Sequence,
        original: &Email,
        instruction: &str,
    ) -> Result<RewriteReply, Failure> {
        let deadline = Instant::now() + self.deadline;
        let body = json!({
            "model": self.model,
            "max_tokens": REWRITE_MAX_TOKENS,
            "system": prompt::system_prompt(),
            "messages": [{
                "role": "user",
                "content": prompt::rewrite_prompt(request, sequence, original.step, instruction),
            }],
            "tools": [prompt::rewrite_tool()],
            "tool_choice": {"type": "tool", "name": prompt::REWRITE_TOOL_NAME},
        });
        let mut attempts = 0;
        let mut retries = 0;
        let mut answer_retried = false;
        loop {
            if Instant::now() >= deadline {
                return Err(Failure {
                    error: ClaudeError::Timeout(self.deadline),
                    attempts,
                });
            }
            attempts += 1;
            let started = Instant::now();
            let answer = self.call_rewrite(&body, original, deadline).await;
            let tokens = answer
                .as_ref()
                .ok()
                .map(|r| (r.input_tokens, r.output_tokens));
            self.record_attempt(ClaudeCall::Rewrite, started, tokens);
            let error = match answer {
                Ok(reply) => return Ok(RewriteReply { attempts, ..reply }),
                Err(error) => error,
            };
            let Some(wait) = self.wait_before_retry(
                ClaudeCall::Rewrite,
                &error,
                attempts,
                &mut retries,
                &mut answer_retried,
                deadline,
            ) else {
                return Err(Failure { error, attempts });
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// One unstreamed call for a rewrite; the answer must be the tool call with usable texts.
    async fn call_rewrite(
        &self,
        body: &Value,
        original: &Email,
        deadline: Instant,
    ) -> Result<RewriteReply, ClaudeError> {
        let until = deadline.min(Instant::now() + self.timeout);
        let exchange = async {
            let response = self
                .http
                .post(self.messages_url.clone())
                .header("x-api-key", self.api_key.expose_secret())
                .header("anthropic-version", ANTHROPIC_VERSION)
                .json(body)
                .send()
                .await
                .map_err(ClaudeError::Transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            let text = response.text().await.map_err(ClaudeError::Transport)?;
            Ok::<_, ClaudeError>((status, headers, text))
        };
        let (status, headers, text) = tokio::time::timeout_at(until.into(), exchange)
            .await
            .map_err(|_| ClaudeError::Timeout(self.timeout))??;
        if !status.is_success() {
            return Err(status_error(status, &headers, &text));
        }
        let message: MessageResponse = serde_json::from_str(&text)
            .map_err(|e| ClaudeError::Malformed(format!("message: {e}")))?;
        let input = message
            .content
            .into_iter()
            .find(|block| {
                block.kind == "tool_use" && block.name.as_deref() == Some(prompt::REWRITE_TOOL_NAME)
            })
            .and_then(|block| block.input)
            .ok_or_else(|| ClaudeError::Malformed("no write_email tool call".into()))?;
        let texts: RewriteInput = serde_json::from_value(input)
            .map_err(|e| ClaudeError::Malformed(format!("tool input: {e}")))?;
        let email = original
            .edited(&texts.subject_a, &texts.subject_b, &texts.body)
            .map_err(|problems| {
                let fields: Vec<_> = problems.into_iter().map(|p| p.message).collect();
                ClaudeError::Malformed(format!("rewritten email: {}", fields.join(" ")))
            })?;
        Ok(RewriteReply {
            email,
            model: message.model,
            input_tokens: message.usage.input_tokens,
            output_tokens: message.usage.output_tokens,
            attempts: 1,
        })
    }

    /// One streamed Messages API call that forces the sequence tool; hands out emails as they
    /// close and checks the whole sequence at the end. Waits at most the per-attempt timeout for
    /// the answer to start and for each next event, and never past `deadline`.
    async fn call(
        &self,
        request: &SequenceRequest,
        deadline: Instant,
        on_email: &mut (dyn FnMut(Email) + Send),
    ) -> Result<Reply, ClaudeError> {
        let n = request.emails().get();
        let body = json!({
            "model": self.model,
            "max_tokens": MAX_TOKENS,
            "stream": true,
            "system": prompt::system_prompt(),
            "messages": [{"role": "user", "content": prompt::user_prompt(request)}],
            "tools": [prompt::tool(n)],
            "tool_choice": {"type": "tool", "name": prompt::TOOL_NAME},
        });
        let wait_until = || deadline.min(Instant::now() + self.timeout);
        let send = self
            .http
            .post(self.messages_url.clone())
            .header("x-api-key", self.api_key.expose_secret())
            .header("anthropic-version", ANTHROPIC_VERSION)
            .header(ACCEPT, "text/event-stream")
            .json(&body)
            .send();
        let until = wait_until();
        let response = tokio::time::timeout_at(until.into(), send)
            .await
            .map_err(|_| ClaudeError::Timeout(self.timeout))?
            .map_err(ClaudeError::Transport)?;
        let status = response.status();
        if !status.is_success() {
            let headers = response.headers().clone();
            let until = wait_until();
            let text = tokio::time::timeout_at(until.into(), response.text())
                .await
                .map_err(|_| ClaudeError::Timeout(self.timeout))?
                .map_err(ClaudeError::Transport)?;
            return Err(status_error(status, &headers, &text));
        }

        let mut events = response.bytes_stream().eventsource();
        let mut reader = MessageReader::new(usize::from(n));
        while !reader.is_stopped() {
            let until = wait_until();
            let event = match tokio::time::timeout_at(until.into(), events.next()).await {
                Err(_) => return Err(ClaudeError::Timeout(self.timeout)),
                Ok(None) => break,
                Ok(Some(Err(EventStreamError::Transport(err)))) => {
                    return Err(ClaudeError::Interrupted(err.to_string()));
                }
                Ok(Some(Err(err))) => return Err(ClaudeError::Malformed(err.to_string())),
                Ok(Some(Ok(event))) => event,
            };
            for email in reader.feed(&event.data)? {
                on_email(email);
            }
        }
        reader.finish()
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

/// An unstreamed Messages API answer (the parts we read).
#[derive(Deserialize)]
struct MessageResponse {
    model: String,
    content: Vec<ContentBlock>,
    usage: Usage,
}

#[derive(Deserialize)]
struct ContentBlock {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    input: Option<Value>,
}

#[derive(Deserialize)]
struct Usage {
    input_tokens: u32,
    output_tokens: u32,
}

/// The one-email tool's input.
#[derive(Deserialize)]
struct RewriteInput {
    subject_a: String,
    subject_b: String,
    body: String,
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
