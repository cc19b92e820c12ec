//! `GET /s/{id}/export/{format}`: a saved sequence as a file, for its own session only. CSV
//! files are written with the `csv` crate (quoting, embedded newlines); every cell that a
//! spreadsheet would run as a formula is neutralised.

use std::borrow::Cow;

use axum::{
    extract::{Path, State},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE},
    },
    response::{IntoResponse, Response},
};

use crate::domain::i18n::Messages;
use crate::domain::{
    export::{ExportFormat, convert_tags, file_name, to_markdown},
    hidden,
    ids::SequenceId,
    sequence::{SavedSequence, utc_label},
};
use crate::server::platform::{language, state::AppState};
use crate::server::sequences::store;
use crate::server::sessions;

/// A cell as a file may carry it: without hidden characters (`domain::hidden`: a
/// right-to-left override would reach the prospect through the sending tool), and when a
/// spreadsheet would read it as a formula (`=`, `+`, `-`, `@`, tab, carriage return at the
/// start) with a leading apostrophe, which spreadsheets show as text.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = |text: &str| {
        matches!(
            text.chars().next(),
            Some('=' | '+' | '-' | '@' | '\t' | '\r')
        )
    };
    // Checked before and after cleaning: a zero-width space in front must not hide a formula.
    let formula = risky(cell);
    let cell = match hidden::clean(cell) {
        cleaned if cleaned.text != cell => Cow::Owned(cleaned.text),
        _ => Cow::Borrowed(cell),
    };
    if formula || risky(&cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

/// The header row and one row per email (or per subject variant, for the generic file), each
/// tool's columns in its own vocabulary, merge tags in its spelling.
fn table(saved: &SavedSequence, format: ExportFormat) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let tags = |text: &str| convert_tags(text, format.tag_style());
    let emails = &saved.sequence.emails;
    // Days after the previous email: how lemlist, Instantly and Smartlead space their steps.
    let delay = |i: usize| {
        if i == 0 {
            0
        } else {
            emails[i].day - emails[i - 1].day
        }
    };
    match format {
        ExportFormat::Csv | ExportFormat::Markdown => {
            let rows = emails
                .iter()
                .flat_map(|e| {
                    [("A", &e.subject_a), ("B", &e.subject_b)].map(|(variant, subject)| {
                        vec![
                            e.step.to_string(),
                            e.day.to_string(),
                            variant.to_owned(),
                            tags(subject),
                            tags(&e.body),
                        ]
                    })
                })
                .collect();
            (vec!["step", "day", "variant", "subject", "body"], rows)
        }
        // One row per email; the columns differ only in name.
        ExportFormat::Lemlist | ExportFormat::Instantly | ExportFormat::Smartlead => {
            let header = match format {
                ExportFormat::Lemlist => {
                    vec!["step", "delay_days", "subject", "subject_b", "message"]
                }
                ExportFormat::Instantly => {
                    vec!["step", "wait_days", "subject", "subject_variant_b", "body"]
                }
                _ => vec![
                    "seq_number",
                    "delay_in_days",
                    "subject",
                    "variant_b_subject",
                    "email_body",
                ],
            };
            let rows = emails
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    vec![
                        e.step.to_string(),
                        delay(i).to_string(),
                        tags(&e.subject_a),
                        tags(&e.subject_b),
                        tags(&e.body),
                    ]
                })
                .collect();
            (header, rows)
        }
        ExportFormat::Apollo => (
            vec!["step_number", "day", "subject", "subject_b", "body"],
            emails
                .iter()
                .map(|e| {
                    vec![
                        e.step.to_string(),
                        // Apollo counts days from 1.
                        (e.day + 1).to_string(),
                        tags(&e.subject_a),
                        tags(&e.subject_b),
                        tags(&e.body),
                    ]
                })
                .collect(),
        ),
    }
}

