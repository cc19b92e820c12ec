//! The check that a lead's first line is true: it quotes a fact found in the lead's own data,
//! and every number and capitalised name in it appears in the lead's data, the form or the
//! sequence. Code decides, not the model: a line that fails is asked for once more, then the
//! lead gets the neutral opener. The same check runs on the founder's own edits, and on every
//! line before it is exported. [`lint_line`] is the line's short quality check.

mod words;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::hidden::cleaned;
use crate::domain::i18n::{Messages, fill};
use crate::domain::lint::text::{is_han, is_kana};
use words::{CLICHES, OPENERS};

/// Why a line cannot be used. Its `Display` is the English that completes "The line …" (what
/// Claude is told when it is asked again); [`Problem::message`] says it in the interface's
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Problem {
    Empty,
    TooShort,
    TooLong,
    SeveralLines,
    Question,
    MergeTag,
    /// A cliché, as the line has it.
    Cliche(String),
    NoFact,
    FactNotInData,
    /// A number in neither the lead's data, the form nor the sequence, as the line has it.
    Number(String),
    /// A capitalised name in none of them.
    Name(String),
}

impl Problem {
    /// The problem in `t`'s language, completing "The line …" (English) or standing alone.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Problem::Empty => t.line_empty.to_owned(),
            Problem::TooShort => t.line_too_short.to_owned(),
            Problem::TooLong => t.line_too_long.to_owned(),
            Problem::SeveralLines => t.line_several_lines.to_owned(),
            Problem::Question => t.line_question.to_owned(),
            Problem::MergeTag => t.line_merge_tag.to_owned(),
            Problem::Cliche(words) => fill(t.line_cliche, &[("words", words)]),
            Problem::NoFact => t.line_no_fact.to_owned(),
            Problem::FactNotInData => t.line_fact_not_in_data.to_owned(),
            Problem::Number(number) => fill(t.line_number, &[("number", number)]),
            Problem::Name(name) => fill(t.line_name, &[("name", name)]),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::domain::i18n::Lang::En.t()))
    }
}

/// Why a line cannot be used, each problem once.
pub type Problems = Vec<Problem>;

