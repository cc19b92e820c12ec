//! The generator form: its fields, their rules, and the parse from what a browser posts into a
//! `SequenceRequest` that cannot hold an invalid value.
//!
//! The browser runs this same code for live messages; the server runs it again and trusts nothing.

use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::i18n::{Lang, Messages, fill};
use super::options::{EmailCount, Language, Tone};

/// A free-text field: its form name and its length rule (characters after trimming); its label
/// is in the catalogue (`label`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
}

pub const COMPANY: TextRule = TextRule {
    name: "company",
    min: 1,
    max: 60,
};
pub const JOB_TITLE: TextRule = TextRule {
    name: "job_title",
    min: 2,
    max: 100,
};
pub const PROBLEM: TextRule = TextRule {
    name: "problem",
    min: 10,
    max: 400,
};
pub const PRODUCT: TextRule = TextRule {
    name: "product",
    min: 10,
    max: 400,
};
pub const BENEFIT: TextRule = TextRule {
    name: "benefit",
    min: 10,
    max: 200,
};
pub const CTA: TextRule = TextRule {
    name: "cta",
    min: 5,
    max: 120,
};

/// Every free-text field, in form order.
pub const TEXT_RULES: [TextRule; 6] = [COMPANY, JOB_TITLE, PROBLEM, PRODUCT, BENEFIT, CTA];

impl TextRule {
    /// The length the counter shows: characters after trimming, with `\r\n` counted once.
    pub fn count(&self, raw: &str) -> usize {
        normalise(raw).chars().count()
    }

    /// The field's label, in the interface language.
    pub fn label(&self, t: &Messages) -> &'static str {
        match self.name {
            "company" => t.field_company,
            "job_title" => t.field_job_title,
            "problem" => t.field_problem,
            "product" => t.field_product,
            "benefit" => t.field_benefit,
            _ => t.field_cta,
        }
    }

    /// The cleaned value, or a message naming this field in the interface language.
    pub fn check(&self, raw: &str, t: &Messages) -> Result<String, FieldError> {
        let value = normalise(raw);
        let len = value.chars().count();
        let label = self.label(t);
        // A control character is refused with a message (a tab, a bell); the invisible marks
        // (bidi overrides, zero-width characters) are only removed, by `normalise`.
        let controls = raw
            .replace("\r\n", "\n")
            .chars()
            .any(|c| c.is_control() && c != '\n');
        let problem = if controls {
            Some(fill(t.rule_control_char, &[("label", &label)]))
        } else if len == 0 {
            Some(fill(t.rule_required, &[("label", &label)]))
        } else if len < self.min {
            Some(fill(
                t.rule_too_short,
                &[("label", &label), ("min", &self.min), ("len", &len)],
            ))
        } else if len > self.max {
            Some(fill(
                t.rule_too_long,
                &[("label", &label), ("max", &self.max), ("len", &len)],
            ))
        } else {
            None
        };
        match problem {
            Some(message) => Err(FieldError {
                field: self.name.into(),
                message,
            }),
            None => Ok(value),
        }
    }
}

/// Trims, turns `\r\n` (what browsers post for a textarea newline) into `\n` and drops hidden
/// characters (`domain::hidden`): the form's words go into the emails.
fn normalise(raw: &str) -> String {
    crate::domain::hidden::cleaned(raw).trim().to_string()
}

/// The form exactly as posted: every field a string, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateForm {
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub benefit: String,
    #[serde(default)]
    pub cta: String,
    #[serde(default)]
    pub tone: String,
    #[serde(default)]
    pub emails: String,
    #[serde(default)]
    pub language: String,
}

impl GenerateForm {
    /// The raw value of a field by its form name.
    pub fn get(&self, name: &str) -> &str {
        match name {
            "company" => &self.company,
            "job_title" => &self.job_title,
            "problem" => &self.problem,
            "product" => &self.product,
            "benefit" => &self.benefit,
            "cta" => &self.cta,
            "tone" => &self.tone,
            "emails" => &self.emails,
            "language" => &self.language,
            _ => "",
        }
    }

    /// Every `(name, value)` pair, in form order.
    pub fn pairs(&self) -> [(&'static str, &str); 9] {
        [
            ("company", &self.company),
            ("job_title", &self.job_title),
            ("problem", &self.problem),
            ("product", &self.product),
            ("benefit", &self.benefit),
            ("cta", &self.cta),
            ("tone", &self.tone),
            ("emails", &self.emails),
            ("language", &self.language),
        ]
    }
}

/// A checked request: every field within its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceRequest {
    company: String,
    job_title: String,
    problem: String,
    product: String,
    benefit: String,
    cta: String,
    tone: Tone,
    emails: EmailCount,
    language: Language,
}

