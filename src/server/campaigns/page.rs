//! A campaign's page, read in a few aggregate queries: its schedule and limits, each mailbox's
//! sends today against its cap, the leads per state, the leads themselves (their next time on
//! the visitor's clock), the preview of one lead's emails and every merge tag that would go
//! out empty or raw.

use jiff::tz::TimeZone;

use super::claims;
use super::forecast::{self, Pending, Sender};
use super::form::clock;
use super::materials::{self, Sender as From};
use super::store::Campaign;
use crate::domain::campaign::{
    CampaignLead, CampaignPage, ForecastDay, LeadState, MailboxToday, PreviewEmail,
};
use crate::domain::i18n::Lang;
use crate::domain::ids::JobId;
use crate::domain::leads::rows::LeadData;
use crate::server::leads::queue;
use crate::server::platform::db::{ReadPool, on_engine};
use crate::server::platform::time_zone;

/// The most leads the page lists (the counts cover them all).
const SHOWN: i64 = 500;

fn small(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The page of `campaign`, times in `zone` (UTC when unknown).
pub async fn page(
    pool: &ReadPool,
    campaign: &Campaign,
    now: i64,
    zone: Option<&TimeZone>,
    lang: Lang,
    can_send: bool,
) -> Result<CampaignPage, sqlx::Error> {
    let id = campaign.id.as_str();
    // Read first: a change made while the page is read shows at the open page's next ask.
    let stamped = stamp(pool, id).await?.unwrap_or_default();
    let schedule = campaign.schedule();
    let limits = campaign.limits();
    let list_name: String = on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT file_name FROM lead_jobs WHERE id = $1"
    )
    .bind(&campaign.job_id)
    .fetch_optional(p)
    .await?)
    .unwrap_or_default();
    let boxes: Vec<(String, String, String, String, Option<String>)> =
        on_engine!(pool.db(), |p| sqlx::query_as(
            "SELECT m.id, m.address, m.name, m.signature, m.paused_reason FROM mailboxes m
             JOIN campaign_mailboxes cm ON cm.mailbox_id = m.id
             WHERE cm.campaign_id = $1 ORDER BY m.address"
        )
        .bind(id)
        .fetch_all(p)
        .await?);
    let day_start = schedule.day_start(now);
    let mut mailboxes = Vec::new();
    let mut senders = Vec::new();
    for (mailbox, address, _, _, paused) in &boxes {
        let (sent, first) = claims::mailbox_today(pool, mailbox, day_start).await?;
        if paused.is_none() {
            senders.push(Sender {
                sent_today: small(sent),
                first_send_at: first,
            });
        }
        let day = first.map_or(0, |first| schedule.days_between(first, now));
        mailboxes.push(MailboxToday {
            address: address.clone(),
            sent: small(sent),
            cap: limits.cap_on(day),
            paused: paused.clone(),
        });
    }
    let by_state: Vec<(String, i64)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT status, COUNT(*) FROM campaign_leads WHERE campaign_id = $1 GROUP BY status"
    )
    .bind(id)
    .fetch_all(p)
    .await?);
    let counts = LeadState::ALL
        .into_iter()
        .map(|state| {
            let n = by_state
                .iter()
                .find(|(s, _)| s == state.as_str())
                .map_or(0, |(_, n)| small(*n));
            (state, n)
        })
        .collect();
    let rows: Vec<Row> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT l.id, l.lead_id, l.email, l.variant, l.status, l.next_step, l.next_at, l.note,
                d.data_json,
                (SELECT COUNT(*) FROM sends s WHERE s.campaign_lead_id = l.id AND s.state = 'sent')
         FROM campaign_leads l JOIN leads d ON d.id = l.lead_id
         WHERE l.campaign_id = $1 ORDER BY l.id LIMIT $2"
    )
    .bind(id)
    .bind(SHOWN)
    .fetch_all(p)
    .await?);
    let leads: Vec<CampaignLead> = rows
        .iter()
        .map(
            |(lead, _, email, variant, status, step, next_at, note, data, sent)| {
                let data: LeadData = serde_json::from_str(data).unwrap_or_default();
                let state = LeadState::parse(status).unwrap_or(LeadState::Failed);
                let active = state == LeadState::Active;
                // An active lead goes at its due time or the window's next opening, whichever is later.
                let goes =
                    active.then(|| schedule.next_open((*next_at).max(now)).unwrap_or(*next_at));
                CampaignLead {
                    id: *lead,
                    email: email.clone(),
                    name: format!("{} {}", data.first_name, data.last_name)
                        .trim()
                        .to_owned(),
                    variant: variant.chars().next().unwrap_or('a'),
                    state,
                    next_step: u8::try_from(*step).unwrap_or(0),
                    next: goes.map(|at| time_zone::label(at, zone, lang)),
                    sent: u8::try_from(*sent).unwrap_or(u8::MAX),
                    note: note.clone(),
                }
            },
        )
        .collect();
    let made = materials::load(pool, campaign).await?;
    let (preview_lead, preview, problems) = match &made {
        Some(made) => preview(pool, campaign, made, &boxes).await?,
        None => (None, Vec::new(), Vec::new()),
    };
    let step_days: Vec<u16> = made
        .as_ref()
        .map(|m| m.saved.sequence.emails.iter().map(|e| e.day).collect())
        .unwrap_or_default();
    let pending: Vec<(i64, i64, Option<i64>)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT next_step, next_at, first_sent_at FROM campaign_leads
         WHERE campaign_id = $1 AND status = 'active'"
    )
    .bind(id)
    .fetch_all(p)
    .await?);
    let pending: Vec<Pending> = pending
        .into_iter()
        .map(|(step, next_at, first_sent_at)| Pending {
            next_step: u8::try_from(step).unwrap_or(u8::MAX),
            next_at,
            first_sent_at,
        })
        .collect();
    let forecast = if step_days.is_empty() {
        Vec::new()
    } else {
        forecast::forecast(&schedule, &limits, &senders, &pending, &step_days, now, 14)
            .into_iter()
            .map(|day| ForecastDay {
                date: day_label(day.date, lang),
                first: day.first,
                follow_ups: day.follow_ups,
            })
            .collect()
    };
    Ok(CampaignPage {
        id: campaign.id.clone(),
        name: campaign.name.clone(),
        status: campaign.status(),
        sequence_id: campaign.sequence_id.clone(),
        list_id: campaign.job_id.clone(),
        list_name,
        time_zone: campaign.time_zone.clone(),
        window: format!("{}\u{2013}{}", clock(schedule.start), clock(schedule.end)),
        weekdays: schedule.weekdays,
        daily_cap: limits.daily_cap,
        ramp_start: limits.ramp_start,
        ramp_step: limits.ramp_step,
        gap_minutes: limits.gap_seconds / 60,
        jitter_minutes: limits.jitter_seconds / 60,
        new_per_day: limits.new_per_day,
        mailboxes,
        counts,
        leads,
        preview_lead,
        preview,
        problems,
        forecast,
        can_send,
        stamp: stamped,
    })
}

