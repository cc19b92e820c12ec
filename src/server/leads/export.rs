//! A lead list's files: the leads in a tool's column names with the first line in its
//! personalization column (the neutral opener for a lead without its own), and the sequence
//! whose first email uses that column's variable. Cells a spreadsheet would run as formulas
//! are neutralised, as in the sequence exports.

use crate::domain::{
    export::ExportFormat,
    leads::{
        LeadRow, LeadStatus,
        columns::Field,
        export::{columns, extra_columns, with_line_variable},
        fallbacks::Fallbacks,
        grounding,
    },
    sequence::SavedSequence,
};
use crate::server::sequences::export::{file, neutralise};

/// The lead's own line when it has one that still passes the grounding check; a lead without
/// one is sent the neutral opener. (Every line was checked when it was stored; checking again
/// at the door keeps the promise for any row.)
pub(crate) fn own_line<'a>(lead: &'a LeadRow, context: &str) -> Option<&'a str> {
    if lead.status != LeadStatus::Written {
        return None;
    }
    let line = lead.line.as_deref()?;
    if lead.vouched {
        // The founder vouched for its facts; its form is still checked at the door.
        return grounding::lint_line(line).is_empty().then_some(line);
    }
    let known = lead.data.corpus();
    let grounded = match (&lead.fact, lead.edited) {
        (Some(fact), false) => grounding::check(line, fact, &known, context).is_ok(),
        _ => grounding::check_unquoted(line, &known, context).is_ok(),
    };
    grounded.then_some(line)
}

