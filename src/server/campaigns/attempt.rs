//! One attempt to send a lead its step: the email made (merge tags filled or the lead failed
//! with the tags named), claimed with its Message-ID before SMTP, handed over a stage at a time,
//! and its outcome recorded: accepted, bounced (a recipient's own refusal), the mailbox paused
//! (a refusal of the sender or the message), tried again later, or not confirmed.

use super::claims::{self, Claim, Due};
use super::materials::{self, Materials, Sender};
use super::message::{self, Parties};
use super::outcomes::{self, Accepted};
use super::sender::{Round, RoundError};
use super::store::Campaign;
use crate::server::mail::mailboxes::Mailbox;
use crate::server::mail::session::{Delivery, Session, Stage};
use crate::server::platform::state::AppState;

/// A lead's note when the connection was lost before the message was handed over (tried again),
/// and after (whether it arrived cannot be told: never sent again). The page words them.
pub const NOTE_LOST_BEFORE: &str = "lost_before";
pub const NOTE_LOST_AFTER: &str = "lost_after";
/// A lead's note when a server stopped in the middle of its send (`outcomes::sweep`).
pub const NOTE_SERVER_STOPPED: &str = "server_stopped";

/// Reply codes that mean the mailbox's sign-in was refused.
const SIGN_IN_CODES: [u16; 4] = [530, 534, 535, 538];

/// What one attempt did.
pub(super) enum Attempt {
    /// Nothing reached the server (the lead left, or its step is not to send).
    Skipped,
    /// The server answered with a refusal, or the connection was lost.
    Tried,
    /// The server took it: the message, for the Sent folder.
    Accepted(Vec<u8>),
    /// The mailbox was paused: nothing more goes from it.
    Paused,
}

/// What a refusal means for the lead and the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// This address cannot receive: bounce the lead, suppress the address.
    Bounce,
    /// About the mailbox (its sign-in, a daily limit, a policy on the sender or the message):
    /// pause the mailbox; the lead waits.
    Mailbox,
    /// Not now: try again later.
    Later,
}

/// A refusal at `stage` with `code` (and the enhanced code in `words`, "552 5.2.2 …"): only a
/// recipient's own refusal bounces it; a permanent refusal of the sender or the message would
/// refuse every lead alike, so it pauses the mailbox instead of suppressing them all.
fn verdict(stage: Stage, code: u16, permanent: bool, words: &str) -> Verdict {
    if SIGN_IN_CODES.contains(&code) {
        return Verdict::Mailbox;
    }
    if !permanent {
        return Verdict::Later;
    }
    let enhanced = words.split_whitespace().nth(1).unwrap_or_default();
    let about_recipient = enhanced.starts_with("5.1.") || enhanced.starts_with("5.2.");
    match stage {
        Stage::Rcpt => Verdict::Bounce,
        Stage::Data if about_recipient => Verdict::Bounce,
        Stage::Mail | Stage::Data => Verdict::Mailbox,
    }
}

