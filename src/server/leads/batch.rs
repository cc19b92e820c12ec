//! Big lead lists through Anthropic's Message Batches API (half the price per token). A job
//! started with at least `LEAD_BATCH_THRESHOLD` leads (and a Claude key) is a batch job: the
//! per-lead worker leaves it alone, and every `LEAD_BATCH_POLL_SECS` one server, holding the
//! job under a lease, takes one step: create the batch (its id is stored at once), or retrieve
//! it, and once it has ended store each result by its `custom_id` (`lead-{id}`) through the
//! grounding check. Whatever the batch did not answer with a kept line (an error, an expired
//! request, a refused line) goes on to the per-lead worker, which asks again one lead at a time.

use std::collections::HashMap;

use crate::domain::{
    ids::{JobId, SequenceId, SessionId},
    leads::{LeadNote, LeadStatus, grounding, rows::LeadData},
};
use crate::server::generation::claude::{
    ClaudeClient, batches::BatchResult, first_line::FirstLine,
};
use crate::server::platform::db::{Db, ReadPool, WritePool};
use crate::server::platform::state::AppState;
use crate::server::sequences::store;

use super::queue::{self, Outcome};
use super::writer;

/// A batch job this server now holds.
struct Held {
    job: JobId,
    sequence: SequenceId,
    session: SessionId,
    batch_id: Option<String>,
}

/// Takes the oldest batch job whose lease is free (or already this server's) for `lease_secs`.
async fn hold(pool: &WritePool, lease_secs: u64) -> Result<Option<Held>, sqlx::Error> {
    let owner = pool.server_id().to_owned();
    let lease = i64::try_from(lease_secs).unwrap_or(3_600);
    let writing = pool.db();
    let row = match *writing {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch_owner = ?, batch_until = unixepoch() + ?
             WHERE id = (SELECT id FROM lead_jobs
                         WHERE status = 'running' AND batch = 1
                           AND (batch_until IS NULL OR batch_until < unixepoch() OR batch_owner = ?)
                         ORDER BY created_at LIMIT 1)
             RETURNING id, sequence_id, session_id, batch_id",
            owner,
            lease,
            owner
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.sequence_id, r.session_id, r.batch_id)),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch_owner = $1, batch_until = unixepoch() + $2
             WHERE id = (SELECT id FROM lead_jobs
                         WHERE status = 'running' AND batch
                           AND (batch_until IS NULL OR batch_until < unixepoch() OR batch_owner = $1)
                         ORDER BY created_at LIMIT 1
                         FOR UPDATE SKIP LOCKED)
             RETURNING id, sequence_id, session_id, batch_id",
            owner,
            lease
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.sequence_id, r.session_id, r.batch_id)),
    };
    if row.is_none() {
        writing.changed_nothing();
    } else {
        drop(writing);
    }
    Ok(row.map(|(job, sequence, session, batch_id)| Held {
        job: JobId::from_stored(job),
        sequence: SequenceId::from_stored(sequence),
        session: SessionId::from_stored(session),
        batch_id,
    }))
}

