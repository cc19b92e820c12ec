use super::*;

fn valid_form() -> GenerateForm {
    fixtures::form()
}

fn en() -> &'static Messages {
    Lang::En.t()
}

#[test]
fn a_valid_form_parses() {
    let req = SequenceRequest::try_from(&valid_form()).unwrap();
    assert_eq!(req.company(), "Ledgerly");
    assert_eq!(req.tone(), Tone::Professional);
    assert_eq!(req.emails().get(), 5);
    assert_eq!(req.language(), Language::English);
}

#[test]
fn every_text_rule_at_and_beyond_its_bounds() {
    for rule in TEXT_RULES {
        let at_min = "a".repeat(rule.min);
        let at_max = "b".repeat(rule.max);
        let below = "c".repeat(rule.min - 1);
        let above = "d".repeat(rule.max + 1);
        assert_eq!(rule.check(&at_min, en()).unwrap(), at_min, "{}", rule.name);
        assert_eq!(rule.check(&at_max, en()).unwrap(), at_max, "{}", rule.name);
        let err = rule.check(&below, en()).unwrap_err();
        assert_eq!(err.field, rule.name);
        assert!(err.message.starts_with(rule.label(en())), "{}", err.message);
        let err = rule.check(&above, en()).unwrap_err();
        assert!(
            err.message.contains(&format!("at most {}", rule.max)),
            "{}",
            err.message
        );
    }
}

#[test]
fn text_rules_table() {
    // (rule, input, Ok(cleaned) or Err(fragment of the message))
    let cases: &[(TextRule, &str, Result<&str, &str>)] = &[
        (COMPANY, "  Acme  ", Ok("Acme")),
        (COMPANY, "   ", Err("is required")),
        (COMPANY, "", Err("is required")),
        (JOB_TITLE, "X", Err("at least 2 characters (it has 1)")),
        (JOB_TITLE, " X ", Err("at least 2")),
        (JOB_TITLE, "VP", Ok("VP")),
        (PROBLEM, "line one\r\nline two", Ok("line one\nline two")),
        (PROBLEM, "tab\there is bad", Err("control character")),
        (
            PROBLEM,
            "Month-end \u{202e}close\u{202c} takes\u{200b} a week",
            Ok("Month-end close takes a week"),
        ),
        (PROBLEM, "bell\u{7} is bad too", Err("control character")),
        (CTA, "Chat?\u{0}", Err("control character")),
        // Characters, not bytes: 60 accented letters fit the 60-character company rule.
        (COMPANY, &"é".repeat(60), Ok(&"é".repeat(60))),
        (
            COMPANY,
            &"漢".repeat(61),
            Err("at most 60 characters (it has 61)"),
        ),
    ];
    for (rule, input, expected) in cases {
        match (rule.check(input, en()), expected) {
            (Ok(value), Ok(want)) => assert_eq!(&value, want),
            (Err(err), Err(fragment)) => {
                assert!(err.message.contains(fragment), "{input:?}: {}", err.message)
            }
            (got, want) => panic!("{} {input:?}: got {got:?}, want {want:?}", rule.name),
        }
    }
}

#[test]
fn every_problem_is_reported_at_once_in_form_order() {
    let form = GenerateForm {
        company: "".into(),
        cta: "no".into(),
        tone: "angry".into(),
        emails: "9".into(),
        language: "xx".into(),
        ..valid_form()
    };
    let errors = SequenceRequest::try_from(&form).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["company", "cta", "tone", "emails", "language"]);
}

#[test]
fn the_counter_counts_what_the_rule_counts() {
    assert_eq!(PROBLEM.count("  ab\r\ncd  "), 5);
}
