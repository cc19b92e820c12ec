//! Which lead a message concerns: the one whose email it answers or reports on (its
//! `In-Reply-To`/`References`, a report's returned Message-ID) among what this mailbox sent,
//! else the address (a report's failed recipient, a reply's sender) this mailbox wrote to.

use super::classify::{Classified, Kind};
use crate::server::platform::db::{ReadPool, on_engine};

/// A campaign's lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: i64,
    pub email: String,
    pub campaign_id: String,
}

/// The lead `message`, arrived in `mailbox`, concerns; None for mail about nothing ColdCopy sent.
pub async fn find(
    pool: &ReadPool,
    mailbox: &str,
    message: &Classified,
) -> Result<Option<Lead>, sqlx::Error> {
    // A NUL (which PostgreSQL's text refuses) is in no id or address ColdCopy wrote.
    for id in message.answers.iter().filter(|id| !id.contains('\0')) {
        let found: Option<(i64, String, String)> = on_engine!(pool.db(), |p| sqlx::query_as(
            "SELECT l.id, l.email, l.campaign_id FROM sends s
             JOIN campaign_leads l ON l.id = s.campaign_lead_id
             WHERE s.mailbox_id = $1 AND s.message_id = $2"
        )
        .bind(mailbox)
        .bind(id)
        .fetch_optional(p)
        .await?);
        if let Some((id, email, campaign_id)) = found {
            return Ok(Some(Lead {
                id,
                email,
                campaign_id,
            }));
        }
    }
    let addresses: Vec<&str> = match message.kind {
        Kind::Bounce | Kind::Delay => message
            .failures
            .iter()
            .map(|f| f.recipient.as_str())
            .collect(),
        Kind::Unparsed => Vec::new(),
        _ => vec![message.from.as_str()],
    };
    for address in addresses
        .into_iter()
        .filter(|a| !a.is_empty() && !a.contains('\0'))
    {
        let found: Option<(i64, String, String)> = on_engine!(pool.db(), |p| sqlx::query_as(
            "SELECT id, email, campaign_id FROM campaign_leads
             WHERE mailbox_id = $1 AND email = $2 ORDER BY updated_at DESC LIMIT 1"
        )
        .bind(mailbox)
        .bind(address)
        .fetch_optional(p)
        .await?);
        if let Some((id, email, campaign_id)) = found {
            return Ok(Some(Lead {
                id,
                email,
                campaign_id,
            }));
        }
    }
    Ok(None)
}
