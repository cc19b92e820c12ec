//! `GET /api/site`: facts about this server a page shows (who to write to).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::error::AppError;

/// The operator's contact address, when configured (`CONTACT_EMAIL`).
#[server(endpoint = "site", input = GetUrl)]
pub async fn contact_email() -> Result<Option<String>, AppError> {
    let ctx = super::context::RequestContext::current()?;
    Ok(ctx.state.settings.contact_email.clone())
}
