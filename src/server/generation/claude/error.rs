//! Why a call to the Messages API failed, and the API's error answers read into it.

use std::time::Duration;

use reqwest::StatusCode;

use super::retry;
use super::wire::ErrorBody;
use crate::domain::sequence::SequenceProblem;

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

pub(super) fn status_error(
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
