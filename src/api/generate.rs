//! `POST /api/generate`: the form in, a saved sequence's id out (the path without JavaScript).
//! `POST /api/generate/stream`: the same steps, answered as a stream of progress events (one JSON
//! object per line) so the page can show each email as soon as it is written. `GET
//! /api/generate/brief`: the brief the form opens with.
#![expect(
    clippy::too_many_arguments,
    reason = "the #[server] macro generates functions with one argument per form field"
)]

use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, Json, Streaming};

use crate::domain::{error::AppError, form::GenerateForm, ids::SequenceId};

/// Writes and saves a sequence for the caller's session; answers the sequence id.
///
/// Every argument defaults to empty, so a missing field is reported by name (400) instead of
/// failing to decode. With JavaScript off the answer is a redirect: to `/s/{id}`, or back to the
/// form with the values and the error in the query string.
#[server(endpoint = "generate")]
pub async fn generate(
    #[server(default)] company: String,
    #[server(default)] job_title: String,
    #[server(default)] problem: String,
    #[server(default)] product: String,
    #[server(default)] benefit: String,
    #[server(default)] cta: String,
    #[server(default)] tone: String,
    #[server(default)] emails: String,
    #[server(default)] language: String,
) -> Result<SequenceId, AppError> {
    use super::context::RequestContext;
    use crate::server::generation::pipeline;

    let form = GenerateForm {
        company,
        job_title,
        problem,
        product,
        benefit,
        cta,
        tone,
        emails,
        language,
    };
    let ctx = RequestContext::current()?;
    let result = async {
        // Boxed: admitting (session, limits, reservation) takes many database round trips, and
        // unboxed its state would stay in this future's size for the whole generation.
        let (admitted, request) = Box::pin(admit(&ctx, &form)).await?;
        if ctx.is_form_post() {
            // Without JavaScript the browser goes to the sequence's page at once: it follows
            // the writing, refreshing itself until the sequence is saved.
            pipeline::start(&ctx.state, admitted.reservation, request).await
        } else {
            pipeline::generate(&ctx.state, admitted.reservation, request).await
        }
    }
    .await;

    ctx.redirect_form_post(
        &result,
        |id| format!("/s/{id}"),
        |err| form_error_url(&form, err),
    );
    // Success sends the hydrated ActionForm to the results too (server functions follow it).
    if let (Ok(id), false) = (&result, ctx.is_form_post()) {
        leptos_axum::redirect(&format!("/s/{id}"));
    }
    result
}

/// Writes and saves a sequence like `generate`, streaming its progress: `started`, each `email`
/// as soon as it is complete (`restarted` if the writer has to begin again), then `saved` with
/// the id or `failed` with the error. Input, session, rate-limit and quota problems are answered
/// before the stream starts, with the same statuses as `generate`.
#[server(endpoint = "generate/stream", input = Json, output = Streaming)]
pub async fn generate_stream(form: GenerateForm) -> Result<ByteStream<AppError>, AppError> {
    use super::context::RequestContext;
    use crate::server::generation::pipeline;
    use futures_util::stream;

    let ctx = RequestContext::current()?;
    let (admitted, request) = Box::pin(admit(&ctx, &form)).await?;
    let (events, received) = tokio::sync::mpsc::unbounded_channel();
    // The task finishes (saves, or gives the reservation back) even if the visitor leaves.
    drop(pipeline::spawn(
        ctx.state.clone(),
        admitted.reservation,
        request,
        Some(events),
    ));
    Ok(ByteStream::new(stream::unfold(
        received,
        |mut received| async move {
            let event = received.recv().await?;
            Some((Ok(event.to_line()), received))
        },
    )))
}

/// Parses the form, then admits the generation (`quota::admit`), setting the cookie of a
/// session made for it. Shared by both endpoints.
#[cfg(feature = "ssr")]
async fn admit(
    ctx: &super::context::RequestContext,
    form: &GenerateForm,
) -> Result<
    (
        crate::server::quota::Admitted,
        crate::domain::form::SequenceRequest,
    ),
    AppError,
> {
    use crate::domain::form::SequenceRequest;
    use crate::server::quota;

    let request =
        SequenceRequest::parse(form, ctx.t()).map_err(|fields| AppError::Invalid { fields })?;
    let admitted = quota::admit(&ctx.state, &ctx.parts.headers, ctx.client_ip(), |id| {
        ctx.set_session_cookie(id)
    })
    .await?;
    Ok((admitted, request))
}

/// `/generate?<the values>&__path=…&__err=…`: the form again, filled in, with the error that
/// `ServerAction` decodes during server rendering.
#[cfg(feature = "ssr")]
fn form_error_url(form: &GenerateForm, err: &AppError) -> String {
    use leptos::server_fn::{ServerFn, error::ServerFnUrlError};
    use reqwest::Url;

    let mut url = Url::parse("http://form.invalid/generate").expect("a valid URL");
    url.query_pairs_mut().extend_pairs(form.pairs());
    let url = ServerFnUrlError::new(Generate::PATH, err.clone())
        .to_url(url.as_str())
        .unwrap_or(url);
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The brief the form opens with: that of the caller's sequence `from`, or when `from` is empty
/// that of the caller's latest sequence; `None` for a new visitor or a sequence not theirs.
#[server(endpoint = "generate/brief", input = GetUrl)]
pub async fn last_brief(from: String) -> Result<Option<GenerateForm>, AppError> {
    use super::context::RequestContext;
    use crate::server::{
        internal,
        sequences::{store, writings},
    };

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(None);
    };
    let id = if from.is_empty() {
        session.latest
    } else {
        SequenceId::parse(&from)
    };
    let Some(id) = id else {
        return Ok(None);
    };
    let reader = &ctx.state.reader;
    let found = match store::find_owned_with_brief(reader, &id, &session.id).await {
        Ok(Some((brief, _))) => Ok(Some(brief)),
        // Still being written (or it failed): its writing holds the brief.
        Ok(None) => writings::find(reader, &id, &session.id)
            .await
            .map(|found| found.map(|(brief, _)| brief)),
        Err(err) => Err(err),
    }
    .map_err(internal("loading a brief"))?;
    Ok(found.map(|brief| GenerateForm::from(&brief)))
}
