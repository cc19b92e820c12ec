//! The inbox's forms, each answered with a redirect (303), so they work without JavaScript:
//! `POST /inbox/{id}/correct` with `kind` (and a reply's `summary`), the founder's word on what a
//! message is; `POST /inbox/{id}/answer`, the answer kept as a draft or sent.

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    routing::post,
};
use tower_http::limit::RequestBodyLimitLayer;

use super::answer;
use super::classify::Kind;
use super::correct::{Correction, correct};
use super::send::{self, Outcome};
use crate::domain::inbox::{CORRECTABLE, SUMMARIES};
use crate::server::campaigns::now;
use crate::server::campaigns::routes::{Answer, pairs, see_other, signed_in, unavailable};
use crate::server::platform::state::AppState;

/// The longest answer kept, in characters.
const MAX_ANSWER: usize = 5_000;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox/{id}/correct", post(post_correction))
        .route("/inbox/{id}/answer", post(post_answer))
        .layer(RequestBodyLimitLayer::new(
            crate::server::platform::security::MAX_BODY_BYTES,
        ))
}

/// The value of form field `name` (empty when absent).
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

async fn post_correction(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let fields = pairs(&body);
    let field = |name: &str| field(&fields, name);
    let back = |query: &str| see_other(&format!("/inbox?{query}#m{id}"));
    let Some(kind) = CORRECTABLE
        .contains(&field("kind"))
        .then(|| Kind::from_tag(field("kind")))
        .flatten()
    else {
        return Ok(back("problem=kind"));
    };
    let summary = SUMMARIES.iter().copied().find(|s| *s == field("summary"));
    let correction = Correction { kind, summary };
    let found = correct(&state.writer, &account, id, &correction, now())
        .await
        .map_err(unavailable)?;
    Ok(back(if found { "corrected=1" } else { "problem=gone" }))
}

/// `POST /inbox/{id}/answer` with `body` and `action`: `save`, `send`, or `rewrite` (with a
/// one-line `instruction`, by Claude).
async fn post_answer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let fields = pairs(&body);
    let field = |name: &str| field(&fields, name).to_owned();
    let text = field("body").replace("\r\n", "\n");
    let back = |query: &str| see_other(&format!("/inbox/{id}/answer?{query}"));
    if text.trim().is_empty() {
        return Ok(back("problem=empty"));
    }
    if text.chars().count() > MAX_ANSWER {
        answer::save(
            &state.writer,
            &account,
            id,
            &text.chars().take(MAX_ANSWER).collect::<String>(),
            now(),
        )
        .await
        .map_err(unavailable)?;
        return Ok(back("problem=long"));
    }
    if field("action") == "rewrite" {
        let instruction = field("instruction");
        if instruction.trim().is_empty() || instruction.chars().count() > 200 {
            answer::save(&state.writer, &account, id, &text, now())
                .await
                .map_err(unavailable)?;
            return Ok(back("problem=instruction"));
        }
        let rewritten = answer::rewrite(&state, &account, id, &text, &instruction, now())
            .await
            .map_err(unavailable)?;
        return Ok(back(match (rewritten, state.claude.is_some()) {
            (Some(_), _) => "rewritten=1",
            (None, true) => "problem=claude",
            (None, false) => "problem=offline",
        }));
    }
    if field("action") != "send" {
        answer::save(&state.writer, &account, id, &text, now())
            .await
            .map_err(unavailable)?;
        return Ok(back("saved=1"));
    }
    let outcome = send::send(&state, &account, id, &text, now())
        .await
        .map_err(unavailable)?;
    Ok(match outcome {
        Outcome::Sent | Outcome::AlreadySent => see_other(&format!("/inbox?answered={id}#m{id}")),
        Outcome::NoMailbox => back("problem=mailbox"),
        Outcome::Refused(_) => back("problem=refused"),
        Outcome::Unconfirmed => back("problem=unconfirmed"),
    })
}
