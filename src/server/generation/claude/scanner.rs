//! Emails out of a tool input that is still arriving: each element of the `emails` array as
//! soon as its closing brace does.

use serde_json::Value;

use super::wire::sequence_from_tool_input;
use crate::domain::sequence::Email;

/// One email object of the tool input, as an email (trimmed), if it has every field.
pub(super) fn email_from_object(object: &str) -> Option<Email> {
    let value: Value = serde_json::from_str(object).ok()?;
    let wrapped = serde_json::json!({ "emails": [value] });
    sequence_from_tool_input(wrapped).ok()?.emails.pop()
}

/// Watches the tool input JSON (`{"emails": [{…}, {…}]}`) grow and hands out each element of the
/// `emails` array as soon as its closing brace arrives. Tracks only nesting and strings
/// (with escapes); the final `serde_json` parse of the whole input stays the authority.
#[derive(Default)]
pub(super) struct EmailScanner {
    text: String,
    /// Bytes of `text` already scanned.
    scanned: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Where the element being read started (at depth 3: object in array in object).
    element_start: Option<usize>,
}

impl EmailScanner {
    /// Appends a fragment; returns the elements it completed, as JSON text.
    pub(super) fn push(&mut self, fragment: &str) -> Vec<String> {
        self.text.push_str(fragment);
        let mut done = Vec::new();
        let bytes = self.text.as_bytes();
        for (i, &byte) in bytes.iter().enumerate().skip(self.scanned) {
            if self.in_string {
                match byte {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth == 3 && byte == b'{' {
                        self.element_start = Some(i);
                    }
                }
                b'}' | b']' => {
                    if self.depth == 3
                        && byte == b'}'
                        && let Some(start) = self.element_start.take()
                    {
                        done.push(self.text[start..=i].to_owned());
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        self.scanned = self.text.len();
        done
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }
}
