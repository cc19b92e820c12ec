//! The mailbox's Sent folder. A provider that does not keep what is sent through its SMTP server
//! (most, Gmail and Fastmail aside) gets each accepted email appended to Sent, as a mail client
//! would, so the founder sees it and the replies' threads are whole. And a send whose outcome was
//! unknown ("not confirmed") is looked for there by its Message-ID: found, it is confirmed sent
//! and the lead goes on; not found, it stays for the founder, never sent again on a guess.

use super::store::Campaign;
use super::unconfirmed::{Went, confirm};
use crate::server::mail::check::{Server, Trust};
use crate::server::mail::inbox;
use crate::server::mail::mailboxes::Mailbox;
use crate::server::platform::db::{ReadPool, WritePool, on_engine};

/// The longest one IMAP command may take (a hanging server must not hold up the round).
const IMAP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Whether the provider keeps a copy in Sent of what its SMTP server sends.
pub fn keeps_sent(mailbox: &Mailbox) -> bool {
    matches!(mailbox.provider.as_str(), "google" | "fastmail")
}

/// Appends `messages` to the mailbox's Sent folder, marked read. A failure is logged: the
/// emails went; only the founder's copy is missing.
pub async fn append(mailbox: &Mailbox, imap: &Server, trust: &Trust, messages: &[Vec<u8>]) {
    let Some(folder) = mailbox.sent_folder.as_deref() else {
        return;
    };
    if messages.is_empty() || keeps_sent(mailbox) {
        return;
    }
    let mut session = match inbox::sign_in(imap, trust).await {
        Ok(session) => session,
        Err(problem) => {
            tracing::warn!(mailbox = %mailbox.id, problem = problem.tag(), "Sent could not be opened");
            return;
        }
    };
    for message in messages {
        let filed = tokio::time::timeout(
            IMAP_WAIT,
            session.append(folder, Some("(\\Seen)"), None, message),
        )
        .await;
        if let Err(err) = filed
            .map_err(|_| "no answer in time".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()))
        {
            tracing::warn!(mailbox = %mailbox.id, error = %err, "a sent email could not be filed in Sent");
            break;
        }
    }
    inbox::close(session).await;
}

/// Looks for this mailbox's unconfirmed sends in its Sent folder and confirms those found;
/// answers how many.
pub async fn resolve(
    reader: &ReadPool,
    writer: &WritePool,
    mailbox: &Mailbox,
    imap: &Server,
    trust: &Trust,
    campaigns: &[Campaign],
    now: i64,
) -> Result<u32, sqlx::Error> {
    let Some(folder) = mailbox.sent_folder.as_deref() else {
        return Ok(0);
    };
    type Row = (String, i64, i64, Option<i64>, String, i64);
    let rows: Vec<Row> = on_engine!(reader.db(), |p| sqlx::query_as(
        "SELECT s.message_id, s.campaign_lead_id, s.step, l.first_sent_at, l.campaign_id,
                s.claimed_at
         FROM sends s JOIN campaign_leads l ON l.id = s.campaign_lead_id
         WHERE s.mailbox_id = $1 AND s.state = 'unconfirmed' AND l.status = 'unconfirmed'
         ORDER BY s.claimed_at LIMIT 20"
    )
    .bind(&mailbox.id)
    .fetch_all(p)
    .await?);
    if rows.is_empty() {
        return Ok(0);
    }
    let Ok(mut session) = inbox::sign_in(imap, trust).await else {
        return Ok(0);
    };
    let mut confirmed = 0;
    let examined = tokio::time::timeout(IMAP_WAIT, session.examine(folder)).await;
    if matches!(examined, Ok(Ok(_))) {
        for (message_id, lead, step, first, campaign_id, claimed_at) in rows {
            let Some(campaign) = campaigns.iter().find(|c| c.id == campaign_id) else {
                continue;
            };
            let query = format!("HEADER Message-ID \"{}\"", message_id.replace('"', ""));
            let Ok(found) = tokio::time::timeout(IMAP_WAIT, session.uid_search(&query)).await
            else {
                break;
            };
            let found = found.map(|uids| !uids.is_empty());
            if found.unwrap_or(false) {
                // It went when it was handed over: the follow-ups count their days from there.
                let went = Went {
                    message_id: &message_id,
                    lead,
                    step,
                    first,
                    claimed_at,
                    mailbox: &mailbox.id,
                };
                if !confirm(reader, writer, campaign, &went, now).await? {
                    continue;
                }
                confirmed += 1;
            }
        }
    }
    inbox::close(session).await;
    Ok(confirmed)
}
