//! Campaigns: a saved sequence sent to one of its lead lists from the founder's own mailboxes,
//! on a schedule and under limits.
//!
//! `address` is the account's postal address, the emails' last lines; `form` reads the
//! new-campaign form; `store` makes (enrolling the leads, subjects A and B
//! alternating), lists, loads and controls campaigns; `schedule` is the time zone's window, day
//! and follow-up days (jiff); `materials` and `compose` make a lead's email for a step (merge
//! tags filled or refused by name); `message` builds it (lettre: Message-ID, thread headers,
//! one-click unsubscribe); `sender` runs a round and `attempt` one lead's step within it, with
//! `claims` (leases, what is due, the send stored before SMTP) and `outcomes` (sent, bounced,
//! deferred, unconfirmed; the sweep); `suppress`
//! opting out; `replies` the INBOX read before follow-ups; `sent` the Sent folder (filed there,
//! and where an unconfirmed send is looked for); `unconfirmed` the founder's word on a send that
//! could not be confirmed; `page` the campaign's page; `routes` the forms.

pub mod address;
pub mod attempt;
pub mod choices;
pub mod claims;
pub mod compose;
pub mod forecast;
pub mod form;
pub mod materials;
pub mod message;
pub mod outcomes;
pub mod page;
pub mod replies;
pub(crate) mod routes;
pub mod schedule;
pub mod sender;
pub mod sent;
pub mod store;
pub mod suppress;
pub mod unconfirmed;

use crate::server::platform::state::AppState;

/// The time now, in unix seconds, from the system clock.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Every server's sender: a round every `CAMPAIGN_ROUND_SECONDS` (none when 0).
pub fn spawn(state: &AppState) {
    let every = state.settings.mail.send_round;
    if every.is_zero() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if state.writer.is_closed() {
                break;
            }
            match sender::round(&state, now()).await {
                Ok(round) if round != sender::Round::default() => {
                    tracing::info!(?round, "campaign round");
                }
                Ok(_) => {}
                Err(err) => {
                    if !state.writer.is_closed() {
                        tracing::error!(error = %err, "a campaign round failed");
                    }
                }
            }
        }
    });
}
