//! One round of sending, at the time the caller's clock gives: the sends a dead server left
//! settled, then each mailbox whose next send is due, under its lease, sends what its running
//! campaigns have due (follow-ups first), inside their windows and under their caps, one email
//! per gap. Every server runs rounds; the leases keep a mailbox's gaps and caps whole.

use std::collections::HashMap;

use super::attempt::{Attempt, send_one};
use super::claims::{self, Due};
use super::materials::{self, Materials};
use super::outcomes;
use super::store::{self, Campaign};
use super::{replies, sent};
use crate::server::mail::mailboxes;
use crate::server::mail::session::{OpenError, Session};
use crate::server::platform::state::AppState;

/// The most one mailbox sends in a round (with gaps switched off).
const BURST: u32 = 50;
/// How long a mailbox whose server could not be reached waits.
const UNREACHABLE_WAIT: i64 = 5 * 60;

/// What a round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: u32,
    pub bounced: u32,
    pub deferred: u32,
    pub unconfirmed: u32,
    pub paused: u32,
    /// Leads stopped by a reply read in their mailbox's INBOX.
    pub replies: u32,
    /// Unconfirmed sends found in their mailbox's Sent folder.
    pub confirmed: u32,
}

/// Why a round stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("a mailbox's password could not be opened")]
    Sealed,
}

/// How often a mailbox's INBOX is read while nothing is due, in seconds.
fn read_every(state: &AppState) -> i64 {
    i64::try_from(state.settings.mail.inbox_every.as_secs()).unwrap_or(300)
}

/// Runs one round at `now` (unix seconds).
pub async fn round(state: &AppState, now: i64) -> Result<Round, RoundError> {
    let mut done = Round::default();
    let Some(public_url) = state.settings.public_url.as_ref().map(|u| u.to_string()) else {
        // Without the site's address no email can carry its unsubscribe link: nothing starts.
        return Ok(done);
    };
    // One round at a time on this server (a start's round and the timer's), so this server's
    // lease on a mailbox is never used by two rounds at once.
    let _one_at_a_time = state.sending.lock().await;
    let swept = outcomes::sweep(&state.writer, now).await?;
    done.unconfirmed += u32::try_from(swept).unwrap_or(u32::MAX);
    let owner = state.writer.server_id().to_owned();
    for (mailbox, next_send_at) in
        claims::due_mailboxes(&state.reader, &owner, now, read_every(state)).await?
    {
        if !claims::lease(&state.writer, &mailbox, &owner, now).await? {
            continue;
        }
        let sends = next_send_at <= now;
        let result =
            from_mailbox(state, &mailbox, sends, &owner, &public_url, now, &mut done).await;
        claims::release(&state.writer, &mailbox, &owner).await?;
        // One mailbox's trouble does not hold up the others.
        if let Err(err) = result {
            tracing::error!(mailbox, error = %err, "a mailbox's round failed");
        }
    }
    outcomes::finish_campaigns(&state.writer, now).await?;
    Ok(done)
}

/// The next lead due from `mailbox` in one of `campaigns`, within its window and caps.
async fn next_job<'c>(
    state: &AppState,
    campaigns: &'c [Campaign],
    mailbox: &str,
    now: i64,
) -> Result<Option<(&'c Campaign, Due)>, sqlx::Error> {
    for campaign in campaigns {
        let schedule = campaign.schedule();
        if !schedule.open(now) {
            continue;
        }
        let limits = campaign.limits();
        let day_start = schedule.day_start(now);
        let (sent_today, first) = claims::mailbox_today(&state.reader, mailbox, day_start).await?;
        let day = first.map_or(0, |first| schedule.days_between(first, now));
        if sent_today >= i64::from(limits.cap_on(day)) {
            continue;
        }
        let new_allowed = claims::new_today(&state.reader, &campaign.id, day_start).await?
            < i64::from(limits.new_per_day);
        while let Some(due) =
            claims::next_due(&state.reader, &campaign.id, mailbox, now, new_allowed).await?
        {
            if due.next_step == 1
                && claims::written_elsewhere(&state.reader, campaign, &due).await?
            {
                outcomes::leave(&state.writer, due.id, "stopped", Some("already_sent"), now)
                    .await?;
                continue;
            }
            match claims::suppressed(&state.reader, &campaign.account_id, &due.email).await? {
                None => return Ok(Some((campaign, due))),
                Some(reason) => {
                    let status = if reason == "bounced" {
                        "bounced"
                    } else {
                        "unsubscribed"
                    };
                    outcomes::leave(&state.writer, due.id, status, None, now).await?;
                }
            }
        }
    }
    Ok(None)
}

