//! The campaigns' forms, each a plain HTML post answered with a redirect (303), so they work the
//! same with JavaScript and without: make a campaign, start, pause, resume, stop, stop one
//! lead, send oneself a test. And `POST /u/{token}`: the unsubscribe link's one-click POST
//! (RFC 8058), also the button on its page.

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use tower_http::limit::RequestBodyLimitLayer;

use super::{form, materials, now, page, sender, store, suppress, unconfirmed};
use crate::server::mail::session::Session;
use crate::server::platform::state::AppState;
use crate::server::sessions::{self, Session as Visitor};

pub(crate) type Answer = Result<Response, Response>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", post(create))
        .route("/campaigns/{id}/control", post(control))
        .route("/campaigns/{id}/leads/{lead}/stop", post(stop_lead))
        .route("/campaigns/{id}/leads/{lead}/settle", post(settle))
        .route("/campaigns/{id}/test", post(test_send))
        .route("/u/{token}", post(unsubscribe))
        .route("/account/address", post(super::address::post))
        .route("/suppressions", post(suppress_add))
        .route("/suppressions/remove", post(suppress_remove))
        .route("/suppressions/export", axum::routing::get(suppress_export))
        .layer(RequestBodyLimitLayer::new(
            crate::server::platform::security::MAX_BODY_BYTES,
        ))
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

pub(crate) fn unavailable(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "a campaign form failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "ColdCopy cannot reach its database just now. Try again in a minute.",
    )
        .into_response()
}

/// The signed-in visitor and their account id; a redirect to the sign-in page otherwise.
pub(crate) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Visitor, String), Response> {
    let visitor = sessions::from_cookie(&state.reader, headers)
        .await
        .map_err(unavailable)?;
    match visitor {
        Some(visitor) => match visitor.account.clone() {
            Some(account) => Ok((visitor, account.account_id)),
            None => Err(see_other("/signin")),
        },
        None => Err(see_other("/signin")),
    }
}

/// The campaign's page as the server checks it (the preview, the empty merge tags).
async fn checked(
    state: &AppState,
    campaign: &store::Campaign,
) -> Result<crate::domain::campaign::CampaignPage, Response> {
    let english = crate::domain::i18n::Lang::En;
    page::page(&state.reader, campaign, now(), None, english, true)
        .await
        .map_err(unavailable)
}

pub(crate) fn pairs(body: &Bytes) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// `POST /campaigns`: a draft made, or the form back with the wrong fields named.
async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let (visitor, account) = signed_in(&state, &headers).await?;
    let pairs = pairs(&body);
    let back = |bad: &[&str]| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("bad", &bad.join(","));
        for (key, value) in &pairs {
            query.append_pair(key, value);
        }
        see_other(&format!("/campaigns/new?{}#new", query.finish()))
    };
    let new = match form::read(&pairs) {
        Ok(new) => new,
        Err(bad) => return Ok(back(&bad)),
    };
    match store::create(&state.writer, &account, visitor.id.as_str(), &new, now()).await {
        Ok(id) => Ok(see_other(&format!("/campaigns/{id}"))),
        Err(store::CreateError::Fields(bad)) => Ok(back(&bad)),
        Err(store::CreateError::Db(err)) => Err(unavailable(err)),
    }
}

/// `POST /campaigns/{id}/control` with `action`: start, pause, resume or stop.
async fn control(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (visitor, account) = signed_in(&state, &headers).await?;
    let action = pairs(&body)
        .into_iter()
        .find(|(key, _)| key == "action")
        .and_then(|(_, value)| store::Control::parse(&value));
    let campaign = store::find(&state.reader, &account, &id)
        .await
        .map_err(unavailable)?;
    let (Some(action), Some(campaign)) = (action, campaign) else {
        return Ok(see_other("/campaigns"));
    };
    let back = |problem: &str| see_other(&format!("/campaigns/{id}?problem={problem}"));
    if matches!(action, store::Control::Start | store::Control::Resume) {
        let plans = &state.settings.mail.sending_plans;
        if !plans.iter().any(|plan| plan == visitor.plan.as_str()) {
            return Ok(back("plan"));
        }
        if state.settings.public_url.is_none() {
            return Ok(back("public_url"));
        }
        let shown = checked(&state, &campaign).await?;
        if !shown.problems.is_empty() {
            return Ok(back("tags"));
        }
        if shown.preview.is_empty() {
            return Ok(back("no_leads"));
        }
    }
    let moved = store::control(&state.writer, &account, &id, action, now())
        .await
        .map_err(unavailable)?;
    let rounds_on = !state.settings.mail.send_round.is_zero();
    if moved && rounds_on && matches!(action, store::Control::Start | store::Control::Resume) {
        // The first round at once, not at the next tick (never when rounds are off: the tests
        // drive them with their own clock).
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(err) = sender::round(&state, now()).await {
                tracing::error!(error = %err, "a campaign round failed");
            }
        });
    }
    Ok(see_other(&format!("/campaigns/{id}")))
}

