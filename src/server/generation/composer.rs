//! The offline composer: writes a sequence from the form's own content when no Claude key is
//! configured. Each step has a purpose (opener, value, proof, objection, breakup, …); the tone
//! sets greeting, sign-off and phrasing. It never invents facts: every claim is the user's own.
//! It writes in English; the results page says so when another language was asked for.

use crate::domain::{
    form::SequenceRequest,
    options::Tone,
    sequence::{Email, Sequence},
};

use crate::domain::cadence::{cadence, step_purposes};

/// Writes the sequence the request asks for.
pub(crate) fn compose(request: &SequenceRequest) -> Sequence {
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

/// An email the offline composer rewrote, and what it made of the instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OfflineRewrite {
    pub email: Email,
    pub note: String,
}

/// Words in an instruction that ask for a tone.
const TONE_WORDS: &[(&str, Tone)] = &[
    ("casual", Tone::Casual),
    ("relaxed", Tone::Casual),
    ("informal", Tone::Casual),
    ("friendly", Tone::Friendly),
    ("friendlier", Tone::Friendly),
    ("warm", Tone::Friendly),
    ("warmer", Tone::Friendly),
    ("direct", Tone::Direct),
    ("blunt", Tone::Direct),
    ("punchy", Tone::Direct),
    ("formal", Tone::Professional),
    ("professional", Tone::Professional),
];

/// Words in an instruction that ask for fewer words.
const SHORTER_WORDS: &[&str] = &[
    "shorter",
    "short",
    "brief",
    "briefer",
    "concise",
    "fewer words",
    "cut",
];

/// Rewrites email `original.step` from the form, without Claude: in the tone the instruction
/// names (else the form's), shortened to its point when asked; the send day is kept. The
/// composer follows its own lint, so this also clears the lint's warnings.
pub(crate) fn rewrite(
    request: &SequenceRequest,
    original: &Email,
    instruction: &str,
    t: &crate::domain::i18n::Messages,
) -> OfflineRewrite {
    use crate::domain::i18n::fill;
    use crate::domain::lint::find_phrases;

    let asked_tone = TONE_WORDS
        .iter()
        .find(|(word, _)| !find_phrases(instruction, [*word]).is_empty())
        .or_else(|| {
            TONE_WORDS_ZH
                .iter()
                .find(|(word, _)| instruction.contains(word))
        })
        .map(|(_, tone)| *tone);
    let shorter = !find_phrases(instruction, SHORTER_WORDS.iter().copied()).is_empty()
        || SHORTER_WORDS_ZH
            .iter()
            .any(|word| instruction.contains(word));
    let tone = asked_tone.unwrap_or(request.tone());
    let composed = compose(&request.with_tone(tone));
    let index = usize::from(original.step.max(1) - 1).min(composed.emails.len() - 1);
    let mut email = composed.emails[index].clone();
    email.step = original.step;
    email.day = original.day;
    if shorter {
        email.body = to_the_point(&email.body);
    }

    // "in a casual tone" (lower case changes nothing in Chinese).
    let tone_name = tone.name(t).to_lowercase();
    let mut done = vec![fill(t.offline_rewrite_tone, &[("tone", &tone_name)])];
    if shorter {
        done.push(t.offline_rewrite_shorter.to_owned());
    }
    let mut note = fill(
        t.offline_rewrite_note,
        &[("done", &done.join(t.list_separator))],
    );
    if !instruction.trim().is_empty() && asked_tone.is_none() && !shorter {
        note.push_str(t.offline_rewrite_only);
    }
    OfflineRewrite { email, note }
}

/// The same in Chinese, found anywhere in the instruction (Chinese has no spaces to mark a
/// whole word): "随意一点", "更短一些".
const TONE_WORDS_ZH: &[(&str, Tone)] = &[
    ("随意", Tone::Casual),
    ("轻松", Tone::Casual),
    ("口语", Tone::Casual),
    ("友好", Tone::Friendly),
    ("亲切", Tone::Friendly),
    ("热情", Tone::Friendly),
    ("直接", Tone::Direct),
    ("直白", Tone::Direct),
    ("干脆", Tone::Direct),
    ("正式", Tone::Professional),
    ("专业", Tone::Professional),
];
const SHORTER_WORDS_ZH: &[&str] = &["短", "精简", "简洁", "删减", "压缩"];

/// The body with only its last two paragraphs between greeting and sign-off (the point and
/// the ask).
fn to_the_point(body: &str) -> String {
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    if paragraphs.len() <= 4 {
        return body.to_owned();
    }
    let n = paragraphs.len();
    [
        paragraphs[0],
        paragraphs[n - 3],
        paragraphs[n - 2],
        paragraphs[n - 1],
    ]
    .join("\n\n")
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
                Tone::Professional => {
                    format!("As {title} at {{{{company_name}}}}, this may sound familiar:")
                }
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
mod tests;
