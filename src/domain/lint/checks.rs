//! The twelve checks, one function each: what each measures and the one line it says.

use super::text::*;
use super::*;

pub(super) fn length(body: &str, first: bool) -> Check {
    let words = word_count(body);
    let (max, which) = if first {
        (FIRST_EMAIL_MAX_WORDS, "a first email")
    } else {
        (FOLLOW_UP_MAX_WORDS, "a follow-up")
    };
    if words <= max {
        Check::new(
            Rule::Length,
            true,
            format!("{words} words (up to {max} for {which})."),
        )
    } else {
        Check::new(
            Rule::Length,
            false,
            format!(
                "{words} words: cut to {max} or fewer for {which}; busy readers skim and stop."
            ),
        )
    }
}

pub(super) fn reading_grade(body: &str) -> Check {
    let grade = flesch_kincaid_grade(body);
    let shown = grade.max(0.0);
    if grade <= MAX_GRADE {
        Check::new(
            Rule::ReadingGrade,
            true,
            format!("Grade {shown:.1}: easy to read (aim for 8 or below)."),
        )
    } else {
        Check::new(
            Rule::ReadingGrade,
            false,
            format!(
                "Grade {shown:.1}: aim for 8 or below with shorter sentences and plainer words."
            ),
        )
    }
}

pub(super) fn subject_length(subjects: &[(&str, &str)]) -> Check {
    let long: Vec<String> = subjects
        .iter()
        .filter_map(|(name, s)| {
            let words = s.split_whitespace().count();
            let chars = s.trim().chars().count();
            (words > SUBJECT_MAX_WORDS || chars > SUBJECT_MAX_CHARS)
                .then(|| format!("subject {name} has {words} words and {chars} characters"))
        })
        .collect();
    if long.is_empty() {
        Check::new(
            Rule::SubjectLength,
            true,
            format!(
                "Both subjects fit a phone's preview ({SUBJECT_MAX_WORDS} words, {SUBJECT_MAX_CHARS} characters)."
            ),
        )
    } else {
        Check::new(
            Rule::SubjectLength,
            false,
            format!(
                "{}: keep each to {SUBJECT_MAX_WORDS} words and {SUBJECT_MAX_CHARS} characters so phones show it whole.",
                upper_first(&long.join("; "))
            ),
        )
    }
}

pub(super) fn subject_caps(subjects: &[(&str, &str)]) -> Check {
    let shouting: Vec<&str> = subjects
        .iter()
        .filter(|(_, s)| is_shouting(s))
        .map(|(name, _)| *name)
        .collect();
    if shouting.is_empty() {
        Check::new(Rule::SubjectCaps, true, "No shouting in capitals.".into())
    } else {
        Check::new(
            Rule::SubjectCaps,
            false,
            format!(
                "Subject {} is in capitals: write it in sentence case; capitals read as shouting and as spam.",
                shouting.join(" and ")
            ),
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

pub(super) fn subject_tricks(subjects: &[(&str, &str)]) -> Check {
    let tricked: Vec<&str> = subjects
        .iter()
        .filter(|(_, s)| {
            let s = s.trim_start().to_lowercase();
            ["re:", "re :", "fw:", "fwd:", "fw :", "fwd :"]
                .iter()
                .any(|p| s.starts_with(p))
        })
        .map(|(name, _)| *name)
        .collect();
    if tricked.is_empty() {
        Check::new(
            Rule::SubjectTricks,
            true,
            "No fake \"Re:\" or \"Fwd:\".".into(),
        )
    } else {
        Check::new(
            Rule::SubjectTricks,
            false,
            format!(
                "Subject {} pretends to be a reply or a forward: drop the \"Re:\"/\"Fwd:\"; it costs trust when it is opened.",
                tricked.join(" and ")
            ),
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

pub(super) fn spam_words(text: &str) -> Check {
    let found = find_phrases(text, spam_list());
    if found.is_empty() {
        Check::new(Rule::SpamWords, true, "No spam-trigger words.".into())
    } else {
        Check::new(
            Rule::SpamWords,
            false,
            found_message(
                &found,
                "spam filters and readers flag: say it plainly another way",
            ),
        )
    }
}

pub(super) fn exclamations(text: &str) -> Check {
    let n = text.chars().filter(|c| matches!(c, '!' | '！')).count();
    match n {
        0 => Check::new(Rule::Exclamations, true, "No exclamation marks.".into()),
        _ => Check::new(
            Rule::Exclamations,
            false,
            format!(
                "{n} exclamation {}: use full stops; they read as hype.",
                if n == 1 { "mark" } else { "marks" }
            ),
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

pub(super) fn links(body: &str) -> Check {
    match link_count(body) {
        0 => Check::new(Rule::Links, true, "No links.".into()),
        1 => Check::new(Rule::Links, true, "One link, the most to carry.".into()),
        n => Check::new(
            Rule::Links,
            false,
            format!("{n} links: keep at most one; several links look like marketing mail."),
        ),
    }
}

pub(super) fn images(body: &str) -> Check {
    let lower = body.to_lowercase();
    if lower.contains("<img") || lower.contains("![") {
        Check::new(
            Rule::Images,
            false,
            "An image: send plain text; images push cold email into Promotions or spam.".into(),
        )
    } else {
        Check::new(Rule::Images, true, "No images.".into())
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
    sentences(body)
        .into_iter()
        .filter(|s| {
            s.ends_with(['?', '？']) || !find_phrases(s, REQUESTS.iter().copied()).is_empty()
        })
        .count()
}

pub(super) fn call_to_action(body: &str) -> Check {
    match asks(body) {
        1 => Check::new(Rule::CallToAction, true, "One clear ask.".into()),
        0 => Check::new(
            Rule::CallToAction,
            false,
            "No clear ask: end with one question or small request, such as \"Worth a look next week?\"".into(),
        ),
        n => Check::new(
            Rule::CallToAction,
            false,
            format!("{n} asks (questions or requests): keep one, so replying is easy."),
        ),
    }
}

pub(super) fn cliches(text: &str) -> Check {
    let found = find_phrases(text, CLICHES.iter().copied());
    if found.is_empty() {
        Check::new(Rule::Cliches, true, "No clichés.".into())
    } else {
        Check::new(
            Rule::Cliches,
            false,
            found_message(
                &found,
                "every reader has seen before: say something only you could say",
            ),
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

pub(super) fn merge_tags(text: &str) -> Check {
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
            format!(
                "Unknown merge {} {}: use {{{{first_name}}}}, {{{{company_name}}}} or {{{{sender_name}}}}; sending tools leave others blank.",
                if unknown.len() == 1 { "tag" } else { "tags" },
                unknown.join(", ")
            ),
        )
    } else if tags.is_empty() {
        Check::new(
            Rule::MergeTags,
            false,
            "No merge tags: greet with {{first_name}} so the email reads as written to one person."
                .into(),
        )
    } else {
        Check::new(Rule::MergeTags, true, "Merge tags are all known.".into())
    }
}