/// The CSV file for `format` (UTF-8, CRLF line ends as RFC 4180 has them).
pub(crate) fn csv(saved: &SavedSequence, format: ExportFormat) -> Vec<u8> {
    let (header, rows) = table(saved, format);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(&header)
        .expect("writing to memory cannot fail");
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The file's bytes for any format.
pub(crate) fn file(saved: &SavedSequence, format: ExportFormat) -> Vec<u8> {
    match format {
        ExportFormat::Markdown => hidden::cleaned(&to_markdown(saved)).into_bytes(),
        other => csv(saved, other),
    }
}

/// `YYYY-MM-DD` of a Unix time (UTC).
fn date(unix: i64) -> String {
    utc_label(unix)[..10].to_owned()
}

/// The export route: 404 for an unknown format, an unknown sequence or another session's; the
/// refusal in the request's interface language.
pub(crate) async fn download(
    State(state): State<AppState>,
    Path((id, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let t = language::from_headers(&headers).t();
    let (Some(format), Some(id)) = (ExportFormat::parse(&format), SequenceId::parse(&id)) else {
        return not_found(t);
    };
    let session = match sessions::from_cookie(&state.reader, &headers).await {
        Ok(Some(session)) => session,
        Ok(None) => return not_found(t),
        Err(err) => {
            tracing::error!(error = %err, "looking up a session for an export");
            return unavailable(t);
        }
    };
    let saved = match store::find_owned(&state.reader, &id, &session.id).await {
        Ok(Some(saved)) => saved,
        Ok(None) => return not_found(t),
        Err(err) => {
            tracing::error!(error = %err, "loading a sequence for an export");
            return unavailable(t);
        }
    };
    let name = file_name(&saved.company, &date(saved.created_at), format);
    attachment(file(&saved, format), &name, format.content_type())
}

/// A download: `bytes` as `content_type`, saved as `name`, kept by no cache (it is one
/// session's).
pub(crate) fn attachment(bytes: Vec<u8>, name: &str, content_type: &'static str) -> Response {
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(CONTENT_DISPOSITION, value);
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

fn not_found(t: &Messages) -> Response {
    (StatusCode::NOT_FOUND, t.export_not_found).into_response()
}

fn unavailable(t: &Messages) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, t.export_unavailable).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sequence::{Email, Sequence, Source};

    fn saved() -> SavedSequence {
        let email = |step: u8, day: u16, a: &str, body: &str| Email {
            step,
            day,
            subject_a: a.into(),
            subject_b: format!("{a} (B)"),
            body: body.into(),
        };
        SavedSequence {
            id: SequenceId::from_stored("0000".into()),
            company: "Ledgerly".into(),
            job_title: "Financial Controller".into(),
            tone: "Direct".into(),
            language: "English".into(),
            source: Source::Offline,
            created_at: 1_795_600_000,
            sequence: Sequence {
                emails: vec![
                    email(
                        1,
                        0,
                        "Close in {{company_name}}",
                        "Hi {{first_name}},\n\nA line, with a comma and \"quotes\".\n\n— {{sender_name}}",
                    ),
                    email(
                        2,
                        3,
                        "=HYPERLINK(\"http://x\")",
                        "-5% churn, @{{first_name}}",
                    ),
                ],
            },
            edited: Vec::new(),
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_text_is_left_alone() {
        for (cell, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "' x"),
            ("\rx", "'\nx"),
            ("\u{200b}=SUM(A1)", "'=SUM(A1)"),
            ("Raised \u{202e}A seireS\u{202c}", "Raised A seireS"),
            ("Hi =x", "Hi =x"),
            ("— em dash", "— em dash"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_795_600_000), "2026-11-25");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    /// Each file equals its golden copy in `tests/golden/` (`UPDATE_GOLDEN=1` rewrites them).
    #[test]
    fn csv_files_match_their_golden_copies() {
        for format in ExportFormat::ALL {
            let bytes = file(&saved(), format);
            let path = format!(
                "tests/golden/export.{}.{}",
                format.slug(),
                format.extension()
            );
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &bytes).unwrap();
            }
            let golden = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&golden),
                "{path}"
            );
        }
    }

    #[test]
    fn a_csv_reads_back_to_the_same_cells() {
        let bytes = csv(&saved(), ExportFormat::Lemlist);
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][2], "Close in {{companyName}}");
        assert_eq!(
            &rows[0][4],
            "Hi {{firstName}},\n\nA line, with a comma and \"quotes\".\n\n— {{senderName}}"
        );
        assert_eq!(&rows[1][1], "3");
        assert_eq!(&rows[1][2], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&rows[1][4], "'-5% churn, @{{firstName}}");
    }
}
