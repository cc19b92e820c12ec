//! Answering a reply from ColdCopy, before it goes: the message answered and its thread, the
//! suggested answer (Claude's from the sequence's brief and the lead's words, or the offline
//! composer's plain acknowledgement in the language the lead wrote in), a rewrite by the
//! founder's one-line instruction, and the draft kept. `send` sends it.

use crate::domain::form::SequenceRequest;
use crate::domain::ids::{SequenceId, SessionId};
use crate::server::generation::claude::answer::AnswerBrief;
use crate::server::platform::db::{ReadPool, WritePool, on_engine};
use crate::server::platform::state::AppState;
use crate::server::sequences::store;

/// The message answered and what answering it needs.
#[derive(Debug, Clone)]
pub struct Thread {
    pub from: String,
    pub from_name: String,
    pub subject: String,
    pub body: String,
    /// Its Message-ID, when it has one (the answer's `In-Reply-To`).
    pub message_id: Option<String>,
    pub mailbox_id: Option<String>,
    /// The campaign lead it concerns.
    pub lead: Option<i64>,
    /// The Message-IDs ColdCopy sent this lead, oldest first.
    pub sent: Vec<String>,
    /// The answer as last saved or sent, and its state.
    pub answer: Option<(String, String)>,
}

type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// Message `id` of `account`, with its thread and answer; None when it is not the account's.
pub async fn thread(
    pool: &ReadPool,
    account: &str,
    id: i64,
) -> Result<Option<Thread>, sqlx::Error> {
    let row: Option<Row> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT m.from_address, m.from_name, m.subject, m.body, m.message_id, l.mailbox_id,
                m.campaign_lead_id, a.body, a.state
         FROM inbox_messages m
         LEFT JOIN campaign_leads l ON l.id = m.campaign_lead_id
         LEFT JOIN inbox_answers a ON a.inbox_message_id = m.id
         WHERE m.id = $1 AND m.account_id = $2"
    )
    .bind(id)
    .bind(account)
    .fetch_optional(p)
    .await?);
    let Some(row) = row else {
        return Ok(None);
    };
    let sent: Vec<String> = match row.6 {
        Some(lead) => on_engine!(pool.db(), |p| sqlx::query_scalar(
            "SELECT message_id FROM sends WHERE campaign_lead_id = $1 AND state = 'sent'
             ORDER BY step"
        )
        .bind(lead)
        .fetch_all(p)
        .await?),
        None => Vec::new(),
    };
    Ok(Some(Thread {
        from: row.0,
        from_name: row.1,
        subject: row.2,
        body: row.3,
        message_id: row.4,
        mailbox_id: row.5,
        lead: row.6,
        sent,
        answer: row.7.zip(row.8),
    }))
}

/// The suggested answer to `thread`: the draft when there is one; else Claude's (kept as the
/// draft at once, so a reload asks nothing again), or, without Claude or when it fails, the
/// offline composer's acknowledgement. Signed with the mailbox's signature (or its name).
pub async fn suggestion(
    state: &AppState,
    account: &str,
    id: i64,
    thread: &Thread,
    now: i64,
) -> Result<String, sqlx::Error> {
    if let Some((body, _)) = &thread.answer {
        return Ok(body.clone());
    }
    let signature = signature(&state.reader, thread).await?;
    if state.claude.is_some() {
        match written(state, thread, &signature, None, "").await? {
            Some(text) => {
                save(&state.writer, account, id, &text, now).await?;
                return Ok(text);
            }
            None => tracing::warn!("Claude could not suggest an answer: the offline one is shown"),
        }
    }
    Ok(acknowledgement(thread, &signature))
}

/// Claude rewrites the answer `current` as `instruction` says, and it is kept as the draft.
/// None without Claude, or when Claude could not (the draft is kept as it was).
pub async fn rewrite(
    state: &AppState,
    account: &str,
    id: i64,
    current: &str,
    instruction: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let Some(thread) = thread(&state.reader, account, id).await? else {
        return Ok(None);
    };
    save(&state.writer, account, id, current, now).await?;
    let signature = signature(&state.reader, &thread).await?;
    let text = written(state, &thread, &signature, Some(current), instruction).await?;
    if let Some(text) = &text {
        save(&state.writer, account, id, text, now).await?;
    }
    Ok(text)
}

