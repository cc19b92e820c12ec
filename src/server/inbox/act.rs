//! What a classified message does to its lead, in every campaign of the account, and how a
//! founder's correction undoes it: a reply stops the lead; an opt-out suppresses the address; a
//! permanent bounce (or a third delay) marks it bounced and suppresses it, then checks the
//! mailbox's bounce rate; an out-of-office moves the next step to the day after the return (a
//! week when no date is given); "no longer with the company" stops the lead.

use jiff::civil::Date;

use super::classify::Kind;
use super::lead::Lead;
use crate::server::platform::db::{WriteTx, on_tx};

/// Temporary failures reported for one address before it is treated as bounced.
pub const DELAYS_TO_SUPPRESS: i64 = 3;

/// A week, in seconds: an out-of-office without a date waits this long.
const WEEK: i64 = 7 * 24 * 3600;

/// The facts an effect needs beyond the kind.
pub struct Effect<'a> {
    pub account: &'a str,
    pub lead: &'a Lead,
    pub kind: Kind,
    pub back_on: Option<Date>,
    pub now: i64,
}

/// Does what `effect.kind` says. True when the address bounced (the mailbox's health is then
/// checked by the caller).
pub async fn apply(tx: &mut WriteTx, effect: &Effect<'_>) -> Result<bool, sqlx::Error> {
    let Effect {
        account, lead, now, ..
    } = *effect;
    match effect.kind {
        Kind::Reply => {
            set_status(tx, account, &lead.email, "replied", true, now).await?;
            stop_company(tx, lead, now).await?;
        }
        Kind::OptOut => {
            crate::server::campaigns::suppress::opt_out(tx, account, &lead.email, now).await?
        }
        Kind::LeftCompany => {
            set_status(tx, account, &lead.email, "stopped", false, now).await?;
        }
        Kind::OutOfOffice => {
            let until = match effect.back_on {
                Some(date) => day_after(tx, &lead.campaign_id, date)
                    .await?
                    .unwrap_or(now + WEEK),
                None => now + WEEK,
            };
            on_tx!(&mut *tx, |x| {
                sqlx::query(
                "UPDATE campaign_leads SET next_at = CASE WHEN next_at < $1 THEN $1 ELSE next_at END,
                     updated_at = $2
                 WHERE id = $3 AND status = 'active'"
            )
            .bind(until)
            .bind(now)
            .bind(lead.id)
            .execute(x)
            .await?
            .rows_affected()
            });
        }
        Kind::Bounce => {
            bounce(tx, account, &lead.email, now).await?;
            return Ok(true);
        }
        Kind::Delay => {
            let delays: i64 = on_tx!(&mut *tx, |x| sqlx::query_scalar(
                "SELECT COUNT(*) FROM inbox_messages
                 WHERE account_id = $1 AND lead_email = $2 AND kind = 'delay'"
            )
            .bind(account)
            .bind(&lead.email)
            .fetch_one(x)
            .await?);
            if delays >= DELAYS_TO_SUPPRESS {
                bounce(tx, account, &lead.email, now).await?;
                return Ok(true);
            }
        }
        Kind::AutoReply | Kind::Unparsed => {}
    }
    Ok(false)
}

/// Undoes what `kind` did to the lead, before a founder's correction applies the right one: the
/// lead goes on (or is done, when its last email had gone), a suppression the message made is
/// lifted. An out-of-office's later next step stays (a later email is never harmful).
pub async fn undo(
    tx: &mut WriteTx,
    account: &str,
    lead: &Lead,
    kind: Kind,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (status, reason) = match kind {
        Kind::Reply => ("replied", None),
        Kind::OptOut => ("unsubscribed", Some("unsubscribed")),
        Kind::LeftCompany => ("stopped", None),
        Kind::Bounce => ("bounced", Some("bounced")),
        // A delay only counted (a third one's bounce is the report's, corrected on its own).
        Kind::Delay | Kind::OutOfOffice | Kind::AutoReply | Kind::Unparsed => return Ok(()),
    };
    if let Some(reason) = reason {
        on_tx!(&mut *tx, |x| sqlx::query(
            "DELETE FROM suppressions WHERE account_id = $1 AND email = $2 AND reason = $3"
        )
        .bind(account)
        .bind(&lead.email)
        .bind(reason)
        .execute(x)
        .await?
        .rows_affected());
    }
    on_tx!(&mut *tx, |x| {
        sqlx::query(
        "UPDATE campaign_leads
         SET status = CASE WHEN next_at = 0 AND first_sent_at IS NOT NULL THEN 'done' ELSE 'active' END,
             updated_at = $1
         WHERE email = $2 AND status = $3
           AND campaign_id IN (SELECT id FROM campaigns WHERE account_id = $4)"
    )
    .bind(now)
    .bind(&lead.email)
    .bind(status)
    .bind(account)
    .execute(x)
    .await?
    .rows_affected()
    });
    Ok(())
}

