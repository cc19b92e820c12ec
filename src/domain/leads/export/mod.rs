//! A lead list ready to send: each sending tool's column names, the column and variable its
//! first line goes in, the sequence's first email with that variable after its greeting, and
//! the variable check shown before download.

use super::{LeadRow, columns::Field, fallbacks::Fallbacks};
use crate::domain::export::{ExportFormat, convert_tags, own_tag};
use crate::domain::i18n::{Messages, fill};
use crate::domain::sequence::Sequence;

/// How a tool names the leads file's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolColumns {
    pub email: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub company: &'static str,
    pub title: &'static str,
    pub website: &'static str,
    /// The column that holds the first line.
    pub line: &'static str,
}

impl ToolColumns {
    /// The column that holds `field`.
    pub fn name(&self, field: Field) -> &'static str {
        match field {
            Field::Email => self.email,
            Field::FirstName => self.first_name,
            Field::LastName => self.last_name,
            Field::Company => self.company,
            Field::Title => self.title,
            Field::Website => self.website,
        }
    }

    /// The field a merge tag named `name` is filled from: the column of that name, or the
    /// field ColdCopy's own tag stands for (`{{company_name}}` is the company).
    pub fn field_for(&self, name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| self.name(*f).eq_ignore_ascii_case(name))
            .or_else(|| match own_tag(name)?.0 {
                "first_name" => Some(Field::FirstName),
                "company_name" => Some(Field::Company),
                _ => None,
            })
    }
}

/// The tools a leads file is shaped for (and plain CSV).
pub const TOOLS: [ExportFormat; 5] = [
    ExportFormat::Lemlist,
    ExportFormat::Instantly,
    ExportFormat::Smartlead,
    ExportFormat::Apollo,
    ExportFormat::Csv,
];

/// The leads file's columns for `format`; `None` for a format that is no leads file.
pub fn columns(format: ExportFormat) -> Option<ToolColumns> {
    Some(match format {
        ExportFormat::Lemlist => ToolColumns {
            email: "email",
            first_name: "firstName",
            last_name: "lastName",
            company: "companyName",
            title: "jobTitle",
            website: "companyDomain",
            line: "icebreaker",
        },
        ExportFormat::Instantly => ToolColumns {
            email: "email",
            first_name: "firstName",
            last_name: "lastName",
            company: "companyName",
            title: "jobTitle",
            website: "website",
            line: "personalization",
        },
        ExportFormat::Smartlead => ToolColumns {
            email: "email",
            first_name: "first_name",
            last_name: "last_name",
            company: "company_name",
            title: "title",
            website: "website",
            line: "icebreaker",
        },
        ExportFormat::Apollo => ToolColumns {
            email: "Email",
            first_name: "First Name",
            last_name: "Last Name",
            company: "Company",
            title: "Title",
            website: "Website",
            line: "Personalized Line",
        },
        ExportFormat::Csv => ToolColumns {
            email: "email",
            first_name: "first_name",
            last_name: "last_name",
            company: "company_name",
            title: "title",
            website: "website",
            line: "first_line",
        },
        ExportFormat::Markdown => return None,
    })
}

/// The merge tag the sequence uses for the first line in `format`'s syntax.
pub fn line_variable(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Lemlist | ExportFormat::Smartlead => "{{icebreaker}}",
        ExportFormat::Instantly => "{{personalization}}",
        ExportFormat::Apollo => "{{personalized_line}}",
        _ => "{{first_line}}",
    }
}

/// The sequence with the first line's variable as the first email's opening paragraph (after
/// its greeting, when the body opens with one).
pub fn with_line_variable(sequence: &Sequence, format: ExportFormat) -> Sequence {
    let mut sequence = sequence.clone();
    let variable = line_variable(format);
    if let Some(first) = sequence.emails.first_mut()
        && !first.body.contains(variable)
    {
        let body = first.body.trim_start();
        first.body = match body.split_once("\n\n") {
            Some((greeting, rest))
                if greeting.trim_end().ends_with([',', '\u{ff0c}', '\u{ff1a}'])
                    && greeting.split_whitespace().count() <= 5 =>
            {
                format!("{greeting}\n\n{variable}\n\n{rest}")
            }
            _ => format!("{variable}\n\n{body}"),
        };
    }
    sequence
}

