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

fn tool_name(format: ExportFormat, t: &Messages) -> &'static str {
    match format {
        ExportFormat::Lemlist => "lemlist",
        ExportFormat::Instantly => "Instantly",
        ExportFormat::Smartlead => "Smartlead",
        ExportFormat::Apollo => "Apollo",
        _ => t.variable_your_tool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::leads::{LeadStatus, rows::LeadData};
    use crate::domain::sequence::Email;

    fn sequence() -> Sequence {
        let email = |step: u8, body: &str| Email {
            step,
            day: u16::from(step - 1) * 3,
            subject_a: "Close in two days".into(),
            subject_b: "{{company_name}}'s close".into(),
            body: body.into(),
        };
        Sequence {
            emails: vec![
                email(
                    1,
                    "Hi {{first_name}},\n\nMost teams lose a week.\n\n{{sender_name}}",
                ),
                email(2, "One more thing.\n\n{{sender_name}}"),
            ],
        }
    }

    fn lead(first_name: &str) -> LeadRow {
        LeadRow {
            id: 1,
            data: LeadData {
                email: "a@b.co".into(),
                first_name: first_name.into(),
                ..LeadData::default()
            },
            status: LeadStatus::Written,
            line: Some("A line".into()),
            fact: None,
            edited: false,
            note: None,
            draft: None,
        }
    }

    #[test]
    fn each_tools_sequence_names_the_columns_of_its_leads_file() {
        // Case and spaces aside: Apollo's import maps "First Name" to {{first_name}}.
        let key = |name: &str| name.to_lowercase().replace(' ', "_");
        for format in TOOLS {
            let cols = columns(format).unwrap();
            for (tag, field) in [
                ("{{first_name}}", Field::FirstName),
                ("{{company_name}}", Field::Company),
            ] {
                let spelled = convert_tags(tag, format.tag_style());
                let name = spelled.trim_start_matches("{{").trim_end_matches("}}");
                assert_eq!(key(name), key(cols.name(field)), "{format:?}: {tag}");
                assert_eq!(cols.field_for(name), Some(field), "{format:?}: {tag}");
            }
            let line = line_variable(format);
            assert_eq!(
                key(line.trim_start_matches("{{").trim_end_matches("}}")),
                key(cols.line),
                "{format:?}"
            );
        }
    }

    #[test]
    fn the_line_variable_goes_after_the_greeting() {
        let lemlist = with_line_variable(&sequence(), ExportFormat::Lemlist);
        assert_eq!(
            lemlist.emails[0].body,
            "Hi {{first_name}},\n\n{{icebreaker}}\n\nMost teams lose a week.\n\n{{sender_name}}"
        );
        assert_eq!(lemlist.emails[1].body, "One more thing.\n\n{{sender_name}}");
        let mut chinese = sequence();
        chinese.emails[0].body = "{{first_name}}，你好：\n\n很多团队每月结账要多花一周。".into();
        assert_eq!(
            with_line_variable(&chinese, ExportFormat::Lemlist).emails[0].body,
            "{{first_name}}，你好：\n\n{{icebreaker}}\n\n很多团队每月结账要多花一周。"
        );
        let mut no_greeting = sequence();
        no_greeting.emails[0].body = "Most teams lose a week.".into();
        let instantly = with_line_variable(&no_greeting, ExportFormat::Instantly);
        assert_eq!(
            instantly.emails[0].body,
            "{{personalization}}\n\nMost teams lose a week."
        );
    }

    #[test]
    fn the_variable_check_counts_rows_with_a_value() {
        let leads = [lead("Ana"), lead("")];
        let checks = check_variables(
            &sequence(),
            &leads,
            ExportFormat::Instantly,
            &Fallbacks::default(),
            crate::domain::i18n::Lang::En.t(),
        );
        let summary: Vec<_> = checks.iter().map(|c| (c.tag.as_str(), c.filled)).collect();
        assert_eq!(
            summary,
            [
                ("{{companyName}}", 0),
                ("{{firstName}}", 1),
                ("{{personalization}}", 2),
                ("{{senderName}}", 2),
            ]
        );
        assert!(!checks[1].complete());
        assert!(!checks[0].complete(), "no row has a company");
        // With a fallback for each, every row sends a value, in the columns that hold them; a
        // tag no column holds gets one of its own.
        let (fallbacks, bad) = Fallbacks::from_pairs(
            [("fb_firstName", "there"), ("fb_companyName", "your team")],
            crate::domain::i18n::Lang::En.t(),
        );
        assert!(bad.is_empty());
        let checks = check_variables(
            &sequence(),
            &leads,
            ExportFormat::Instantly,
            &fallbacks,
            crate::domain::i18n::Lang::En.t(),
        );
        assert!(checks.iter().all(VariableCheck::complete), "{checks:?}");
        assert_eq!(checks[1].fallback.as_deref(), Some("there"));
        assert_eq!(
            checks[1].filled, 1,
            "the row's own values are still counted"
        );
        assert!(extra_columns(ExportFormat::Instantly, &fallbacks).is_empty());
        let (other, _) = Fallbacks::from_pairs(
            [("fb_industry", "SaaS"), ("fb_lastName", "x")],
            crate::domain::i18n::Lang::En.t(),
        );
        assert_eq!(
            extra_columns(ExportFormat::Instantly, &other),
            [("industry".to_owned(), "SaaS".to_owned())]
        );
    }
}
