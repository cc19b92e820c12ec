//! `POST /s/{id}/leads/upload`: a lead list uploaded (multipart: `file`, or pasted `rows`),
//! stored as a job waiting for its mapping. Every refusal goes back to the upload page with
//! what was wrong (`?error=…`), worded there in the visitor's language: a file over the limit
//! at any size (the body is read to its end, `upload_body`), a file that is not text by what
//! it is, an empty or malformed list.

use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    http::HeaderMap,
};

use super::{Answer, not_found, see_other, session, unavailable, upload_body, upload_limit};
use crate::domain::{hidden, ids::SequenceId, leads::neutral_line};
use crate::server::leads::{import, jobs};
use crate::server::platform::{language, state::AppState};
use crate::server::sequences::store;

/// What the form sent, each part cut at the limit.
#[derive(Default)]
struct Sent {
    file: Vec<u8>,
    file_name: String,
    pasted: Vec<u8>,
    /// A part was over the limit (the rest of the body was still read).
    too_big: bool,
    /// The body ended before the form did.
    broken: bool,
}

/// Reads every part of the form to its end, keeping at most `max` bytes of each.
async fn read_form(form: &mut Multipart, max: usize) -> Sent {
    let mut sent = Sent::default();
    'fields: loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                sent.broken = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            sent.file_name = field.file_name().unwrap_or_default().to_owned();
        }
        let (mut bytes, mut over) = (Vec::new(), false);
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !over && bytes.len() + chunk.len() <= max => bytes.extend(chunk),
                Ok(Some(_)) => {
                    (over, sent.too_big) = (true, true);
                    bytes = Vec::new();
                }
                Ok(None) => break,
                Err(_) => {
                    sent.broken = true;
                    break 'fields;
                }
            }
        }
        match name.as_str() {
            "file" => sent.file = bytes,
            "rows" => sent.pasted = bytes,
            _ => {}
        }
    }
    sent
}

pub(super) async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Answer {
    let sequence = SequenceId::parse(&id).ok_or_else(not_found)?;
    let session = session(&state, &headers).await?;
    let (brief, saved) = store::find_owned_with_brief(&state.reader, &sequence, &session.id)
        .await
        .map_err(unavailable("loading a sequence for an upload"))?
        .ok_or_else(not_found)?;
    let t = language::from_headers(&headers).t();
    let back = |error: &str| see_other(&format!("/s/{sequence}/leads?error={error}"));
    let (parts, body) = request.into_parts();
    let (body, over) = upload_body::capped(body, upload_limit(&state));
    let mut form = Multipart::from_request(Request::from_parts(parts, body), &state)
        .await
        .map_err(|_| back("unreadable"))?;
    let sent = read_form(&mut form, state.settings.leads.max_file_bytes).await;
    if sent.too_big || over.get() {
        return Err(back("too_big"));
    }
    if sent.broken {
        return Err(back("unreadable"));
    }
    let (bytes, name) = if sent.file.iter().any(|b| !b.is_ascii_whitespace()) {
        (sent.file, sent.file_name)
    } else {
        (sent.pasted, t.leads_pasted_rows.to_owned())
    };
    let table = import::read(&bytes, state.settings.leads.max_rows).map_err(|err| {
        back(&match err {
            import::ImportError::Empty => "empty".to_owned(),
            import::ImportError::NoRows => "no_rows".to_owned(),
            import::ImportError::TooManyRows { rows, .. } => format!("too_many&rows={rows}"),
            import::ImportError::Malformed { line, .. } => format!("malformed&line={line}"),
            import::ImportError::NotText(kind) => format!("not_text&kind={}", kind.slug()),
        })
    })?;
    let name: String = hidden::cleaned(&name)
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let draft = jobs::Draft {
        session: &session.id,
        sequence: &sequence,
        file_name: if name.trim().is_empty() {
            t.leads_untitled
        } else {
            name.trim()
        },
        headers: &table.headers,
        rows: &table.rows,
        neutral_line: &neutral_line(&brief, &saved.sequence),
        offline: state.claude.is_none(),
    };
    let job = jobs::create(&state.writer, draft)
        .await
        .map_err(unavailable("storing an uploaded lead list"))?;
    Ok(see_other(&format!("/leads/{job}")))
}
