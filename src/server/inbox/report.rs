//! Bounce reports: RFC 3464's `multipart/report` with its `message/delivery-status` part (each
//! recipient's Action, Status and Diagnostic-Code, read as header fields by mail-parser), and the
//! common non-standard ones (a mailer daemon's text naming the address and the SMTP code). The
//! bounced email's Message-ID is looked for anywhere in the report: the returned message
//! (`message/rfc822`), the returned headers (`text/rfc822-headers`), or a `Message-ID:` line in
//! the text, as listmonk misses.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// One recipient's fate in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The address that failed, lower-cased (empty when the report does not say).
    pub recipient: String,
    /// The enhanced status (`5.1.1`), or the SMTP code (`550`) of a non-standard report.
    pub status: String,
    /// Whether the failure is for good (5.x.x, 5xx, or Action: failed without a status).
    pub permanent: bool,
    /// The receiving server's words, when given.
    pub diagnostic: String,
}

/// What a bounce report says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub failures: Vec<Failure>,
    /// The Message-IDs of the email that bounced (with angle brackets).
    pub original_ids: Vec<String>,
    /// True for a report that is only of delivery (Action: delivered, relayed, expanded).
    pub delivered_only: bool,
}

/// Words in a mailer daemon's subject that say a message was not delivered.
const BOUNCE_SUBJECTS: [&str; 14] = [
    "undeliverable",
    "undelivered mail",
    "delivery status notification",
    "delivery failure",
    "mail delivery failed",
    "delivery has failed",
    "returned mail",
    "failure notice",
    "could not be delivered",
    "mail delivery subsystem",
    "delivery incomplete",
    "退信",
    "投递失败",
    "无法投递",
];

/// The report in `message`, if it is one: a delivery-status part, or a mailer daemon's message
/// whose subject says delivery failed (`automatic_sender`: from mailer-daemon or postmaster, or
/// an empty return path).
pub fn read(message: &Message<'_>, automatic_sender: bool, all_text: &str) -> Option<Report> {
    let mut report = Report::default();
    let mut standard = false;
    for part in &message.parts {
        let Some(ct) = part.content_type() else {
            continue;
        };
        let kind =
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase();
        match (&part.body, kind.as_str()) {
            (body, "message/delivery-status" | "message/global-delivery-status") => {
                standard = true;
                let bytes: &[u8] = match body {
                    PartType::Binary(b) | PartType::InlineBinary(b) => b,
                    PartType::Text(t) => t.as_bytes(),
                    _ => continue,
                };
                read_status_fields(bytes, &mut report);
            }
            (PartType::Text(text), "text/rfc822-headers" | "message/rfc822-headers") => {
                if let Some(id) = MessageParser::default()
                    .parse_headers(text.as_bytes())
                    .as_ref()
                    .and_then(Message::message_id)
                {
                    push_id(&mut report.original_ids, id);
                }
            }
            (PartType::Message(returned), _) => {
                if let Some(id) = returned.message_id() {
                    push_id(&mut report.original_ids, id);
                }
            }
            _ => {}
        }
    }
    let subject = message.subject().unwrap_or_default().to_lowercase();
    let says_bounce = BOUNCE_SUBJECTS.iter().any(|w| subject.contains(w));
    let daemon_says_so = automatic_sender && says_bounce;
    if !(standard || daemon_says_so) {
        return None;
    }
    for id in message_id_lines(all_text) {
        push_id(&mut report.original_ids, &id);
    }
    if !standard {
        read_plain_text(all_text, &mut report);
    }
    report.delivered_only = standard && report.failures.is_empty();
    Some(report)
}

