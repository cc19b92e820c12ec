//! The generation pipeline, in the order the product promises: (parse is the caller's) →
//! session → rate limit → quota reservation → write (Claude or the offline composer) →
//! save and finish the reservation in one transaction.

use std::{net::IpAddr, time::Instant};

use axum::http::HeaderMap;

use super::{
    claude::{ClaudeError, Failure},
    composer, internal,
    limits::{Decision, retry_after_secs},
    quota, sequences,
    sessions::{self, Session},
    state::AppState,
};
use crate::domain::{
    error::AppError,
    form::SequenceRequest,
    sequence::{Sequence, Source},
};

/// The session named by the request's cookie, or a new one. The second value is true when the
/// session was created here (the caller must then set the cookie).
pub async fn session_for(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Session, bool), AppError> {
    if let Some(session) = sessions::from_cookie(&state.pool, headers)
        .await
        .map_err(internal("looking up a session"))?
    {
        return Ok((session, false));
    }
    let session = sessions::create(&state.pool, state.settings.limits.free_sequences)
        .await
        .map_err(internal("creating a session"))?;
    Ok((session, true))
}

/// Counts one generation attempt against the session's and the IP's burst limits.
pub async fn check_rate(state: &AppState, session: &Session, ip: IpAddr) -> Result<(), AppError> {
    for (limiter, key, what) in [
        (&state.limits.per_session, session.id.clone(), "session"),
        (&state.limits.per_ip, ip.to_string(), "client IP"),
    ] {
        if let Decision::Limited { retry_after } = limiter.hit(&key).await {
            tracing::info!(limit = what, "generation rate-limited");
            return Err(AppError::RateLimited {
                retry_after: retry_after_secs(retry_after),
            });
        }
    }
    Ok(())
}

/// Reserves a generation, writes the sequence and saves it; returns the sequence id.
///
/// The work runs in its own task: a visitor who closes the tab still gets the sequence saved
/// (or the reservation back), never a generation lost halfway.
pub async fn generate(
    state: &AppState,
    session: &Session,
    request: SequenceRequest,
) -> Result<String, AppError> {
    let reservation = quota::reserve(&state.pool, &session.id)
        .await
        .map_err(internal("reserving a generation"))?
        .ok_or(AppError::QuotaExceeded)?;
    let state = state.clone();
    let task = tokio::spawn(async move {
        let started = Instant::now();
        match write(&state, &request).await {
            Ok(written) => {
                let saved = sequences::save(
                    &state.pool,
                    &reservation,
                    sequences::NewSequence {
                        request: &request,
                        sequence: &written.sequence,
                        source: written.source,
                        model: written.model.as_deref(),
                        input_tokens: written.input_tokens,
                        output_tokens: written.output_tokens,
                        attempts: written.attempts,
                        duration_ms: started.elapsed().as_millis() as u64,
                    },
                )
                .await;
                match saved {
                    Ok(id) => Ok(id),
                    Err(err) => {
                        give_back(&state, &reservation).await;
                        Err(internal("saving a sequence")(err))
                    }
                }
            }
            Err(err) => {
                give_back(&state, &reservation).await;
                Err(err)
            }
        }
    });
    task.await.unwrap_or_else(|err| {
        tracing::error!(error = %err, "the generation task failed");
        Err(AppError::Internal)
    })
}

async fn give_back(state: &AppState, reservation: &quota::Reservation) {
    if let Err(err) = quota::release(&state.pool, reservation).await {
        // The stale-reservation sweep gives it back later.
        tracing::error!(error = %err, "could not give a reservation back");
    }
}

/// A sequence and how it was written.
struct Written {
    sequence: Sequence,
    source: Source,
    model: Option<String>,
    input_tokens: u32,
    output_tokens: u32,
    attempts: u32,
}

/// Claude when a key is configured (with its retries), else the offline composer.
async fn write(state: &AppState, request: &SequenceRequest) -> Result<Written, AppError> {
    let Some(client) = &state.claude else {
        return Ok(Written {
            sequence: composer::compose(request),
            source: Source::Offline,
            model: None,
            input_tokens: 0,
            output_tokens: 0,
            attempts: 1,
        });
    };
    match client.write_sequence(request).await {
        Ok(reply) => Ok(Written {
            sequence: reply.sequence,
            source: Source::Claude,
            model: Some(reply.model),
            input_tokens: reply.input_tokens,
            output_tokens: reply.output_tokens,
            attempts: reply.attempts,
        }),
        Err(Failure { error, attempts }) => Err(match error {
            ClaudeError::Timeout(_) => {
                tracing::warn!(attempts, error = %error, "Claude did not answer in time");
                AppError::UpstreamTimeout
            }
            ClaudeError::Auth { .. } => {
                tracing::error!(
                    error = %error,
                    "ANTHROPIC_API_KEY was rejected: every generation fails until it is fixed"
                );
                AppError::UpstreamFailed
            }
            _ => {
                tracing::warn!(attempts, error = %error, "Claude call failed");
                AppError::UpstreamFailed
            }
        }),
    }
}
