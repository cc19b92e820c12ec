//! Campaigns sent through the real postfix on loopback into dovecot's maildirs (scripts/mail.sh),
//! rounds driven by a clock the test controls. `sending`: the window, the gap and the daily cap
//! held, subjects A and B alternating, follow-ups in the first email's thread, one-click
//! unsubscribe, a refusal at RCPT bouncing and suppressing the address, a refused sign-in
//! pausing the mailbox, an empty merge tag refused before start. `replies`: a reply read from
//! the INBOX stops the lead, an automatic answer does not. Every lead's mailbox is counted: no
//! step arrives twice. Here: the founder, the forms, the maildirs.

mod chinese;
mod faults;
mod inbox;
mod inbox_answer;
mod inbox_pages;
mod killed;
mod markup;
mod replies;
mod sending;
mod servers;
mod suppressions;
mod tick;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coldcopy::server::campaigns::sender::{Round, round};

use crate::accounts::{app_with_mail, sign_in};
use crate::helpers::TestApp;
use crate::helpers::mail::{Mail, MailCatcher};
use crate::leads::job_id;
use crate::mailboxes::{connect, form, mail_system};

/// A prefix for this test's addresses, new every run: the SQLite and PostgreSQL passes (and any
/// run again) share the mail system's maildirs.
pub(super) fn fresh(name: &str) -> String {
    format!("{name}{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
}

/// Unix seconds of an RFC 3339 time.
pub(super) fn at(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().unwrap().as_second()
}

/// A signed-in founder `who@ledgerly.test` with that mailbox connected, a sequence and a
/// written lead list of `csv`; answers the app, the mailbox's id and the list's id.
pub(super) async fn founder(who: &str, csv: &str) -> (TestApp, String, String, MailCatcher) {
    founder_sending_to(who, csv, None).await
}

/// `founder`, with the mailbox's SMTP server on loopback port `smtp` when given (a scripted one).
pub(super) async fn founder_sending_to(
    who: &str,
    csv: &str,
    smtp: Option<u16>,
) -> (TestApp, String, String, MailCatcher) {
    founder_with(who, csv, smtp, &[]).await
}

/// `founder_sending_to`, with `extra` settings (a fake Claude's, say).
pub(super) async fn founder_with(
    who: &str,
    csv: &str,
    smtp: Option<u16>,
    extra: &[(&str, &str)],
) -> (TestApp, String, String, MailCatcher) {
    let mail = MailCatcher::start().await;
    let (_, _, ca) = mail_system();
    let mut vars = vec![
        ("MAIL_CA_FILE", ca.as_str()),
        ("CAMPAIGN_ROUND_SECONDS", "0"),
        ("CAMPAIGN_PLANS", "free,starter,pro"),
    ];
    vars.extend_from_slice(extra);
    let app = app_with_mail(&mail, &vars).await;
    let address = format!("{who}@ledgerly.test");
    sign_in(&app, &mail, &address).await;
    let mut fields = form(&address, "secret");
    if let Some(port) = smtp {
        fields.retain(|(k, _)| *k != "smtp_port");
        fields.push(("smtp_port", port.to_string()));
    }
    let res = connect(&app, &fields, true).await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let mailbox = location
        .split("connected=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .unwrap_or_else(|| panic!("not connected: {location}"))
        .to_owned();
    let sequence = app.sequence().await;
    let job = job_id(&app.upload(&sequence, csv.as_bytes(), "").await);
    app.post_form(
        &format!("/leads/{job}/start"),
        &[
            ("col_email", "0"),
            ("col_first_name", "1"),
            ("col_company", "2"),
        ],
    )
    .await;
    app.ended(&job).await;
    (app, mailbox, job, mail)
}

/// The new-campaign form, with `extra` replacing its fields.
pub(super) fn campaign_form(
    job: &str,
    mailbox: &str,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("name", "December push".into()),
        ("list", job.into()),
        ("mailbox", mailbox.into()),
        ("time_zone", "Europe/Paris".into()),
        ("window_start", "09:00".into()),
        ("window_end", "17:00".into()),
        ("daily_cap", "2".into()),
        ("gap_minutes", "10".into()),
        ("jitter_minutes", "0".into()),
        ("new_per_day", "10".into()),
        ("fb_first_name", "there".into()),
        ("opt_out_line", "1".into()),
    ];
    for day in ["mon", "tue", "wed", "thu", "fri"] {
        fields.push(("day", day.into()));
    }
    for (key, value) in extra {
        fields.retain(|(k, _)| k != key);
        fields.push((key, (*value).to_owned()));
    }
    fields
}

/// Makes a campaign; answers its id.
pub(super) async fn create(app: &TestApp, form: &[(&'static str, String)]) -> String {
    let res = app
        .client
        .post(app.url("/campaigns"))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location
        .strip_prefix("/campaigns/")
        .filter(|id| !id.starts_with("new"))
        .unwrap_or_else(|| panic!("refused: {location}"))
        .to_owned()
}

/// Posts a control; answers where it redirects.
pub(super) async fn control(app: &TestApp, id: &str, action: &str) -> String {
    let res = app
        .client
        .post(app.url(&format!("/campaigns/{id}/control")))
        .form(&[("action", action)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// The id of the one lead the campaign's page shows "Not confirmed".
pub(super) fn unconfirmed_lead(page: &str) -> String {
    page.split("id=\"lead-")
        .skip(1)
        .find(|row| {
            row.split("</li>")
                .next()
                .unwrap()
                .contains(" · Not confirmed · ")
        })
        .and_then(|row| row.split('"').next())
        .unwrap_or_else(|| panic!("no lead is not confirmed: {page}"))
        .to_owned()
}

/// Posts the founder's word (`arrived`, `again`) on a lead's unconfirmed send; answers the status.
pub(super) async fn settle(app: &TestApp, id: &str, lead: &str, word: &str) -> u16 {
    app.client
        .post(app.url(&format!("/campaigns/{id}/leads/{lead}/settle")))
        .form(&[("word", word)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(super) fn maildir(address: &str) -> PathBuf {
    let dir = std::env::var("MAIL_DIR").expect("MAIL_DIR: run the README's test command");
    let (user, domain) = address.split_once('@').unwrap();
    PathBuf::from(dir)
        .join("mail")
        .join(domain)
        .join(user)
        .join("Maildir")
        .join("new")
}

/// The messages in `address`'s mailbox, oldest first.
pub(super) fn inbox(address: &str) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(maildir(address)) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    // Delivery order: dovecot names a file `SECONDS.MMICROSECONDS…`, whose digits vary in count.
    let order = |path: &PathBuf| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let secs: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let micros: u64 = parts
            .next()
            .and_then(|p| p.strip_prefix('M'))
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        (secs, micros, name)
    };
    files.sort_by_key(order);
    files
        .into_iter()
        .map(|path| Mail::parse(std::fs::read(path).unwrap()))
        .collect()
}

/// Waits (up to 20 s) until `address` holds `n` messages; answers them.
pub(super) async fn arrived(address: &str, n: usize) -> Vec<Mail> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mails = inbox(address);
        if mails.len() >= n || Instant::now() > deadline {
            assert_eq!(
                mails.len(),
                n,
                "{address} holds {} messages, not {n}",
                mails.len()
            );
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(super) fn header(mail: &Mail, name: &str) -> String {
    mail.message()
        .header_raw(name)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub(super) async fn send_round(app: &TestApp, when: &str) -> Round {
    round(&app.state, at(when)).await.unwrap()
}

/// Delivers a message into `to`'s INBOX as mail from outside arrives: to the loopback postfix's
/// inbound port (no sign-in), whence dovecot files it.
pub(super) async fn deliver(
    from: &str,
    to: &str,
    subject: &str,
    headers: &[(&'static str, String)],
) {
    use lettre::{
        AsyncTransport,
        message::header::{HeaderName, HeaderValue},
    };
    let port: u16 = std::env::var("MAIL_SMTP_PORT").unwrap().parse().unwrap();
    let transport =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(port)
            .build();
    let mut builder = lettre::Message::builder()
        .from(from.parse().unwrap())
        .to(to.parse().unwrap())
        .subject(subject);
    for (name, value) in headers {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(name),
            value.clone(),
        ));
    }
    transport
        .send(builder.body("Thanks, tell me more.".to_owned()).unwrap())
        .await
        .unwrap();
}

/// Delivers `raw` (a whole message, as a mail client or a mail server wrote it) from `from` into
/// `to`'s INBOX through the loopback postfix's inbound port.
pub(super) async fn deliver_raw(from: &str, to: &str, raw: &str) {
    use lettre::AsyncTransport;
    let port: u16 = std::env::var("MAIL_SMTP_PORT").unwrap().parse().unwrap();
    let transport =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(port)
            .build();
    let envelope =
        lettre::address::Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()])
            .unwrap();
    let raw = raw.replace("\r\n", "\n").replace('\n', "\r\n");
    transport.send_raw(&envelope, raw.as_bytes()).await.unwrap();
}
