//! The offline composer: writes a sequence from the form's own content when no Claude key is
//! configured. Each step has a purpose (opener, value, proof, objection, breakup, …); the tone
//! sets greeting, sign-off and phrasing. It never invents facts: every claim is the user's own.
//! It writes in English; the results page says so when another language was asked for.

use crate::domain::{
    form::SequenceRequest,
    options::Tone,
    sequence::{Email, Sequence},
};

use super::prompt::{cadence, step_purposes};

/// Writes the sequence the request asks for.
pub fn compose(request: &SequenceRequest) -> Sequence {
    let n = request.emails().get();
    let days = cadence(n);
    let emails = step_purposes(n)
        .into_iter()
        .zip(days)
        .enumerate()
        .map(|(i, (purpose, day))| {
            let (subject_a, subject_b, middle) = step(purpose, request);
            let voice = Voice::of(request.tone());
            Email {
                step: i as u8 + 1,
                day: *day,
                subject_a,
                subject_b,
                body: format!("{}\n\n{}\n\n{}", voice.greeting, middle, voice.sign_off),
            }
        })
        .collect();
    Sequence { emails }
}

/// Greeting and sign-off for a tone.
struct Voice {
    greeting: &'static str,
    sign_off: &'static str,
}

impl Voice {
    fn of(tone: Tone) -> Self {
        match tone {
            Tone::Professional => Voice {
                greeting: "Hi {{first_name}},",
                sign_off: "Best regards,\n{{sender_name}}",
            },
            Tone::Casual => Voice {
                greeting: "Hey {{first_name}},",
                sign_off: "Cheers,\n{{sender_name}}",
            },
            Tone::Direct => Voice {
                greeting: "{{first_name}},",
                sign_off: "— {{sender_name}}",
            },
            Tone::Friendly => Voice {
                greeting: "Hi {{first_name}},",
                sign_off: "Thanks,\n{{sender_name}}",
            },
        }
    }
}

/// Subject A, subject B and the body between greeting and sign-off, for one step.
fn step(purpose: &str, r: &SequenceRequest) -> (String, String, String) {
    let company = r.company();
    let problem = sentence(r.problem());
    let product = sentence(r.product());
    let benefit = sentence(r.benefit());
    let cta = sentence(r.cta());
    let title = r.job_title();
    let tone = r.tone();
    match purpose {
        "opener" => {
            let hook = match tone {
                Tone::Professional => format!(
                    "As {title} at {{{{company_name}}}}, this may sound familiar:"
                ),
                Tone::Casual => format!(
                    "Guessing this one's familiar if you're {title} at {{{{company_name}}}}:"
                ),
                Tone::Direct => {
                    format!("As {title} at {{{{company_name}}}}, you likely know this one:")
                }
                Tone::Friendly => format!(
                    "I'd love to know if this rings true for you as {title} at {{{{company_name}}}}:"
                ),
            };
            (
                format!("{company} for {{{{company_name}}}}"),
                "Question for {{first_name}}".to_owned(),
                format!(
                    "{hook}\n\n\"{problem}\"\n\n{company} was built for exactly that. {benefit}\n\n{cta}"
                ),
            )
        }
        "value" => {
            let lead = match tone {
                Tone::Direct => format!("How {company} works, in one line: {product}"),
                Tone::Casual => {
                    format!("Quick follow-up on how {company} actually works. {product}")
                }
                _ => format!("A little more on how {company} works. {product}"),
            };
            (
                format!("How {company} works"),
                "The short version".to_owned(),
                format!("{lead}\n\nWhat that means for you: {benefit}\n\n{cta}"),
            )
        }
        "proof" => (
            format!("What changes with {company}"),
            "Measurable in weeks".to_owned(),
            format!(
                "Here is what to hold us to: {benefit}\n\nIt is easy to check against your own \
                 numbers within the first weeks, so you never have to take our word for it.\n\n{cta}"
            ),
        ),
        "use case" => (
            format!("One way to use {company}"),
            "Where teams start".to_owned(),
            format!(
                "Most teams start with the part that hurts most: \"{problem}\"\n\n\
                 That is where {company} earns its keep first. {product}\n\n{cta}"
            ),
        ),
        "objection" => {
            let lead = match tone {
                Tone::Direct => "If you already handle this in-house, fair.".to_owned(),
                Tone::Casual => {
                    "You might be thinking, \"we've already got this covered.\" Fair enough."
                        .to_owned()
                }
                _ => "You may already have a way of handling this, and that is fair.".to_owned(),
            };
            (
                "Already handled?".to_owned(),
                "If you have a process".to_owned(),
                format!(
                    "{lead} {company} is built to work alongside what you have, not to replace \
                     it: {product}\n\n{cta}"
                ),
            )
        }
        "quick question" => (
            "Who owns this?".to_owned(),
            "Right person?".to_owned(),
            format!(
                "Quick question: at {{{{company_name}}}}, is {title} the right person to talk to \
                 about this, or does someone else own it?\n\nIf it's someone else, a name is all I need."
            ),
        ),
        _ => {
            let lead = match tone {
                Tone::Friendly => {
                    "I haven't heard back, so I'll take the hint and stop here — no hard feelings at all."
                }
                Tone::Casual => "Haven't heard back, so I'll stop filling your inbox.",
                Tone::Direct => "No reply, so I'll close the loop here.",
                Tone::Professional => "I have not heard back, so I will close the loop here.",
            };
            (
                "Closing the loop".to_owned(),
                "Should I stop here?".to_owned(),
                format!(
                    "{lead}\n\nIf it ever becomes a priority — {benefit_lower} — just reply to this \
                     email and I will pick it up from there.",
                    benefit_lower = lower_first(r.benefit().trim_end_matches(['.', '!', '?']))
                ),
            )
        }
    }
}

/// Ends text with sentence punctuation.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '?', '!', '"', '…', '。', '？', '！']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// Lower-cases the first letter, unless the first word looks like an acronym or a name
/// written in capitals ("CRM", "iOS").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
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
    fn helpers() {
        assert_eq!(sentence("Hello"), "Hello.");
        assert_eq!(sentence("Ready?"), "Ready?");
        assert_eq!(lower_first("Close the books"), "close the books");
        assert_eq!(lower_first("CRM sync in minutes"), "CRM sync in minutes");
    }
}

#[cfg(test)]
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
                    assert!(warnings.is_empty(), "{tone} × {n}, email {}: {warnings:#?}", email.step);
                }
            }
        }
    }
}