/// Checks `line` against what is known: `fact` must appear in `lead` (the lead's data), and
/// each number and capitalised name in the line in `lead` or `context` (the form and the
/// sequence). Also runs [`lint_line`].
/// Every text is compared without its hidden characters (`domain::hidden`).
pub fn check(line: &str, fact: &str, lead: &str, context: &str) -> Result<(), Problems> {
    let (line, lead, context) = (cleaned(line), cleaned(lead), cleaned(context));
    let (line, lead, context) = (line.as_str(), lead.as_str(), context.as_str());
    let mut problems = lint_line(line);
    let fact = fold(fact);
    let fact = fact.trim_end_matches(['.', '!', ';', ',']);
    if fact.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        problems.push(Problem::NoFact);
    } else if !fold(lead).contains(fact) {
        problems.push(Problem::FactNotInData);
    }
    problems.extend(unsupported(line, lead, context));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Checks a line that quotes no fact (the neutral opener, or the founder's edit): each number
/// and name must appear in `lead` or `context`, and the lint must pass.
pub fn check_unquoted(line: &str, lead: &str, context: &str) -> Result<(), Problems> {
    let (line, lead, context) = (cleaned(line), cleaned(lead), cleaned(context));
    let (line, lead, context) = (line.as_str(), lead.as_str(), context.as_str());
    let mut problems = lint_line(line);
    problems.extend(unsupported(line, lead, context));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The numbers and names of `line` found in neither text, as problems.
fn unsupported(line: &str, lead: &str, context: &str) -> Problems {
    let known = Known::of(&[lead, context]);
    let mut problems = Vec::new();
    let mut sentence_start = true;
    let mut previous: Option<&str> = None;
    let spaced_line = spaced(line);
    for raw in spaced_line.split_whitespace() {
        let before = previous.replace(raw);
        let starts = sentence_start;
        sentence_start = raw.ends_with(['.', '!', '?', ':', ';']);
        if raw.contains("{{") {
            continue;
        }
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            continue;
        }
        if token.chars().any(|c| c.is_ascii_digit()) {
            let shown = raw
                .trim_start_matches(['(', '"', '\'', '\u{201c}', '\u{2018}'])
                .trim_end_matches([
                    '.', ',', ';', ':', '!', '?', ')', '"', '\'', '\u{201d}', '\u{2019}',
                ]);
            for number in numbers(token) {
                if !known.numbers.contains(&number) {
                    problems.push(Problem::Number(shown.to_owned()));
                }
            }
            continue;
        }
        for part in token.split(['-', '/', '.', '_']) {
            let name = part
                .strip_suffix("'s")
                .or_else(|| part.strip_suffix("\u{2019}s"))
                .unwrap_or(part);
            let Some(first) = name.chars().next() else {
                continue;
            };
            if !first.is_uppercase() {
                continue;
            }
            let lower = name.to_lowercase().replace('\u{2019}', "'");
            if lower == "i" || lower.starts_with("i'") {
                continue;
            }
            if starts && OPENERS.contains(&lower.as_str()) {
                continue;
            }
            if !known.words.contains(&lower) {
                // A lone letter names nothing by itself: "Series C", "Class A" are shown whole.
                let shown = match before {
                    Some(word) if name.chars().count() == 1 && token == name => format!(
                        "{} {name}",
                        word.trim_matches(|c: char| !c.is_alphanumeric())
                    ),
                    _ => name.to_owned(),
                };
                problems.push(Problem::Name(shown));
            }
        }
    }
    problems.dedup();
    problems
}

/// The short quality check of a first line; each problem completes "The line …".
pub fn lint_line(line: &str) -> Problems {
    let mut problems = Vec::new();
    let trimmed = line.trim();
    let words = word_count(trimmed);
    if trimmed.is_empty() {
        problems.push(Problem::Empty);
        return problems;
    }
    if words < 5 {
        problems.push(Problem::TooShort);
    }
    if words > 40 || trimmed.chars().count() > 280 {
        problems.push(Problem::TooLong);
    }
    if trimmed.contains('\n') {
        problems.push(Problem::SeveralLines);
    }
    if trimmed.contains(['?', '\u{ff1f}']) {
        problems.push(Problem::Question);
    }
    if trimmed.contains("{{") || trimmed.contains("}}") {
        problems.push(Problem::MergeTag);
    }
    let folded = fold(trimmed);
    for cliche in CLICHES.iter().copied() {
        if folded.contains(cliche) {
            problems.push(Problem::Cliche(cliche.to_owned()));
        }
    }
    problems
}

/// A character of a script written without spaces between words (Chinese, Japanese kana).
fn unspaced(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// The text with every unspaced character (and the full-width punctuation around it) turned
/// into a space, and a full stop where a sentence ends: the Latin words, names and numbers
/// inside Chinese text stand apart, as they do in English.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{3002}' | '\u{ff01}' | '\u{ff1f}' | '\u{ff1a}' | '\u{ff1b}' => out.push_str(". "),
            '\u{ff08}' | '\u{ff09}' | '\u{ff0c}' | '\u{3000}'..='\u{303f}' => out.push(' '),
            c if unspaced(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A line's length in words: its spaced words, and for Chinese or Japanese one word for
/// every two characters (the usual ratio), so the same limits hold for both.
fn word_count(text: &str) -> usize {
    let latin = spaced(text)
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count();
    latin + text.chars().filter(|&c| unspaced(c)).count().div_ceil(2)
}

/// Lower case, straight quotes, one space between words, no hidden characters: how texts are
/// compared.
pub fn fold(text: &str) -> String {
    let text = cleaned(text);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => out.push('\''),
                '\u{201c}' | '\u{201d}' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// The numbers in a token, with thousands separators dropped: `$1,200` → `1200`, `1.5M` →
/// `1.5`, `2024` → `2024`.
fn numbers(token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    let mut found = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let joins = (c == ',' || c == '.')
            && !current.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            current.push(c);
        } else if joins {
            if c == '.' {
                current.push('.');
            }
        } else if !current.is_empty() {
            found.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found
}

/// The words and numbers of some texts.
struct Known {
    words: HashSet<String>,
    numbers: HashSet<String>,
}

impl Known {
    fn of(texts: &[&str]) -> Self {
        let mut words = HashSet::new();
        let mut numbers_found = HashSet::new();
        for text in texts {
            for token in spaced(text).split_whitespace() {
                numbers_found.extend(numbers(token));
                for word in token
                    .replace('\u{2019}', "'")
                    .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                {
                    let word = word.trim_matches('\'');
                    let word = word.strip_suffix("'s").unwrap_or(word);
                    if !word.is_empty() {
                        words.insert(word.to_lowercase());
                    }
                }
            }
        }
        Self {
            words,
            numbers: numbers_found,
        }
    }
}

#[cfg(test)]
mod tests;
