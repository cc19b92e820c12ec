//! Each tool's columns and variables, the line's variable after the greeting, and the
//! variable check.

use super::*;
use crate::domain::leads::{LeadStatus, rows::LeadData};
use crate::domain::sequence::Email;

fn sequence() -> Sequence {
    let email = |step: u8, body: &str| Email {
        step,
        day: u16::from(step - 1) * 3,
        subject_a: "Close in two days".into(),
        subject_b: "{{company_name}}'s close".into(),
        body: body.into(),
    };
    Sequence {
        emails: vec![
            email(
                1,
                "Hi {{first_name}},\n\nMost teams lose a week.\n\n{{sender_name}}",
            ),
            email(2, "One more thing.\n\n{{sender_name}}"),
        ],
    }
}

fn lead(first_name: &str) -> LeadRow {
    LeadRow {
        id: 1,
        data: LeadData {
            email: "a@b.co".into(),
            first_name: first_name.into(),
            ..LeadData::default()
        },
        status: LeadStatus::Written,
        line: Some("A line".into()),
        fact: None,
        edited: false,
        vouched: false,
        note: None,
        draft: None,
    }
}

#[test]
fn each_tools_sequence_names_the_columns_of_its_leads_file() {
    // Case and spaces aside: Apollo's import maps "First Name" to {{first_name}}.
    let key = |name: &str| name.to_lowercase().replace(' ', "_");
    for format in TOOLS {
        let cols = columns(format).unwrap();
        for (tag, field) in [
            ("{{first_name}}", Field::FirstName),
            ("{{company_name}}", Field::Company),
        ] {
            let spelled = convert_tags(tag, format.tag_style());
            let name = spelled.trim_start_matches("{{").trim_end_matches("}}");
            assert_eq!(key(name), key(cols.name(field)), "{format:?}: {tag}");
            assert_eq!(cols.field_for(name), Some(field), "{format:?}: {tag}");
        }
        let line = line_variable(format);
        assert_eq!(
            key(line.trim_start_matches("{{").trim_end_matches("}}")),
            key(cols.line),
            "{format:?}"
        );
    }
}

#[test]
fn the_line_variable_goes_after_the_greeting() {
    let lemlist = with_line_variable(&sequence(), ExportFormat::Lemlist);
    assert_eq!(
        lemlist.emails[0].body,
        "Hi {{first_name}},\n\n{{icebreaker}}\n\nMost teams lose a week.\n\n{{sender_name}}"
    );
    assert_eq!(lemlist.emails[1].body, "One more thing.\n\n{{sender_name}}");
    let mut chinese = sequence();
    chinese.emails[0].body = "{{first_name}}，你好：\n\n很多团队每月结账要多花一周。".into();
    assert_eq!(
        with_line_variable(&chinese, ExportFormat::Lemlist).emails[0].body,
        "{{first_name}}，你好：\n\n{{icebreaker}}\n\n很多团队每月结账要多花一周。"
    );
    let mut no_greeting = sequence();
    no_greeting.emails[0].body = "Most teams lose a week.".into();
    let instantly = with_line_variable(&no_greeting, ExportFormat::Instantly);
    assert_eq!(
        instantly.emails[0].body,
        "{{personalization}}\n\nMost teams lose a week."
    );
}

#[test]
fn the_variable_check_counts_rows_with_a_value() {
    let leads = [lead("Ana"), lead("")];
    let checks = check_variables(
        &sequence(),
        &leads,
        ExportFormat::Instantly,
        &Fallbacks::default(),
        crate::domain::i18n::Lang::En.t(),
    );
    let summary: Vec<_> = checks.iter().map(|c| (c.tag.as_str(), c.filled)).collect();
    assert_eq!(
        summary,
        [
            ("{{companyName}}", 0),
            ("{{firstName}}", 1),
            ("{{personalization}}", 2),
            ("{{senderName}}", 2),
        ]
    );
    assert!(!checks[1].complete());
    assert!(!checks[0].complete(), "no row has a company");
    // With a fallback for each, every row sends a value, in the columns that hold them; a
    // tag no column holds gets one of its own.
    let (fallbacks, bad) = Fallbacks::from_pairs(
        [("fb_firstName", "there"), ("fb_companyName", "your team")],
        crate::domain::i18n::Lang::En.t(),
    );
    assert!(bad.is_empty());
    let checks = check_variables(
        &sequence(),
        &leads,
        ExportFormat::Instantly,
        &fallbacks,
        crate::domain::i18n::Lang::En.t(),
    );
    assert!(checks.iter().all(VariableCheck::complete), "{checks:?}");
    assert_eq!(checks[1].fallback.as_deref(), Some("there"));
    assert_eq!(
        checks[1].filled, 1,
        "the row's own values are still counted"
    );
    assert!(extra_columns(ExportFormat::Instantly, &fallbacks).is_empty());
    let (other, _) = Fallbacks::from_pairs(
        [("fb_industry", "SaaS"), ("fb_lastName", "x")],
        crate::domain::i18n::Lang::En.t(),
    );
    assert_eq!(
        extra_columns(ExportFormat::Instantly, &other),
        [("industry".to_owned(), "SaaS".to_owned())]
    );
}
