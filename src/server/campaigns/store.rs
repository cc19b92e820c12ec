//! Campaigns as stored: made (with their leads enrolled, subjects A and B alternating), listed,
//! loaded, started, paused, resumed, stopped; one lead stopped by hand. Every change is one
//! conditional write naming the account, so nobody reaches another's campaign.

use super::form::{Limits, NewCampaign};
use super::schedule::Schedule;
use crate::domain::{address, campaign::CampaignStatus, campaign::CampaignSummary};
use crate::server::platform::db::{ReadPool, WritePool, on_engine, on_tx};

/// A campaign row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Campaign {
    pub id: String,
    pub account_id: String,
    pub sequence_id: String,
    pub job_id: String,
    pub name: String,
    pub status: String,
    pub time_zone: String,
    pub window_start: i64,
    pub window_end: i64,
    pub weekdays: i64,
    pub daily_cap: i64,
    pub ramp_start: i64,
    pub ramp_step: i64,
    pub gap_seconds: i64,
    pub jitter_seconds: i64,
    pub new_per_day: i64,
    pub opt_out_line: i64,
    pub fallbacks_json: String,
    pub started_at: Option<i64>,
}

const COLUMNS: &str = "id, account_id, sequence_id, job_id, name, status, time_zone, window_start,
    window_end, weekdays, daily_cap, ramp_start, ramp_step, gap_seconds, jitter_seconds,
    new_per_day, opt_out_line, fallbacks_json, started_at";

fn small(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Campaign {
    pub fn status(&self) -> CampaignStatus {
        CampaignStatus::parse(&self.status).unwrap_or(CampaignStatus::Stopped)
    }

    pub fn schedule(&self) -> Schedule {
        Schedule {
            zone: jiff::tz::TimeZone::get(&self.time_zone).unwrap_or(jiff::tz::TimeZone::UTC),
            start: u16::try_from(self.window_start).unwrap_or(0),
            end: u16::try_from(self.window_end).unwrap_or(24 * 60),
            weekdays: u8::try_from(self.weekdays).unwrap_or(0),
        }
    }

    pub fn limits(&self) -> Limits {
        Limits {
            daily_cap: small(self.daily_cap),
            ramp_start: small(self.ramp_start),
            ramp_step: small(self.ramp_step),
            gap_seconds: small(self.gap_seconds),
            jitter_seconds: small(self.jitter_seconds),
            new_per_day: small(self.new_per_day),
        }
    }

    pub fn fallbacks(&self) -> Vec<(String, String)> {
        serde_json::from_str::<Vec<(String, String)>>(&self.fallbacks_json).unwrap_or_default()
    }
}

/// Why a campaign was not made.
#[derive(Debug)]
pub enum CreateError {
    /// Form fields that name something the account does not have.
    Fields(Vec<&'static str>),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for CreateError {
    fn from(err: sqlx::Error) -> Self {
        CreateError::Db(err)
    }
}

/// Makes a draft campaign for the account (whose work lives on `session_id`) and enrolls the
/// list's leads that have an address and a decided line; answers its id.
pub async fn create(
    pool: &WritePool,
    account_id: &str,
    session_id: &str,
    new: &NewCampaign,
    now: i64,
) -> Result<String, CreateError> {
    let mut tx = pool.begin().await?;
    let list = new.list.as_str();
    let sequence: Option<String> = on_tx!(&mut tx, |c| sqlx::query_scalar(
        "SELECT sequence_id FROM lead_jobs WHERE id = $1 AND session_id = $2"
    )
    .bind(list)
    .bind(session_id)
    .fetch_optional(c)
    .await?);
    let owned: Vec<String> = on_tx!(&mut tx, |c| sqlx::query_scalar(
        "SELECT id FROM mailboxes WHERE account_id = $1"
    )
    .bind(account_id)
    .fetch_all(c)
    .await?);
    let mut bad = Vec::new();
    if sequence.is_none() {
        bad.push("list");
    }
    if !new.mailboxes.iter().all(|m| owned.contains(m)) {
        bad.push("mailbox");
    }
    let Some(sequence) = sequence.filter(|_| bad.is_empty()) else {
        tx.rollback().await?;
        return Err(CreateError::Fields(bad));
    };
    let id = uuid::Uuid::new_v4().to_string();
    let fallbacks = serde_json::to_string(&new.fallbacks).expect("pairs serialise");
    let (s, l) = (&new.schedule, &new.limits);
    on_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO campaigns (id, account_id, sequence_id, job_id, name, time_zone,
             window_start, window_end, weekdays, daily_cap, ramp_start, ramp_step, gap_seconds,
             jitter_seconds, new_per_day, opt_out_line, fallbacks_json, created_at, updated_at,
             stop_company)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $18, $19)"
    )
    .bind(&id)
    .bind(account_id)
    .bind(&sequence)
    .bind(list)
    .bind(&new.name)
    .bind(&new.zone_name)
    .bind(i64::from(s.start))
    .bind(i64::from(s.end))
    .bind(i64::from(s.weekdays))
    .bind(i64::from(l.daily_cap))
    .bind(i64::from(l.ramp_start))
    .bind(i64::from(l.ramp_step))
    .bind(i64::from(l.gap_seconds))
    .bind(i64::from(l.jitter_seconds))
    .bind(i64::from(l.new_per_day))
    .bind(i64::from(new.opt_out_line))
    .bind(&fallbacks)
    .bind(now)
    .bind(i64::from(new.stop_company))
    .execute(c)
    .await?
    .rows_affected());
    for mailbox in &new.mailboxes {
        on_tx!(&mut tx, |c| sqlx::query(
            "INSERT INTO campaign_mailboxes (campaign_id, mailbox_id) VALUES ($1, $2)"
        )
        .bind(&id)
        .bind(mailbox)
        .execute(c)
        .await?
        .rows_affected());
    }
    let leads: Vec<(i64, String)> = on_tx!(&mut tx, |c| sqlx::query_as(
        "SELECT id, data_json FROM leads
         WHERE job_id = $1 AND status IN ('written', 'no_signal') ORDER BY id"
    )
    .bind(list)
    .fetch_all(c)
    .await?);
    let mut seen = std::collections::HashSet::new();
    for (lead, data) in leads {
        let Ok(data) = serde_json::from_str::<crate::domain::leads::rows::LeadData>(&data) else {
            continue;
        };
        let Ok(email) = address::canonical(&data.email) else {
            continue;
        };
        if !seen.insert(email.clone()) {
            continue;
        }
        let variant = if seen.len() % 2 == 1 { "a" } else { "b" };
        on_tx!(&mut tx, |c| sqlx::query(
            "INSERT INTO campaign_leads (campaign_id, lead_id, email, variant, updated_at)
             VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(&id)
        .bind(lead)
        .bind(&email)
        .bind(variant)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    }
    tx.commit().await?;
    Ok(id)
}

/// The account's campaigns, newest first, with their counts.
pub async fn list(pool: &ReadPool, account_id: &str) -> Result<Vec<CampaignSummary>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = on_engine!(pool.db(), |p| {
        sqlx::query_as(
            "SELECT c.id, c.name, c.status,
                 (SELECT COUNT(*) FROM campaign_leads l WHERE l.campaign_id = c.id),
                 (SELECT COUNT(*) FROM sends s WHERE s.campaign_id = c.id AND s.state = 'sent'),
                 (SELECT COUNT(*) FROM campaign_leads l
                   WHERE l.campaign_id = c.id AND l.status = 'replied')
             FROM campaigns c WHERE c.account_id = $1 ORDER BY c.created_at DESC, c.id",
        )
        .bind(account_id)
        .fetch_all(p)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, name, status, leads, sent, replied)| CampaignSummary {
            id,
            name,
            status: CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Stopped),
            leads: small(leads),
            sent: small(sent),
            replied: small(replied),
        })
        .collect())
}

