//! The campaigns' pages read through these (their forms post to server/campaigns/routes.rs):
//! the list, what the new-campaign form offers, one campaign, an unsubscribe link's state.
//! Signed-in accounts only, except the unsubscribe link, which its token alone opens.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::campaign::{CampaignChoices, CampaignPage, CampaignSummary};
use crate::domain::error::AppError;

/// The account's campaigns; `None` when this browser is not signed in.
#[server(endpoint = "campaigns", input = GetUrl)]
pub async fn campaigns() -> Result<Option<Vec<CampaignSummary>>, AppError> {
    use crate::server::{campaigns::store, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    store::list(&ctx.state.reader, &me.account_id)
        .await
        .map(Some)
        .map_err(internal("listing campaigns"))
}

/// What the new-campaign form offers; `None` when this browser is not signed in.
#[server(endpoint = "campaigns/choices", input = GetUrl)]
pub async fn new_campaign_options() -> Result<Option<CampaignChoices>, AppError> {
    use crate::server::{campaigns::choices, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(None);
    };
    let Some(me) = session.account else {
        return Ok(None);
    };
    let reader = &ctx.state.reader;
    let lists = choices::lists(reader, session.id.as_str())
        .await
        .map_err(internal("listing lead lists for a campaign"))?;
    let mailboxes = choices::mailboxes(reader, &me.account_id)
        .await
        .map_err(internal("listing mailboxes for a campaign"))?;
    let time_zone = ctx
        .time_zone()
        .and_then(|zone| zone.iana_name().map(str::to_owned))
        .unwrap_or_else(|| "UTC".to_owned());
    Ok(Some(CampaignChoices {
        lists,
        mailboxes,
        time_zone,
    }))
}

/// Campaign `id` of this account; `Ok(None)` when not signed in.
#[server(endpoint = "campaign", input = GetUrl)]
pub async fn campaign(#[server(default)] id: String) -> Result<Option<CampaignPage>, AppError> {
    use crate::server::{campaigns, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let reader = &ctx.state.reader;
    let found = campaigns::store::find(reader, &me.account_id, &id)
        .await
        .map_err(internal("loading a campaign"))?
        .ok_or(AppError::NotFound)?;
    let zone = ctx.time_zone();
    let can_send = ctx.state.settings.public_url.is_some();
    campaigns::page::page(
        reader,
        &found,
        campaigns::now(),
        zone.as_ref(),
        ctx.lang(),
        can_send,
    )
    .await
    .map(Some)
    .map_err(internal("loading a campaign's page"))
}

/// What the open page of campaign `id` compares to know it is out of date (`page::stamp`);
/// `None` when not signed in or not this account's.
#[server(endpoint = "campaign/stamp", input = GetUrl)]
pub async fn campaign_stamp(#[server(default)] id: String) -> Result<Option<String>, AppError> {
    use crate::server::{campaigns, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let reader = &ctx.state.reader;
    let mine = campaigns::store::find(reader, &me.account_id, &id)
        .await
        .map_err(internal("loading a campaign"))?;
    if mine.is_none() {
        return Ok(None);
    }
    campaigns::page::stamp(reader, &id)
        .await
        .map_err(internal("reading a campaign's stamp"))
}

/// An unsubscribe link's address (masked) and whether it is unsubscribed already; `None` for
/// a link that is not valid.
#[server(endpoint = "unsubscribe", input = GetUrl)]
pub async fn unsubscribe_status(
    #[server(default)] token: String,
) -> Result<Option<(String, bool)>, AppError> {
    use crate::server::{campaigns, internal};
    let ctx = super::context::RequestContext::current()?;
    let Some(lead) = campaigns::materials::token_lead(&ctx.state.mailboxes.key, &token) else {
        return Ok(None);
    };
    let found = campaigns::suppress::status(&ctx.state.reader, lead)
        .await
        .map_err(internal("reading an unsubscribe link"))?;
    Ok(found.map(|(email, done)| (campaigns::suppress::masked(&email), done)))
}

/// An address the account never mails, as the suppression list shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SuppressedView {
    pub email: String,
    /// `unsubscribed`, `bounced` or `manual`.
    pub reason: String,
    pub added: String,
}

/// The account's suppression list; `None` when this browser is not signed in.
#[server(endpoint = "suppressions", input = GetUrl)]
pub async fn suppression_list() -> Result<Option<Vec<SuppressedView>>, AppError> {
    use crate::server::{campaigns::suppress, internal, platform::time_zone};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let zone = ctx.time_zone();
    let list = suppress::list(&ctx.state.reader, &me.account_id)
        .await
        .map_err(internal("listing suppressed addresses"))?;
    Ok(Some(
        list.into_iter()
            .map(|s| SuppressedView {
                added: time_zone::label(s.created_at, zone.as_ref(), ctx.lang()),
                email: s.email,
                reason: s.reason,
            })
            .collect(),
    ))
}