impl SequenceRequest {
    pub fn company(&self) -> &str {
        &self.company
    }
    pub fn job_title(&self) -> &str {
        &self.job_title
    }
    pub fn problem(&self) -> &str {
        &self.problem
    }
    pub fn product(&self) -> &str {
        &self.product
    }
    pub fn benefit(&self) -> &str {
        &self.benefit
    }
    pub fn cta(&self) -> &str {
        &self.cta
    }
    pub fn tone(&self) -> Tone {
        self.tone
    }
    pub fn emails(&self) -> EmailCount {
        self.emails
    }
    pub fn language(&self) -> Language {
        self.language
    }

    /// The same brief in another tone.
    pub fn with_tone(&self, tone: Tone) -> Self {
        Self {
            tone,
            ..self.clone()
        }
    }
}

impl From<&SequenceRequest> for GenerateForm {
    /// A saved brief as the form's values (the form opened again to change it).
    fn from(brief: &SequenceRequest) -> Self {
        GenerateForm {
            company: brief.company.clone(),
            job_title: brief.job_title.clone(),
            problem: brief.problem.clone(),
            product: brief.product.clone(),
            benefit: brief.benefit.clone(),
            cta: brief.cta.clone(),
            tone: brief.tone.value().to_owned(),
            emails: brief.emails.get().to_string(),
            language: brief.language.value().to_owned(),
        }
    }
}

impl TryFrom<&GenerateForm> for SequenceRequest {
    type Error = Vec<FieldError>;

    /// `parse` with the messages in English.
    fn try_from(form: &GenerateForm) -> Result<Self, Self::Error> {
        SequenceRequest::parse(form, Lang::En.t())
    }
}

impl SequenceRequest {
    /// Checks every field and reports every problem at once, in form order, in the interface
    /// language `t`.
    pub fn parse(form: &GenerateForm, t: &Messages) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |rule: TextRule| match rule.check(form.get(rule.name), t) {
            Ok(value) => value,
            Err(err) => {
                errors.push(err);
                String::new()
            }
        };
        let company = text(COMPANY);
        let job_title = text(JOB_TITLE);
        let problem = text(PROBLEM);
        let product = text(PRODUCT);
        let benefit = text(BENEFIT);
        let cta = text(CTA);
        let tone = Tone::parse(&form.tone).map_err(|_| errors.push(choice_error("tone", t)));
        let emails =
            EmailCount::parse(&form.emails).map_err(|_| errors.push(choice_error("emails", t)));
        let language =
            Language::parse(&form.language).map_err(|_| errors.push(choice_error("language", t)));
        match (tone, emails, language) {
            (Ok(tone), Ok(emails), Ok(language)) if errors.is_empty() => Ok(SequenceRequest {
                company,
                job_title,
                problem,
                product,
                benefit,
                cta,
                tone,
                emails,
                language,
            }),
            _ => Err(errors),
        }
    }
}

/// The message for a choice (tone, emails, language) that is not one of the offered ones.
fn choice_error(field: &str, t: &Messages) -> FieldError {
    let message = match field {
        "tone" => t.rule_tone.to_owned(),
        "emails" => fill(
            t.rule_emails,
            &[("min", &EmailCount::MIN), ("max", &EmailCount::MAX)],
        ),
        _ => t.rule_language.to_owned(),
    };
    FieldError {
        field: field.into(),
        message,
    }
}

/// A filled-in form for unit tests across the crate.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{GenerateForm, SequenceRequest};

    /// The Ledgerly brief with the given tone, number of emails and language.
    pub fn request(tone: &str, emails: &str, language: &str) -> SequenceRequest {
        SequenceRequest::try_from(&GenerateForm {
            tone: tone.into(),
            emails: emails.into(),
            language: language.into(),
            ..form()
        })
        .expect("the fixture is valid")
    }

    pub fn form() -> GenerateForm {
        GenerateForm {
            company: "Ledgerly".into(),
            job_title: "Financial Controller".into(),
            problem: "Month-end close takes a week of manual reconciliation".into(),
            product: "Matches Stripe payouts to invoices automatically".into(),
            benefit: "Close the books in two days instead of seven".into(),
            cta: "Worth a 15-minute look next week?".into(),
            tone: "professional".into(),
            emails: "5".into(),
            language: "en".into(),
        }
    }
}

#[cfg(test)]
mod tests;
