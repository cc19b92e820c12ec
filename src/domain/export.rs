//! Exports of a saved sequence: the sending tools it is shaped for, their merge-tag spelling,
//! and the Markdown file. (The CSV files are written on the server with the `csv` crate; see
//! `server::export`.)

use super::sequence::SavedSequence;

/// The merge tags ColdCopy writes, in its neutral spelling, with the camelCase spelling of the
/// tools that use it.
pub const MERGE_TAGS: [(&str, &str); 3] = [
    ("first_name", "firstName"),
    ("company_name", "companyName"),
    ("sender_name", "senderName"),
];

/// How a tool spells merge tags. Each tool's spelling names the column of its leads file
/// that fills the tag (`domain::leads::export::columns`), so the two files meet without a
/// hand mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStyle {
    /// `{{first_name}}`, `{{company_name}}` (ours, plain CSV, Smartlead).
    Snake,
    /// `{{firstName}}`, `{{companyName}}` (lemlist, Instantly).
    Camel,
    /// Apollo's variables: `{{first_name}}`, `{{company}}` (filled from the contact's
    /// Company, the column Apollo's import maps to it).
    Apollo,
}

impl TagStyle {
    /// Our tag `snake` (one of [`MERGE_TAGS`]) in this spelling.
    fn spell(self, (snake, camel): (&'static str, &'static str)) -> &'static str {
        match (self, snake) {
            (TagStyle::Camel, _) => camel,
            (TagStyle::Apollo, "company_name") => "company",
            _ => snake,
        }
    }
}

/// A downloadable export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    /// `step, day, variant, subject, body`: one row per subject variant.
    Csv,
    Lemlist,
    Instantly,
    Apollo,
    Smartlead,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::Lemlist,
        ExportFormat::Instantly,
        ExportFormat::Apollo,
        ExportFormat::Smartlead,
    ];

    /// The path segment: `/s/{id}/export/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::Csv => "csv",
            ExportFormat::Lemlist => "lemlist",
            ExportFormat::Instantly => "instantly",
            ExportFormat::Apollo => "apollo",
            ExportFormat::Smartlead => "smartlead",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.slug() == slug)
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Csv => "CSV",
            ExportFormat::Lemlist => "lemlist CSV",
            ExportFormat::Instantly => "Instantly CSV",
            ExportFormat::Apollo => "Apollo CSV",
            ExportFormat::Smartlead => "Smartlead CSV",
        }
    }

    pub fn tag_style(self) -> TagStyle {
        match self {
            ExportFormat::Lemlist | ExportFormat::Instantly => TagStyle::Camel,
            ExportFormat::Apollo => TagStyle::Apollo,
            _ => TagStyle::Snake,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            _ => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            _ => "text/csv; charset=utf-8",
        }
    }
}

/// ColdCopy's own merge tag named `name` in either spelling (`first_name` or `firstName`), as
/// its (snake, camel) pair.
pub fn own_tag(name: &str) -> Option<(&'static str, &'static str)> {
    MERGE_TAGS
        .iter()
        .find(|(snake, camel)| name == *snake || name == *camel)
        .copied()
}

/// Rewrites our neutral merge tags (`{{first_name}}`, also written `{{ first_name }}`) in a
/// tool's spelling. Other `{{…}}` text is left as it is.
pub fn convert_tags(text: &str, style: TagStyle) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match own_tag(name) {
            Some(tag) => {
                out.push_str("{{");
                out.push_str(style.spell(tag));
                out.push_str("}}");
            }
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// A file name from the company and a date: `ledgerly-2026-11-25-lemlist.csv`.
pub fn file_name(company: &str, date: &str, format: ExportFormat) -> String {
    let mut slug = String::new();
    for c in company.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "sequence" } else { slug };
    let slug: String = slug.chars().take(40).collect();
    let kind = match format {
        ExportFormat::Markdown => "sequence",
        ExportFormat::Csv => "sequence",
        other => other.slug(),
    };
    format!("{slug}-{date}-{kind}.{}", format.extension())
}

/// The sequence as a Markdown document: a heading per email with its send day, both subjects
/// and the body.
pub fn to_markdown(saved: &SavedSequence) -> String {
    let mut md = format!(
        "# {} → {}\n\n{} emails · {} tone · {}\n",
        saved.company,
        saved.job_title,
        saved.sequence.emails.len(),
        saved.tone,
        saved.language
    );
    for email in &saved.sequence.emails {
        md.push_str(&format!(
            "\n## Email {} — Day {}\n\n**Subject A:** {}  \n**Subject B:** {}\n\n{}\n",
            email.step,
            email.day,
            email.subject_a,
            email.subject_b,
            email.body.trim_end()
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_tags_take_each_tools_spelling() {
        let text = "Hi {{first_name}}, how is {{ company_name }}? — {{sender_name}}";
        assert_eq!(
            convert_tags(text, TagStyle::Camel),
            "Hi {{firstName}}, how is {{companyName}}? — {{senderName}}"
        );
        assert_eq!(
            convert_tags(text, TagStyle::Snake),
            "Hi {{first_name}}, how is {{company_name}}? — {{sender_name}}"
        );
        assert_eq!(
            convert_tags(text, TagStyle::Apollo),
            "Hi {{first_name}}, how is {{company}}? — {{sender_name}}"
        );
        // Back again, and unknown tags, single braces and an unclosed tag untouched.
        assert_eq!(
            convert_tags("{{firstName}} {{title}} {x} {{first_name", TagStyle::Snake),
            "{{first_name}} {{title}} {x} {{first_name"
        );
        assert_eq!(
            convert_tags("no tags — für", TagStyle::Camel),
            "no tags — für"
        );
    }

    #[test]
    fn formats_round_trip_through_their_slugs() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(format.slug()), Some(format));
        }
        assert_eq!(ExportFormat::parse("xlsx"), None);
        assert_eq!(ExportFormat::Lemlist.tag_style(), TagStyle::Camel);
        assert_eq!(ExportFormat::Instantly.tag_style(), TagStyle::Camel);
        assert_eq!(ExportFormat::Apollo.tag_style(), TagStyle::Apollo);
        assert_eq!(ExportFormat::Smartlead.tag_style(), TagStyle::Snake);
    }

    #[test]
    fn file_names_come_from_the_company_and_date() {
        assert_eq!(
            file_name("Ledgerly", "2026-11-25", ExportFormat::Lemlist),
            "ledgerly-2026-11-25-lemlist.csv"
        );
        assert_eq!(
            file_name("Acme & Co. (EU)", "2026-11-25", ExportFormat::Markdown),
            "acme-co-eu-2026-11-25-sequence.md"
        );
        assert_eq!(
            file_name("../../etc/passwd", "2026-11-25", ExportFormat::Csv),
            "etc-passwd-2026-11-25-sequence.csv"
        );
        assert_eq!(
            file_name("Ünïcode", "2026-11-25", ExportFormat::Csv),
            "n-code-2026-11-25-sequence.csv"
        );
    }
}
