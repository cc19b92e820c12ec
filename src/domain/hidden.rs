//! Characters a reader cannot see but a mail client obeys: bidirectional overrides and
//! isolates (U+202E shows the rest of a line reversed), zero-width characters, Unicode tag
//! characters (text smuggled past a reader) and C0/C1 controls. Every text that goes into an
//! email passes through [`clean`]: lead data as it is read, Claude's answers, the founder's
//! edits and fallbacks, the form, and every value an export writes.
//!
//! Kept: newlines (a `\r\n` or lone `\r` becomes `\n`, U+2028/U+2029 too), a tab as a space,
//! and ZWJ/ZWNJ between two characters of a script that needs them (Persian, the Indic
//! scripts, emoji sequences): those are never ASCII, so a joiner beside ASCII or at an edge
//! is dropped.

/// A text with its hidden characters removed, and how many were removed (line-ending and tab
/// changes are not counted: they are how spreadsheets write, not something hidden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub removed: usize,
}

/// Whether `c` is removed wherever it stands.
fn always_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // Zero-width space, word joiner, invisible operators, Mongolian vowel separator, BOM.
        | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{180e}' | '\u{feff}'
        // Interlinear annotations and tag characters.
        | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

fn joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// A neighbour a joiner may stand beside: a visible character outside ASCII.
fn joinable(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace() && !always_hidden(c) && !joiner(c))
}

/// `text` without hidden characters (see the module's notes).
pub fn clean(text: &str) -> Cleaned {
    if text.chars().all(|c| {
        !always_hidden(c) && !joiner(c) && !matches!(c, '\r' | '\t' | '\u{2028}' | '\u{2029}')
    }) {
        return Cleaned {
            text: text.to_owned(),
            removed: 0,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut last_kept: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let kept = match c {
            '\r' if chars.get(i + 1) == Some(&'\n') => None,
            '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if always_hidden(c) => {
                removed += 1;
                None
            }
            c if joiner(c) => {
                let next = chars[i + 1..].iter().copied().find(|&n| !always_hidden(n));
                if joinable(last_kept) && joinable(next) {
                    Some(c)
                } else {
                    removed += 1;
                    None
                }
            }
            c => Some(c),
        };
        if let Some(c) = kept {
            out.push(c);
            if !joiner(c) {
                last_kept = Some(c);
            }
        }
    }
    Cleaned { text: out, removed }
}

/// `text` without hidden characters.
pub fn cleaned(text: &str) -> String {
    clean(text).text
}

/// Whether `text` holds a character [`clean`] removes.
pub fn has_hidden(text: &str) -> bool {
    clean(text).removed > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_isolates_zero_width_and_controls_go() {
        let cases = [
            (
                "Raised \u{202e}A seireS\u{202c} in May",
                "Raised A seireS in May",
                2,
            ),
            ("\u{2066}Acme\u{2069} GmbH", "Acme GmbH", 2),
            ("Ac\u{200b}me\u{feff}", "Acme", 2),
            ("bell\u{7}\u{0}null\u{85}", "bellnull", 3),
            ("left\u{200e}right\u{200f}", "leftright", 2),
            ("tag\u{e0041}\u{e0042}s", "tags", 2),
            ("a\u{200d}b", "ab", 1),
            ("\u{200c}edge", "edge", 1),
        ];
        for (input, want, removed) in cases {
            let got = clean(input);
            assert_eq!(got.text, want, "{input:?}");
            assert_eq!(got.removed, removed, "{input:?}");
        }
    }

    #[test]
    fn what_a_script_or_a_line_needs_stays() {
        // ZWNJ in Persian, ZWJ in Devanagari and in an emoji family.
        for kept in [
            "می\u{200c}خواهم",
            "क्\u{200d}ष",
            "👩\u{200d}👩\u{200d}👧",
            "Zoë 李 — “quoted”",
            "one\ntwo",
        ] {
            assert_eq!(
                clean(kept),
                Cleaned {
                    text: kept.into(),
                    removed: 0
                },
                "{kept:?}"
            );
        }
        let lines = clean("one\r\ntwo\rthree\u{2028}four\tfive");
        assert_eq!(lines.text, "one\ntwo\nthree\nfour five");
        assert_eq!(
            lines.removed, 0,
            "line endings and tabs are not hidden characters"
        );
        assert!(has_hidden("x\u{202e}y"));
        assert!(!has_hidden("x\r\ny"));
    }
}
