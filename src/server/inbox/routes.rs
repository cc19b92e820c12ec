//! The inbox page's form: `POST /inbox/{id}/correct` with `kind` (and a reply's `summary`), the
//! founder's word on what a message is, answered with a redirect back to it (303), so it works
//! without JavaScript.

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    routing::post,
};
use tower_http::limit::RequestBodyLimitLayer;

use super::classify::Kind;
use super::correct::{Correction, correct};
use crate::domain::inbox::{CORRECTABLE, SUMMARIES};
use crate::server::campaigns::now;
use crate::server::campaigns::routes::{Answer, pairs, see_other, signed_in, unavailable};
use crate::server::platform::state::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox/{id}/correct", post(post_correction))
        .layer(RequestBodyLimitLayer::new(
            crate::server::platform::security::MAX_BODY_BYTES,
        ))
}

async fn post_correction(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let fields = pairs(&body);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
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
