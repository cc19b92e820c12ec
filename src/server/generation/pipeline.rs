//! The generation pipeline, in the order the product promises: (parse is the caller's) →
//! session → rate limit → quota reservation → write (Claude or the offline composer) →
//! save and finish the reservation in one transaction.

use std::{net::IpAddr, time::Instant};

use axum::http::HeaderMap;
use tokio::{sync::mpsc, task::JoinHandle};
use tracing::Instrument;

use crate::server::generation::claude::{ClaudeError, Failure, Progress};

use crate::server::generation::composer;

use crate::server::internal;

use crate::server::quota::limits::{Decision, retry_after_secs};

use crate::server::quota::allowance;

use crate::server::sequences::store;

use crate::server::sessions::{self, Session};

use crate::domain::{
    error::AppError,
    form::SequenceRequest,
    progress::GenerationEvent,
    sequence::{Sequence, Source},
    session::Plan,
};
use crate::server::platform::state::AppState;

/// The session named by the request's cookie, or a new one, within the client IP's daily cap
/// on new sessions. The second value is true when the session was created here (the caller
/// must then set the cookie).
pub async fn session_for(
    state: &AppState,
    headers: &HeaderMap,
    ip: IpAddr,
) -> Result<(Session, bool), AppError> {
    if let Some(session) = sessions::from_cookie(&state.pool, headers)
        .await
        .map_err(internal("looking up a session"))?
    {
        return Ok((session, false));
    }
    if let Decision::Limited { .. } = state.limits.new_sessions_per_ip.hit(&ip.to_string()).await {
        tracing::info!(limit = "new sessions per IP", "daily cap reached");
        return Err(AppError::DailyLimitReached);
    }
    let session = sessions::create(&state.writer, state.settings.limits.free_sequences)
        .await
        .map_err(internal("creating a session"))?;
    Ok((session, true))
}

