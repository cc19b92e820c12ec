//! When and how long to wait before calling Claude again, as Anthropic's own SDKs do it:
//! retry connection errors, timeouts, 408, 409, 429 and 5xx (529 `overloaded_error` included);
//! never 400, 401, 403, 404 or 413; `x-should-retry` overrides the status; `retry-after-ms` /
//! `retry-after` are honoured when 0 < value ≤ 60 s; otherwise exponential backoff from 0.5 s to
//! 8 s with jitter. Pure functions, so the rules are unit-tested without a clock.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The first backoff delay.
pub(crate) const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// The longest backoff delay.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(8);
/// A server's `retry-after` longer than this is ignored in favour of backoff.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Whether an HTTP status may be retried, given the `x-should-retry` header if present.
pub(crate) fn status_is_retryable(status: u16, should_retry: Option<bool>) -> bool {
    if let Some(explicit) = should_retry {
        return explicit;
    }
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// The `x-should-retry` header, when it says `true` or `false`.
pub(crate) fn should_retry_header(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The wait a response asks for: `retry-after-ms` first, then `retry-after` in seconds; only
/// when it is more than 0 and at most 60 s.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let read = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok();
    let wait = read("retry-after-ms")
        .map(|ms| ms / 1_000.0)
        .or_else(|| read("retry-after"))?;
    (wait.is_finite() && wait > 0.0 && wait <= MAX_RETRY_AFTER.as_secs_f64())
        .then(|| Duration::from_secs_f64(wait))
}

/// Backoff before retry number `retry` (0 for the first retry): 0.5 s doubling up to 8 s, then
/// reduced by up to a quarter at random (`jitter` in 0..1).
pub(crate) fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = INITIAL_DELAY.as_secs_f64() * 2f64.powi(retry.min(16) as i32);
    let capped = base.min(MAX_DELAY.as_secs_f64());
    Duration::from_secs_f64(capped * (1.0 - 0.25 * jitter.clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    type Pairs = &'static [(&'static str, &'static str)];

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn which_statuses_are_retried() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            assert!(status_is_retryable(status, None), "{status}");
        }
        for status in [400, 401, 403, 404, 413, 422] {
            assert!(!status_is_retryable(status, None), "{status}");
        }
    }

    #[test]
    fn x_should_retry_overrides_the_status() {
        assert!(status_is_retryable(400, Some(true)));
        assert!(!status_is_retryable(529, Some(false)));
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", "true")])),
            Some(true)
        );
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", "false")])),
            Some(false)
        );
        assert_eq!(
            should_retry_header(&headers(&[("x-should-retry", "maybe")])),
            None
        );
        assert_eq!(should_retry_header(&HeaderMap::new()), None);
    }

    #[test]
    fn retry_after_headers_are_honoured_within_limits() {
        let cases: [(Pairs, Option<Duration>); 8] = [
            (&[("retry-after", "1")], Some(Duration::from_secs(1))),
            (
                &[("retry-after", "2.5")],
                Some(Duration::from_millis(2_500)),
            ),
            (
                &[("retry-after-ms", "250")],
                Some(Duration::from_millis(250)),
            ),
            // retry-after-ms wins over retry-after.
            (
                &[("retry-after-ms", "100"), ("retry-after", "30")],
                Some(Duration::from_millis(100)),
            ),
            (&[("retry-after", "0")], None),
            (&[("retry-after", "61")], None),
            (&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")], None),
            (&[], None),
        ];
        for (pairs, want) in cases {
            assert_eq!(retry_after(&headers(pairs)), want, "{pairs:?}");
        }
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight_with_jitter_below() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(10, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(0, 1.0), Duration::from_millis(375));
        assert_eq!(backoff(4, 1.0), Duration::from_secs(6));
    }
}
