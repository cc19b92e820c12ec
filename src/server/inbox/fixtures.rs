//! The fixture folder `tests/fixtures/inbox/`: real-world shapes of what arrives (Gmail's,
//! Exchange's, Postfix's and qmail's bounce reports, Exchange's and Gmail's out-of-office, a
//! reply in Chinese, a forwarded reply, a reply whose quoted history is in HTML only, malformed
//! messages), each classified as a founder would.

use jiff::civil::{Date, date};

use super::classify::{Classified, Kind, Rule, classify};
use super::words::Summary;

const SENT: &str = "<5f0c2d1e-8a47-4c1b-9f35-2b7e1d0a9c11@ledgerly.test>";
const MAILBOX: &str = "ana@ledgerly.test";
const RECEIVED: Date = date(2026, 12, 7);

fn fixture(name: &str) -> Classified {
    let path = format!("{}/tests/fixtures/inbox/{name}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    classify(&raw, MAILBOX, RECEIVED)
}

fn bounced(name: &str, kind: Kind, recipient: &str, status: &str) -> Classified {
    let got = fixture(name);
    assert_eq!(got.kind, kind, "{name}: {got:?}");
    assert!(
        got.answers.contains(&SENT.to_owned()),
        "{name}: the sent Message-ID is found: {:?}",
        got.answers
    );
    let failure = got
        .failures
        .iter()
        .find(|f| f.recipient == recipient)
        .unwrap_or_else(|| panic!("{name}: {:?}", got.failures));
    assert_eq!(failure.status, status, "{name}");
    assert!(
        got.detail.contains(status) && got.detail.contains(recipient),
        "{name}: {}",
        got.detail
    );
    got
}

#[test]
fn gmails_bounce_report_is_permanent_for_the_address_it_names() {
    let got = bounced("gmail_bounce.eml", Kind::Bounce, "maria@acme.test", "5.1.1");
    assert_eq!(got.rule, Rule::Report);
    assert!(
        got.failures[0].diagnostic.contains("does not exist"),
        "{:?}",
        got.failures
    );
}

#[test]
fn exchanges_bounce_report_finds_the_id_in_the_returned_headers() {
    let got = bounced(
        "outlook_bounce.eml",
        Kind::Bounce,
        "jon.baker@acme.test",
        "5.1.10",
    );
    assert_eq!(got.rule, Rule::Report);
}

#[test]
fn postfixs_bounce_and_delay_reports() {
    let got = bounced("postfix_bounce.eml", Kind::Bounce, "sam@gone.test", "5.1.1");
    assert!(got.failures.iter().all(|f| f.permanent));
    let got = bounced("postfix_delay.eml", Kind::Delay, "lee@slow.test", "4.4.1");
    assert!(got.failures.iter().all(|f| !f.permanent));
}

#[test]
fn a_report_without_a_delivery_status_part_is_read_from_its_text() {
    let got = bounced(
        "qmail_bounce.eml",
        Kind::Bounce,
        "kim@oldhost.test",
        "5.1.1",
    );
    assert_eq!(got.rule, Rule::ReportText);
    assert!(
        got.failures.iter().all(|f| f.recipient != MAILBOX),
        "{:?}",
        got.failures
    );
}

#[test]
fn out_of_office_answers_carry_their_return_date() {
    let exchange = fixture("exchange_ooo.eml");
    assert_eq!(exchange.kind, Kind::OutOfOffice);
    assert_eq!(
        (exchange.rule, exchange.detail.as_str()),
        (Rule::Header, "Auto-Submitted: auto-generated")
    );
    assert_eq!(exchange.back_on, Some(date(2026, 12, 15)));
    let gmail = fixture("gmail_ooo.eml");
    assert_eq!(gmail.kind, Kind::OutOfOffice);
    assert_eq!(gmail.back_on, Some(date(2027, 1, 4)));
    let chinese = fixture("chinese_ooo.eml");
    assert_eq!(chinese.kind, Kind::OutOfOffice);
    assert_eq!(chinese.detail, "X-Autoreply: yes");
    assert_eq!(chinese.back_on, Some(date(2027, 1, 3)));
}

#[test]
fn no_longer_with_the_company_offers_the_address_given() {
    let got = fixture("left_company.eml");
    assert_eq!(got.kind, Kind::LeftCompany);
    assert_eq!(got.detail, "no longer with");
    assert_eq!(got.new_address.as_deref(), Some("dana.wu@globex.test"));
}

#[test]
fn replies_are_read_without_their_quoted_history() {
    let chinese = fixture("chinese_reply.eml");
    assert_eq!((chinese.kind, chinese.rule), (Kind::Reply, Rule::Person));
    assert_eq!(chinese.from_name, "陈玛丽");
    assert_eq!(chinese.subject, "回复：月末结账只需两天");
    assert_eq!(chinese.summary, Some(Summary::Interested));
    assert!(
        chinese.text.ends_with("陈玛丽"),
        "the quote is cut, its 退订 with it: {}",
        chinese.text
    );

    let forwarded = fixture("forwarded_reply.eml");
    assert_eq!(
        forwarded.kind,
        Kind::Reply,
        "the forwarded email's unsubscribe line is history"
    );
    assert_eq!(forwarded.from, "tom.reyes@acme.test");
    assert_eq!(forwarded.answers, [SENT]);
    assert!(
        !forwarded.text.contains("Forwarded message"),
        "{}",
        forwarded.text
    );

    let html = fixture("html_only_reply.eml");
    assert_eq!(
        html.kind,
        Kind::Reply,
        "the HTML quote's Unsubscribe link is history"
    );
    assert_eq!(html.summary, Some(Summary::NotNow));
    assert!(
        html.text.starts_with("Thanks — not right now"),
        "{}",
        html.text
    );
    assert!(
        !html.text.contains('<') && !html.text.contains("Sent:"),
        "{}",
        html.text
    );
}

#[test]
fn opt_outs_in_words_in_both_languages() {
    let english = fixture("opt_out_reply.eml");
    assert_eq!(
        (english.kind, english.detail.as_str()),
        (Kind::OptOut, "stop emailing")
    );
    let chinese = fixture("chinese_opt_out.eml");
    assert_eq!(
        (chinese.kind, chinese.detail.as_str()),
        (Kind::OptOut, "请勿再联系")
    );
}

#[test]
fn what_cannot_be_read_is_kept_as_unparsed_and_broken_mime_still_reads() {
    let garbage = fixture("malformed.eml");
    assert_eq!(
        (garbage.kind, garbage.rule),
        (Kind::Unparsed, Rule::Unreadable)
    );
    assert!(garbage.text.contains("this is not a message"));
    let broken = fixture("broken_mime.eml");
    assert_eq!(broken.kind, Kind::Reply);
    assert_eq!(broken.answers, [SENT]);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    const NAMES: [&str; 16] = [
        "gmail_bounce.eml",
        "outlook_bounce.eml",
        "postfix_bounce.eml",
        "postfix_delay.eml",
        "qmail_bounce.eml",
        "exchange_ooo.eml",
        "gmail_ooo.eml",
        "chinese_ooo.eml",
        "chinese_reply.eml",
        "forwarded_reply.eml",
        "html_only_reply.eml",
        "opt_out_reply.eml",
        "chinese_opt_out.eml",
        "left_company.eml",
        "malformed.eml",
        "broken_mime.eml",
    ];

    fn raw(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/inbox/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// What the parser path always gives: a verdict, text that a database keeps, and for a
    /// message it could not read, its bytes (nothing is dropped).
    fn holds(raw: &[u8]) -> Result<(), TestCaseError> {
        let got = classify(raw, MAILBOX, RECEIVED);
        prop_assert!(Kind::ALL.contains(&got.kind));
        prop_assert!(got.text.len() <= super::super::text::MAX_TEXT + 4);
        if got.kind == Kind::Unparsed {
            prop_assert_eq!(got.rule, Rule::Unreadable);
            prop_assert!(got.detail.starts_with(&raw.len().to_string()));
            let shown =
                super::super::text::clean(&String::from_utf8_lossy(&raw[..raw.len().min(64)]));
            prop_assert!(
                got.text.starts_with(shown.trim_end_matches('\u{fffd}')),
                "{:?}",
                got.text
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_are_classified_or_kept_as_unparsed(raw in proptest::collection::vec(any::<u8>(), 0..2048)) {
            holds(&raw)?;
        }

        #[test]
        fn real_shapes_cut_short_or_damaged_never_crash(
            which in 0..NAMES.len(),
            cut in 0.0f64..1.0,
            flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..12),
        ) {
            let mut bytes = raw(NAMES[which]);
            for (at, byte) in flips {
                let i = ((bytes.len() as f64) * at) as usize;
                if let Some(b) = bytes.get_mut(i) {
                    *b = byte;
                }
            }
            let end = ((bytes.len() as f64) * cut) as usize;
            holds(&bytes[..end])?;
        }
    }
}
