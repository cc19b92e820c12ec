//! A typed client for Anthropic's Messages API: its connections (`connections.rs`), base URL,
//! key, model and per-attempt timeout from settings; one method per upstream call; typed
//! results and errors.

pub(crate) mod answer;
pub(crate) mod batches;
mod connections;
pub(crate) mod error;
pub(crate) mod first_line;
pub(crate) mod limiter;
pub(crate) mod prompt;
#[cfg(test)]
mod properties;
pub(crate) mod retry;
mod rewrite;
mod scanner;
pub(crate) mod stream;
pub(crate) mod wire;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::StreamExt;
use reqwest::{Url, header::ACCEPT};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::domain::{
    form::SequenceRequest,
    sequence::{Email, Sequence},
};
use crate::server::platform::config::sections::AnthropicSettings;
use crate::server::platform::metrics::{ClaudeCall, Metrics};
use error::{ClaudeError, status_error};
use stream::MessageReader;

/// The API version header we speak.
pub(crate) const ANTHROPIC_VERSION: &str = "2023-06-01";
/// Room for seven emails and their subjects.
const MAX_TOKENS: u32 = 4_096;
/// What a sequence takes of the outbound limiter's token schedule.
const SEQUENCE_TOKENS: u32 = 3_000;

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
    /// The HTTP clients, each call on the least busy (many calls share a connection on HTTP/2).
    http: Arc<connections::Connections>,
    messages_url: Url,
    api_key: SecretString,
    model: String,
    timeout: Duration,
    max_retries: u32,
    deadline: Duration,
    /// Latency, tokens and retries of every call.
    metrics: Arc<Metrics>,
    /// Requests and tokens per minute toward the account (bulk work waits; visitors do not).
    limiter: Arc<limiter::Limiter>,
}

impl ClaudeClient {
    /// A client when a key is configured; `None` means the offline composer writes instead.
    pub fn from_settings(
        settings: &AnthropicSettings,
        limiter: Arc<limiter::Limiter>,
        metrics: Arc<Metrics>,
    ) -> Option<Self> {
        let api_key = settings.api_key.clone()?;
        let messages_url = settings
            .base_url
            .join("v1/messages")
            .expect("a http(s) base URL joins a relative path");
        let http = Arc::new(connections::Connections::new(settings.h2c));
        Some(Self {
            http,
            messages_url,
            api_key,
            model: settings.model.clone(),
            timeout: settings.timeout,
            max_retries: settings.max_retries,
            deadline: settings.deadline,
            metrics,
            limiter,
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
            self.limiter.take_now(SEQUENCE_TOKENS);
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

    /// One unstreamed Messages API call (a rewrite, a lead's line): the answer, or the error
    /// its status says. Waits at most the per-attempt timeout, and never past `deadline`.
    async fn post_message(
        &self,
        body: &serde_json::Value,
        deadline: Instant,
    ) -> Result<wire::MessageResponse, ClaudeError> {
        let until = deadline.min(Instant::now() + self.timeout);
        let exchange = async {
            let lease = self.http.lease();
            let response = lease
                .client()
                .post(self.messages_url.clone())
                .header("x-api-key", self.api_key.expose_secret())
                .header("anthropic-version", ANTHROPIC_VERSION)
                .json(body)
                .send()
                .await
                .map_err(ClaudeError::Transport)?;
            self.metrics.claude_response(response.version());
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
        let message: wire::MessageResponse = serde_json::from_str(&text)
            .map_err(|e| ClaudeError::Malformed(format!("message: {e}")))?;
        Ok(message)
    }

    /// Records one attempt's latency, and the input and output tokens when it gave a usable answer.
    fn record_attempt(&self, call: ClaudeCall, started: Instant, tokens: Option<(u32, u32)>) {
        self.metrics
            .claude_attempt(call, started.elapsed(), tokens.is_some());
        if let Some((input, output)) = tokens {
            self.metrics.claude_tokens(call, input, output);
        }
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
        let wait_until = || deadline.min(Instant::now() + self.timeout);
        // Held until the answer has been read: the connection counts this call until then.
        let lease = self.http.lease();
        // The body as a JSON tree is dropped as soon as it is written out as bytes: kept in
        // scope it lived (about 5 KB of small allocations) for as long as Claude writes.
        let send = {
            let body = json!({
                "model": self.model,
                "max_tokens": MAX_TOKENS,
                "stream": true,
                "system": prompt::system_prompt(),
                "messages": [{"role": "user", "content": prompt::user_prompt(request)}],
                "tools": [prompt::tool(n)],
                "tool_choice": {"type": "tool", "name": prompt::TOOL_NAME},
            });
            lease
                .client()
                .post(self.messages_url.clone())
                .header("x-api-key", self.api_key.expose_secret())
                .header("anthropic-version", ANTHROPIC_VERSION)
                .header(ACCEPT, "text/event-stream")
                .json(&body)
                .send()
        };
        let until = wait_until();
        let response = tokio::time::timeout_at(until.into(), send)
            .await
            .map_err(|_| ClaudeError::Timeout(self.timeout))?
            .map_err(ClaudeError::Transport)?;
        self.metrics.claude_response(response.version());
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
