//! Read-only share links: make one for your sequence, stop sharing it, and open one (anyone with
//! the link, signed in or not). Every call works as a plain form post (JavaScript off).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use serde::{Deserialize, Serialize};

use crate::domain::{error::AppError, sequence::SavedSequence};

/// A sequence's sharing, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    /// Since when a live read-only link exists ("7 Dec 2026, 14:02"), if one does.
    pub live_since: Option<String>,
    /// The site's public address, for showing a new link whole.
    pub base: String,
    /// "Ledgerly → Financial Controller".
    pub title: String,
}

/// How the caller's sequence `id` is shared.
#[server(endpoint = "share/state", input = GetUrl)]
pub async fn share_state(id: String) -> Result<ShareView, AppError> {
    use crate::server::{internal, platform::time_zone, sequences::shares};
    let ctx = super::context::RequestContext::current()?;
    let (id, title) = owned(&ctx, &id).await?;
    let since = shares::live_since(&ctx.state.reader, &id)
        .await
        .map_err(internal("reading a share link"))?;
    let zone = ctx.time_zone();
    Ok(ShareView {
        live_since: since.map(|at| time_zone::label(at, zone.as_ref(), ctx.lang())),
        base: ctx.public_base(),
        title,
    })
}

/// Makes a new read-only link to the caller's sequence `id` (the old one stops working); answers
/// its address, which is shown this once.
#[server(endpoint = "share/new")]
pub async fn share_sequence(#[server(default)] id: String) -> Result<String, AppError> {
    use crate::server::{internal, sequences::shares};
    let ctx = super::context::RequestContext::current()?;
    let (sequence, _) = owned(&ctx, &id).await?;
    let token = shares::create(&ctx.state.writer, &sequence)
        .await
        .map_err(internal("making a share link"))?;
    let url = format!("{}/shared/{token}", ctx.public_base());
    ctx.redirect_form_post_to(&format!("/s/{sequence}/share?shared={token}"));
    Ok(url)
}

/// Stops sharing the caller's sequence `id`: its link no longer opens.
#[server(endpoint = "share/stop")]
pub async fn stop_sharing(#[server(default)] id: String) -> Result<(), AppError> {
    use crate::server::{internal, sequences::shares};
    let ctx = super::context::RequestContext::current()?;
    let (sequence, _) = owned(&ctx, &id).await?;
    shares::revoke(&ctx.state.writer, &sequence)
        .await
        .map_err(internal("stopping a share link"))?;
    ctx.redirect_form_post_to(&format!("/s/{sequence}/share?unshared=1"));
    Ok(())
}

/// The sequence a live read-only link opens, for anyone holding the link.
#[server(endpoint = "shared", input = GetUrl)]
pub async fn shared_sequence(token: String) -> Result<SavedSequence, AppError> {
    use crate::server::{internal, sequences::shares, sequences::store};
    let ctx = super::context::RequestContext::current()?;
    let (id, owner) = shares::opened_by(&ctx.state.reader, &token)
        .await
        .map_err(internal("opening a share link"))?
        .ok_or(AppError::NotFound)?;
    store::find_owned(&ctx.state.reader, &id, &owner)
        .await
        .map_err(internal("loading a shared sequence"))?
        .ok_or(AppError::NotFound)
}

/// The caller's own sequence `id`, with its title; `NotFound` for anyone else's and for unknown
/// ids alike.
#[cfg(feature = "ssr")]
async fn owned(
    ctx: &super::context::RequestContext,
    id: &str,
) -> Result<(crate::domain::ids::SequenceId, String), AppError> {
    use crate::domain::ids::SequenceId;
    use crate::server::{internal, sequences::store};
    let id = SequenceId::parse(id).ok_or(AppError::NotFound)?;
    let session = ctx.existing_session().await?.ok_or(AppError::NotFound)?;
    let saved = store::find_owned(&ctx.state.reader, &id, &session.id)
        .await
        .map_err(internal("loading a sequence"))?
        .ok_or(AppError::NotFound)?;
    Ok((id, format!("{} → {}", saved.company, saved.job_title)))
}
