//! A mailbox's health: when its bounces pass `INBOX_BOUNCE_PERCENT` of what it sent, once
//! `INBOX_BOUNCE_AFTER` emails have gone, sending from it pauses, with the figures as the reason
//! (a mailbox that keeps bouncing harms the founder's domain for every later email).

use crate::server::campaigns::outcomes::pause_mailbox;
use crate::server::platform::db::{WritePool, on_engine};

/// Pauses `mailbox` when its bounce rate is over the line. True when it did.
pub async fn check(
    pool: &WritePool,
    mailbox: &str,
    percent: u32,
    after: u32,
) -> Result<bool, sqlx::Error> {
    let (sent, bounced): (i64, i64) = on_engine!(*pool.db(), |p| sqlx::query_as(
        "SELECT
             (SELECT COUNT(*) FROM sends WHERE mailbox_id = $1 AND state IN ('sent', 'bounced')),
             (SELECT COUNT(*) FROM campaign_leads WHERE mailbox_id = $1 AND status = 'bounced')"
    )
    .bind(mailbox)
    .fetch_one(p)
    .await?);
    if !over(sent, bounced, percent, after) {
        return Ok(false);
    }
    let words = format!(
        "{bounced} of {sent} emails bounced ({}%), over the {percent}% allowed",
        bounced * 100 / sent.max(1)
    );
    pause_mailbox(pool, mailbox, &words).await?;
    Ok(true)
}

fn over(sent: i64, bounced: i64, percent: u32, after: u32) -> bool {
    sent >= i64::from(after) && bounced * 100 > i64::from(percent) * sent
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_line_is_a_share_once_enough_have_gone() {
        assert!(!super::over(19, 5, 2, 20), "too few sent to judge");
        assert!(!super::over(100, 2, 2, 20), "2% is not over 2%");
        assert!(super::over(100, 3, 2, 20));
        assert!(super::over(20, 1, 2, 20));
    }
}
