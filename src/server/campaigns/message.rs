//! A campaign email as lettre builds it: plain text, no tracking, the mailbox's name and
//! address, its own `Message-ID` (chosen and stored before the SMTP transaction), a follow-up's
//! `In-Reply-To` and `References`, and the one-click unsubscribe headers of RFC 8058.

use lettre::message::{
    Mailbox, Message,
    header::{ContentType, HeaderName, HeaderValue},
};

use super::compose::Letter;

/// Who sends and who receives.
pub struct Parties<'a> {
    pub from_name: &'a str,
    pub from_address: &'a str,
    pub to: &'a str,
}

/// A new `Message-ID` on the mailbox's domain.
pub fn new_message_id(from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d);
    format!("<{}@{domain}>", uuid::Uuid::new_v4())
}

/// The unsubscribe headers: the https link and a mailto to the sending mailbox.
fn unsubscribe_headers(url: &str, mailbox: &str) -> [HeaderValue; 2] {
    let name = |n: &'static str| HeaderName::new_from_ascii_str(n);
    [
        HeaderValue::new(
            name("List-Unsubscribe"),
            format!("<{url}>, <mailto:{mailbox}?subject=unsubscribe>"),
        ),
        HeaderValue::new(
            name("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ]
}

/// The message for `letter`; `thread` holds the `Message-ID`s of the earlier emails to this
/// lead, oldest first. `None` when an address cannot be used.
pub fn build(
    parties: &Parties<'_>,
    letter: &Letter,
    message_id: &str,
    thread: &[String],
    unsubscribe_url: &str,
    date: std::time::SystemTime,
) -> Option<Message> {
    let from = Mailbox::new(
        Some(parties.from_name.to_owned()),
        parties.from_address.parse().ok()?,
    );
    let to: Mailbox = parties.to.parse().ok()?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.clone())
        .message_id(Some(message_id.to_owned()))
        .date(date);
    if let Some(last) = thread.last() {
        builder = builder
            .in_reply_to(last.clone())
            .references(thread.join(" "));
    }
    for header in unsubscribe_headers(unsubscribe_url, parties.from_address) {
        builder = builder.raw_header(header);
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(letter.body.clone())
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_up_carries_its_thread_and_the_one_click_headers() {
        let letter = Letter {
            subject: "Re: Acme and month-end".into(),
            body: "Hi Maria, any thoughts?\n".into(),
        };
        let first = "<1@ledgerly.test>".to_owned();
        let id = new_message_id("ana@ledgerly.test");
        assert!(id.starts_with('<') && id.ends_with("@ledgerly.test>"));
        let message = build(
            &Parties {
                from_name: "Ana Lima",
                from_address: "ana@ledgerly.test",
                to: "maria@acme.test",
            },
            &letter,
            &id,
            std::slice::from_ref(&first),
            "https://coldcopy.test/u/7-abc",
            std::time::SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        // A long header is folded at a space (RFC 5322), which DKIM's relaxed canonicalisation
        // reads as the same header; unfolded here to read it whole.
        assert!(text.contains("List-Unsubscribe: <https://coldcopy.test/u/7-abc>,\r\n <mailto:"));
        let text = text.replace("\r\n ", " ");
        for line in [
            "From: \"Ana Lima\" <ana@ledgerly.test>",
            "To: maria@acme.test",
            "In-Reply-To: <1@ledgerly.test>",
            "References: <1@ledgerly.test>",
            "List-Unsubscribe: <https://coldcopy.test/u/7-abc>, <mailto:ana@ledgerly.test?subject=unsubscribe>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Content-Type: text/plain; charset=utf-8",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        assert!(text.contains(&format!("Message-ID: {id}")));
        assert!(!text.to_lowercase().contains("<img"));
    }
}
