//! What a message says, as the founder reads it: its text part (or its HTML converted to text by
//! mail-parser, never shown as markup), with the quoted history trimmed off, so the words
//! ColdCopy classifies are the lead's own and not the email it answers (whose opt-out line would
//! otherwise read as "unsubscribe").

use mail_parser::{Message, PartType, decoders::html::html_to_text};

/// The longest text kept of one message (a pasted log or a forwarded thread is cut here).
pub const MAX_TEXT: usize = 20_000;

/// The message's own words: the first text body, else the first HTML body as text, with the
/// quoted history cut; both trimmed.
pub fn own_words(message: &Message<'_>) -> String {
    let text = message
        .text_bodies()
        .find_map(|part| match &part.body {
            // An HTML-only message lists its HTML part here too: read below, so its quote is
            // cut before it becomes text.
            PartType::Text(text) => Some(text.to_string()),
            _ => None,
        })
        .map(|text| trim_quoted(&text))
        .or_else(|| {
            message.html_bodies().find_map(|part| match &part.body {
                PartType::Html(html) => Some(trim_quoted(&html_to_text(&cut_html_quote(html)))),
                _ => None,
            })
        })
        .unwrap_or_default();
    cap(text.trim().to_owned())
}

/// The whole text of every text part, quotes and all (a bounce report's human part, where an
/// address or a Message-ID may be written).
pub fn all_text(message: &Message<'_>) -> String {
    let mut all = String::new();
    for part in &message.parts {
        match &part.body {
            PartType::Text(text) => all.push_str(text),
            PartType::Html(html) => all.push_str(&html_to_text(html)),
            _ => continue,
        }
        all.push('\n');
    }
    cap(all)
}

/// Cuts an HTML reply at the start of its quoted history: Gmail's `gmail_quote`, Outlook's
/// `divRplyFwdMsg` / `appendonsend` and its horizontal rule, Apple Mail's and Thunderbird's
/// `blockquote`.
fn cut_html_quote(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let markers = [
        "class=\"gmail_quote",
        "id=\"divrplyfwdmsg\"",
        "id=\"appendonsend\"",
        "<blockquote",
        "class=\"moz-cite-prefix\"",
        "id=\"mail-editor-reference-message-container\"",
    ];
    let cut = markers.iter().filter_map(|m| lower.find(m)).min();
    match cut {
        // Back to the start of the tag the marker sits in.
        Some(at) => {
            let start = lower[..at].rfind('<').unwrap_or(at);
            html[..start].to_owned()
        }
        None => html.to_owned(),
    }
}

/// Cuts a plain-text reply at the start of its quoted history: the "On … wrote:" line (and its
/// Chinese and Outlook forms), "-----Original Message-----", an Outlook header block
/// ("From: … Sent: …"), and every line quoted with `>`. A forwarded message's own text is kept
/// (the note above it is the sender's words; what was forwarded is history).
pub fn trim_quoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        if starts_history(&lower, lines.get(i + 1).map(|l| l.trim().to_lowercase())) {
            break;
        }
        if trimmed.starts_with('>') || is_our_opt_out_line(&lower) {
            continue;
        }
        kept.push(line.trim_end());
    }
    // Blank lines at the end (before the quote) go.
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept.join("\n")
}

fn starts_history(lower: &str, next: Option<String>) -> bool {
    let wrote = (lower.starts_with("on ")
        && (lower.ends_with("wrote:") || next.as_deref().is_some_and(|n| n.ends_with("wrote:"))))
        || (lower.starts_with('在') && (lower.ends_with("写道：") || lower.ends_with("写道:")));
    let separator = lower.starts_with("-----original message-----")
        || lower.starts_with("----- original message -----")
        || lower.starts_with("---------- forwarded message")
        || lower.starts_with("-------- 原始邮件 --------")
        || lower.starts_with("------------------ 原始邮件 ------------------")
        || lower.starts_with("________________");
    let outlook_block = (lower.starts_with("from:")
        || lower.starts_with("发件人:")
        || lower.starts_with("发件人："))
        && next.as_deref().is_some_and(|n| {
            n.starts_with("sent:")
                || n.starts_with("date:")
                || n.starts_with("发送时间")
                || n.starts_with("to:")
        });
    wrote || separator || outlook_block
}

/// The opt-out line ColdCopy puts at the foot of its emails, when a reply repeats it unquoted.
fn is_our_opt_out_line(lower: &str) -> bool {
    lower.contains("/u/")
        && (lower.contains("unsubscribe") || lower.contains("退订") || lower.contains("opt out"))
}

/// `text` as a database keeps it: no NUL characters (PostgreSQL's text refuses them), at most
/// `MAX_TEXT` bytes.
pub fn clean(text: &str) -> String {
    cap(text.replace('\0', ""))
}

fn cap(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quoted_history_is_cut_in_each_usual_shape() {
        let gmail = "Yes, Tuesday works.\n\nOn Mon, 7 Dec 2026 at 09:00, Ana <ana@ledgerly.test> wrote:\n> Hi Maria,\n> Unsubscribe: https://cc.test/u/x";
        assert_eq!(trim_quoted(gmail), "Yes, Tuesday works.");
        let wrapped = "Sounds good.\nOn Mon, 7 Dec 2026 at 09:00, Ana Lopez\n<ana@ledgerly.test> wrote:\n> Hi";
        assert_eq!(trim_quoted(wrapped), "Sounds good.");
        let outlook = "Please remove me.\r\n\r\nFrom: Ana <ana@ledgerly.test>\r\nSent: Monday\r\nTo: Maria\r\nSubject: Ledgerly";
        assert_eq!(trim_quoted(outlook), "Please remove me.");
        let chinese = "好的，周二可以。\n\n在 2026年12月7日 09:00，Ana 写道：\n> 您好";
        assert_eq!(trim_quoted(chinese), "好的，周二可以。");
        let original = "Not now.\n-----Original Message-----\nFrom: Ana";
        assert_eq!(trim_quoted(original), "Not now.");
    }

    #[test]
    fn an_html_quote_is_cut_before_it_becomes_text() {
        let html = "<div>Let's talk Tuesday.</div><div class=\"gmail_quote\"><div>On Mon Ana wrote:</div><blockquote>Unsubscribe</blockquote></div>";
        assert_eq!(
            trim_quoted(&html_to_text(&cut_html_quote(html))).trim(),
            "Let's talk Tuesday."
        );
    }
}