async fn set_status(
    tx: &mut WriteTx,
    account: &str,
    email: &str,
    status: &str,
    done_too: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A lead whose last email has gone is `done`: a reply or a bounce still counts for it.
    let among = if done_too {
        "('active', 'done', 'unconfirmed')"
    } else {
        "('active', 'unconfirmed')"
    };
    let sql = format!(
        "UPDATE campaign_leads SET status = $1, updated_at = $2
         WHERE email = $3 AND status IN {among}
           AND campaign_id IN (SELECT id FROM campaigns WHERE account_id = $4)"
    );
    on_tx!(&mut *tx, |x| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(status)
        .bind(now)
        .bind(email)
        .bind(account)
        .execute(x)
        .await?
        .rows_affected());
    Ok(())
}

async fn bounce(tx: &mut WriteTx, account: &str, email: &str, now: i64) -> Result<(), sqlx::Error> {
    crate::server::campaigns::suppress::suppress(tx, account, email, "bounced", now).await?;
    set_status(tx, account, email, "bounced", true, now).await
}

/// Mail providers many companies share: their domain says nothing about a lead's company.
const SHARED_DOMAINS: [&str; 16] = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "qq.com",
    "163.com",
    "126.com",
    "foxmail.com",
];

/// When the lead's campaign says so, a reply stops every other lead of that campaign at the
/// same company: the same address domain, unless it is a shared mail provider's.
async fn stop_company(tx: &mut WriteTx, lead: &Lead, now: i64) -> Result<(), sqlx::Error> {
    let Some((_, domain)) = lead.email.rsplit_once('@') else {
        return Ok(());
    };
    let domain = domain.to_ascii_lowercase();
    if SHARED_DOMAINS.contains(&domain.as_str()) {
        return Ok(());
    }
    on_tx!(&mut *tx, |x| sqlx::query(
        "UPDATE campaign_leads SET status = 'stopped', note = 'colleague replied', updated_at = $1
         WHERE campaign_id = $2 AND id <> $3 AND status IN ('active', 'unconfirmed')
           AND LOWER(email) LIKE $4
           AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $2 AND c.stop_company = 1)"
    )
    .bind(now)
    .bind(&lead.campaign_id)
    .bind(lead.id)
    .bind(format!("%@{}", domain.replace(['%', '_'], "")))
    .execute(x)
    .await?
    .rows_affected());
    Ok(())
}

/// The first instant of the day after `date` in the campaign's time zone.
async fn day_after(
    tx: &mut WriteTx,
    campaign: &str,
    date: Date,
) -> Result<Option<i64>, sqlx::Error> {
    let zone: Option<String> = on_tx!(&mut *tx, |x| sqlx::query_scalar(
        "SELECT time_zone FROM campaigns WHERE id = $1"
    )
    .bind(campaign)
    .fetch_optional(x)
    .await?);
    let instant = zone
        .and_then(|zone| jiff::tz::TimeZone::get(&zone).ok())
        .and_then(|tz| {
            date.tomorrow()
                .ok()?
                .at(0, 0, 0, 0)
                .to_zoned_datetime(tz)
                .ok()
        })
        .map(|z| z.timestamp().as_second());
    Ok(instant)
}
