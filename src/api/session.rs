//! `GET /api/session`: the caller's plan and allowance.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::{error::AppError, session::SessionInfo};

/// The caller's plan, sequences used and allowed. A visitor without a session gets what a new
/// session would have; no row is created just for asking.
#[server(endpoint = "session", input = GetUrl)]
pub async fn session() -> Result<SessionInfo, AppError> {
    use super::context::RequestContext;
    use crate::domain::{sequence::Source, session::Plan};

    let ctx = RequestContext::current()?;
    let paused = crate::server::quota::is_paused(&ctx.state).await?;
    let writer = if ctx.state.claude.is_some() {
        Source::Claude
    } else {
        Source::Offline
    };
    Ok(match ctx.existing_session().await? {
        Some(session) => SessionInfo {
            latest: session.latest,
            plan: session.plan,
            used: session.used,
            allowed: session.allowed,
            writer,
            paused,
            signed_in: session.account.is_some(),
        },
        None => SessionInfo {
            plan: Plan::Free,
            used: 0,
            allowed: ctx.state.settings.limits.free_sequences,
            writer,
            latest: None,
            paused,
            signed_in: false,
        },
    })
}
