//! The inbox page reads through this (its correction form posts to server/inbox/routes.rs).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::error::AppError;
use crate::domain::inbox::InboxThread;

/// What the inbox page shows: the threads for the filter, and each filter's count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InboxView {
    pub threads: Vec<InboxThread>,
    pub counts: Vec<(String, i64)>,
}

/// The account's inbox for `show` (a filter of `domain::inbox::FILTERS`); `None` when this
/// browser is not signed in.
#[server(endpoint = "inbox", input = GetUrl)]
pub async fn inbox(show: String) -> Result<Option<InboxView>, AppError> {
    use crate::server::{inbox::list, internal, platform::time_zone};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let (zone, lang) = (ctx.time_zone(), ctx.lang());
    let reader = &ctx.state.reader;
    let threads = list::threads(reader, &me.account_id, &show, |at| {
        time_zone::label(at, zone.as_ref(), lang)
    })
    .await
    .map_err(internal("reading the inbox"))?;
    let counts = list::counts(reader, &me.account_id)
        .await
        .map_err(internal("counting the inbox"))?;
    Ok(Some(InboxView { threads, counts }))
}
