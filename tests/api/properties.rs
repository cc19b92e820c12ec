//! Property tests of the domain: the form parser, edits and instructions, the lint, merge-tag
//! conversion and file names take any input without panicking, and what they accept keeps their
//! promises. (The lint runs in the browser on every keystroke: a panic there would break the
//! page.) Claude's tool input and the stream reader have theirs beside them, in
//! `server/generation/claude/`.

use proptest::prelude::*;

use coldcopy::domain::{
    error::AppError,
    export::{ExportFormat, TagStyle, convert_tags, file_name},
    form::{GenerateForm, SequenceRequest},
    lint::{flesch_kincaid_grade, lint_email, merge_tags_in},
    sequence::{
        Email, MAX_BODY_CHARS, MAX_INSTRUCTION_CHARS, MAX_SUBJECT_CHARS, parse_instruction,
    },
};

/// Any text, weighted toward what trips parsers: markup, merge-tag braces, quotes, newlines,
/// and characters outside ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("{{".to_owned()),
                Just("}}".to_owned()),
                Just("first_name".to_owned()),
                Just("!".to_owned()),
                Just("?".to_owned()),
                Just(". ".to_owned()),
                Just("\n".to_owned()),
                Just("\r\n".to_owned()),
                Just("free".to_owned()),
                Just("https://".to_owned()),
                Just("İ".to_owned()),
                Just("’".to_owned()),
                Just("ß".to_owned()),
                "[a-zA-Z ]{0,12}",
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn email(step: u8, subject_a: String, subject_b: String, body: String) -> Email {
    Email {
        step,
        day: 0,
        subject_a,
        subject_b,
        body,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_form_parser_takes_anything_and_what_it_accepts_is_within_the_rules(
        company in text(), job_title in text(), problem in text(), product in text(),
        benefit in text(), cta in text(), tone in text(), emails in "[0-9a-z]{0,3}",
        language in "[a-z]{0,3}",
    ) {
        let form = GenerateForm { company, job_title, problem, product, benefit, cta, tone, emails, language };
        match SequenceRequest::try_from(&form) {
            Ok(request) => {
                prop_assert!(!request.company().is_empty());
                prop_assert!(request.company().chars().count() <= 60);
                prop_assert!((3..=7).contains(&request.emails().get()));
            }
            Err(fields) => {
                prop_assert!(!fields.is_empty());
                for field in fields {
                    prop_assert!(form.pairs().iter().any(|(name, _)| *name == field.field));
                    prop_assert!(!field.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn an_edit_is_accepted_only_within_the_limits(a in text(), b in text(), body in text()) {
        let original = email(2, "a".into(), "b".into(), "c".into());
        match original.edited(&a, &b, &body, coldcopy::domain::i18n::Lang::En.t()) {
            Ok(edited) => {
                prop_assert!((1..=MAX_SUBJECT_CHARS).contains(&edited.subject_a.chars().count()));
                prop_assert!((1..=MAX_SUBJECT_CHARS).contains(&edited.subject_b.chars().count()));
                prop_assert!((1..=MAX_BODY_CHARS).contains(&edited.body.chars().count()));
                prop_assert_eq!((edited.step, edited.day), (2, 0));
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
        match parse_instruction(&body, coldcopy::domain::i18n::Lang::En.t()) {
            Ok(text) => prop_assert!(text.chars().count() <= MAX_INSTRUCTION_CHARS),
            Err(field) => prop_assert_eq!(field.field, "instruction"),
        }
    }

    #[test]
    fn the_lint_takes_any_text_and_checks_every_rule(
        step in 0u8..9, a in text(), b in text(), body in text(),
    ) {
        let lint = lint_email(&email(step, a, b, body.clone()));
        // Every rule is checked, or off for the language the text is written in (`written_in`).
        prop_assert_eq!(lint.checks.len() + lint.off.len(), 12);
        for check in &lint.checks {
            prop_assert!(!check.message.is_empty());
        }
        prop_assert!(flesch_kincaid_grade(&body).is_finite());
        for tag in merge_tags_in(&body) {
            prop_assert!(!tag.contains("}}"));
        }
    }

    #[test]
    fn merge_tag_conversion_and_file_names_take_anything(text in text(), company in text()) {
        for style in [TagStyle::Snake, TagStyle::Camel] {
            let converted = convert_tags(&text, style);
            // Converting twice changes nothing more.
            prop_assert_eq!(convert_tags(&converted, style), converted);
        }
        for format in ExportFormat::ALL {
            let name = file_name(&company, "2026-11-26", format);
            prop_assert!(!name.contains(['/', '\\', '"', '\n', '\r']), "{}", name);
            prop_assert!(name.ends_with(format.extension()));
        }
        prop_assert!(AppError::from_tag(&text).is_none_or(|e| e.tag() == text));
    }
}
