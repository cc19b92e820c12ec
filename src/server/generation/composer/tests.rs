use super::*;
use crate::domain::form::fixtures;

fn request(tone: &str, emails: &str) -> SequenceRequest {
    fixtures::request(tone, emails, "en")
}

#[test]
fn every_length_and_tone_passes_the_sequence_check() {
    for tone in ["professional", "casual", "direct", "friendly"] {
        for n in 3..=7u8 {
            let sequence = compose(&request(tone, &n.to_string()));
            assert_eq!(sequence.check(usize::from(n)), Ok(()), "{tone} × {n}");
        }
    }
}

#[test]
fn the_emails_are_built_from_the_form() {
    let sequence = compose(&request("professional", "5"));
    let first = &sequence.emails[0];
    assert!(
        first
            .body
            .contains("Month-end close takes a week of manual reconciliation.")
    );
    assert!(
        first
            .body
            .contains("Close the books in two days instead of seven.")
    );
    assert!(first.body.contains("Worth a 15-minute look next week?"));
    assert!(first.body.starts_with("Hi {{first_name}},"));
    assert!(first.body.ends_with("{{sender_name}}"));
    assert!(sequence.emails[1].body.contains("Matches Stripe payouts"));
    let last = sequence.emails.last().unwrap();
    assert!(
        last.body
            .contains("close the books in two days instead of seven")
    );
    let days: Vec<_> = sequence.emails.iter().map(|e| e.day).collect();
    assert_eq!(days, [0, 3, 7, 14, 21]);
}

#[test]
fn the_tone_changes_the_voice() {
    let casual = compose(&request("casual", "3"));
    let direct = compose(&request("direct", "3"));
    assert!(casual.emails[0].body.starts_with("Hey {{first_name}},"));
    assert!(direct.emails[0].body.starts_with("{{first_name}},"));
    assert_ne!(casual.emails[2].body, direct.emails[2].body);
}

#[test]
fn follow_ups_are_shorter_than_the_opener_and_subjects_stay_short() {
    let sequence = compose(&request("professional", "7"));
    let words = |s: &str| s.split_whitespace().count();
    let opener = words(&sequence.emails[0].body);
    assert!(opener <= 120, "opener has {opener} words");
    for email in &sequence.emails {
        assert!(words(&email.subject_b) <= 6, "{}", email.subject_b);
    }
}

#[test]
fn the_offline_rewrite_follows_tone_and_length_instructions() {
    let request = request("professional", "5");
    let sequence = compose(&request);
    let mut original = sequence.emails[0].clone();
    original.day = 0;
    original.body = "Edited by the founder.".into();

    let casual = rewrite(&request, &original, "more casual please", en());
    assert!(casual.email.body.starts_with("Hey {{first_name}},"));
    assert_eq!((casual.email.step, casual.email.day), (1, 0));
    assert!(casual.note.contains("casual tone"), "{}", casual.note);

    let short = rewrite(&request, &original, "Shorter", en());
    let words = |s: &str| s.split_whitespace().count();
    assert!(words(&short.email.body) < words(&sequence.emails[0].body));
    assert!(
        short
            .email
            .body
            .contains("Worth a 15-minute look next week?")
    );
    assert!(short.email.body.ends_with("{{sender_name}}"));
    assert!(short.note.contains("shortened"));

    // The same instructions in Chinese, with the note in Chinese.
    let zh = crate::domain::i18n::Lang::Zh.t();
    let casual_zh = rewrite(&request, &original, "随意一点，再短一些", zh);
    assert_eq!(
        casual_zh.email.body.split("\n\n").next(),
        Some("Hey {{first_name}},")
    );
    assert!(words(&casual_zh.email.body) < words(&casual.email.body));
    assert_eq!(
        casual_zh.note,
        "已由离线撰写器根据你的表单重写：随意语气、精简到要点。"
    );
    let vague_zh = rewrite(&request, &original, "让它更有冲击力", zh);
    assert!(
        vague_zh.note.ends_with(zh.offline_rewrite_only),
        "{}",
        vague_zh.note
    );

    let vague = rewrite(&request, &original, "make it pop", en());
    assert_eq!(vague.email.body, sequence.emails[0].body);
    assert!(vague.note.contains("only understands"), "{}", vague.note);
    // "cut" is a word, not a part of "cutting".
    assert!(
        !rewrite(&request, &original, "cutting edge", en())
            .note
            .contains("shortened")
    );
}

#[test]
fn helpers() {
    assert_eq!(sentence("Hello"), "Hello.");
    assert_eq!(sentence("Ready?"), "Ready?");
    assert_eq!(lower_first("Close the books"), "close the books");
    assert_eq!(lower_first("CRM sync in minutes"), "CRM sync in minutes");
}

mod lint_tests {
    use super::*;
    use crate::domain::{form::fixtures, lint::lint_sequence};

    #[test]
    fn the_offline_composer_passes_its_own_lint() {
        for tone in ["professional", "casual", "direct", "friendly"] {
            for n in 3..=7u8 {
                let sequence = compose(&fixtures::request(tone, &n.to_string(), "en"));
                let lint = lint_sequence(&sequence);
                for email in &lint.emails {
                    let warnings: Vec<_> = email.warnings().collect();
                    assert!(
                        warnings.is_empty(),
                        "{tone} × {n}, email {}: {warnings:#?}",
                        email.step
                    );
                }
            }
        }
    }
}

fn en() -> &'static crate::domain::i18n::Messages {
    crate::domain::i18n::Lang::En.t()
}
