//! The inbox page reads through this (its correction form posts to server/inbox/routes.rs).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::error::AppError;
use crate::domain::inbox::{AnswerView, InboxThread};

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

/// The answer page's data for message `id`; `None` when this browser is not signed in, not
/// found when the message is not the account's.
#[server(endpoint = "inbox/answer", input = GetUrl)]
pub async fn inbox_answer(id: i64) -> Result<Option<AnswerView>, AppError> {
    use crate::server::{inbox::answer, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let reader = &ctx.state.reader;
    let thread = answer::thread(reader, &me.account_id, id)
        .await
        .map_err(internal("reading a message to answer"))?
        .ok_or(AppError::NotFound)?;
    let now = crate::server::campaigns::now();
    let draft = answer::suggestion(&ctx.state, &me.account_id, id, &thread, now)
        .await
        .map_err(internal("suggesting an answer"))?;
    Ok(Some(AnswerView {
        id,
        can_send: thread.mailbox_id.is_some(),
        claude: ctx.state.claude.is_some(),
        state: thread.answer.as_ref().map(|(_, state)| state.clone()),
        from: thread.from,
        from_name: thread.from_name,
        subject: thread.subject,
        body: thread.body,
        draft,
    }))
}
