//! The inbox page's reading: an account's kept messages of the kinds a filter shows, newest
//! first, grouped by lead and campaign (a thread comes where its newest message does), and the
//! count for each filter.

use crate::domain::inbox::{InboxMessage, InboxThread, kinds};
use crate::server::platform::db::{ReadPool, on_engine};

/// The most messages a page shows.
pub const PAGE: i64 = 200;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    lead_email: Option<String>,
    campaign_id: Option<String>,
    name: Option<String>,
    from_address: String,
    from_name: String,
    subject: String,
    body: String,
    kind: String,
    rule: String,
    detail: String,
    summary: Option<String>,
    back_on: Option<String>,
    new_address: Option<String>,
    received_at: i64,
    corrected_at: Option<i64>,
    state: Option<String>,
}

/// The account's threads for `filter` (`domain::inbox::FILTERS`); `label` writes a time.
pub async fn threads(
    pool: &ReadPool,
    account: &str,
    filter: &str,
    label: impl Fn(i64) -> String,
) -> Result<Vec<InboxThread>, sqlx::Error> {
    let wanted = kinds(filter);
    let placeholders: Vec<String> = (0..wanted.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT m.id, m.lead_email, l.campaign_id, c.name, m.from_address, m.from_name,
                m.subject, m.body, m.kind, m.rule, m.detail, m.summary, m.back_on,
                m.new_address, m.received_at, m.corrected_at, a.state
         FROM inbox_messages m
         LEFT JOIN inbox_answers a ON a.inbox_message_id = m.id
         LEFT JOIN campaign_leads l ON l.id = m.campaign_lead_id
         LEFT JOIN campaigns c ON c.id = l.campaign_id
         WHERE m.account_id = $1 AND m.kind IN ({})
         ORDER BY m.received_at DESC, m.id DESC LIMIT {PAGE}",
        placeholders.join(", ")
    );
    let rows: Vec<Row> = on_engine!(pool.db(), |p| {
        // Only placeholders are formatted in; the kinds are bound.
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(account);
        for kind in wanted {
            query = query.bind(*kind);
        }
        query.fetch_all(p).await?
    });
    let mut threads: Vec<InboxThread> = Vec::new();
    for row in rows {
        let message = InboxMessage {
            id: row.id,
            from: row.from_address,
            from_name: row.from_name,
            subject: row.subject,
            body: row.body,
            kind: row.kind,
            rule: row.rule,
            detail: row.detail,
            summary: row.summary,
            back_on: row.back_on,
            new_address: row.new_address,
            received: label(row.received_at),
            corrected: row.corrected_at.is_some(),
            answer: row.state,
        };
        let (lead, campaign_id, campaign_name) = (row.lead_email, row.campaign_id, row.name);
        let lead = lead.unwrap_or_default();
        match threads
            .iter_mut()
            .find(|t| t.lead == lead && t.campaign_id == campaign_id)
        {
            Some(thread) => thread.messages.push(message),
            None => threads.push(InboxThread {
                lead,
                campaign_id,
                campaign_name,
                messages: vec![message],
            }),
        }
    }
    Ok(threads)
}

/// How many messages each filter shows, in `domain::inbox::FILTERS`' order.
pub async fn counts(pool: &ReadPool, account: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT kind, COUNT(*) FROM inbox_messages WHERE account_id = $1 GROUP BY kind"
    )
    .bind(account)
    .fetch_all(p)
    .await?);
    Ok(crate::domain::inbox::FILTERS
        .iter()
        .map(|filter| {
            let n = rows
                .iter()
                .filter(|(kind, _)| kinds(filter).contains(&kind.as_str()))
                .map(|(_, n)| n)
                .sum();
            ((*filter).to_owned(), n)
        })
        .collect())
}
