//! `GET /api/sequence?id=…`: one saved sequence, for the session that owns it.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::{error::AppError, sequence::SavedSequence};

/// The sequence `id`; `NotFound` for unknown ids and for other sessions' sequences alike.
#[server(endpoint = "sequence", input = GetUrl)]
pub async fn sequence(id: String) -> Result<SavedSequence, AppError> {
    use super::context::RequestContext;
    use crate::server::{internal, sequences};

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    sequences::find_owned(&ctx.state.pool, id.trim(), &session.id)
        .await
        .map_err(internal("loading a sequence"))?
        .ok_or(AppError::NotFound)
}
