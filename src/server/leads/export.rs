//! A lead list's files: the leads in a tool's column names with the first line in its
//! personalization column (the neutral opener for a lead without its own), and the sequence
//! whose first email uses that column's variable. Cells a spreadsheet would run as formulas
//! are neutralised, as in the sequence exports.

use crate::domain::{
    export::ExportFormat,
    leads::{LeadRow, LeadStatus, export::columns, export::with_line_variable, grounding},
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
    let known = lead.data.corpus();
    let grounded = match (&lead.fact, lead.edited) {
        (Some(fact), false) => grounding::check(line, fact, &known, context).is_ok(),
        _ => grounding::check_unquoted(line, &known, context).is_ok(),
    };
    grounded.then_some(line)
}

/// The leads file for `format` (a leads file format: see `domain::leads::export::TOOLS`).
pub(crate) fn leads_csv(
    leads: &[LeadRow],
    neutral: &str,
    context: &str,
    format: ExportFormat,
) -> Option<Vec<u8>> {
    let cols = columns(format)?;
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
    if plain {
        header.extend(["fact", "status"]);
    }
    writer.write_record(&header).expect("writing to memory cannot fail");
    for lead in leads {
        let d = &lead.data;
        let own = own_line(lead, context);
        let line = own.unwrap_or(neutral);
        let mut row = vec![
            d.email.as_str(),
            &d.first_name,
            &d.last_name,
            &d.company,
            &d.title,
            &d.website,
            line,
        ];
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