/// Stores the batch's id on the job (while this server holds it).
async fn set_batch_id(pool: &WritePool, job: &JobId, batch_id: &str) -> Result<(), sqlx::Error> {
    let (job, owner) = (job.as_str(), pool.server_id().to_owned());
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch_id = ? WHERE id = ? AND batch_owner = ?",
            batch_id,
            job,
            owner
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch_id = $1 WHERE id = $2 AND batch_owner = $3",
            batch_id,
            job,
            owner
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// Hands the job's remaining leads to the per-lead worker (the batch is over).
async fn release(pool: &WritePool, job: &JobId) -> Result<(), sqlx::Error> {
    let job = job.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch = 0, batch_owner = NULL, batch_until = NULL WHERE id = ?",
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET batch = FALSE, batch_owner = NULL, batch_until = NULL WHERE id = $1",
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// The job's leads still waiting.
async fn pending(pool: &ReadPool, job: &JobId) -> Result<Vec<(i64, LeadData)>, sqlx::Error> {
    Ok(queue::list(pool, job)
        .await?
        .into_iter()
        .filter(|lead| lead.status == LeadStatus::Pending)
        .map(|lead| (lead.id, lead.data))
        .collect())
}

/// One step of one batch job, if any is waiting for this server.
pub(crate) async fn step(state: &AppState, claude: &ClaudeClient) -> Result<(), sqlx::Error> {
    let lease = state.settings.leads.batch_poll.as_secs() * 3 + 30;
    let Some(held) = hold(&state.writer, lease).await? else {
        return Ok(());
    };
    let Some((request, saved)) =
        store::find_owned_with_brief(&state.reader, &held.sequence, &held.session).await?
    else {
        release(&state.writer, &held.job).await?;
        return queue::close_if_done(&state.writer, &held.job).await;
    };
    let leads = pending(&state.reader, &held.job).await?;
    let Some(batch_id) = held.batch_id else {
        // Leads with nothing in their chosen columns need no call.
        let mut requests = Vec::new();
        for (id, data) in &leads {
            if data.facts.is_empty() {
                let outcome = writer::without_facts();
                queue::finish_unclaimed(&state.writer, &held.job, *id, &outcome).await?;
            } else {
                let params = claude.first_line_params(&request, &saved.sequence, data, &[]);
                requests.push((format!("lead-{id}"), params));
            }
        }
        if requests.is_empty() {
            // Nothing to ask: the job ends here if no lead is left (no worker would close it).
            release(&state.writer, &held.job).await?;
            return queue::close_if_done(&state.writer, &held.job).await;
        }
        match claude.create_batch(&requests).await {
            Ok(batch) => set_batch_id(&state.writer, &held.job, &batch.id).await?,
            Err(err) => {
                tracing::warn!(error = %err, "could not create a batch; trying again next round")
            }
        }
        return Ok(());
    };
    let batch = match claude.retrieve_batch(&batch_id).await {
        Ok(batch) if batch.ended() => batch,
        Ok(_) => return Ok(()),
        Err(err) => {
            tracing::warn!(error = %err, "could not retrieve a batch; trying again next round");
            return Ok(());
        }
    };
    let results = match claude.batch_results(&batch).await {
        Ok(results) => results,
        Err(err) => {
            tracing::warn!(error = %err, "could not read a batch's results; trying again next round");
            return Ok(());
        }
    };
    let by_id: HashMap<i64, &LeadData> = leads.iter().map(|(id, data)| (*id, data)).collect();
    let context = writer::context(&request, &saved.sequence);
    let prices = &state.settings.anthropic.prices;
    for (custom_id, result) in results {
        let Some(id) = custom_id
            .strip_prefix("lead-")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        let (Some(data), BatchResult::Succeeded(reply)) = (by_id.get(&id), result) else {
            continue;
        };
        // Half the price per token through the Message Batches API.
        let cost = prices
            .cost_micros(&reply.model, reply.input_tokens, reply.output_tokens)
            .unwrap_or(0)
            / 2;
        let mut outcome = Outcome {
            status: LeadStatus::NoSignal,
            line: None,
            fact: None,
            note: Some(LeadNote::NothingSpecific),
            input_tokens: reply.input_tokens,
            output_tokens: reply.output_tokens,
            cost_usd_micros: cost,
        };
        if let FirstLine::Line { line, fact } = reply.answer {
            if let Err(problems) = grounding::check(&line, &fact, &data.corpus(), &context) {
                // Refused: kept with what it cost; the per-lead worker asks once more, with
                // the reasons.
                queue::refuse_unclaimed(&state.writer, &held.job, id, &problems, &outcome).await?;
                continue;
            }
            outcome.status = LeadStatus::Written;
            outcome.line = Some(line);
            outcome.fact = Some(fact);
            outcome.note = None;
        }
        queue::finish_unclaimed(&state.writer, &held.job, id, &outcome).await?;
    }
    release(&state.writer, &held.job).await?;
    queue::close_if_done(&state.writer, &held.job).await
}

/// The rounds: every `LEAD_BATCH_POLL_SECS`, while the database is open and Claude configured.
pub(crate) fn spawn(state: &AppState) {
    let Some(claude) = state.claude.clone() else {
        return;
    };
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(state.settings.leads.batch_poll);
        loop {
            every.tick().await;
            if state.writer.is_closed() {
                break;
            }
            if let Err(err) = step(&state, &claude).await
                && !state.writer.is_closed()
            {
                tracing::error!(error = %err, "a batch step failed; it runs again next round");
            }
        }
    });
}
