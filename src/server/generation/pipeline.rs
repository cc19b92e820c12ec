//! The generation pipeline: an admitted generation (`quota::admit` holds its reservation) is
//! written (Claude or the offline composer) and saved, the reservation finished in the same
//! transaction; a failure gives the reservation back.

use std::time::Instant;

use tokio::{sync::mpsc, task::JoinHandle};
use tracing::Instrument;

use crate::domain::{
    error::AppError,
    form::SequenceRequest,
    ids::SequenceId,
    progress::GenerationEvent,
    sequence::{Email, Sequence, Source},
};
use crate::server::generation::claude::error::ClaudeError;
use crate::server::generation::claude::{Failure, Progress};
use crate::server::generation::composer;
use crate::server::internal;
use crate::server::platform::state::AppState;
use crate::server::quota::{self, allowance};
use crate::server::sequences::{store, writings};

/// Where a generation reports its progress: the streamed response, or nowhere.
pub(crate) type Events = Option<mpsc::UnboundedSender<GenerationEvent>>;

/// Writes the sequence of an admitted generation and saves it; returns the sequence id.
pub(crate) async fn generate(
    state: &AppState,
    reservation: allowance::Reservation,
    request: SequenceRequest,
) -> Result<SequenceId, AppError> {
    spawn(state.clone(), reservation, request, None)
        .await
        .unwrap_or_else(|err| {
            tracing::error!(error = %err, "the generation task failed");
            Err(AppError::Internal)
        })
}

/// Starts writing a reserved generation in its own task and answers as soon as the sequence has
/// its address (the page a browser without JavaScript is sent to at once, which follows the
/// writing), or the error that stopped it first.
pub(crate) async fn start(
    state: &AppState,
    reservation: allowance::Reservation,
    request: SequenceRequest,
) -> Result<SequenceId, AppError> {
    let (events, mut received) = mpsc::unbounded_channel();
    drop(spawn(state.clone(), reservation, request, Some(events)));
    match received.recv().await {
        Some(GenerationEvent::Started { id, .. }) => Ok(id),
        Some(GenerationEvent::Failed { error }) => Err(error),
        _ => Err(AppError::Internal),
    }
}

/// Writes and saves a reserved generation in its own task, so a visitor who closes the tab
/// still gets the sequence saved (or the reservation back), never a generation lost halfway.
/// `events` receives `Started`, each email as it is ready, and `Saved` or `Failed` last.
pub(crate) fn spawn(
    state: AppState,
    reservation: allowance::Reservation,
    request: SequenceRequest,
    events: Events,
) -> JoinHandle<Result<SequenceId, AppError>> {
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
            // The sequence's address exists from now on: its page follows the writing.
            let id = SequenceId::new_random();
            let result = match writings::start(&state.writer, &id, &reservation, &request).await {
                Ok(()) => {
                    send(GenerationEvent::Started {
                        id: id.clone(),
                        total: request.emails().get(),
                        writer,
                    });
                    let recorder = writings::Recorder::spawn(state.writer.clone(), &id);
                    let result =
                        write_and_save(&state, &reservation, &request, &id, &send, &recorder).await;
                    recorder.finish().await;
                    result
                }
                Err(err) => Err(internal("recording a writing")(err)),
            };
            if let Err(error) = &result {
                // Marked failed first: between the two, a writing without its reservation would
                // read as interrupted and hide the real error. Its page says it failed once the
                // reservation is given back (`writings::find`), so "not counted" is then true.
                writings::fail(&state.writer, &id, error).await;
                Box::pin(quota::give_back(&state, &reservation)).await;
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
    id: &SequenceId,
    send: &(dyn Fn(GenerationEvent) + Send + Sync),
    recorder: &writings::Recorder,
) -> Result<SequenceId, AppError> {
    let started = Instant::now();
    let mut first_email = None;
    let mut so_far: Vec<Email> = Vec::new();
    let mut progress = |step: Progress| {
        send(match step {
            Progress::Email(email) => {
                first_email.get_or_insert_with(|| started.elapsed());
                so_far.push(email.clone());
                recorder.emails(so_far.clone());
                GenerationEvent::Email { email }
            }
            Progress::Restarted => {
                so_far.clear();
                recorder.emails(Vec::new());
                GenerationEvent::Restarted
            }
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
    // Boxed: the save transaction's state is large and lives for milliseconds; unboxed it
    // would stay in every generation task's size while Claude writes (seconds).
    Box::pin(store::save(
        &state.writer,
        reservation,
        id.clone(),
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
    ))
    .await
    .map_err(internal("saving a sequence"))
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
pub(crate) fn upstream_error(Failure { error, attempts }: Failure) -> AppError {
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