/// When `mailbox`, with nothing to send now, could next have something: the soonest of its
/// campaigns' next window opening (window closed), next lead due (none due yet), or next local
/// day (leads due but held by a cap). At least a minute away, at most a day (starting or
/// resuming a campaign, or a send to go again, wakes it sooner: `claims::wake`).
async fn rest_until(
    state: &AppState,
    campaigns: &[Campaign],
    mailbox: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let mut soonest = now + 86_400;
    for campaign in campaigns {
        let schedule = campaign.schedule();
        let next = if schedule.open(now) {
            match claims::earliest_due(&state.reader, &campaign.id, mailbox).await? {
                None => continue,
                Some(at) if at > now => at,
                // Due, but a cap holds it: the start of the next local day.
                Some(_) => schedule.day_start(schedule.day_start(now) + 36 * 3600),
            }
        } else {
            schedule.next_open(now).unwrap_or(i64::MAX)
        };
        soonest = soonest.min(next);
    }
    Ok(soonest.max(now + 60))
}

/// Reads the mailbox's INBOX when due (always before a follow-up), then, when `sends`, sends
/// what is due from it.
#[allow(clippy::too_many_arguments)]
async fn from_mailbox(
    state: &AppState,
    mailbox_id: &str,
    sends: bool,
    owner: &str,
    public_url: &str,
    now: i64,
    done: &mut Round,
) -> Result<(), RoundError> {
    let found = mailboxes::for_sending(&state.reader, &state.mailboxes.key, mailbox_id)
        .await
        .map_err(|err| match err {
            mailboxes::MailboxError::Database(err) => RoundError::Database(err),
            mailboxes::MailboxError::Sealed(_) => RoundError::Sealed,
        })?;
    let Some((mailbox, smtp, imap)) = found else {
        return Ok(());
    };
    let (reader, writer, trust) = (&state.reader, &state.writer, &state.mailboxes.trust);
    let campaigns = store::running_for_mailbox(&state.reader, mailbox_id).await?;
    let open = campaigns.iter().any(|c| c.schedule().open(now));
    if replies::due(reader, mailbox_id, now, open, read_every(state)).await? {
        let reading = replies::Reading {
            mailbox: mailbox_id,
            address: &mailbox.address,
            bounce_percent: state.settings.mail.bounce_percent,
            bounce_after: state.settings.mail.bounce_after,
        };
        let seen = replies::read(reader, writer, &reading, &imap, trust, now).await?;
        done.replies += seen.map_or(0, |s| s.replies);
        if seen.is_some_and(|s| s.paused) {
            // Its bounces passed the line while its INBOX was read: nothing more goes from it.
            done.paused += 1;
            return Ok(());
        }
        // Unconfirmed sends are looked for in Sent as often as the INBOX is read, no more.
        done.confirmed +=
            sent::resolve(reader, writer, &mailbox, &imap, trust, &campaigns, now).await?;
    }
    if !sends {
        return Ok(());
    }
    if !open {
        let until = rest_until(state, &campaigns, mailbox_id, now).await?;
        claims::rest(writer, mailbox_id, until).await?;
        return Ok(());
    }
    let mut materials: HashMap<String, Option<Materials>> = HashMap::new();
    let mut session: Option<Session> = None;
    let mut to_file: Vec<Vec<u8>> = Vec::new();
    for turn in 0..BURST {
        let Some((campaign, due)) = next_job(state, &campaigns, mailbox_id, now).await? else {
            if turn == 0 {
                // Nothing to send: the rounds pass this mailbox by until something could be.
                let until = rest_until(state, &campaigns, mailbox_id, now).await?;
                claims::rest(writer, mailbox_id, until).await?;
            }
            break;
        };
        if !materials.contains_key(&campaign.id) {
            let loaded = materials::load(&state.reader, campaign).await?;
            materials.insert(campaign.id.clone(), loaded);
        }
        let Some(made) = materials.get(&campaign.id).and_then(Option::as_ref) else {
            outcomes::leave(&state.writer, due.id, "failed", Some("gone"), now).await?;
            continue;
        };
        if session.as_ref().is_none_or(Session::broken) {
            match Session::open(&smtp, &state.mailboxes.trust).await {
                Ok(open) => session = Some(open),
                Err(OpenError::SignIn(words) | OpenError::Tls(words)) => {
                    outcomes::pause_mailbox(&state.writer, mailbox_id, &words).await?;
                    done.paused += 1;
                    return Ok(());
                }
                Err(OpenError::Unavailable(_)) => {
                    outcomes::hold_mailbox(&state.writer, mailbox_id, now + UNREACHABLE_WAIT)
                        .await?;
                    return Ok(());
                }
            }
        }
        let Some(open) = session.as_mut() else {
            break;
        };
        let step = u8::try_from(due.next_step).unwrap_or(u8::MAX);
        let attempt = send_one(
            state,
            open,
            (campaign, made, &mailbox),
            &due,
            step,
            owner,
            public_url,
            now,
            done,
        )
        .await?;
        let tried = !matches!(attempt, Attempt::Skipped);
        match attempt {
            Attempt::Accepted(message) => to_file.push(message),
            Attempt::Paused => break,
            Attempt::Skipped | Attempt::Tried => {}
        }
        if tried && campaign.gap_seconds + campaign.jitter_seconds > 0 {
            break;
        }
    }
    if let Some(open) = session {
        open.close().await;
    }
    sent::append(&mailbox, &imap, trust, &to_file).await;
    Ok(())
}
