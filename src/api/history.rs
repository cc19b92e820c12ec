//! `GET /api/history`: the caller's sequences. `POST /api/sequence/delete`: deletes one of them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::domain::ids::SequenceId;
use crate::domain::{error::AppError, sequence::SequenceSummary};

/// How many sequences the history lists.
#[cfg(feature = "ssr")]
const HISTORY_LIMIT: i64 = 200;

/// The caller's sequences, newest first; empty for a visitor without a session.
#[server(endpoint = "history", input = GetUrl)]
pub async fn history() -> Result<Vec<SequenceSummary>, AppError> {
    use super::context::RequestContext;
    use crate::server::internal;
    use crate::server::platform::time_zone;
    use crate::server::sequences::store;

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(Vec::new());
    };
    let mut items = store::list_owned(&ctx.state.reader, &session.id, HISTORY_LIMIT)
        .await
        .map_err(internal("listing sequences"))?;
    let zone = ctx.time_zone();
    let lang = ctx.lang();
    for item in &mut items {
        item.when = time_zone::label(item.created_at, zone.as_ref(), lang);
    }
    Ok(items)
}

/// Deletes the caller's sequence `id`; `NotFound` for anyone else's. Without JavaScript the
/// answer is a redirect back to the history.
#[server(endpoint = "sequence/delete")]
pub async fn delete_sequence(#[server(default)] id: String) -> Result<(), AppError> {
    use super::context::RequestContext;
    use crate::server::internal;
    use crate::server::sequences::store;

    let ctx = RequestContext::current()?;
    let result = async {
        let id = SequenceId::parse(&id).ok_or(AppError::NotFound)?;
        let session = ctx.existing_session().await?.ok_or(AppError::NotFound)?;
        let deleted = store::delete_owned(&ctx.state.writer, &id, &session.id)
            .await
            .map_err(internal("deleting a sequence"))?;
        if deleted {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
    .await;
    ctx.redirect_form_post(
        &result,
        |_| "/history?deleted=1".to_owned(),
        |_| "/history?payment_error=not_found".to_owned(),
    );
    result
}
