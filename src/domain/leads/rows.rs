//! A lead list's rows sorted into usable leads and the rows that cannot be used, each with its
//! line number and why.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::columns::{Field, Mapping};
use crate::domain::i18n::{Messages, fill};

/// One row of the uploaded list, with the line of the file it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
    /// The columns whose cells held hidden characters, removed as the file was read
    /// (`domain::hidden`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<usize>,
}

/// A usable lead: its contact columns and what the founder knows about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadData {
    pub line: u64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub title: String,
    pub website: String,
    /// `(column header, cell)` for each fact column the row has a value in.
    pub facts: Vec<(String, String)>,
    /// A column this lead's data is taken from held hidden characters, removed as the file
    /// was read: the review says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl LeadData {
    /// Everything known about the lead, as one text: what a line may take its names and
    /// numbers from.
    pub fn corpus(&self) -> String {
        let mut text = [
            &self.first_name,
            &self.last_name,
            &self.company,
            &self.title,
            &self.website,
        ]
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n");
        for (_, value) in &self.facts {
            text.push('\n');
            text.push_str(value);
        }
        text
    }

    /// The value a field has for this lead (`""` when none).
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Email => &self.email,
            Field::FirstName => &self.first_name,
            Field::LastName => &self.last_name,
            Field::Company => &self.company,
            Field::Title => &self.title,
            Field::Website => &self.website,
        }
    }
}

/// A row that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub line: u64,
    pub reason: SkipReason,
}

/// Why a row was left out (kept with the job; a reason stored as text by an earlier version
/// reads back as [`SkipReason::Text`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    EmptyRow,
    NoEmail,
    /// The cell, shortened.
    NotAnEmail(String),
    Duplicate {
        email: String,
        first: u64,
    },
    #[serde(untagged)]
    Text(String),
}

impl SkipReason {
    /// The reason in `t`'s language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            SkipReason::EmptyRow => t.skip_empty_row.to_owned(),
            SkipReason::NoEmail => t.skip_no_email.to_owned(),
            SkipReason::NotAnEmail(shown) => fill(t.skip_not_an_email, &[("shown", shown)]),
            SkipReason::Duplicate { email, first } => {
                fill(t.skip_duplicate, &[("email", email), ("line", first)])
            }
            SkipReason::Text(text) => text.clone(),
        }
    }
}

/// The longest cell kept (a pasted article is cut here, at a character boundary).
pub const MAX_CELL_CHARS: usize = 2_000;

/// Sorts `rows` by `mapping` (checked first with [`Mapping::check`]): usable leads in the
/// list's order, and every row left out with its line and reason.
pub fn sort(headers: &[String], rows: &[Row], mapping: &Mapping) -> (Vec<LeadData>, Vec<Skipped>) {
    let mut leads = Vec::new();
    let mut skipped = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let cell = |column: Option<usize>| -> String {
            column
                .and_then(|c| row.cells.get(c))
                .map(|s| clip(s.trim()))
                .unwrap_or_default()
        };
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            skipped.push(Skipped {
                line: row.line,
                reason: SkipReason::EmptyRow,
            });
            continue;
        }
        let raw_email = cell(mapping.email);
        let email = match check_email(&raw_email) {
            Ok(email) => email,
            Err(reason) => {
                skipped.push(Skipped {
                    line: row.line,
                    reason,
                });
                continue;
            }
        };
        if let Some(first) = seen.get(&email) {
            skipped.push(Skipped {
                line: row.line,
                reason: SkipReason::Duplicate {
                    email: email.clone(),
                    first: *first,
                },
            });
            continue;
        }
        seen.insert(email.clone(), row.line);
        let facts = mapping
            .facts
            .iter()
            .filter_map(|&c| {
                let value = clip(row.cells.get(c)?.trim());
                (!value.is_empty()).then(|| (headers.get(c).cloned().unwrap_or_default(), value))
            })
            .collect();
        leads.push(LeadData {
            line: row.line,
            email,
            first_name: cell(mapping.first_name),
            last_name: cell(mapping.last_name),
            company: cell(mapping.company),
            title: cell(mapping.title),
            website: cell(mapping.website),
            facts,
            hidden: row.hidden.iter().any(|c| mapping.uses(*c)),
        });
    }
    (leads, skipped)
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => text[..end].to_owned(),
        None => text.to_owned(),
    }
}

/// The address in lower case, or why it is not one (for the skipped rows' list).
pub fn check_email(raw: &str) -> Result<String, SkipReason> {
    let email = raw.trim().trim_start_matches("mailto:").to_lowercase();
    if email.is_empty() {
        return Err(SkipReason::NoEmail);
    }
    let malformed = || Err(SkipReason::NotAnEmail(clip_short(raw)));
    let Some((local, domain)) = email.rsplit_once('@') else {
        return malformed();
    };
    let well_formed = !local.is_empty()
        && local.len() <= 64
        && email.len() <= 254
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if well_formed { Ok(email) } else { malformed() }
}

fn clip_short(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_into_leads_and_reasons() {
        let headers: Vec<String> = ["Email", "First Name", "Notes"].map(String::from).to_vec();
        let row = |line: u64, cells: &[&str]| Row {
            line,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
            hidden: Vec::new(),
        };
        let rows = vec![
            row(2, &["Ana@Example.com ", "Ana", "Raised a Series A in May"]),
            row(3, &["", "Bo", ""]),
            row(4, &["not an address", "Cy", ""]),
            row(5, &["ana@example.com", "Ana again", ""]),
            row(6, &["", "", " "]),
            row(7, &["dee@example.org", "Dee"]),
        ];
        let mapping = Mapping::guess(&headers);
        let (leads, skipped) = sort(&headers, &rows, &mapping);
        assert_eq!(leads.len(), 2);
        assert_eq!(leads[0].email, "ana@example.com");
        assert_eq!(
            leads[0].facts,
            vec![("Notes".into(), "Raised a Series A in May".into())]
        );
        assert!(leads[1].facts.is_empty(), "a short row has no facts");
        let reasons: Vec<_> = skipped
            .iter()
            .map(|s| (s.line, s.reason.message(crate::domain::i18n::Lang::En.t())))
            .collect();
        assert_eq!(
            reasons,
            [
                (3, "it has no email address".to_owned()),
                (
                    4,
                    "\u{201c}not an address\u{201d} is not an email address".to_owned()
                ),
                (5, "ana@example.com is already on line 2".to_owned()),
                (6, "the row is empty".to_owned()),
            ]
        );
    }

    #[test]
    fn reasons_keep_their_kind_and_old_text_reasons_survive() {
        let stored = r#"[{"line":3,"reason":"no_email"},{"line":5,"reason":{"duplicate":{"email":"a@b.co","first":2}}},{"line":6,"reason":"the row is empty"}]"#;
        let read: Vec<Skipped> = serde_json::from_str(stored).unwrap();
        assert_eq!(read[0].reason, SkipReason::NoEmail);
        assert_eq!(
            read[1].reason,
            SkipReason::Duplicate {
                email: "a@b.co".into(),
                first: 2
            }
        );
        assert_eq!(read[2].reason, SkipReason::Text("the row is empty".into()));
        assert_eq!(
            serde_json::to_string(&read[..2]).unwrap(),
            stored.replace(r#",{"line":6,"reason":"the row is empty"}"#, "")
        );
    }

    #[test]
    fn addresses_are_checked() {
        for good in ["a@b.co", "first.last+tag@sub.example.com", "mailto:X@Y.io"] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        for bad in [
            "a@b", "@b.co", "a b@c.co", "a@@b.co", "a@.b.co", "a@b..co", "a@b.co.",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
