//! What a message that arrived in a founder's mailbox is, and why ColdCopy thinks so: a bounce
//! report (permanent or a delay), an automatic answer (out of office with its return date, "no
//! longer with the company", any other auto-reply), an opt-out in words, a human reply (with its
//! summary), or a message mail-parser could not read (kept, shown as unparsed). Pure: the raw
//! message in, the verdict and its reason out; `inbox::act` does what the verdict says.
//!
//! The order matters: a bounce report is automatic and often quotes the email it returns (whose
//! opt-out line says "unsubscribe"), so reports come first; an automatic answer is never a reply
//! nor an opt-out; a human's words are read without their quoted history (`text`).

use jiff::civil::Date;
use mail_parser::{Message, MessageParser};

use super::report::{self, Failure};
use super::text;
use super::words::{self, Summary};

/// What the message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Reply,
    OptOut,
    OutOfOffice,
    LeftCompany,
    AutoReply,
    Bounce,
    Delay,
    Unparsed,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Reply,
        Kind::OptOut,
        Kind::OutOfOffice,
        Kind::LeftCompany,
        Kind::AutoReply,
        Kind::Bounce,
        Kind::Delay,
        Kind::Unparsed,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            Kind::Reply => "reply",
            Kind::OptOut => "opt_out",
            Kind::OutOfOffice => "out_of_office",
            Kind::LeftCompany => "left_company",
            Kind::AutoReply => "auto_reply",
            Kind::Bounce => "bounce",
            Kind::Delay => "delay",
            Kind::Unparsed => "unparsed",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tag() == tag)
    }
}

/// Which sign decided it; `detail` says what exactly (a status and address, a header and its
/// value, the phrase found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// An RFC 3464 delivery-status report.
    Report,
    /// A mailer daemon's report without a delivery-status part.
    ReportText,
    /// An auto-reply header (RFC 3834 and the usual others).
    Header,
    /// Sent by a mailer daemon or with an empty return path.
    Sender,
    /// Words in the subject or the text.
    Words,
    /// The List-Unsubscribe mailto ("unsubscribe" as the whole subject).
    ListUnsubscribe,
    /// A person wrote it: no sign of a machine.
    Person,
    /// mail-parser could not read it.
    Unreadable,
    /// The founder said so on the inbox page.
    Founder,
}

impl Rule {
    pub const ALL: [Rule; 9] = [
        Rule::Report,
        Rule::ReportText,
        Rule::Header,
        Rule::Sender,
        Rule::Words,
        Rule::ListUnsubscribe,
        Rule::Person,
        Rule::Unreadable,
        Rule::Founder,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            Rule::Report => "report",
            Rule::ReportText => "report_text",
            Rule::Header => "header",
            Rule::Sender => "sender",
            Rule::Words => "words",
            Rule::ListUnsubscribe => "list_unsubscribe",
            Rule::Person => "person",
            Rule::Unreadable => "unreadable",
            Rule::Founder => "founder",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.tag() == tag)
    }
}

/// A message read and classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub kind: Kind,
    pub rule: Rule,
    pub detail: String,
    /// The sender's address, lower-cased, and name.
    pub from: String,
    pub from_name: String,
    pub subject: String,
    /// Its own Message-ID (with angle brackets), when it has one.
    pub message_id: Option<String>,
    /// The Message-IDs it answers or reports on: `In-Reply-To`, `References`, and a report's
    /// returned email.
    pub answers: Vec<String>,
    /// A report's failed recipients.
    pub failures: Vec<Failure>,
    /// An out-of-office's return date.
    pub back_on: Option<Date>,
    /// The address a "no longer with the company" message gives instead.
    pub new_address: Option<String>,
    pub summary: Option<Summary>,
    /// Its own words, quoted history trimmed.
    pub text: String,
}

/// Classifies the raw message that arrived in `mailbox` (its own address, never taken for a
/// lead's) on `received`.
pub fn classify(raw: &[u8], mailbox: &str, received: Date) -> Classified {
    match MessageParser::default().parse(raw) {
        Some(message) if !message.headers().is_empty() => read(&message, mailbox, received),
        _ => unparsed(raw),
    }
}

fn unparsed(raw: &[u8]) -> Classified {
    let text = text::clean(&String::from_utf8_lossy(
        &raw[..raw.len().min(text::MAX_TEXT)],
    ));
    Classified {
        kind: Kind::Unparsed,
        rule: Rule::Unreadable,
        detail: format!("{} bytes without headers", raw.len()),
        from: String::new(),
        from_name: String::new(),
        subject: String::new(),
        message_id: None,
        answers: Vec::new(),
        failures: Vec::new(),
        back_on: None,
        new_address: None,
        summary: None,
        text,
    }
}

