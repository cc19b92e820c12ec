//! The quality lint: checks one email (and a whole sequence) against what gets cold email
//! read and answered. Pure code, compiled into the browser too, so it re-runs on every
//! keystroke while the founder edits; the server uses it to tell Claude what to fix.
//!
//! Every check is a pass or a warning with one line saying what to do, never a bare score.

use serde::{Deserialize, Serialize};

use super::{
    export::MERGE_TAGS,
    sequence::{Email, Sequence},
};

/// Most words in the first email's body.
pub const FIRST_EMAIL_MAX_WORDS: usize = 125;
/// Most words in a follow-up's body.
pub const FOLLOW_UP_MAX_WORDS: usize = 90;
/// Highest Flesch–Kincaid grade we aim for.
pub const MAX_GRADE: f64 = 8.0;
/// Most words in a subject line (a phone's preview shows about this much).
pub const SUBJECT_MAX_WORDS: usize = 6;
/// Most characters in a subject line.
pub const SUBJECT_MAX_CHARS: usize = 40;
/// Most links in one email.
pub const MAX_LINKS: usize = 1;

/// The spam-trigger list, with its sources, kept beside this file.
const SPAM_LIST: &str = include_str!("spam_words.txt");

/// Phrases every reader has seen a thousand times.
const CLICHES: &[&str] = &[
    "i hope this email finds you well",
    "hope this email finds you well",
    "i hope this finds you well",
    "hope this finds you well",
    "i hope you are doing well",
    "i hope you're doing well",
    "hope you're doing well",
    "game-changer",
    "game changer",
    "game-changing",
    "synergy",
    "synergies",
    "circle back",
    "touch base",
    "just checking in",
    "just following up",
    "just wanted to follow up",
    "bumping this",
    "low-hanging fruit",
    "cutting-edge",
    "best-in-class",
    "world-class",
    "revolutionize",
    "revolutionise",
    "revolutionary",
    "paradigm shift",
    "move the needle",
    "think outside the box",
    "at the end of the day",
    "i wanted to reach out",
    "i am reaching out",
    "i'm reaching out",
    "to whom it may concern",
];

/// Phrases that make a sentence a request (a question is one by its mark).
const REQUESTS: &[&str] = &[
    "let me know",
    "reply to",
    "reply with",
    "hit reply",
    "book a",
    "book time",
    "grab a",
    "grab time",
    "schedule",
    "pick a time",
    "send me",
    "sign up",
    "hop on",
    "jump on",
    "set up a",
    "click",
    "call me",
    "drop me",
    "happy to send",
    "happy to show",
    "let's talk",
    "let's chat",
];

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Length,
    ReadingGrade,
    SubjectLength,
    SubjectCaps,
    SubjectTricks,
    SpamWords,
    Exclamations,
    Links,
    Images,
    CallToAction,
    Cliches,
    MergeTags,
}

impl Rule {
    /// Its name in markup (`data-rule`), as in JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Rule::Length => "length",
            Rule::ReadingGrade => "reading_grade",
            Rule::SubjectLength => "subject_length",
            Rule::SubjectCaps => "subject_caps",
            Rule::SubjectTricks => "subject_tricks",
            Rule::SpamWords => "spam_words",
            Rule::Exclamations => "exclamations",
            Rule::Links => "links",
            Rule::Images => "images",
            Rule::CallToAction => "call_to_action",
            Rule::Cliches => "cliches",
            Rule::MergeTags => "merge_tags",
        }
    }

    /// Its name in the checklist.
    pub fn label(self) -> &'static str {
        match self {
            Rule::Length => "Length",
            Rule::ReadingGrade => "Reading level",
            Rule::SubjectLength => "Subject length",
            Rule::SubjectCaps => "Subject capitals",
            Rule::SubjectTricks => "Subject honesty",
            Rule::SpamWords => "Spam words",
            Rule::Exclamations => "Exclamation marks",
            Rule::Links => "Links",
            Rule::Images => "Images",
            Rule::CallToAction => "Call to action",
            Rule::Cliches => "Clichés",
            Rule::MergeTags => "Merge tags",
        }
    }
}

/// One check's outcome: a pass, or a warning saying what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub rule: Rule,
    pub passed: bool,
    pub message: String,
}

impl Check {
    fn new(rule: Rule, passed: bool, message: String) -> Self {
        Self {
            rule,
            passed,
            message,
        }
    }
}

/// Every check of one email, in a fixed order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailLint {
    pub step: u8,
    pub checks: Vec<Check>,
}

impl EmailLint {
    /// True when no check warns.
    pub fn passes(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// The checks that warn.
    pub fn warnings(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed)
    }

    /// The check of `rule`.
    pub fn check(&self, rule: Rule) -> &Check {
        self.checks
            .iter()
            .find(|c| c.rule == rule)
            .expect("every rule is checked")
    }
}

/// Checks one email; the first (step 1) may be longer than the follow-ups.
pub fn lint_email(email: &Email) -> EmailLint {
    let first = email.step <= 1;
    let subjects = [
        ("A", email.subject_a.as_str()),
        ("B", email.subject_b.as_str()),
    ];
    let all_text = format!("{}\n{}\n{}", email.subject_a, email.subject_b, email.body);
    let checks = vec![
        length(&email.body, first),
        reading_grade(&email.body),
        subject_length(&subjects),
        subject_caps(&subjects),
        subject_tricks(&subjects),
        spam_words(&all_text),
        exclamations(&all_text),
        links(&email.body),
        images(&email.body),
        call_to_action(&email.body),
        cliches(&all_text),
        merge_tags(&all_text),
    ];
    EmailLint {
        step: email.step,
        checks,
    }
}

