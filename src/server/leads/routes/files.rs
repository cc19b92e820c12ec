//! The files a lead list gives: its leads for a sending tool, and the sequence for that tool.

use axum::{
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
};

use super::{Answer, caller, job_context, not_found, unavailable};
use crate::domain::{
    export::{ExportFormat, file_name},
    leads::{LeadStatus, fallbacks::Fallbacks},
    sequence::utc_label,
};
use crate::server::leads::{export, queue};
use crate::server::platform::{language, state::AppState};
use crate::server::sequences::export::attachment;

/// The byte-order mark that tells Excel a CSV file is UTF-8 (without it Excel on Windows reads
/// `Jürgen` as `JÃ¼rgen`). Only the Excel copy has it: the sending tools' importers ask for
/// plain UTF-8, and one that kept the mark would read the first header as `\u{feff}email`.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// `?fb_<tag>=…` gives the fallbacks for empty cells (the export panel's links carry them);
/// `?excel=1` asks for the copy to open in Excel (the same file with a UTF-8 byte-order mark).
pub(super) async fn leads_file(
    State(state): State<AppState>,
    Path((job, format)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Answer {
    let format = ExportFormat::parse(&format).ok_or_else(not_found)?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (fallbacks, bad) = Fallbacks::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        language::from_headers(&headers).t(),
    );
    if let Some(bad) = bad.first() {
        return Err((StatusCode::BAD_REQUEST, bad.message.clone()).into_response());
    }
    let excel = pairs
        .iter()
        .any(|(key, value)| key == "excel" && value == "1");
    let (job, session) = caller(&state, &job, &headers).await?;
    let (stored, saved, context) = job_context(&state, &job, &session).await?;
    let mut leads = queue::list(&state.reader, &job)
        .await
        .map_err(unavailable("loading leads for an export"))?;
    // A lead waiting for allowance is not sent yet: it joins the files once its line is written.
    leads.retain(|lead| lead.status != LeadStatus::Held);
    let mut bytes = export::leads_csv(
        &leads,
        &stored.job.neutral_line,
        &context,
        format,
        &fallbacks,
    )
    .ok_or_else(not_found)?;
    let date = &utc_label(saved.created_at)[..10];
    let suffix = if excel {
        bytes.splice(0..0, UTF8_BOM.iter().copied());
        "-leads-excel.csv"
    } else {
        "-leads.csv"
    };
    let name = file_name(&saved.company, date, format).replace(".csv", suffix);
    Ok(attachment(bytes, &name, "text/csv; charset=utf-8"))
}

pub(super) async fn sequence_file(
    State(state): State<AppState>,
    Path((job, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    let format = ExportFormat::parse(&format).ok_or_else(not_found)?;
    let (job, session) = caller(&state, &job, &headers).await?;
    let (_, saved, _) = job_context(&state, &job, &session).await?;
    let date = &utc_label(saved.created_at)[..10];
    let name = file_name(&saved.company, date, format);
    Ok(attachment(
        export::sequence_file(&saved, format),
        &name,
        format.content_type(),
    ))
}
