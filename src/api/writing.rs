//! `GET /api/writing?id=…`: a sequence being written, for the session writing it (its page
//! follows the writing through this until the sequence is saved).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::{error::AppError, progress::Writing};

/// The writing of sequence `id`; `NotFound` once it is saved (or for anyone else's).
#[server(endpoint = "writing", input = GetUrl)]
pub async fn writing_progress(id: String) -> Result<Writing, AppError> {
    use super::context::RequestContext;
    use crate::domain::ids::SequenceId;
    use crate::server::{internal, sequences::writings};

    let ctx = RequestContext::current()?;
    let id = SequenceId::parse(&id).ok_or(AppError::NotFound)?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    writings::find(&ctx.state.reader, &id, &session.id)
        .await
        .map_err(internal("loading a writing"))?
        .map(|(_, writing)| writing)
        .ok_or(AppError::NotFound)
}
