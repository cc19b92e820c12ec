//! Opting out: the one-click POST (RFC 8058) and the link's page suppress the address for every
//! campaign of the account at once. The suppression list is the account's.

use crate::server::platform::db::{ReadPool, WritePool, on_engine, on_tx};

/// Suppresses the address of campaign lead `campaign_lead` for its whole account and stops it in
/// every campaign; answers the address, or `None` for an unknown lead.
pub async fn unsubscribe(
    pool: &WritePool,
    campaign_lead: i64,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let found: Option<(String, String)> = on_tx!(&mut tx, |x| sqlx::query_as(
        "SELECT l.email, c.account_id FROM campaign_leads l
         JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1"
    )
    .bind(campaign_lead)
    .fetch_optional(x)
    .await?);
    let Some((email, account)) = found else {
        tx.rollback().await?;
        return Ok(None);
    };
    opt_out(&mut tx, &account, &email, now).await?;
    tx.commit().await?;
    Ok(Some(email))
}

/// Suppresses `email` for `account` as opted out, and stops it in every campaign of the account.
pub async fn opt_out(
    tx: &mut crate::server::platform::db::WriteTx,
    account: &str,
    email: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    suppress(tx, account, email, "unsubscribed", now).await?;
    on_tx!(tx, |x| sqlx::query(
        "UPDATE campaign_leads SET status = 'unsubscribed', updated_at = $1
         WHERE email = $2 AND status IN ('active', 'unconfirmed')
           AND campaign_id IN (SELECT id FROM campaigns WHERE account_id = $3)"
    )
    .bind(now)
    .bind(email)
    .bind(account)
    .execute(x)
    .await?
    .rows_affected());
    Ok(())
}

/// Puts `email` on `account`'s suppression list for `reason` (`unsubscribed`, `bounced`); an
/// address already there keeps its first reason.
pub async fn suppress(
    tx: &mut crate::server::platform::db::WriteTx,
    account: &str,
    email: &str,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, |x| sqlx::query(
        "INSERT INTO suppressions (account_id, email, reason, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, email) DO NOTHING"
    )
    .bind(account)
    .bind(email)
    .bind(reason)
    .bind(now)
    .execute(x)
    .await?
    .rows_affected());
    Ok(())
}

/// The address of campaign lead `campaign_lead` and whether its account suppresses it already.
pub async fn status(
    pool: &ReadPool,
    campaign_lead: i64,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    let found: Option<(String, i64)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT l.email, (SELECT COUNT(*) FROM suppressions s
                          WHERE s.account_id = c.account_id AND s.email = l.email)
         FROM campaign_leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1"
    )
    .bind(campaign_lead)
    .fetch_optional(p)
    .await?);
    Ok(found.map(|(email, n)| (email, n > 0)))
}

/// "m•••@acme.test": enough for the reader to know it is theirs, not enough to harvest.
pub fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
        }
        None => "\u{2022}\u{2022}\u{2022}".to_owned(),
    }
}

/// One address the account never mails.
pub struct Suppressed {
    pub email: String,
    pub reason: String,
    pub created_at: i64,
}

/// The account's suppression list, newest first.
pub async fn list(pool: &ReadPool, account: &str) -> Result<Vec<Suppressed>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT email, reason, created_at FROM suppressions WHERE account_id = $1
         ORDER BY created_at DESC, email"
    )
    .bind(account)
    .fetch_all(p)
    .await?);
    Ok(rows
        .into_iter()
        .map(|(email, reason, created_at)| Suppressed {
            email,
            reason,
            created_at,
        })
        .collect())
}

/// The addresses in `text` (one a line, or separated by commas, semicolons or spaces; a CSV
/// export's header and reason columns ignored), canonical, and the pieces that are not one.
pub fn addresses_in(text: &str) -> (Vec<String>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = line
            .split([',', ';', ' ', '\t'])
            .map(|c| c.trim().trim_matches('"'))
            .filter(|c| c.contains('@'))
            .collect();
        if cells.is_empty() {
            // A header ("email,reason,added") or a line with no address in it.
            if !line.to_lowercase().starts_with("email") {
                bad.push(line.chars().take(80).collect());
            }
            continue;
        }
        for cell in cells {
            match crate::domain::address::canonical(cell) {
                Ok(email) if !good.contains(&email) => good.push(email),
                Ok(_) => {}
                Err(_) => bad.push(cell.chars().take(80).collect()),
            }
        }
    }
    (good, bad)
}

/// Adds `emails` to the account's list (by hand) and stops them in its campaigns at once;
/// answers how many were new.
pub async fn add(
    pool: &WritePool,
    account: &str,
    emails: &[String],
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mut added = 0;
    for email in emails {
        added += on_tx!(&mut tx, |x| sqlx::query(
            "INSERT INTO suppressions (account_id, email, reason, created_at)
             VALUES ($1, $2, 'manual', $3) ON CONFLICT (account_id, email) DO NOTHING"
        )
        .bind(account)
        .bind(email)
        .bind(now)
        .execute(x)
        .await?
        .rows_affected());
        on_tx!(&mut tx, |x| sqlx::query(
            "UPDATE campaign_leads SET status = 'stopped', updated_at = $1
             WHERE email = $2 AND status = 'active'
               AND campaign_id IN (SELECT id FROM campaigns WHERE account_id = $3)"
        )
        .bind(now)
        .bind(email)
        .bind(account)
        .execute(x)
        .await?
        .rows_affected());
    }
    tx.commit().await?;
    Ok(added)
}

/// Takes `email`, added by hand, off the account's list (an opt-out or a bounce stays; leads
/// already stopped stay stopped).
pub async fn remove(pool: &WritePool, account: &str, email: &str) -> Result<bool, sqlx::Error> {
    let done = on_engine!(*pool.db(), |p| sqlx::query(
        "DELETE FROM suppressions WHERE account_id = $1 AND email = $2 AND reason = 'manual'"
    )
    .bind(account)
    .bind(email)
    .execute(p)
    .await?
    .rows_affected());
    Ok(done == 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_come_from_lines_lists_and_an_export() {
        let (good, bad) = super::addresses_in(
            "email,reason,added\nAna@Acme.test,manual,2026-12-07\nli@beta.test; jo@gamma.test\nnot an address\n",
        );
        assert_eq!(good, vec!["ana@acme.test", "li@beta.test", "jo@gamma.test"]);
        assert_eq!(bad, vec!["not an address"]);
    }
}