/// `POST /campaigns/{id}/leads/{lead}/stop`: one lead stopped by hand.
async fn stop_lead(
    State(state): State<AppState>,
    Path((id, lead)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    store::stop_lead(&state.writer, &account, &id, lead, now())
        .await
        .map_err(unavailable)?;
    Ok(see_other(&format!("/campaigns/{id}#lead-{lead}")))
}

/// `POST /campaigns/{id}/leads/{lead}/settle`: the founder's word on a send that could not be
/// confirmed (`word=arrived` or `word=again`).
async fn settle(
    State(state): State<AppState>,
    Path((id, lead)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let fields = pairs(&body);
    let word = fields
        .iter()
        .find(|(k, _)| k == "word")
        .and_then(|(_, v)| unconfirmed::Word::parse(v))
        .ok_or_else(|| {
            (StatusCode::BAD_REQUEST, "word: say 'arrived' or 'again'").into_response()
        })?;
    unconfirmed::settle(
        &state.reader,
        &state.writer,
        &account,
        &id,
        lead,
        word,
        now(),
    )
    .await
    .map_err(unavailable)?;
    Ok(see_other(&format!("/campaigns/{id}#lead-{lead}")))
}

/// `POST /campaigns/{id}/test`: the preview lead's emails, each marked as a test, sent to the
/// account's own address from the campaign's first mailbox. Nothing is recorded as sent.
async fn test_send(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let (visitor, account) = signed_in(&state, &headers).await?;
    let email = visitor.account.map(|a| a.email).unwrap_or_default();
    let Some(campaign) = store::find(&state.reader, &account, &id)
        .await
        .map_err(unavailable)?
    else {
        return Ok(see_other("/campaigns"));
    };
    let shown = checked(&state, &campaign).await?;
    let back = |outcome: &str| see_other(&format!("/campaigns/{id}?{outcome}#preview"));
    let mailbox: Option<String> = crate::server::platform::db::on_engine!(state.reader.db(), |p| {
        sqlx::query_scalar(
            "SELECT mailbox_id FROM campaign_mailboxes WHERE campaign_id = $1 ORDER BY mailbox_id",
        )
        .bind(&id)
        .fetch_optional(p)
        .await
        .map_err(unavailable)?
    });
    let found = match mailbox {
        Some(m) => {
            crate::server::mail::mailboxes::for_sending(&state.reader, &state.mailboxes.key, &m)
                .await
                .map_err(unavailable)?
        }
        None => None,
    };
    let (Some((mailbox, smtp, _)), false) = (found, shown.preview.is_empty()) else {
        return Ok(back("problem=test"));
    };
    let Ok(mut session) = Session::open(&smtp, &state.mailboxes.trust).await else {
        return Ok(back("problem=test"));
    };
    let total = shown.preview.len();
    let mut sent = 0;
    let mut thread: Vec<String> = Vec::new();
    for email_of in &shown.preview {
        let letter = super::compose::Letter {
            subject: format!("[Test {}/{total}] {}", email_of.step, email_of.subject),
            body: email_of.body.clone(),
        };
        let message_id = super::message::new_message_id(&mailbox.address);
        let parties = super::message::Parties {
            from_name: &mailbox.name,
            from_address: &mailbox.address,
            to: &email,
        };
        let url = materials::unsubscribe_url(
            state
                .settings
                .public_url
                .as_ref()
                .map_or("http://localhost", |u| u.as_str()),
            &state.mailboxes.key,
            0,
        );
        let Some(message) = super::message::build(
            &parties,
            &letter,
            &message_id,
            &thread,
            &url,
            std::time::SystemTime::now(),
        ) else {
            break;
        };
        if session.deliver(&message).await != crate::server::mail::session::Delivery::Accepted {
            break;
        }
        thread.push(message_id);
        sent += 1;
    }
    session.close().await;
    if sent == total {
        Ok(back(&format!("tested={sent}")))
    } else {
        Ok(back("problem=test"))
    }
}

/// `POST /u/{token}`: the one-click unsubscribe (a mail client posting
/// `List-Unsubscribe=One-Click`, answered 200) or the page's button (answered with the page).
async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Answer {
    let Some(lead) = materials::token_lead(&state.mailboxes.key, &token) else {
        return Err((StatusCode::NOT_FOUND, "This unsubscribe link is not valid.").into_response());
    };
    let done = suppress::unsubscribe(&state.writer, lead, now())
        .await
        .map_err(unavailable)?;
    if done.is_none() {
        return Err((StatusCode::NOT_FOUND, "This unsubscribe link is not valid.").into_response());
    }
    let one_click = pairs(&body)
        .iter()
        .any(|(key, value)| key == "List-Unsubscribe" && value == "One-Click");
    if one_click {
        Ok((StatusCode::OK, "Unsubscribed.").into_response())
    } else {
        Ok(see_other(&format!("/u/{token}?done=1")))
    }
}

/// `POST /suppressions` with `addresses` (pasted, or a list exported before): added by hand.
async fn suppress_add(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let text = pairs(&body)
        .into_iter()
        .find(|(key, _)| key == "addresses")
        .map(|(_, value)| value)
        .unwrap_or_default();
    let (emails, bad) = suppress::addresses_in(&text);
    let added = suppress::add(&state.writer, &account, &emails, now())
        .await
        .map_err(unavailable)?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("added", &added.to_string());
    for piece in bad.iter().take(20) {
        query.append_pair("bad", piece);
    }
    Ok(see_other(&format!("/suppressions?{}", query.finish())))
}

/// `POST /suppressions/remove` with `email`.
async fn suppress_remove(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let email = pairs(&body)
        .into_iter()
        .find(|(key, _)| key == "email")
        .map(|(_, value)| value)
        .unwrap_or_default();
    suppress::remove(&state.writer, &account, &email)
        .await
        .map_err(unavailable)?;
    Ok(see_other("/suppressions?removed=1"))
}

/// `GET /suppressions/export`: the list as CSV (email, reason, added as a UTC date).
async fn suppress_export(State(state): State<AppState>, headers: HeaderMap) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let list = suppress::list(&state.reader, &account)
        .await
        .map_err(unavailable)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["email", "reason", "added"]);
    for row in &list {
        let added = jiff::Timestamp::from_second(row.created_at)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let email = crate::server::sequences::export::neutralise(&row.email);
        let _ = writer.write_record([email.as_ref(), row.reason.as_str(), added.as_str()]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"suppressions.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
