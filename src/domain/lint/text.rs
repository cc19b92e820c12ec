//! Reading the text the checks measure: words, sentences, syllables, the Flesch–Kincaid grade,
//! merge tags, phrase matching, and the wording of the checks' messages.

use super::*;
use crate::domain::i18n::{Messages, fill};

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
    // A phrase that starts with a letter or digit can only match where the text has its first
    // word as a whole word (the match starts on a boundary, and the phrase's next character, or
    // its end, closes the word). Checking that in a set first skips the substring search for
    // nearly every phrase of the lists: the search was two fifths of a results page's render.
    let words: std::collections::HashSet<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    list.into_iter()
        .filter(|phrase| {
            let first = phrase.split(|c: char| !c.is_alphanumeric()).next();
            let may_match = first.is_none_or(|first| first.is_empty() || words.contains(first));
            may_match && contains_phrase(&text, phrase)
        })
        .collect()
}

/// Lower case with typographic apostrophes and hyphens made plain.
pub(super) fn normalise(text: &str) -> String {
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
pub(super) fn contains_phrase(text: &str, phrase: &str) -> bool {
    !phrase_spans(text, phrase).is_empty()
}

/// `"free" is a phrase {what}.` / `"a", "b" are phrases {what}.`: each phrase found in `text`
/// named once, as the writer wrote it (their capitals), and a phrase found only inside a longer
/// one found ("hope this email finds you well" in "I hope this email finds you well") left out.
pub(super) fn found_message(text: &str, found: &[&str], what: &str, t: &Messages) -> String {
    let written = as_written(text, found);
    let written: Vec<&str> = written.iter().map(String::as_str).collect();
    let template = if written.len() == 1 {
        t.lint_phrase_one
    } else {
        t.lint_phrase_many
    };
    fill(template, &[("phrases", &quoted(&written)), ("what", &what)])
}

/// The phrases `found` in `text` (by `find_phrases`) as the text writes them, each once, without
/// those that only occur inside another found phrase; in the order of `found`.
pub(super) fn as_written(text: &str, found: &[&str]) -> Vec<String> {
    // The lower-cased text, and for each of its bytes the original byte it came from.
    let mut norm = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        for lower in normalise(c.encode_utf8(&mut [0; 4])).chars() {
            let start = norm.len();
            norm.push(lower);
            origin.extend(std::iter::repeat_n(at, norm.len() - start));
        }
    }
    origin.push(text.len());
    let spans: Vec<Vec<(usize, usize)>> = found
        .iter()
        .map(|phrase| phrase_spans(&norm, phrase))
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (i, own) in spans.iter().enumerate() {
        let inside_another = |&(a, b): &(usize, usize)| {
            spans.iter().enumerate().any(|(j, other)| {
                j != i
                    && other
                        .iter()
                        .any(|&(c, d)| c <= a && b <= d && d - c > b - a)
            })
        };
        let Some(&(a, b)) = own.iter().find(|span| !inside_another(span)) else {
            continue;
        };
        let written = &text[origin[a]..origin[b]];
        if !out.iter().any(|o| normalise(o) == normalise(written)) {
            out.push(written.to_owned());
        }
    }
    out
}

/// Where `phrase` occurs in `text` on word boundaries (as `contains_phrase` decides), as byte
/// ranges.
fn phrase_spans(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    let word_char = |c: char| c.is_alphanumeric();
    let needs_start = phrase.chars().next().is_some_and(word_char);
    let needs_end = phrase.chars().next_back().is_some_and(word_char);
    text.match_indices(phrase)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + phrase.len()..].chars().next();
            (!needs_start || !before.is_some_and(word_char))
                && (!needs_end || !after.is_some_and(word_char))
        })
        .map(|(at, _)| (at, at + phrase.len()))
        .collect()
}

/// Characters a reader sees, for languages written without spaces between words: letters and
/// digits, merge tags left out.
pub fn char_count(text: &str) -> usize {
    visible_chars(text).filter(|c| c.is_alphanumeric()).count()
}

/// A Chinese character (the unified ideographs, extension A and the compatibility block; Japanese
/// writes them too).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// A Japanese kana (hiragana or katakana): only Japanese writes them.
pub fn is_kana(c: char) -> bool {
    ('\u{3040}'..='\u{30ff}').contains(&c)
}

/// The characters of `text` outside its merge tags (`{{first_name}}`).
pub fn visible_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            if let Some(after) = rest.strip_prefix("{{")
                && let Some(close) = after.find("}}")
            {
                rest = &after[close + 2..];
                continue;
            }
            let mut chars = rest.chars();
            let next = chars.next()?;
            rest = chars.as_str();
            return Some(next);
        }
    })
}

pub(super) fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn upper_first(text: &str) -> String {
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
