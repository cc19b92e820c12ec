//! The quality lint: checks one email (and a whole sequence) against what gets cold email
//! read and answered. Pure code, compiled into the browser too, so it re-runs on every
//! keystroke while the founder edits; the server uses it to tell Claude what to fix.
//!
//! Every check is a pass or a warning with one line saying what to do, never a bare score.

use serde::{Deserialize, Serialize};

mod checks;
pub(crate) mod text;

use checks::*;
pub use checks::{asks, link_count, merge_tags_in, spam_list};
pub use text::{find_phrases, flesch_kincaid_grade, syllable_count, text_counts, word_count};

use super::{
    export::MERGE_TAGS,
    i18n::{Lang, Messages, fill},
    options::Language,
    sequence::{Email, Sequence},
};

/// How an email's language is written, as far as the checks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Words between spaces (English, Spanish, German, …): lengths in words.
    Spaced,
    /// No spaces between words (Chinese, Japanese): lengths in characters.
    Unspaced,
}

/// What the lint does for emails in each language.
///
/// | check | English | other spaced languages | Chinese, Japanese |
/// |---|---|---|---|
/// | length | words (125 / 90) | words (125 / 90) | characters (250 / 180) |
/// | reading level | Flesch–Kincaid | off (English syllables) | off |
/// | subject length | 6 words, 40 characters | the same | 20 characters |
/// | subject capitals, honesty, exclamation marks, links, images, merge tags | on | on | on |
/// | spam words, clichés, call to action | English lists | off | off |
///
/// A check that would measure another language with English rules is off, never a warning.
pub fn checks_for(language: Language) -> (Script, &'static [Rule]) {
    const ENGLISH_ONLY: [Rule; 4] = [
        Rule::ReadingGrade,
        Rule::SpamWords,
        Rule::CallToAction,
        Rule::Cliches,
    ];
    match language {
        Language::English => (Script::Spaced, &[]),
        Language::Chinese | Language::Japanese => (Script::Unspaced, &ENGLISH_ONLY),
        _ => (Script::Spaced, &ENGLISH_ONLY),
    }
}

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
/// For languages written without spaces (Chinese, Japanese), length is counted in characters:
/// most in the first email's body (about what 125 English words say)…
pub const UNSPACED_FIRST_EMAIL_MAX_CHARS: usize = 250;
/// …most in a follow-up's body…
pub const UNSPACED_FOLLOW_UP_MAX_CHARS: usize = 180;
/// …and most in a subject (a phone's preview shows about this many full-width characters).
pub const UNSPACED_SUBJECT_MAX_CHARS: usize = 20;

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
    /// Its name in the interface language.
    pub fn name(self, t: &Messages) -> &'static str {
        match self {
            Rule::Length => t.rule_length,
            Rule::ReadingGrade => t.rule_reading_grade,
            Rule::SubjectLength => t.rule_subject_length,
            Rule::SubjectCaps => t.rule_subject_caps,
            Rule::SubjectTricks => t.rule_subject_tricks,
            Rule::SpamWords => t.rule_spam_words,
            Rule::Exclamations => t.rule_exclamations,
            Rule::Links => t.rule_links,
            Rule::Images => t.rule_images,
            Rule::CallToAction => t.rule_call_to_action,
            Rule::Cliches => t.rule_cliches,
            Rule::MergeTags => t.rule_merge_tags,
        }
    }

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
    /// The checks that are off for the email's language (`checks_for`).
    #[serde(default)]
    pub off: Vec<Rule>,
    /// The language it was checked as (`written_in`).
    #[serde(default)]
    pub language: Language,
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

/// Checks one English email, saying so in English (the tests' and the prompts' lint).
pub fn lint_email(email: &Email) -> EmailLint {
    lint_email_in(email, Language::English, Lang::En.t())
}

/// The language an email's checks follow: the sequence's (`declared`) unless the email's own text
/// says otherwise. A sequence asked for in Chinese or Japanese whose email is not written in
/// their characters (the offline composer writes English) is checked as English; an email of
/// another sequence written mostly in Chinese characters (edited by the founder) as Chinese.
pub fn written_in(declared: Language, text: &str) -> Language {
    let (mut cjk, mut kana, mut latin) = (0usize, 0usize, 0usize);
    for c in text::visible_chars(text) {
        if text::is_kana(c) {
            kana += 1;
        }
        if text::is_han(c) || text::is_kana(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    // A Chinese character says about what a short Latin word does.
    let cjk_text = cjk > 0 && cjk * 3 >= latin;
    match declared {
        Language::Chinese | Language::Japanese if !cjk_text => Language::English,
        Language::Chinese | Language::Japanese => declared,
        _ if cjk_text && kana > 0 => Language::Japanese,
        _ if cjk_text => Language::Chinese,
        other => other,
    }
}

/// Checks one email of a sequence written in `language` (by the rules of the language it is
/// actually written in: `written_in`), saying what to do in the interface language `t`; the
/// first (step 1) may be longer than the follow-ups.
pub fn lint_email_in(email: &Email, language: Language, t: &Messages) -> EmailLint {
    let first = email.step <= 1;
    let subjects = [
        ("A", email.subject_a.as_str()),
        ("B", email.subject_b.as_str()),
    ];
    let all_text = format!("{}\n{}\n{}", email.subject_a, email.subject_b, email.body);
    let language = written_in(language, &all_text);
    let (script, off) = checks_for(language);
    let on = |rule: Rule| !off.contains(&rule);
    let mut checks = vec![length(&email.body, first, script, t)];
    if on(Rule::ReadingGrade) {
        checks.push(reading_grade(&email.body, t));
    }
    checks.push(subject_length(&subjects, script, t));
    checks.push(subject_caps(&subjects, t));
    checks.push(subject_tricks(&subjects, t));
    if on(Rule::SpamWords) {
        checks.push(spam_words(&all_text, t));
    }
    checks.push(exclamations(&all_text, t));
    checks.push(links(&email.body, t));
    checks.push(images(&email.body, t));
    if on(Rule::CallToAction) {
        checks.push(call_to_action(&email.body, t));
    }
    if on(Rule::Cliches) {
        checks.push(cliches(&all_text, t));
    }
    checks.push(merge_tags(&all_text, t));
    EmailLint {
        step: email.step,
        checks,
        off: off.to_vec(),
        language,
    }
}

/// "Not checked for emails in Chinese: …", when some checks are off for the language.
pub fn off_note(lint: &EmailLint, t: &Messages) -> Option<String> {
    let language = lint.language;
    (!lint.off.is_empty()).then(|| {
        let rules: Vec<&str> = lint.off.iter().map(|rule| rule.name(t)).collect();
        fill(
            t.lint_off,
            &[
                ("language", &language.name(t)),
                ("rules", &rules.join(t.lint_list_separator)),
            ],
        )
    })
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

/// Checks every email of a sequence (English, in English).
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

#[cfg(test)]
mod tests;
