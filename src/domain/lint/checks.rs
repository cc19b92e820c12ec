//! The twelve checks, one function each: what each measures and the one line it says.

use super::text::*;
use super::*;
use crate::domain::i18n::{Messages, fill};

pub(super) fn length(body: &str, first: bool, script: Script, t: &Messages) -> Check {
    let which = if first {
        t.lint_first_email
    } else {
        t.lint_follow_up
    };
    if script == Script::Unspaced {
        let chars = char_count(body);
        let max = if first {
            UNSPACED_FIRST_EMAIL_MAX_CHARS
        } else {
            UNSPACED_FOLLOW_UP_MAX_CHARS
        };
        let args: [(&str, &dyn std::fmt::Display); 3] =
            [("chars", &chars), ("max", &max), ("which", &which)];
        return if chars <= max {
            Check::new(Rule::Length, true, fill(t.lint_length_chars_ok, &args))
        } else {
            Check::new(Rule::Length, false, fill(t.lint_length_chars_warn, &args))
        };
    }
    let words = word_count(body);
    let max = if first {
        FIRST_EMAIL_MAX_WORDS
    } else {
        FOLLOW_UP_MAX_WORDS
    };
    let args: [(&str, &dyn std::fmt::Display); 3] =
        [("words", &words), ("max", &max), ("which", &which)];
    if words <= max {
        Check::new(Rule::Length, true, fill(t.lint_length_ok, &args))
    } else {
        Check::new(Rule::Length, false, fill(t.lint_length_warn, &args))
    }
}

pub(super) fn reading_grade(body: &str, t: &Messages) -> Check {
    let grade = flesch_kincaid_grade(body);
    let shown = format!("{:.1}", grade.max(0.0));
    if grade <= MAX_GRADE {
        Check::new(
            Rule::ReadingGrade,
            true,
            fill(t.lint_grade_ok, &[("grade", &shown)]),
        )
    } else {
        Check::new(
            Rule::ReadingGrade,
            false,
            fill(t.lint_grade_warn, &[("grade", &shown)]),
        )
    }
}

pub(super) fn subject_length(subjects: &[(&str, &str)], script: Script, t: &Messages) -> Check {
    let unspaced = script == Script::Unspaced;
    let long: Vec<String> = subjects
        .iter()
        .filter_map(|(name, s)| {
            if unspaced {
                let chars = char_count(s);
                (chars > UNSPACED_SUBJECT_MAX_CHARS).then(|| {
                    fill(
                        t.lint_subject_item_chars,
                        &[("name", name), ("chars", &chars)],
                    )
                })
            } else {
                let words = s.split_whitespace().count();
                let chars = s.trim().chars().count();
                (words > SUBJECT_MAX_WORDS || chars > SUBJECT_MAX_CHARS).then(|| {
                    fill(
                        t.lint_subject_item,
                        &[("name", name), ("words", &words), ("chars", &chars)],
                    )
                })
            }
        })
        .collect();
    let (words, chars) = if unspaced {
        (0, UNSPACED_SUBJECT_MAX_CHARS)
    } else {
        (SUBJECT_MAX_WORDS, SUBJECT_MAX_CHARS)
    };
    let args = |subjects: &str| {
        let fits = if unspaced {
            t.lint_subject_long_chars
        } else {
            t.lint_subject_long
        };
        fill(
            fits,
            &[
                ("subjects", &subjects),
                ("words", &words),
                ("chars", &chars),
            ],
        )
    };
    if long.is_empty() {
        let fits = if unspaced {
            t.lint_subject_fits_chars
        } else {
            t.lint_subject_fits
        };
        Check::new(
            Rule::SubjectLength,
            true,
            fill(fits, &[("words", &words), ("chars", &chars)]),
        )
    } else {
        Check::new(
            Rule::SubjectLength,
            false,
            args(&upper_first(&long.join(t.lint_list_separator))),
        )
    }
}

pub(super) fn subject_caps(subjects: &[(&str, &str)], t: &Messages) -> Check {
    let shouting: Vec<&str> = subjects
        .iter()
        .filter(|(_, s)| is_shouting(s))
        .map(|(name, _)| *name)
        .collect();
    if shouting.is_empty() {
        Check::new(Rule::SubjectCaps, true, t.lint_caps_ok.into())
    } else {
        Check::new(
            Rule::SubjectCaps,
            false,
            fill(t.lint_caps_warn, &[("names", &shouting.join(t.lint_and))]),
        )
    }
}

/// A subject in capitals: all its letters upper-case (six or more), or any word of five or more
/// capitals (acronyms such as "CFO" or "GDPR" are fine).
pub(super) fn is_shouting(subject: &str) -> bool {
    let letters: Vec<char> = subject.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() >= 6 && letters.iter().all(|c| c.is_uppercase());
    let loud_word = subject
        .split(|c: char| !c.is_alphabetic())
        .any(|word| word.chars().count() >= 5 && word.chars().all(|c| c.is_uppercase()));
    all_upper || loud_word
}

pub(super) fn subject_tricks(subjects: &[(&str, &str)], t: &Messages) -> Check {
    let tricked: Vec<&str> = subjects
        .iter()
        .filter(|(_, s)| {
            let s = s.trim_start().to_lowercase();
            [
                "re:",
                "re :",
                "fw:",
                "fwd:",
                "fw :",
                "fwd :",
                "re：",
                "fw：",
                "fwd：",
                "回复:",
                "回复：",
                "答复:",
                "答复：",
                "转发:",
                "转发：",
            ]
            .iter()
            .any(|p| s.starts_with(p))
        })
        .map(|(name, _)| *name)
        .collect();
    if tricked.is_empty() {
        Check::new(Rule::SubjectTricks, true, t.lint_tricks_ok.into())
    } else {
        Check::new(
            Rule::SubjectTricks,
            false,
            fill(t.lint_tricks_warn, &[("names", &tricked.join(t.lint_and))]),
        )
    }
}

