//! `GET /api/sequence?id=…`: one saved sequence, for the session that owns it.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::domain::ids::SequenceId;
use crate::domain::{
    error::AppError,
    sequence::{Email, Rewritten, SavedSequence},
};

/// The sequence `id`; `NotFound` for unknown ids and for other sessions' sequences alike.
#[server(endpoint = "sequence", input = GetUrl)]
pub async fn sequence(id: String) -> Result<SavedSequence, AppError> {
    use super::context::RequestContext;
    use crate::server::internal;
    use crate::server::sequences::store;

    let ctx = RequestContext::current()?;
    let id = SequenceId::parse(&id).ok_or(AppError::NotFound)?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    store::find_owned(&ctx.state.reader, &id, &session.id)
        .await
        .map_err(internal("loading a sequence"))?
        .ok_or(AppError::NotFound)
}

/// Saves the founder's edit of email `step` of the caller's sequence `id`; answers the email
/// as it now reads. `NotFound` for anyone else's sequence or a step it does not have; the
/// problems with each field by name.
#[server(endpoint = "sequence/email")]
pub async fn save_email(
    #[server(default)] id: String,
    #[server(default)] step: String,
    #[server(default)] subject_a: String,
    #[server(default)] subject_b: String,
    #[server(default)] body: String,
) -> Result<Email, AppError> {
    use super::context::RequestContext;
    use crate::server::internal;
    use crate::server::sequences::edits;

    let ctx = RequestContext::current()?;
    let (id, step) = email_ref(&id, &step)?;
    let result: Result<Email, AppError> = async {
        let original = owned_original(&ctx, &id, step).await?;
        let email = original
            .edited(&subject_a, &subject_b, &body, ctx.t())
            .map_err(|fields| AppError::Invalid { fields })?;
        edits::save_edit(&ctx.state.writer, &id, &email)
            .await
            .map_err(internal("saving an edit"))?;
        Ok(email)
    }
    .await;
    ctx.redirect_form_post(
        &result,
        |_| format!("/s/{id}#email-{step}"),
        |err| {
            format!(
                "/s/{id}?edit={step}&payment_error={}#email-{step}",
                err.tag()
            )
        },
    );
    result
}

/// Reverts email `step` of the caller's sequence `id` to what was written; answers it.
#[server(endpoint = "sequence/revert")]
pub async fn revert_email(
    #[server(default)] id: String,
    #[server(default)] step: String,
) -> Result<Email, AppError> {
    use super::context::RequestContext;
    use crate::server::internal;
    use crate::server::sequences::edits;

    let ctx = RequestContext::current()?;
    let (id, step) = email_ref(&id, &step)?;
    let result: Result<Email, AppError> = async {
        let original = owned_original(&ctx, &id, step).await?;
        edits::revert_edit(&ctx.state.writer, &id, step)
            .await
            .map_err(internal("reverting an edit"))?;
        Ok(original)
    }
    .await;
    ctx.redirect_form_post(
        &result,
        |_| format!("/s/{id}#email-{step}"),
        |_| format!("/s/{id}#email-{step}"),
    );
    result
}

/// Rewrites email `step` of the caller's sequence `id` (paid plans): `mode` "fix" clears the
/// lint's warnings, anything else follows the optional `instruction`. The result is saved as
/// an edit. 404 for anyone else's sequence, 402 on the free plan, 429 past the rewrite limit.
#[server(endpoint = "sequence/rewrite")]
pub async fn rewrite_email(
    #[server(default)] id: String,
    #[server(default)] step: String,
    #[server(default)] instruction: String,
    #[server(default)] mode: String,
) -> Result<Rewritten, AppError> {
    use super::context::RequestContext;
    use crate::server::generation::rewrite::{Mode, rewrite};

    let ctx = RequestContext::current()?;
    let (id, step) = email_ref(&id, &step)?;
    let mode = if mode.trim() == "fix" {
        Mode::Fix
    } else {
        Mode::Rewrite
    };
    let result: Result<Rewritten, AppError> = async {
        let session = ctx.existing_session().await?.ok_or(AppError::NotFound)?;
        rewrite(&ctx.state, &session, &id, step, &instruction, mode, ctx.t()).await
    }
    .await;
    ctx.redirect_form_post(
        &result,
        |_| format!("/s/{id}#email-{step}"),
        |err| match err {
            // The page opens its paywall.
            AppError::PaidPlanRequired => {
                format!("/s/{id}?payment_error=paid_plan_required#email-{step}")
            }
            err => format!(
                "/s/{id}?rewrite={step}&payment_error={}#email-{step}",
                err.tag()
            ),
        },
    );
    result
}

/// The sequence id and email step a request names; an id that is not one we make, or a step
/// that is not a number, is `NotFound`.
#[cfg(feature = "ssr")]
fn email_ref(id: &str, step: &str) -> Result<(SequenceId, u8), AppError> {
    let id = SequenceId::parse(id).ok_or(AppError::NotFound)?;
    let step = step.trim().parse().map_err(|_| AppError::NotFound)?;
    Ok((id, step))
}

/// Email `step` as written, when the caller owns sequence `id`; `NotFound` otherwise.
#[cfg(feature = "ssr")]
async fn owned_original(
    ctx: &super::context::RequestContext,
    id: &SequenceId,
    step: u8,
) -> Result<Email, AppError> {
    use crate::server::internal;
    use crate::server::sequences::edits;

    let session = ctx.existing_session().await?.ok_or(AppError::NotFound)?;
    edits::original_email(&ctx.state.reader, id, &session.id, step)
        .await
        .map_err(internal("loading an email"))?
        .ok_or(AppError::NotFound)
}
