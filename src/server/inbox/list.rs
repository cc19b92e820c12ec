//! The inbox page's reading: an account's kept messages of the kinds a filter shows, newest
//! first, grouped by lead and campaign (a thread comes where its newest message does), and the
//! count for each filter.

use crate::domain::inbox::{InboxMessage, InboxThread, kinds};
use crate::server::platform::db::{ReadPool, on_engine};

/// The most messages a page shows.
pub const PAGE: i64 = 200;

type Row = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
);

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
                m.new_address, m.received_at, m.corrected_at
         FROM inbox_messages m
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
        let (id, lead, campaign_id, campaign_name, from, from_name, subject, body) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
        let message = InboxMessage {
            id,
            from,
            from_name,
            subject,
            body,
            kind: row.8,
            rule: row.9,
            detail: row.10,
            summary: row.11,
            back_on: row.12,
            new_address: row.13,
            received: label(row.14),
            corrected: row.15.is_some(),
        };
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