/// The per-recipient blocks of a delivery-status body (blank-line separated groups of fields).
fn read_status_fields(body: &[u8], report: &mut Report) {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    for block in text.split("\n\n") {
        let block = format!("{}\n\n", block.trim_matches('\n'));
        let Some(fields) = MessageParser::default().parse_headers(block.as_bytes()) else {
            continue;
        };
        let field = |name: &str| {
            fields
                .header_raw(name)
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let action = field("Action").to_ascii_lowercase();
        if action.is_empty() {
            continue; // the per-message block (Reporting-MTA, Arrival-Date)
        }
        if ["delivered", "relayed", "expanded"].contains(&action.as_str()) {
            continue;
        }
        let recipient = [field("Final-Recipient"), field("Original-Recipient")]
            .into_iter()
            .find(|r| !r.is_empty())
            .map(|r| {
                // "rfc822; maria@acme.test"
                r.rsplit(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .trim_matches(['<', '>'])
                    .to_lowercase()
            })
            .unwrap_or_default();
        let status = field("Status");
        let permanent = if status.is_empty() {
            action == "failed"
        } else {
            status.starts_with('5')
        };
        report.failures.push(Failure {
            recipient,
            status,
            permanent,
            diagnostic: field("Diagnostic-Code"),
        });
    }
}

/// A non-standard report: the first enhanced status (`5.1.1`) or SMTP code (`550`) in its text,
/// and the addresses it names (the matcher keeps the one ColdCopy wrote to).
fn read_plain_text(text: &str, report: &mut Report) {
    let status = enhanced_status(text).or_else(|| smtp_code(text));
    let permanent = status.as_deref().is_none_or(|s| s.starts_with('5'));
    let status = status.unwrap_or_default();
    let line = text
        .lines()
        .find(|l| !status.is_empty() && l.contains(&status))
        .map(|l| l.trim().to_owned())
        .unwrap_or_default();
    let mut recipients: Vec<String> = addresses(text)
        .into_iter()
        .filter(|a| !a.starts_with("mailer-daemon@") && !a.starts_with("postmaster@"))
        .collect();
    if recipients.is_empty() {
        // Nobody named: the Message-ID alone can tell whose email it was.
        recipients.push(String::new());
    }
    for recipient in recipients {
        report.failures.push(Failure {
            recipient,
            status: status.clone(),
            permanent,
            diagnostic: line.clone(),
        });
    }
}

fn push_id(ids: &mut Vec<String>, id: &str) {
    let id = format!("<{}>", id.trim().trim_matches(['<', '>']));
    if id.len() > 2 && !ids.contains(&id) {
        ids.push(id);
    }
}

/// The ids on `Message-ID:` lines anywhere in `text`.
fn message_id_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let lower = line.trim_start().to_ascii_lowercase();
            let rest = lower.strip_prefix("message-id:")?;
            let offset = line.len() - rest.len();
            let value = line[offset..].trim();
            let start = value.find('<')?;
            let end = value[start..].find('>')? + start;
            Some(value[start + 1..end].to_owned())
        })
        .collect()
}

/// The first enhanced status code (`x.y.z`, x in 2/4/5) in `text`.
fn enhanced_status(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() == 3
                && ["2", "4", "5"].contains(&parts[0])
                && parts[1..]
                    .iter()
                    .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
}

/// The first three-digit SMTP reply code of a refusal (4xx or 5xx) in `text`.
fn smtp_code(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| {
            w.len() == 3
                && (w.starts_with('4') || w.starts_with('5'))
                && w.bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_owned)
}

/// Every distinct email address written in `text`, lower-cased, in order.
pub fn addresses(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut found: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        let address = text[start..end].trim_end_matches('.').to_ascii_lowercase();
        let Some((name, host)) = address.split_once('@') else {
            continue;
        };
        if name.is_empty() || !host.contains('.') || host.starts_with('.') {
            continue;
        }
        if !found.contains(&address) {
            found.push(address);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_addresses_are_found_in_plain_text() {
        assert_eq!(
            enhanced_status("said: 550 5.1.1 <maria@acme.test>: unknown").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(
            enhanced_status("version 1.2.3 and 4.4.7.").as_deref(),
            Some("4.4.7")
        );
        assert_eq!(
            smtp_code("host said: 552 mailbox full").as_deref(),
            Some("552")
        );
        assert_eq!(
            addresses("To <Maria@Acme.test>, bob@x.test. And a@b"),
            ["maria@acme.test", "bob@x.test"]
        );
        assert_eq!(
            message_id_lines("X\nMessage-ID: <a1.b2@ledgerly.test>\n"),
            ["a1.b2@ledgerly.test"]
        );
    }
}