/// The account's campaign `id`.
pub async fn find(
    pool: &ReadPool,
    account_id: &str,
    id: &str,
) -> Result<Option<Campaign>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM campaigns WHERE id = $1 AND account_id = $2");
    Ok(on_engine!(pool.db(), |p| sqlx::query_as::<_, Campaign>(
        sqlx::AssertSqlSafe(sql)
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(p)
    .await?))
}

/// The running campaigns that send from `mailbox`, oldest start first.
pub async fn running_for_mailbox(
    pool: &ReadPool,
    mailbox: &str,
) -> Result<Vec<Campaign>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM campaigns WHERE status = 'running' AND id IN
             (SELECT campaign_id FROM campaign_mailboxes WHERE mailbox_id = $1)
         ORDER BY started_at, id"
    );
    Ok(on_engine!(pool.db(), |p| sqlx::query_as::<_, Campaign>(
        sqlx::AssertSqlSafe(sql)
    )
    .bind(mailbox)
    .fetch_all(p)
    .await?))
}

/// What the founder does to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Start,
    Pause,
    Resume,
    Stop,
}

impl Control {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "start" => Some(Control::Start),
            "pause" => Some(Control::Pause),
            "resume" => Some(Control::Resume),
            "stop" => Some(Control::Stop),
            _ => None,
        }
    }
}

/// Moves the campaign on by `control`, from the one status it may come from; true when it did.
pub async fn control(
    pool: &WritePool,
    account_id: &str,
    id: &str,
    control: Control,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (to, from) = match control {
        Control::Start => ("running", "status = 'draft'"),
        Control::Pause => ("paused", "status = 'running'"),
        Control::Resume => ("running", "status = 'paused'"),
        Control::Stop => ("stopped", "status IN ('draft', 'running', 'paused')"),
    };
    let sql = format!(
        "UPDATE campaigns SET status = $1, updated_at = $2,
             started_at = CASE WHEN $1 = 'running' THEN COALESCE(started_at, $2)
                          ELSE started_at END
         WHERE id = $3 AND account_id = $4 AND {from}"
    );
    let done = on_engine!(*pool.db(), |p| sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to)
        .bind(now)
        .bind(id)
        .bind(account_id)
        .execute(p)
        .await?
        .rows_affected());
    if done == 1 && to == "running" {
        // Its mailboxes may be resting: they look again at the next round.
        super::claims::wake(pool, id).await?;
    }
    if done == 1 && control == Control::Stop {
        // Stopped for good: no lead is left looking scheduled.
        on_engine!(*pool.db(), |p| sqlx::query(
            "UPDATE campaign_leads SET status = 'stopped', updated_at = $1
             WHERE campaign_id = $2 AND status = 'active'"
        )
        .bind(now)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected());
    }
    Ok(done == 1)
}

/// Stops one active lead of the account's campaign by hand; true when it was active.
pub async fn stop_lead(
    pool: &WritePool,
    account_id: &str,
    campaign: &str,
    lead: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE campaign_leads SET status = 'stopped', updated_at = $1
         WHERE id = $2 AND campaign_id = $3 AND status = 'active'
           AND campaign_id IN (SELECT id FROM campaigns WHERE account_id = $4)"
    )
    .bind(now)
    .bind(lead)
    .bind(campaign)
    .bind(account_id)
    .execute(p)
    .await?
    .rows_affected());
    Ok(done == 1)
}