/// Claude's answer (a rewrite of `current` when given); None without Claude or on failure.
async fn written(
    state: &AppState,
    thread: &Thread,
    signature: &str,
    current: Option<&str>,
    instruction: &str,
) -> Result<Option<String>, sqlx::Error> {
    let Some(client) = &state.claude else {
        return Ok(None);
    };
    let request = brief(&state.reader, thread).await?;
    let asked = AnswerBrief {
        brief: request.as_ref(),
        lead_name: &thread.from_name,
        subject: &thread.subject,
        message: &thread.body,
        current,
        instruction,
        signature,
    };
    match client.write_answer(&asked).await {
        Ok(text) => Ok(Some(text)),
        Err(failure) => {
            tracing::warn!(error = %failure.error, attempts = failure.attempts, "an answer was not written");
            Ok(None)
        }
    }
}

/// The brief of the sequence the lead's campaign sends, when it is still there.
async fn brief(pool: &ReadPool, thread: &Thread) -> Result<Option<SequenceRequest>, sqlx::Error> {
    let Some(lead) = thread.lead else {
        return Ok(None);
    };
    let found: Option<(String, String)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT c.sequence_id, a.session_id FROM campaign_leads l
         JOIN campaigns c ON c.id = l.campaign_id JOIN accounts a ON a.id = c.account_id
         WHERE l.id = $1"
    )
    .bind(lead)
    .fetch_optional(p)
    .await?);
    let Some((sequence, session)) = found else {
        return Ok(None);
    };
    let sequence = SequenceId::from_stored(sequence);
    let session = SessionId::from_stored(session);
    Ok(store::find_owned_with_brief(pool, &sequence, &session)
        .await?
        .map(|(request, _)| request))
}

/// The mailbox's signature, or its name when it has none.
async fn signature(pool: &ReadPool, thread: &Thread) -> Result<String, sqlx::Error> {
    let signed: Option<(String, String)> = match thread.mailbox_id.as_deref() {
        Some(mailbox) => on_engine!(pool.db(), |p| sqlx::query_as(
            "SELECT name, signature FROM mailboxes WHERE id = $1"
        )
        .bind(mailbox)
        .fetch_optional(p)
        .await?),
        None => None,
    };
    Ok(signed
        .map(|(name, signature)| {
            if signature.trim().is_empty() {
                name
            } else {
                signature
            }
        })
        .unwrap_or_default())
}

/// The offline composer's answer: a plain acknowledgement in the language the lead wrote in,
/// signed as the mailbox signs.
pub fn acknowledgement(thread: &Thread, signature: &str) -> String {
    let chinese = thread
        .body
        .chars()
        .chain(thread.subject.chars())
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let name = thread
        .from_name
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if chinese {
        let greeting = if name.is_empty() {
            "您好，".to_owned()
        } else {
            format!("{name}，您好！")
        };
        format!("{greeting}\n\n谢谢您的回复。我今天会把详细情况发给您。\n\n{signature}")
    } else {
        let name = if name.is_empty() { "there" } else { name };
        format!(
            "Hi {name},\n\nThanks for getting back to me. I'll send you the details today.\n\n{signature}"
        )
    }
}

/// Keeps `body` as the answer's draft (nothing happens to an answer already sending or sent).
pub async fn save(
    pool: &WritePool,
    account: &str,
    id: i64,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "INSERT INTO inbox_answers (inbox_message_id, account_id, body, updated_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (inbox_message_id) DO UPDATE SET body = excluded.body,
             updated_at = excluded.updated_at, error = NULL
         WHERE inbox_answers.state = 'draft'"
    )
    .bind(id)
    .bind(account)
    .bind(body)
    .bind(now)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}
