//! What the new-campaign form offers an account: its lead lists that have leads ready to send
//! (with their sequence's company and title), and its connected mailboxes.

use crate::domain::campaign::ListChoice;
use crate::domain::form::SequenceRequest;
use crate::server::platform::db::{ReadPool, on_engine};

/// The lead lists of session `session` that have leads to send, newest first.
pub async fn lists(pool: &ReadPool, session: &str) -> Result<Vec<ListChoice>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT j.id, j.file_name, s.input_json,
                (SELECT COUNT(*) FROM leads l
                  WHERE l.job_id = j.id AND l.status IN ('written', 'no_signal'))
         FROM lead_jobs j JOIN sequences s ON s.id = j.sequence_id
         WHERE j.session_id = $1 AND j.status IN ('running', 'done')
         ORDER BY j.created_at DESC, j.id"
    )
    .bind(session)
    .fetch_all(p)
    .await?);
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, ready)| *ready > 0)
        .map(|(id, file, input, ready)| {
            let brief = serde_json::from_str::<SequenceRequest>(&input).ok();
            let about = brief
                .map(|b| format!("{} \u{b7} {}", b.company(), b.job_title()))
                .unwrap_or_default();
            ListChoice {
                id,
                label: format!("{about} \u{2014} {file}"),
                leads: u32::try_from(ready).unwrap_or(u32::MAX),
            }
        })
        .collect())
}

/// The account's mailboxes as (id, address), oldest first.
pub async fn mailboxes(
    pool: &ReadPool,
    account: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    Ok(on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT id, address FROM mailboxes WHERE account_id = $1 ORDER BY created_at, address"
    )
    .bind(account)
    .fetch_all(p)
    .await?))
}
