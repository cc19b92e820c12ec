//! A lead list's columns: which header holds what, whatever its spelling, and the founder's
//! confirmed choice of columns ([`Mapping`]).

use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;
use crate::domain::i18n::{Messages, fill};

mod spellings;

/// A column ColdCopy reads by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    Company,
    Title,
    Website,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Email,
        Field::FirstName,
        Field::LastName,
        Field::Company,
        Field::Title,
        Field::Website,
    ];

    /// The form field's name (`col_email`, …) and the key in stored leads.
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Company => "company",
            Field::Title => "title",
            Field::Website => "website",
        }
    }

    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            Field::Email => t.lead_field_email,
            Field::FirstName => t.lead_field_first_name,
            Field::LastName => t.lead_field_last_name,
            Field::Company => t.lead_field_company,
            Field::Title => t.lead_field_title,
            Field::Website => t.lead_field_website,
        }
    }

    /// The spellings (lower case, letters and digits only, accents dropped: see [`squash`]) the
    /// sending tools and spreadsheets use for this column (`spellings`).
    fn spellings(self) -> &'static [&'static str] {
        spellings::of(self)
    }

    /// The field a header names, whatever its case, spaces or punctuation
    /// (`First Name`, `first_name`, `firstName`).
    pub fn recognise(header: &str) -> Option<Field> {
        let key = squash(header);
        Field::ALL
            .into_iter()
            .find(|field| field.spellings().contains(&key.as_str()))
    }
}

/// A header in lower case with only its letters and digits, Latin accents dropped:
/// `First Name` → `firstname`, `Prénom` → `prenom`, `Straße` → `strasse`.
fn squash(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
    {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => key.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ß' => key.push_str("ss"),
            c => key.push(c),
        }
    }
    key
}

/// Whether a header sounds like something the founder knows about the lead (notes, a company
/// description, keywords, technologies, funding, a recent post…): preselected as a fact column.
pub fn sounds_like_fact(header: &str) -> bool {
    use spellings::HINTS;
    let key = squash(header);
    Field::recognise(header).is_none() && HINTS.iter().any(|hint| key.contains(hint))
}

/// Which column holds what: indexes into the list's headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub email: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub company: Option<usize>,
    pub title: Option<usize>,
    pub website: Option<usize>,
    /// The columns that hold what the founder knows about each lead, in the list's order.
    pub facts: Vec<usize>,
}

impl Mapping {
    /// The mapping the headers suggest: the first header that names each field, and every
    /// header that sounds like a fact.
    pub fn guess(headers: &[String]) -> Mapping {
        let mut mapping = Mapping::default();
        for (index, header) in headers.iter().enumerate() {
            if let Some(field) = Field::recognise(header) {
                let slot = mapping.slot(field);
                if slot.is_none() {
                    *slot = Some(index);
                }
            } else if sounds_like_fact(header) {
                mapping.facts.push(index);
            }
        }
        mapping
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        match field {
            Field::Email => self.email,
            Field::FirstName => self.first_name,
            Field::LastName => self.last_name,
            Field::Company => self.company,
            Field::Title => self.title,
            Field::Website => self.website,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<usize> {
        match field {
            Field::Email => &mut self.email,
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Company => &mut self.company,
            Field::Title => &mut self.title,
            Field::Website => &mut self.website,
        }
    }

    /// Whether the lead's data is taken from `column` (a field's or a fact's).
    pub fn uses(&self, column: usize) -> bool {
        Field::ALL
            .into_iter()
            .any(|field| self.column(field) == Some(column))
            || self.facts.contains(&column)
    }

    /// Sets `field` to the column a form sent (`""` for none, else the column's index).
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        *self.slot(field) = column;
    }

    /// The mapping's problems for a list with these headers, each naming the form field.
    pub fn check(&self, headers: &[String], t: &Messages) -> Result<(), Vec<FieldError>> {
        let mut problems = Vec::new();
        let problem = |field: String, message: String| FieldError { field, message };
        if self.email.is_none() {
            problems.push(problem("col_email".into(), t.mapping_no_email.to_owned()));
        }
        for field in Field::ALL {
            let Some(column) = self.column(field) else {
                continue;
            };
            if column >= headers.len() {
                problems.push(problem(
                    format!("col_{}", field.key()),
                    fill(
                        t.mapping_no_such_column,
                        &[("field", &field.label(t)), ("column", &(column + 1))],
                    ),
                ));
            } else if let Some(other) = Field::ALL
                .into_iter()
                .take_while(|other| *other != field)
                .find(|other| self.column(*other) == Some(column))
            {
                problems.push(problem(
                    format!("col_{}", field.key()),
                    fill(
                        t.mapping_taken,
                        &[
                            ("field", &field.label(t)),
                            ("column", &headers[column]),
                            ("other", &other.label(t)),
                        ],
                    ),
                ));
            }
        }
        if self.facts.iter().any(|&column| column >= headers.len()) {
            problems.push(problem("facts".into(), t.mapping_no_such_fact.to_owned()));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests;
