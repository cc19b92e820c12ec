//! The worker every server runs: it claims pending leads (as many as it has free writers,
//! `LEAD_WORKERS`), writes each in its own task and stores the outcome. It keeps going when
//! the founder's tab closes, and after a restart it finds the leads still pending (or leased
//! by a server that died, once the lease runs out) and writes them: each lead is stored once.

use std::{sync::Arc, time::Duration};

use tokio::sync::Semaphore;

use super::{jobs, queue, writer};
use crate::server::platform::state::AppState;
use crate::server::sequences::store;

/// How long an idle worker waits before it looks again (work started on this server wakes it
/// at once).
const IDLE: Duration = Duration::from_secs(2);

/// Starts the worker; it stops when the database closes.
pub(crate) fn spawn(state: &AppState) {
    super::batch::spawn(state);
    let state = state.clone();
    tokio::spawn(async move {
        let writers = Arc::new(Semaphore::new(state.settings.leads.workers));
        loop {
            if state.writer.is_closed() {
                break;
            }
            let free = u32::try_from(writers.available_permits()).unwrap_or(u32::MAX);
            if free == 0 {
                // Wait for one writer to finish.
                drop(writers.clone().acquire_owned().await);
                continue;
            }
            let lease = state.settings.leads.lease.as_secs();
            let claimed = match queue::claim(&state.writer, free, lease).await {
                Ok(claimed) => claimed,
                Err(err) => {
                    if !state.writer.is_closed() {
                        tracing::error!(error = %err, "could not claim leads");
                    }
                    tokio::time::sleep(IDLE).await;
                    continue;
                }
            };
            if claimed.is_empty() {
                let _ = tokio::time::timeout(IDLE, state.lead_work.notified()).await;
                continue;
            }
            for lead in claimed {
                let permit = writers
                    .clone()
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                let state = state.clone();
                tokio::spawn(async move {
                    write_one(&state, lead).await;
                    drop(permit);
                });
            }
        }
    });
}

/// Claims after which a lead is given up (its server died or its call never ended each time).
const MAX_CLAIMS: u32 = 4;

/// Writes one claimed lead and stores what came of it.
async fn write_one(state: &AppState, lead: queue::Claimed) {
    if lead.attempts > MAX_CLAIMS {
        let outcome = queue::Outcome {
            status: crate::domain::leads::LeadStatus::Failed,
            line: None,
            fact: None,
            note: Some(crate::domain::leads::LeadNote::GaveUp),
            input_tokens: 0,
            output_tokens: 0,
            cost_usd_micros: 0,
        };
        if let Err(err) = queue::finish(&state.writer, &lead, &outcome).await {
            tracing::error!(error = %err, lead = lead.id, "could not give up a lead");
        }
        return;
    }
    let brief = match jobs::owner(&state.reader, &lead.job_id).await {
        Ok(Some((sequence, session))) => {
            store::find_owned_with_brief(&state.reader, &sequence, &session).await
        }
        Ok(None) => return,
        Err(err) => Err(err),
    };
    let (request, saved) = match brief {
        Ok(Some(brief)) => brief,
        // The job or its sequence was deleted meanwhile: its leads went with it.
        Ok(None) => return,
        Err(err) => {
            tracing::error!(error = %err, "could not load a lead's sequence; it is retried when its lease ends");
            return;
        }
    };
    let outcome = writer::write(
        state.claude.as_ref(),
        &state.settings.anthropic.prices,
        &request,
        &saved.sequence,
        &lead.data,
        &lead.refused,
    )
    .await;
    match queue::finish(&state.writer, &lead, &outcome).await {
        Ok(true) => {}
        Ok(false) => tracing::info!(
            lead = lead.id,
            "a lead was cancelled or taken over while it was written; not stored"
        ),
        Err(err) => {
            tracing::error!(error = %err, lead = lead.id, "could not store a lead's line; it is written again when its lease ends")
        }
    }
}
