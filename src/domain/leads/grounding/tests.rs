use super::*;

const LEAD: &str = "Ana\nLopez\nAcme Analytics\nVP Finance\nacme.io\n\
                    Acme raised a $12M Series A led by Index Ventures in May 2026.\n\
                    Hiring 3 controllers in Berlin.";
const CONTEXT: &str = "Ledgerly\nFinance teams lose a week to reconciliation.";

#[test]
fn a_grounded_line_passes() {
    let line = "Saw that Acme raised a $12M Series A led by Index Ventures, and that you are hiring 3 controllers in Berlin.";
    assert_eq!(
        check(
            line,
            "Acme raised a $12M Series A led by Index Ventures",
            LEAD,
            CONTEXT
        ),
        Ok(())
    );
    // Names from the form pass too, and a possessive is the name.
    let line = "With 3 controllers joining in Berlin, Acme's close is about to matter to Ledgerly users like you.";
    assert_eq!(
        check(line, "Hiring 3 controllers in Berlin.", LEAD, CONTEXT),
        Ok(())
    );
}

#[test]
fn an_invented_fact_name_or_number_fails() {
    let problems = check(
        "Saw your keynote at Davos about scaling finance teams.",
        "Spoke at Davos",
        LEAD,
        CONTEXT,
    )
    .unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("not in this lead's data")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("\u{201c}Davos\u{201d}")),
        "{problems:?}"
    );

    let problems = check(
        "Acme raised a $15M Series A led by Index Ventures this spring.",
        "Acme raised a $12M Series A",
        LEAD,
        CONTEXT,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].to_string().contains("$15M"), "{problems:?}");
}

#[test]
fn the_lint_refuses_flattery_questions_and_tags() {
    assert!(!lint_line("I came across your profile and was impressed by Acme.").is_empty());
    assert!(!lint_line("Are you hiring more controllers in Berlin this year?").is_empty());
    assert!(!lint_line("Hi {{first_name}}, saw the Series A news today.").is_empty());
    assert!(!lint_line("Saw the news.").is_empty());
    assert_eq!(
        lint_line("Saw that Acme is hiring three controllers in Berlin this quarter."),
        Vec::<Problem>::new()
    );
}

#[test]
fn numbers_are_read_with_their_separators() {
    assert_eq!(numbers("$1,200"), ["1200"]);
    assert_eq!(numbers("1.5M"), ["1.5"]);
    assert_eq!(numbers("2024."), ["2024"]);
    assert_eq!(numbers("Q3-2025"), ["3", "2025"]);
}

const LEAD_ZH: &str = "Ana\nAcme\nAcme 在 5 月完成了 1200 万美元的 A 轮融资，正在柏林招聘财务。";

#[test]
fn a_chinese_line_is_measured_in_characters_and_its_names_and_numbers_are_checked() {
    // Grounded, one sentence, no spaces between words: not "too short".
    let line = "注意到Acme在5月完成了1200万美元的A轮融资，财务团队也在扩张。";
    assert_eq!(
        check(
            line,
            "Acme 在 5 月完成了 1200 万美元的 A 轮融资",
            LEAD_ZH,
            CONTEXT
        ),
        Ok(())
    );
    // A Latin name or a number inside Chinese text is still checked.
    let problems = check_unquoted(
        "听说Acme正在把财务团队搬到Oslo，规模达到300人。",
        LEAD_ZH,
        CONTEXT,
    )
    .unwrap_err();
    assert!(
        problems.contains(&Problem::Name("Oslo".into())),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| matches!(p, Problem::Number(_))),
        "{problems:?}"
    );
    // Too short, too long and a question, as in English.
    assert_eq!(lint_line("看到融资了。"), [Problem::TooShort]);
    assert!(lint_line(&"财务团队".repeat(25)).contains(&Problem::TooLong));
    assert!(lint_line("Acme 的财务团队现在每个月要花多少天结账？").contains(&Problem::Question));
}

#[test]
fn a_lone_letter_is_named_with_the_word_before_it() {
    let problems = check_unquoted("Congrats on closing the Series C.", LEAD, CONTEXT).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].to_string().contains("\u{201c}Series C\u{201d}"),
        "{problems:?}"
    );
    // The lead's own "Series A" passes.
    assert_eq!(
        check_unquoted("Congrats on the Series A.", LEAD, CONTEXT),
        Ok(())
    );
}