/// The phrases of the spam list.
pub fn spam_list() -> impl Iterator<Item = &'static str> {
    SPAM_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub(super) fn spam_words(text: &str, t: &Messages) -> Check {
    let found = find_phrases(text, spam_list());
    if found.is_empty() {
        Check::new(Rule::SpamWords, true, t.lint_spam_ok.into())
    } else {
        Check::new(
            Rule::SpamWords,
            false,
            found_message(text, &found, t.lint_spam_warn, t),
        )
    }
}

pub(super) fn exclamations(text: &str, t: &Messages) -> Check {
    let n = text.chars().filter(|c| matches!(c, '!' | '！')).count();
    match n {
        0 => Check::new(Rule::Exclamations, true, t.lint_exclamations_ok.into()),
        1 => Check::new(Rule::Exclamations, false, t.lint_exclamations_one.into()),
        _ => Check::new(
            Rule::Exclamations,
            false,
            fill(t.lint_exclamations_many, &[("n", &n)]),
        ),
    }
}

/// Links: whitespace-separated pieces that hold a URL.
pub fn link_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| {
            let t = t.to_lowercase();
            t.contains("://")
                || t.trim_start_matches(['(', '<', '[', '"'])
                    .starts_with("www.")
        })
        .count()
}

pub(super) fn links(body: &str, t: &Messages) -> Check {
    match link_count(body) {
        0 => Check::new(Rule::Links, true, t.lint_links_none.into()),
        1 => Check::new(Rule::Links, true, t.lint_links_one.into()),
        n => Check::new(Rule::Links, false, fill(t.lint_links_many, &[("n", &n)])),
    }
}

pub(super) fn images(body: &str, t: &Messages) -> Check {
    let lower = body.to_lowercase();
    if lower.contains("<img") || lower.contains("![") {
        Check::new(Rule::Images, false, t.lint_images_warn.into())
    } else {
        Check::new(Rule::Images, true, t.lint_images_ok.into())
    }
}
/// Sentences (and lines) of a text, each with its closing mark.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (i, &(at, c)) in chars.iter().enumerate() {
            let closes = matches!(c, '.' | '!' | '?' | '…' | '？' | '！' | '。');
            let next_is_break = chars.get(i + 1).is_none_or(|&(_, n)| n.is_whitespace());
            if closes && next_is_break {
                let end = at + c.len_utf8();
                let piece = line[start..end].trim();
                if !piece.is_empty() {
                    out.push(piece);
                }
                start = end;
            }
        }
        let rest = line[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// The asks in a body: each question, and each other sentence that makes a request.
pub fn asks(body: &str) -> usize {
    // A request phrase no sentence can hold unless the body does: look for the list once, then
    // each sentence for the few found (the search per sentence was most of the lint's time).
    let in_body = find_phrases(body, REQUESTS.iter().copied());
    sentences(body)
        .into_iter()
        .filter(|s| {
            s.ends_with(['?', '？'])
                || (!in_body.is_empty() && !find_phrases(s, in_body.iter().copied()).is_empty())
        })
        .count()
}

pub(super) fn call_to_action(body: &str, t: &Messages) -> Check {
    match asks(body) {
        1 => Check::new(Rule::CallToAction, true, t.lint_ask_ok.into()),
        0 => Check::new(Rule::CallToAction, false, t.lint_ask_none.into()),
        n => Check::new(
            Rule::CallToAction,
            false,
            fill(t.lint_ask_many, &[("n", &n)]),
        ),
    }
}

pub(super) fn cliches(text: &str, t: &Messages) -> Check {
    let found = find_phrases(text, CLICHES.iter().copied());
    if found.is_empty() {
        Check::new(Rule::Cliches, true, t.lint_cliches_ok.into())
    } else {
        Check::new(
            Rule::Cliches,
            false,
            found_message(text, &found, t.lint_cliches_warn, t),
        )
    }
}

/// The merge tags in a text, as written between `{{` and `}}` (trimmed).
pub fn merge_tags_in(text: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        tags.push(after[..close].trim());
        rest = &after[close + 2..];
    }
    tags
}

pub(super) fn merge_tags(text: &str, t: &Messages) -> Check {
    let tags = merge_tags_in(text);
    let known = |tag: &str| MERGE_TAGS.iter().any(|(ours, _)| *ours == tag);
    let mut unknown: Vec<String> = Vec::new();
    for tag in tags.iter().filter(|t| !known(t)) {
        let shown = format!("{{{{{tag}}}}}");
        if !unknown.contains(&shown) {
            unknown.push(shown);
        }
    }
    if !unknown.is_empty() {
        Check::new(
            Rule::MergeTags,
            false,
            fill(
                if unknown.len() == 1 {
                    t.lint_tags_unknown_one
                } else {
                    t.lint_tags_unknown
                },
                &[("tags", &unknown.join(", "))],
            ),
        )
    } else if tags.is_empty() {
        Check::new(Rule::MergeTags, false, t.lint_tags_none.into())
    } else {
        Check::new(Rule::MergeTags, true, t.lint_tags_ok.into())
    }
}
