//! Sending a founder's answer: from the mailbox the lead's thread is in, in that thread (`Re:`,
//! `In-Reply-To` the lead's message, `References` every email of the thread), filed in Sent when
//! the provider keeps no copy. Never twice: the answer moves draft → sending with its Message-ID
//! in one conditional write before SMTP; a second press finds it sending or sent and sends
//! nothing.

use super::answer::{Thread, save, thread};
use crate::server::campaigns::message::new_message_id;
use crate::server::campaigns::sent;
use crate::server::mail::mailboxes::{self, Mailbox};
use crate::server::mail::session::{Delivery, Session};
use crate::server::platform::db::{WritePool, on_engine};
use crate::server::platform::state::AppState;

/// How sending an answer went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Sending or sent already: nothing was sent again.
    AlreadySent,
    /// The message has no mailbox to answer from (matched to no campaign's lead), or the mailbox
    /// is gone.
    NoMailbox,
    /// The server did not take it (its words): the answer stays a draft.
    Refused(String),
    /// The connection broke after the message was handed over: it may have gone; not sent again.
    Unconfirmed,
}

/// Sends `body` as the answer to message `id` of `account`.
pub async fn send(
    state: &AppState,
    account: &str,
    id: i64,
    body: &str,
    now: i64,
) -> Result<Outcome, sqlx::Error> {
    let Some(thread) = thread(&state.reader, account, id).await? else {
        return Ok(Outcome::NoMailbox);
    };
    let Some(mailbox_id) = thread.mailbox_id.as_deref() else {
        return Ok(Outcome::NoMailbox);
    };
    let Ok(Some((mailbox, smtp, imap))) =
        mailboxes::for_sending(&state.reader, &state.mailboxes.key, mailbox_id).await
    else {
        return Ok(Outcome::NoMailbox);
    };
    save(&state.writer, account, id, body, now).await?;
    let message_id = new_message_id(&mailbox.address);
    let claimed = on_engine!(*state.writer.db(), |p| sqlx::query(
        "UPDATE inbox_answers SET state = 'sending', message_id = $1, updated_at = $2
         WHERE inbox_message_id = $3 AND state = 'draft'"
    )
    .bind(&message_id)
    .bind(now)
    .bind(id)
    .execute(p)
    .await?
    .rows_affected());
    if claimed != 1 {
        return Ok(Outcome::AlreadySent);
    }
    let Some(message) = build(&mailbox, &thread, &message_id, body) else {
        settle(
            &state.writer,
            id,
            "draft",
            Some("an address cannot be used"),
            now,
        )
        .await?;
        return Ok(Outcome::Refused("an address cannot be used".to_owned()));
    };
    let delivery = match Session::open(&smtp, &state.mailboxes.trust).await {
        Ok(mut session) => {
            let delivery = session.deliver(&message).await;
            session.close().await;
            delivery
        }
        Err(err) => Delivery::NotSent(format!("{err:?}")),
    };
    let outcome = match delivery {
        Delivery::Accepted => {
            settle(&state.writer, id, "sent", None, now).await?;
            sent::append(
                &mailbox,
                &imap,
                &state.mailboxes.trust,
                &[message.formatted()],
            )
            .await;
            Outcome::Sent
        }
        Delivery::Refused { words, .. } | Delivery::NotSent(words) => {
            settle(&state.writer, id, "draft", Some(&words), now).await?;
            Outcome::Refused(words)
        }
        Delivery::Unknown(_) => {
            settle(&state.writer, id, "unconfirmed", None, now).await?;
            Outcome::Unconfirmed
        }
    };
    Ok(outcome)
}

async fn settle(
    pool: &WritePool,
    id: i64,
    to: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE inbox_answers SET state = $1, error = $2, updated_at = $3,
             sent_at = CASE WHEN $1 = 'sent' THEN $3 ELSE sent_at END
         WHERE inbox_message_id = $4 AND state = 'sending'"
    )
    .bind(to)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// The answer in the lead's thread: `Re:` the subject (once), `In-Reply-To` the lead's
/// message, `References` every email of the thread and the lead's message.
fn build(
    mailbox: &Mailbox,
    thread: &Thread,
    message_id: &str,
    body: &str,
) -> Option<lettre::Message> {
    use lettre::message::{Mailbox as Address, header::ContentType};
    let subject = thread.subject.trim();
    let lower = subject.to_lowercase();
    let subject = if lower.starts_with("re:") || subject.starts_with("回复") {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    };
    let mut references: Vec<String> = thread.sent.clone();
    references.extend(thread.message_id.clone());
    let mut builder = lettre::Message::builder()
        .from(Address::new(
            Some(mailbox.name.clone()),
            mailbox.address.parse().ok()?,
        ))
        .to(thread.from.parse().ok()?)
        .subject(subject)
        .message_id(Some(message_id.to_owned()))
        .date(std::time::SystemTime::now());
    if let Some(last) = references.last() {
        builder = builder
            .in_reply_to(last.clone())
            .references(references.join(" "));
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .ok()
}