/// One merge tag the sequence uses, and how many rows have a value for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableCheck {
    /// As the tool spells it: `{{firstName}}`.
    pub tag: String,
    /// Its name inside the braces: `firstName`.
    pub name: String,
    /// Rows with a value of their own, of `total`.
    pub filled: usize,
    pub total: usize,
    /// What fills it, or why no row can.
    pub source: String,
    /// What the rows without a value get instead, when the founder gave it.
    pub fallback: Option<String>,
    /// Whether a fallback can fill it (a column of the leads file, or a new one; not the
    /// first line's own variable or the sender's name).
    pub fallback_allowed: bool,
}

impl VariableCheck {
    /// Every row sends a value: its own, or the fallback.
    pub fn complete(&self) -> bool {
        self.filled == self.total || self.fallback.is_some()
    }
}

/// The tags no column of the leads file fills (outside ColdCopy's own), given a fallback: each
/// becomes a column of that name holding the fallback in every row.
pub fn extra_columns(format: ExportFormat, fallbacks: &Fallbacks) -> Vec<(String, String)> {
    let Some(cols) = columns(format) else {
        return Vec::new();
    };
    fallbacks
        .iter()
        .filter(|(name, _)| {
            cols.field_for(name).is_none()
                && !cols.line.eq_ignore_ascii_case(name)
                && own_tag(name).is_none()
        })
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// Every merge tag in the sequence as `format` will send it (the first line's variable
/// included), with how many of `leads` fill it.
pub fn check_variables(
    sequence: &Sequence,
    leads: &[LeadRow],
    format: ExportFormat,
    fallbacks: &Fallbacks,
    t: &Messages,
) -> Vec<VariableCheck> {
    let cols = columns(format);
    let style = format.tag_style();
    let sequence = with_line_variable(sequence, format);
    let mut tags: Vec<String> = Vec::new();
    for email in &sequence.emails {
        for text in [&email.subject_a, &email.subject_b, &email.body] {
            let converted = convert_tags(text, style);
            let mut rest = converted.as_str();
            while let Some(start) = rest.find("{{") {
                let Some(end) = rest[start..].find("}}") else {
                    break;
                };
                let tag = &rest[start..start + end + 2];
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_owned());
                }
                rest = &rest[start + end + 2..];
            }
        }
    }
    let total = leads.len();
    let count = |field: Field| {
        leads
            .iter()
            .filter(|l| !l.data.get(field).is_empty())
            .count()
    };
    tags.into_iter()
        .map(|tag| {
            let name = tag
                .trim_start_matches("{{")
                .trim_end_matches("}}")
                .trim()
                .to_owned();
            let own = own_tag(&name).map(|(snake, _)| snake);
            let field = cols.and_then(|c| c.field_for(&name));
            let fallback = fallbacks.get(&name).map(str::to_owned);
            let (filled, source, fallback_allowed) = if tag == line_variable(format) {
                (total, t.variable_from_line.to_owned(), false)
            } else if own == Some("sender_name") {
                (
                    total,
                    fill(t.variable_from_sender, &[("tool", &tool_name(format, t))]),
                    false,
                )
            } else if let Some(field) = field {
                let column = cols.map(|c| c.name(field)).unwrap_or_default();
                (
                    count(field),
                    fill(t.variable_from_column, &[("column", &column)]),
                    true,
                )
            } else {
                let source = match &fallback {
                    Some(_) => fill(t.variable_new_column, &[("column", &name)]),
                    None => t.variable_no_column.to_owned(),
                };
                (0, source, true)
            };
            VariableCheck {
                tag,
                name,
                filled,
                total,
                source,
                fallback: fallback.filter(|_| fallback_allowed),
                fallback_allowed,
            }
        })
        .collect()
}

/// The sending tool a format is for ("lemlist"), or "your tool" for the generic ones.
pub fn tool_name(format: ExportFormat, t: &Messages) -> &'static str {
    match format {
        ExportFormat::Lemlist => "lemlist",
        ExportFormat::Instantly => "Instantly",
        ExportFormat::Smartlead => "Smartlead",
        ExportFormat::Apollo => "Apollo",
        _ => t.variable_your_tool,
    }
}

#[cfg(test)]
mod tests;
