//! The check that a lead's first line is true: it quotes a fact found in the lead's own data,
//! and every number and capitalised name in it appears in the lead's data, the form or the
//! sequence. Code decides, not the model: a line that fails is asked for once more, then the
//! lead gets the neutral opener. The same check runs on the founder's own edits, and on every
//! line before it is exported. [`lint_line`] is the line's short quality check.

mod words;

use std::collections::HashSet;

use words::{CLICHES, OPENERS};

/// Why a line cannot be used, in words for the founder (each completes "The line …").
pub type Problems = Vec<String>;

/// Checks `line` against what is known: `fact` must appear in `lead` (the lead's data), and
/// each number and capitalised name in the line in `lead` or `context` (the form and the
/// sequence). Also runs [`lint_line`].
pub fn check(line: &str, fact: &str, lead: &str, context: &str) -> Result<(), Problems> {
    let mut problems = lint_line(line);
    let fact = fold(fact);
    let fact = fact.trim_end_matches(['.', '!', ';', ',']);
    if fact.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        problems.push("quotes no fact from this lead's data".into());
    } else if !fold(lead).contains(fact) {
        problems.push("quotes a fact that is not in this lead's data".into());
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
    for raw in line.split_whitespace() {
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
                    problems.push(format!(
                        "says \u{201c}{shown}\u{201d}, a number not in this lead's data, the form or the sequence"
                    ));
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
                problems.push(format!(
                    "names \u{201c}{name}\u{201d}, which is not in this lead's data, the form or the sequence"
                ));
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
    let words = trimmed.split_whitespace().count();
    if trimmed.is_empty() {
        problems.push("is empty".into());
        return problems;
    }
    if words < 5 {
        problems.push("is too short to say anything specific: write 5 words or more".into());
    }
    if words > 40 || trimmed.chars().count() > 280 {
        problems.push("is too long for a first line: keep it under 40 words".into());
    }
    if trimmed.contains('\n') {
        problems.push("runs over several lines: keep it to one".into());
    }
    if trimmed.contains('?') {
        problems.push(
            "asks a question: the sequence's call to action is the one question to ask".into(),
        );
    }
    if trimmed.contains("{{") || trimmed.contains("}}") {
        problems.push("holds a merge tag: the line goes into its own column".into());
    }
    let folded = fold(trimmed);
    for cliche in CLICHES.iter().copied() {
        if folded.contains(cliche) {
            problems.push(format!(
                "uses \u{201c}{cliche}\u{201d}, which reads as flattery or a template"
            ));
        }
    }
    problems
}

/// Lower case, straight quotes, one space between words: how texts are compared.
pub fn fold(text: &str) -> String {
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
            for token in text.split_whitespace() {
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