/// Every email's checks, and how many pass them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SequenceLint {
    pub emails: Vec<EmailLint>,
}

impl SequenceLint {
    /// Emails with no warning.
    pub fn passing(&self) -> usize {
        self.emails.iter().filter(|e| e.passes()).count()
    }
}

/// Checks every email of a sequence.
pub fn lint_sequence(sequence: &Sequence) -> SequenceLint {
    SequenceLint {
        emails: sequence.emails.iter().map(lint_email).collect(),
    }
}

/// The warnings as an instruction for a rewrite ("Fix with Claude"); `None` when all pass.
pub fn fix_instruction(lint: &EmailLint) -> Option<String> {
    let lines: Vec<String> = lint
        .warnings()
        .map(|c| format!("- {}: {}", c.rule.label(), c.message))
        .collect();
    (!lines.is_empty()).then(|| format!("Fix these problems:\n{}", lines.join("\n")))
}

// ---- the checks ----

fn length(body: &str, first: bool) -> Check {
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

fn reading_grade(body: &str) -> Check {
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

fn subject_length(subjects: &[(&str, &str)]) -> Check {
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

fn subject_caps(subjects: &[(&str, &str)]) -> Check {
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
fn is_shouting(subject: &str) -> bool {
    let letters: Vec<char> = subject.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() >= 6 && letters.iter().all(|c| c.is_uppercase());
    let loud_word = subject
        .split(|c: char| !c.is_alphabetic())
        .any(|word| word.chars().count() >= 5 && word.chars().all(|c| c.is_uppercase()));
    all_upper || loud_word
}

fn subject_tricks(subjects: &[(&str, &str)]) -> Check {
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

fn spam_words(text: &str) -> Check {
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

fn exclamations(text: &str) -> Check {
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

fn links(body: &str) -> Check {
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

fn images(body: &str) -> Check {
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
fn sentences(text: &str) -> Vec<&str> {
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

fn call_to_action(body: &str) -> Check {
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

fn cliches(text: &str) -> Check {
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

fn merge_tags(text: &str) -> Check {
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

// ---- reading grade ----

/// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
/// Merge tags are left out; every line counts as the end of a sentence (greetings, sign-offs).
pub fn flesch_kincaid_grade(text: &str) -> f64 {
    let (words, sentences, syllables) = text_counts(text);
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    0.39 * (words as f64 / sentences as f64) + 11.8 * (syllables as f64 / words as f64) - 15.59
}

/// Words, sentences and syllables of a text, as the reading grade counts them.
pub fn text_counts(text: &str) -> (usize, usize, usize) {
    let mut words = 0;
    let mut syllables = 0;
    let mut sentence_count = 0;
    for sentence in sentences(text) {
        let mut any = false;
        for token in sentence.split_whitespace() {
            if token.contains("{{") || token.contains("}}") {
                continue;
            }
            let word: String = token
                .chars()
                .filter(|c| c.is_alphabetic() || *c == '\'')
                .collect();
            if word.chars().any(char::is_alphabetic) {
                words += 1;
                syllables += syllable_count(&word);
                any = true;
            }
        }
        if any {
            sentence_count += 1;
        }
    }
    (words, sentence_count, syllables)
}

/// Syllables in an English word, by the usual heuristic: drop a silent ending ("-es", "-ed",
/// "-e" after a consonant other than l), then count groups of one or two vowels (y included).
pub fn syllable_count(word: &str) -> usize {
    let word: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if word.len() <= 3 {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let keeps_e = |c: char| c == 'l' || is_vowel(c);
    let n = word.len();
    let mut end = n;
    if word[n - 2..] == ['e', 's'] && !keeps_e(word[n - 3]) {
        end = n - 3;
    } else if word[n - 2..] == ['e', 'd'] || (word[n - 1] == 'e' && !keeps_e(word[n - 2])) {
        end = n - 2;
    }
    let mut start = 0;
    if word[0] == 'y' {
        start = 1;
    }
    let mut count = 0;
    let mut i = start;
    while i < end {
        if is_vowel(word[i]) {
            count += 1;
            // A group is one or two vowels; a third starts another.
            i += if i + 1 < end && is_vowel(word[i + 1]) {
                2
            } else {
                1
            };
        } else {
            i += 1;
        }
    }
    count.max(1)
}

// ---- matching ----

/// The phrases of `list` found in `text`, case-insensitively and on word boundaries, in list
/// order, each once.
pub fn find_phrases<'a>(text: &str, list: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let text = normalise(text);
    list.into_iter()
        .filter(|phrase| contains_phrase(&text, phrase))
        .collect()
}

/// Lower case with typographic apostrophes and hyphens made plain.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '‐' | '‑' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// True when `phrase` occurs in `text` with no letter or digit touching either end (an end of
/// the phrase that is itself not a letter or digit, as in "$$$", needs no boundary).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let word_char = |c: char| c.is_alphanumeric();
    let needs_start = phrase.chars().next().is_some_and(word_char);
    let needs_end = phrase.chars().next_back().is_some_and(word_char);
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        (!needs_start || !before.is_some_and(word_char))
            && (!needs_end || !after.is_some_and(word_char))
    })
}

/// `"free" is a phrase {what}.` / `"a", "b" are phrases {what}.`
fn found_message(found: &[&str], what: &str) -> String {
    let verb = if found.len() == 1 {
        "is a phrase"
    } else {
        "are phrases"
    };
    format!("{} {verb} {what}.", quoted(found))
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Whitespace-separated words that hold a letter or a digit.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests;