/// What changes whenever the campaign's page would show something new of its sending: its
/// status, each lead's last change, the sends that settled, the mailboxes' pauses. `None` for
/// a campaign that is not there.
pub async fn stamp(reader: &ReadPool, campaign: &str) -> Result<Option<String>, sqlx::Error> {
    let found: Option<(String, i64, i64, i64, i64)> = on_engine!(reader.db(), |p| sqlx::query_as(
        "SELECT c.status, c.updated_at,
             (SELECT COALESCE(MAX(updated_at), 0) FROM campaign_leads WHERE campaign_id = c.id),
             (SELECT COUNT(*) FROM sends WHERE campaign_id = c.id AND state <> 'sending'),
             (SELECT COUNT(*) FROM mailboxes m JOIN campaign_mailboxes cm ON cm.mailbox_id = m.id
              WHERE cm.campaign_id = c.id AND m.paused_reason IS NOT NULL)
         FROM campaigns c WHERE c.id = $1"
    )
    .bind(campaign)
    .fetch_optional(p)
    .await?);
    Ok(found.map(|(status, at, leads, settled, paused)| {
        format!("{status}.{at}.{leads}.{settled}.{paused}")
    }))
}

/// "Mon 14 Dec", "12月14日 周一".
fn day_label(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.strftime("%a %-d %b").to_string(),
        Lang::Zh => {
            const DAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
            let weekday =
                DAYS[usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0)];
            format!("{}月{}日 {weekday}", date.month(), date.day())
        }
    }
}

type Preview = (Option<String>, Vec<PreviewEmail>, Vec<(String, u32)>);
/// A lead of the campaign as the page reads it: its ids, address, variant, state, step, next
/// time, note, data and sends.
type Row = (
    i64,
    i64,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    String,
    i64,
);

/// One lead's emails as they will go, and every merge tag any lead's emails would leave empty
/// (every lead's, however many).
async fn preview(
    pool: &ReadPool,
    campaign: &Campaign,
    made: &materials::Materials,
    boxes: &[(String, String, String, String, Option<String>)],
) -> Result<Preview, sqlx::Error> {
    let job = JobId::from_stored(campaign.job_id.clone());
    let list = queue::list(pool, &job).await?;
    let (name, signature) = boxes
        .first()
        .map_or(("", ""), |(_, _, n, s, _)| (n.as_str(), s.as_str()));
    let sender = From { name, signature };
    let url = "https://\u{2026}/u/\u{2026}";
    let mut problems: Vec<(String, u32)> = Vec::new();
    let mut shown = None;
    // Every lead of the campaign, not only those the page lists: Start checks them all.
    let variants: Vec<(i64, String)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT lead_id, variant FROM campaign_leads WHERE campaign_id = $1"
    )
    .bind(&campaign.id)
    .fetch_all(p)
    .await?);
    let enrolled: std::collections::HashMap<i64, char> = variants
        .into_iter()
        .map(|(lead, variant)| (lead, variant.chars().next().unwrap_or('a')))
        .collect();
    for lead in list.iter().filter(|l| enrolled.contains_key(&l.id)) {
        let variant = enrolled[&lead.id];
        let mut emails = Vec::new();
        let mut thread = None;
        let mut missing_here: Vec<String> = Vec::new();
        for step in 1..=made.steps() {
            match made.letter(lead, step, variant, &sender, thread.as_deref(), url) {
                Ok(letter) => {
                    if step == 1 {
                        thread = Some(letter.subject.clone());
                    }
                    emails.push(PreviewEmail {
                        step,
                        day: made.day_of(step).unwrap_or(0),
                        subject: letter.subject,
                        body: letter.body,
                    });
                }
                Err(missing) => missing_here.extend(missing),
            }
        }
        missing_here.sort();
        missing_here.dedup();
        for tag in missing_here {
            match problems.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, n)) => *n += 1,
                None => problems.push((tag, 1)),
            }
        }
        if shown.is_none() && emails.len() == usize::from(made.steps()) {
            shown = Some((lead.data.email.clone(), emails));
        }
    }
    let (lead, emails) = shown.map_or((None, Vec::new()), |(l, e)| (Some(l), e));
    Ok((lead, emails, problems))
}