/// The leads file for `format` (a leads file format: see `domain::leads::export::TOOLS`). A
/// column's empty cells get the founder's fallback for its tag, and a tag no column holds gets
/// a column of its own with its fallback in every row.
pub(crate) fn leads_csv(
    leads: &[LeadRow],
    neutral: &str,
    context: &str,
    format: ExportFormat,
    fallbacks: &Fallbacks,
) -> Option<Vec<u8>> {
    let cols = columns(format)?;
    let extra = extra_columns(format, fallbacks);
    // Each column's fallback, found once (not per cell) by the tag that names it.
    let fallback_of: Vec<(Field, &str)> = Field::ALL
        .into_iter()
        .filter_map(|field| {
            fallbacks
                .iter()
                .find(|(name, _)| cols.field_for(name) == Some(field))
                .map(|(_, value)| (field, value))
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec![
        cols.email,
        cols.first_name,
        cols.last_name,
        cols.company,
        cols.title,
        cols.website,
        cols.line,
    ];
    let plain = format == ExportFormat::Csv;
    header.extend(extra.iter().map(|(name, _)| name.as_str()));
    if plain {
        header.extend(["fact", "status"]);
    }
    writer
        .write_record(&header)
        .expect("writing to memory cannot fail");
    for lead in leads {
        let d = &lead.data;
        let own = own_line(lead, context);
        let line = own.unwrap_or(neutral);
        let cell = |field: Field| match d.get(field) {
            "" => fallback_of
                .iter()
                .find(|(f, _)| *f == field)
                .map_or("", |(_, value)| value),
            value => value,
        };
        let mut row = vec![
            d.email.as_str(),
            cell(Field::FirstName),
            cell(Field::LastName),
            cell(Field::Company),
            cell(Field::Title),
            cell(Field::Website),
            line,
        ];
        row.extend(extra.iter().map(|(_, value)| value.as_str()));
        if plain {
            let fact = match own {
                Some(_) if !lead.edited => lead.fact.as_deref().unwrap_or(""),
                _ => "",
            };
            row.extend([fact, lead.status.as_str()]);
        }
        writer
            .write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
            .expect("writing to memory cannot fail");
    }
    Some(writer.into_inner().expect("writing to memory cannot fail"))
}

/// The sequence file for `format`, its first email opening with the line's variable.
pub(crate) fn sequence_file(saved: &SavedSequence, format: ExportFormat) -> Vec<u8> {
    let mut saved = saved.clone();
    saved.sequence = with_line_variable(&saved.sequence, format);
    file(&saved, format)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::leads::{PLAIN_NEUTRAL_LINE, rows::LeadData};
    use crate::server::leads::writer::offline_line;

    const WORDS: &[&str] = &[
        "Acme",
        "raised",
        "a",
        "$12M",
        "Series",
        "A",
        "led",
        "by",
        "Index",
        "in",
        "May",
        "2025",
        "hiring",
        "3",
        "controllers",
        "Berlin",
        "Davos",
        "Oslo",
        "keynote",
        "the",
        "team",
        "opened",
        "office",
        "Lisbon",
        "impressive",
        "?",
        "{{first_name}}",
        "1,200",
        "customers",
        "Stripe",
        "moved",
        "to",
        "finance",
        "I",
        "amazing",
        "Q3",
    ];

    fn sentence(min: usize, max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), min..max).prop_map(|w| w.join(" "))
    }

    fn lead() -> impl Strategy<Value = (LeadData, String, String, u8, bool)> {
        (
            prop::collection::vec(sentence(3, 14), 0..3),
            sentence(2, 16),
            sentence(1, 6),
            0u8..3,
            any::<bool>(),
        )
            .prop_map(|(facts, line, fact, status, edited)| {
                let data = LeadData {
                    email: "a@b.co".into(),
                    first_name: "Ana".into(),
                    company: "Acme".into(),
                    facts: facts.into_iter().map(|f| ("Notes".to_owned(), f)).collect(),
                    ..LeadData::default()
                };
                (data, line, fact, status, edited)
            })
    }

    proptest! {
        /// The offline composer's line always passes the check it is stored under.
        #[test]
        fn offline_lines_are_grounded((data, ..) in lead()) {
            if let Some((line, fact)) = offline_line(&data) {
                prop_assert_eq!(grounding::check(&line, &fact, &data.corpus(), ""), Ok(()));
            }
        }

        /// Whatever a row holds (a line from Claude, a stale or invented one, the founder's),
        /// every line in every exported file is the neutral opener or passes the grounding check.
        #[test]
        fn no_exported_line_fails_the_grounding_check(leads in prop::collection::vec(lead(), 1..8)) {
            let context = "Ledgerly\nVP Finance\nFinance teams lose a week to reconciliation.";
            let rows: Vec<LeadRow> = leads
                .iter()
                .enumerate()
                .map(|(i, (data, line, fact, status, edited))| {
                    // Half the time the line is the offline composer's, as a writer stores it.
                    let (line, fact) = match (i % 2, offline_line(data)) {
                        (0, Some((line, fact))) => (line, fact),
                        _ => (line.clone(), fact.clone()),
                    };
                    LeadRow {
                        id: i as i64,
                        data: data.clone(),
                        status: [LeadStatus::Written, LeadStatus::NoSignal, LeadStatus::Failed][usize::from(*status)],
                        line: Some(line),
                        fact: Some(fact),
                        edited: *edited,
                        vouched: false,
                        note: None,
                        draft: None,
                    }
                })
                .collect();
            for format in crate::domain::leads::export::TOOLS {
                let bytes = leads_csv(&rows, PLAIN_NEUTRAL_LINE, context, format, &Fallbacks::default()).unwrap();
                let line_column = columns(format).unwrap().line;
                let mut reader = csv::Reader::from_reader(bytes.as_slice());
                let at = reader.headers().unwrap().iter().position(|h| h == line_column).unwrap();
                for (record, row) in reader.records().zip(&rows) {
                    let sent = record.unwrap()[at].to_owned();
                    if sent == PLAIN_NEUTRAL_LINE {
                        continue;
                    }
                    let known = row.data.corpus();
                    let fact = row.fact.as_deref().unwrap_or_default();
                    let grounded = if row.edited {
                        grounding::check_unquoted(&sent, &known, context)
                    } else {
                        grounding::check(&sent, fact, &known, context)
                    };
                    prop_assert_eq!(grounded, Ok(()), "{:?}: {}", format, sent);
                }
            }
        }
    }
}