/// Refuses generation while it is switched off (`GENERATION_ENABLED=false`).
pub fn check_enabled(state: &AppState) -> Result<(), AppError> {
    if state.settings.limits.generation_enabled {
        Ok(())
    } else {
        state.metrics.quota_denied("switched_off");
        Err(AppError::GenerationPaused)
    }
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

/// Reserves one generation: 402 when the allowance is used up, 429 past Pro's fair use or the
/// client IP's daily cap on free generations (counted only for a generation that would go
/// ahead), 503 past the server's daily ceiling.
pub async fn reserve(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
) -> Result<allowance::Reservation, AppError> {
    let reservation = reserve_allowance(state, session).await?;
    if session.plan == Plan::Free
        && let Decision::Limited { .. } = state.limits.free_per_ip.hit(&ip.to_string()).await
    {
        tracing::info!(limit = "free generations per IP", "daily cap reached");
        give_back(state, &reservation).await;
        return Err(AppError::DailyLimitReached);
    }
    Ok(reservation)
}

async fn reserve_allowance(
    state: &AppState,
    session: &Session,
) -> Result<allowance::Reservation, AppError> {
    let limit = state.settings.plans.pro_daily_limit;
    let ceiling = state.settings.limits.daily_ceiling;
    match allowance::reserve(&state.writer, &session.id, limit, ceiling)
        .await
        .map_err(internal("reserving a generation"))?
    {
        allowance::Reserved::CeilingReached => {
            state.metrics.quota_denied("daily_ceiling");
            tracing::warn!(ceiling, "the daily generation ceiling is reached");
            Err(AppError::GenerationPaused)
        }
        allowance::Reserved::Yes(reservation) => Ok(reservation),
        allowance::Reserved::AllowanceUsed => {
            state.metrics.quota_denied("allowance_used");
            Err(AppError::QuotaExceeded)
        }
        allowance::Reserved::FairUseReached { limit } => {
            state.metrics.quota_denied("fair_use");
            tracing::info!(limit, "Pro fair-use limit reached");
            Err(AppError::FairUseReached { limit })
        }
    }
}

/// Where a generation reports its progress: the streamed response, or nowhere.
pub type Events = Option<mpsc::UnboundedSender<GenerationEvent>>;

/// Reserves a generation, writes the sequence and saves it; returns the sequence id.
pub async fn generate(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
    request: SequenceRequest,
) -> Result<String, AppError> {
    let reservation = reserve(state, session, ip).await?;
    spawn(state.clone(), reservation, request, None)
        .await
        .unwrap_or_else(|err| {
            tracing::error!(error = %err, "the generation task failed");
            Err(AppError::Internal)
        })
}

/// Writes and saves a reserved generation in its own task, so a visitor who closes the tab
/// still gets the sequence saved (or the reservation back), never a generation lost halfway.
/// `events` receives `Started`, each email as it is ready, and `Saved` or `Failed` last.
pub fn spawn(
    state: AppState,
    reservation: allowance::Reservation,
    request: SequenceRequest,
    events: Events,
) -> JoinHandle<Result<String, AppError>> {
    // The task keeps the request's span, so its log lines carry the request id.
    let span = tracing::Span::current();
    let tracker = state.generations.clone();
    tracker.spawn(
        async move {
            let send = |event: GenerationEvent| {
                if let Some(events) = &events {
                    // A closed stream (the tab went away) does not stop the generation.
                    let _ = events.send(event);
                }
            };
            let writer = if state.claude.is_some() {
                Source::Claude
            } else {
                Source::Offline
            };
            send(GenerationEvent::Started {
                total: request.emails().get(),
                writer,
            });
            let result = write_and_save(&state, &reservation, &request, &send).await;
            if result.is_err() {
                give_back(&state, &reservation).await;
            }
            let outcome = result.as_ref().map_or_else(AppError::tag, |_| "saved");
            state.metrics.generation(writer, outcome);
            send(match &result {
                Ok(id) => GenerationEvent::Saved { id: id.clone() },
                Err(error) => GenerationEvent::Failed {
                    error: error.clone(),
                },
            });
            result
        }
        .instrument(span),
    )
}

async fn write_and_save(
    state: &AppState,
    reservation: &allowance::Reservation,
    request: &SequenceRequest,
    send: &(dyn Fn(GenerationEvent) + Send + Sync),
) -> Result<String, AppError> {
    let started = Instant::now();
    let mut first_email = None;
    let mut progress = |step: Progress| {
        send(match step {
            Progress::Email(email) => {
                first_email.get_or_insert_with(|| started.elapsed());
                GenerationEvent::Email { email }
            }
            Progress::Restarted => GenerationEvent::Restarted,
        })
    };
    let written = write(state, request, &mut progress).await?;
    let cost_usd_micros = written.model.as_deref().and_then(|model| {
        state.settings.anthropic.prices.cost_micros(
            model,
            written.input_tokens,
            written.output_tokens,
        )
    });
    store::save(
        &state.writer,
        reservation,
        store::NewSequence {
            request,
            sequence: &written.sequence,
            source: written.source,
            model: written.model.as_deref(),
            input_tokens: written.input_tokens,
            output_tokens: written.output_tokens,
            attempts: written.attempts,
            first_email_ms: first_email.map(|d| d.as_millis() as u64),
            duration_ms: started.elapsed().as_millis() as u64,
            cost_usd_micros,
        },
    )
    .await
    .map_err(internal("saving a sequence"))
}

async fn give_back(state: &AppState, reservation: &allowance::Reservation) {
    if let Err(err) = allowance::release(&state.writer, reservation).await {
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

/// Claude when a key is configured (with its retries), else the offline composer; each email
/// goes to `progress` as soon as it is ready.
async fn write(
    state: &AppState,
    request: &SequenceRequest,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Written, AppError> {
    let Some(client) = &state.claude else {
        let sequence = composer::compose(request);
        for email in &sequence.emails {
            progress(Progress::Email(email.clone()));
        }
        return Ok(Written {
            sequence,
            source: Source::Offline,
            model: None,
            input_tokens: 0,
            output_tokens: 0,
            attempts: 1,
        });
    };
    match client.write_sequence(request, progress).await {
        Ok(reply) => Ok(Written {
            sequence: reply.sequence,
            source: Source::Claude,
            model: Some(reply.model),
            input_tokens: reply.input_tokens,
            output_tokens: reply.output_tokens,
            attempts: reply.attempts,
        }),
        Err(failure) => Err(upstream_error(failure)),
    }
}

/// What the visitor is told when Claude failed; the log gets the cause (never the content).
pub fn upstream_error(Failure { error, attempts }: Failure) -> AppError {
    match error {
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
    }
}
