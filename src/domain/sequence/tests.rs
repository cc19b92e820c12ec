use super::*;

fn email(step: u8, day: u16) -> Email {
    Email {
        step,
        day,
        subject_a: "Month-end close".into(),
        subject_b: "Two-day close".into(),
        body: "Hi {{first_name}}, …".into(),
    }
}

fn seq(days: &[u16]) -> Sequence {
    Sequence {
        emails: days
            .iter()
            .enumerate()
            .map(|(i, d)| email(i as u8 + 1, *d))
            .collect(),
    }
}

#[test]
fn a_good_sequence_passes() {
    assert_eq!(seq(&[0, 3, 7, 14, 21]).check(5), Ok(()));
}

#[test]
fn the_check_table() {
    let mut empty_subject = seq(&[0, 3, 7]);
    empty_subject.emails[1].subject_b = "  ".into();
    let mut long_body = seq(&[0, 3, 7]);
    long_body.emails[2].body = "x".repeat(MAX_BODY_CHARS + 1);
    let mut wrong_step = seq(&[0, 3, 7]);
    wrong_step.emails[1].step = 5;

    let cases = [
        (seq(&[0, 3, 7]), 5, "expected 5 emails, got 3"),
        (seq(&[1, 3, 7]), 3, "day 0"),
        (seq(&[0, 3, 3]), 3, "does not come after"),
        (seq(&[0, 7, 3]), 3, "does not come after"),
        (seq(&[0, 3, 120]), 3, "later than day"),
        (empty_subject, 3, "subject B is empty"),
        (long_body, 3, "body is 3001 characters"),
        (wrong_step, 3, "step number is 5"),
    ];
    for (sequence, expected, fragment) in cases {
        let err = sequence.check(expected).unwrap_err().to_string();
        assert!(err.contains(fragment), "want {fragment:?} in {err:?}");
    }
}

#[test]
fn email_by_email_the_checker_passes_what_the_whole_check_passes_and_stops_at_its_problem() {
    let mut empty_body = seq(&[0, 3, 7, 14]);
    empty_body.emails[2].body = " ".into();
    let mut blank = seq(&[0, 3]);
    blank.emails[0].subject_a = String::new();
    for (sequence, expected, passing) in [
        (seq(&[0, 3, 7, 14]), 4, 4),
        (empty_body, 4, 2),
        (blank, 2, 0),
        (seq(&[0, 3, 3]), 3, 2),
        (seq(&[2, 3]), 2, 0),
        (seq(&[0, 3, 7]), 2, 2),
    ] {
        let mut checker = EmailChecker::new(expected);
        let passed = sequence
            .emails
            .iter()
            .take_while(|email| checker.next(email).is_ok())
            .count();
        assert_eq!(passed, passing, "{sequence:?}");
        let whole = sequence.check(expected);
        assert_eq!(
            whole.is_ok(),
            passed == expected && sequence.emails.len() == expected
        );
    }
}

#[test]
fn an_edit_is_trimmed_and_checked_field_by_field() {
    let original = email(2, 3);
    let edited = original
        .edited(
            "  New subject ",
            "Other",
            "Hi {{first_name}}\n",
            crate::domain::i18n::Lang::En.t(),
        )
        .unwrap();
    assert_eq!((edited.step, edited.day), (2, 3));
    assert_eq!(edited.subject_a, "New subject");
    assert_eq!(edited.body, "Hi {{first_name}}");
    let problems = original
        .edited(
            " ",
            &"x".repeat(MAX_SUBJECT_CHARS + 1),
            "ok",
            crate::domain::i18n::Lang::En.t(),
        )
        .unwrap_err();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].field, "subject_a");
    assert_eq!(problems[0].message, "Subject A cannot be empty.");
    assert_eq!(problems[1].field, "subject_b");
    assert_eq!(
        problems[1].message,
        "Subject B is 121 characters; the limit is 120."
    );
}

#[test]
fn utc_labels() {
    assert_eq!(utc_label(0), "1970-01-01 00:00 UTC");
    assert_eq!(utc_label(1_795_600_000), "2026-11-25 09:46 UTC");
    assert_eq!(utc_label(951_782_400 + 3_599), "2000-02-29 00:59 UTC");
}

#[test]
fn plain_text_has_day_headers() {
    let text = seq(&[0, 3]).to_text();
    assert!(text.contains("Email 1 — Day 0"));
    assert!(text.contains("Email 2 — Day 3"));
    assert!(text.contains("Subject B: Two-day close"));
}