/// Sends lead `due` its `step`; whether an attempt reached the server (the gap applies).
#[allow(clippy::too_many_arguments)]
pub(super) async fn send_one(
    state: &AppState,
    session: &mut Session,
    (campaign, made, mailbox): (&Campaign, &Materials, &Mailbox),
    due: &Due,
    step: u8,
    owner: &str,
    public_url: &str,
    now: i64,
    done: &mut Round,
) -> Result<Attempt, RoundError> {
    let writer = &state.writer;
    let Some(lead) = materials::lead_row(&state.reader, due.lead_id).await? else {
        outcomes::leave(writer, due.id, "failed", Some("gone"), now).await?;
        return Ok(Attempt::Skipped);
    };
    let (thread, first_subject) = claims::thread(&state.reader, due.id).await?;
    let url = materials::unsubscribe_url(public_url, &state.mailboxes.key, due.id);
    let variant = due.variant.chars().next().unwrap_or('a');
    let sender = Sender {
        name: &mailbox.name,
        signature: &mailbox.signature,
    };
    let letter = match made.letter(
        &lead,
        step,
        variant,
        &sender,
        first_subject.as_deref(),
        &url,
    ) {
        Ok(letter) => letter,
        Err(missing) => {
            let note = format!("tags:{}", missing.join(" "));
            outcomes::leave(writer, due.id, "failed", Some(&note), now).await?;
            return Ok(Attempt::Skipped);
        }
    };
    let fresh_id = message::new_message_id(&mailbox.address);
    let claimed = claims::claim(
        writer,
        &Claim {
            campaign: &campaign.id,
            due,
            mailbox: &mailbox.id,
            message_id: &fresh_id,
            subject: &letter.subject,
            owner,
            now,
        },
    )
    .await?;
    let Some(message_id) = claimed else {
        return Ok(Attempt::Skipped);
    };
    let parties = Parties {
        from_name: &mailbox.name,
        from_address: &mailbox.address,
        to: &due.email,
    };
    let date =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(now).unwrap_or(0));
    let Some(built) = message::build(&parties, &letter, &message_id, &thread, &url, date) else {
        outcomes::bounced(writer, &message_id, due.id, "bad_address", now).await?;
        done.bounced += 1;
        return Ok(Attempt::Skipped);
    };
    let limits = campaign.limits();
    let gap = i64::from(limits.gap_seconds) + i64::from(fastrand::u32(0..=limits.jitter_seconds));
    let mut attempt = Attempt::Tried;
    match session.deliver(&built).await {
        Delivery::Accepted => {
            attempt = Attempt::Accepted(built.formatted());
            let next_at = match step.checked_add(1).and_then(|next| made.day_of(next)) {
                Some(day) => {
                    let first = if step == 1 {
                        now
                    } else {
                        due.first_sent_at.unwrap_or(now)
                    };
                    Some(campaign.schedule().days_after(first, day))
                }
                None => None,
            };
            let accepted = Accepted {
                message_id: &message_id,
                campaign_lead: due.id,
                step: due.next_step,
                next_at,
                mailbox: &mailbox.id,
                next_send_at: now + gap,
                now,
            };
            outcomes::accepted(writer, &accepted).await?;
            done.sent += 1;
        }
        Delivery::Refused {
            stage,
            code,
            permanent,
            words,
        } if verdict(stage, code, permanent, &words) != Verdict::Later => {
            if verdict(stage, code, permanent, &words) == Verdict::Bounce {
                outcomes::bounced(writer, &message_id, due.id, &words, now).await?;
                outcomes::hold_mailbox(writer, &mailbox.id, now + gap).await?;
                done.bounced += 1;
            } else {
                // The mailbox's problem (its sign-in, a sending limit, a policy): this lead's
                // step waits, unsent, and the mailbox pauses with the server's words.
                outcomes::deferred(writer, &message_id, due.id, &words, Some(now), false, now)
                    .await?;
                outcomes::pause_mailbox(writer, &mailbox.id, &words).await?;
                done.paused += 1;
                attempt = Attempt::Paused;
            }
        }
        Delivery::Refused { words, .. } | Delivery::NotSent(words) => {
            let words = if words.starts_with(|c: char| c.is_ascii_digit()) {
                words
            } else {
                NOTE_LOST_BEFORE.to_owned()
            };
            let attempts = due.attempts + 1;
            let retry = (attempts < outcomes::MAX_ATTEMPTS).then(|| {
                let after = now + outcomes::retry_after(attempts);
                campaign.schedule().next_open(after).unwrap_or(after)
            });
            outcomes::deferred(writer, &message_id, due.id, &words, retry, true, now).await?;
            outcomes::hold_mailbox(writer, &mailbox.id, now + gap).await?;
            done.deferred += 1;
        }
        Delivery::Unknown(words) => {
            tracing::warn!(mailbox = %mailbox.id, %words, "a send's outcome is unknown");
            outcomes::unconfirmed(writer, &message_id, due.id, NOTE_LOST_AFTER, now).await?;
            outcomes::hold_mailbox(writer, &mailbox.id, now + gap).await?;
            done.unconfirmed += 1;
        }
    }
    Ok(attempt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_recipients_own_refusal_bounces_it() {
        let v = |stage, code, permanent, words| verdict(stage, code, permanent, words);
        assert_eq!(
            v(Stage::Rcpt, 550, true, "550 5.1.1 No such user"),
            Verdict::Bounce
        );
        assert_eq!(
            v(Stage::Rcpt, 552, true, "552 5.2.2 Mailbox full"),
            Verdict::Bounce
        );
        assert_eq!(
            v(Stage::Data, 552, true, "552 5.2.2 Over quota"),
            Verdict::Bounce
        );
        assert_eq!(
            v(
                Stage::Data,
                550,
                true,
                "550 5.4.5 Daily sending limit exceeded"
            ),
            Verdict::Mailbox
        );
        assert_eq!(
            v(Stage::Data, 554, true, "554 5.7.1 Message rejected as spam"),
            Verdict::Mailbox
        );
        assert_eq!(
            v(Stage::Data, 552, true, "552 5.3.4 Message too big"),
            Verdict::Mailbox
        );
        assert_eq!(
            v(Stage::Mail, 553, true, "553 5.7.1 Sender address rejected"),
            Verdict::Mailbox
        );
        assert_eq!(
            v(Stage::Rcpt, 535, true, "535 5.7.8 Authentication failed"),
            Verdict::Mailbox
        );
        assert_eq!(
            v(Stage::Rcpt, 450, false, "450 4.2.1 Try later"),
            Verdict::Later
        );
        assert_eq!(
            v(Stage::Mail, 421, false, "421 4.3.2 Closing"),
            Verdict::Later
        );
    }
}