fn read(message: &Message<'_>, mailbox: &str, received: Date) -> Classified {
    let sender = message.from().and_then(|a| a.first());
    let from = sender
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_lowercase();
    let mut out = Classified {
        kind: Kind::Reply,
        rule: Rule::Person,
        detail: String::new(),
        from_name: sender
            .and_then(|a| a.name())
            .unwrap_or_default()
            .trim()
            .to_owned(),
        subject: message.subject().unwrap_or_default().trim().to_owned(),
        message_id: message.message_id().map(|id| format!("<{id}>")),
        answers: answered_ids(message),
        failures: Vec::new(),
        back_on: None,
        new_address: None,
        summary: None,
        text: text::own_words(message),
        from,
    };
    let daemon = out.from.starts_with("mailer-daemon@")
        || out.from.starts_with("postmaster@")
        || message
            .header_raw("Return-Path")
            .is_some_and(|v| v.trim() == "<>");
    if let Some(report) = report::read(message, daemon, &text::all_text(message)) {
        for id in report.original_ids {
            if !out.answers.contains(&id) {
                out.answers.push(id);
            }
        }
        out.failures = report
            .failures
            .into_iter()
            .filter(|f| f.recipient != mailbox)
            .collect();
        let first = out
            .failures
            .iter()
            .find(|f| f.permanent)
            .or(out.failures.first());
        out.detail = first
            .map(|f| format!("{} {}", f.status, f.recipient).trim().to_owned())
            .unwrap_or_default();
        out.rule = if message.parts.iter().any(|p| is_status_part(p)) {
            Rule::Report
        } else {
            Rule::ReportText
        };
        out.kind = if report.delivered_only {
            out.detail = "delivered".to_owned();
            Kind::AutoReply
        } else if out.failures.is_empty() || out.failures.iter().any(|f| f.permanent) {
            Kind::Bounce
        } else {
            Kind::Delay
        };
        return out;
    }
    let automatic = automatic_header(message)
        .map(|h| (Rule::Header, h))
        .or_else(|| daemon.then(|| (Rule::Sender, out.from.clone())));
    let subject_and_text = format!("{}\n{}", out.subject, out.text);
    if let Some(phrase) = words::find(&subject_and_text, &words::LEFT_COMPANY) {
        out.kind = Kind::LeftCompany;
        out.rule = Rule::Words;
        out.detail = phrase.to_owned();
        out.new_address = report::addresses(&out.text)
            .into_iter()
            .find(|a| *a != out.from && a != mailbox);
        return out;
    }
    if let Some((rule, header)) = automatic {
        out.rule = rule;
        out.detail = header;
        out.kind = Kind::AutoReply;
        if words::find(&subject_and_text, &words::OUT_OF_OFFICE).is_some() {
            out.kind = Kind::OutOfOffice;
            out.back_on = words::return_date(&subject_and_text, received);
        }
        return out;
    }
    if let Some(phrase) = words::find(&subject_and_text, &words::OUT_OF_OFFICE) {
        out.kind = Kind::OutOfOffice;
        out.rule = Rule::Words;
        out.detail = phrase.to_owned();
        out.back_on = words::return_date(&subject_and_text, received);
        return out;
    }
    if out.subject.eq_ignore_ascii_case("unsubscribe") {
        out.kind = Kind::OptOut;
        out.rule = Rule::ListUnsubscribe;
        out.detail = out.subject.clone();
        return out;
    }
    if let Some(phrase) = words::find(&subject_and_text, &words::OPT_OUT) {
        out.kind = Kind::OptOut;
        out.rule = Rule::Words;
        out.detail = phrase.to_owned();
        return out;
    }
    if let Some((summary, phrase)) = words::summarise(&out.text) {
        out.summary = Some(summary);
        out.detail = phrase.to_owned();
    }
    out
}

fn is_status_part(part: &mail_parser::MessagePart<'_>) -> bool {
    use mail_parser::MimeHeaders;
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("message")
            && ct
                .subtype()
                .is_some_and(|s| s.to_ascii_lowercase().ends_with("delivery-status"))
    })
}

/// `In-Reply-To` and `References`, with their angle brackets.
fn answered_ids(message: &Message<'_>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for value in [message.in_reply_to(), message.references()] {
        let found: Vec<String> = match value.as_text_list() {
            Some(list) => list.iter().map(|id| format!("<{id}>")).collect(),
            None => value
                .as_text()
                .map(|id| format!("<{id}>"))
                .into_iter()
                .collect(),
        };
        for id in found {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The header that marks the message as sent by a machine, as "Name: value".
pub fn automatic_header(message: &Message<'_>) -> Option<String> {
    let raw = |name: &str| message.header_raw(name).map(|v| v.trim().to_owned());
    let shown = |name: &str, value: String| Some(format!("{name}: {value}"));
    if let Some(v) = raw("Auto-Submitted").filter(|v| !v.eq_ignore_ascii_case("no")) {
        return shown("Auto-Submitted", v);
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"] {
        if let Some(v) = raw(name) {
            return shown(name, v);
        }
    }
    if let Some(v) = raw("Precedence").filter(|v| {
        ["auto_reply", "bulk", "junk", "list"].contains(&v.to_ascii_lowercase().as_str())
    }) {
        return shown("Precedence", v);
    }
    None
}
