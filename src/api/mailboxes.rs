//! The founders' mailboxes: list, connect (after "test connection" passes), test again, remove.
//! Signed-in accounts only. Every call works as a plain form post (JavaScript off).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;

/// A connected mailbox as the page shows it (never its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxView {
    pub id: String,
    pub address: String,
    pub name: String,
    pub provider: String,
    /// "smtp.gmail.com:465 (TLS)".
    pub smtp: String,
    pub imap: String,
    pub sent_folder: Option<String>,
    /// When it was last checked ("7 Dec 2026, 14:02"), and the problems found then (a tag per
    /// server, empty when it worked).
    pub checked: Option<String>,
    pub smtp_problem: Option<String>,
    pub imap_problem: Option<String>,
}

/// What connecting did: stored, or the servers' problems (nothing stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectOutcome {
    Saved {
        id: String,
    },
    Failed {
        smtp: Option<String>,
        imap: Option<String>,
    },
}

#[cfg(feature = "ssr")]
impl ConnectOutcome {
    fn failed(report: &crate::server::mail::check::Report) -> Self {
        let (smtp, imap) = report.problem_tags();
        ConnectOutcome::Failed { smtp, imap }
    }
}

/// The account's mailboxes; `None` when this browser is not signed in.
#[server(endpoint = "mailboxes", input = GetUrl)]
pub async fn mailboxes() -> Result<Option<Vec<MailboxView>>, AppError> {
    use crate::server::{internal, mail::mailboxes, platform::time_zone};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        return Ok(None);
    };
    let zone = ctx.time_zone();
    let list = mailboxes::list(&ctx.state.reader, &me.account_id)
        .await
        .map_err(internal("listing mailboxes"))?;
    Ok(Some(
        list.into_iter()
            .map(|m| {
                let endpoint = |e: &mailboxes::Endpoint| {
                    let how = match e.security {
                        crate::server::mail::check::Security::Tls => "TLS",
                        crate::server::mail::check::Security::StartTls => "STARTTLS",
                    };
                    format!("{}:{} ({how})", e.host, e.port)
                };
                let (smtp_problem, imap_problem) = m
                    .report
                    .as_ref()
                    .map(|r| r.problem_tags())
                    .unwrap_or_default();
                MailboxView {
                    smtp: endpoint(&m.smtp),
                    imap: endpoint(&m.imap),
                    checked: m
                        .checked_at
                        .map(|at| time_zone::label(at, zone.as_ref(), ctx.lang())),
                    id: m.id,
                    address: m.address,
                    name: m.name,
                    provider: m.provider,
                    sent_folder: m.sent_folder,
                    smtp_problem,
                    imap_problem,
                }
            })
            .collect(),
    ))
}

/// Connects a mailbox: checked first; stored only when both servers signed in.
#[server(endpoint = "mailboxes/connect")]
pub async fn connect_mailbox(
    #[server(flatten)] form: crate::domain::mailbox::ConnectForm,
) -> Result<ConnectOutcome, AppError> {
    use crate::server::mail::connect::{self, Connected};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        ctx.redirect_form_post_to("/signin");
        return Err(AppError::NotFound);
    };
    let result = connect::connect(&ctx.state, &me.account_id, &form, ctx.lang())
        .await
        .map(|connected| match connected {
            Connected::Saved(id) => ConnectOutcome::Saved { id },
            Connected::Failed(report) => ConnectOutcome::failed(&report),
        });
    let typed = form.kept_query();
    ctx.redirect_form_post(
        &result,
        |outcome| match outcome {
            ConnectOutcome::Saved { id } => format!("/mailboxes?connected={id}#mailbox-{id}"),
            ConnectOutcome::Failed { smtp, imap } => format!(
                "/mailboxes?smtp={}&imap={}&{typed}#connect",
                smtp.as_deref().unwrap_or("ok"),
                imap.as_deref().unwrap_or("ok")
            ),
        },
        |err| {
            let bad = match err {
                AppError::Invalid { fields } => fields
                    .iter()
                    .map(|f| f.field.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            };
            format!("/mailboxes?error={}&bad={bad}&{typed}#connect", err.tag())
        },
    );
    result
}

/// Signs in to a connected mailbox's servers again and records what happened.
#[server(endpoint = "mailboxes/check")]
pub async fn check_mailbox(#[server(default)] id: String) -> Result<ConnectOutcome, AppError> {
    use crate::server::{
        internal,
        mail::{check, mailboxes},
    };
    let ctx = super::context::RequestContext::current()?;
    let me = ctx
        .existing_session()
        .await?
        .and_then(|s| s.account)
        .ok_or(AppError::NotFound)?;
    let state = &ctx.state;
    let (smtp, imap) = mailboxes::servers(&state.reader, &state.mailboxes.key, &me.account_id, &id)
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "a mailbox's servers could not be read");
            AppError::Internal
        })?
        .ok_or(AppError::NotFound)?;
    let report = check::check(&smtp, &imap, &state.mailboxes.trust).await;
    mailboxes::record_check(&state.writer, &id, &report)
        .await
        .map_err(internal("recording a mailbox check"))?;
    let outcome = if report.ok() {
        mailboxes::unpause(&state.writer, &id)
            .await
            .map_err(internal("letting a mailbox send again"))?;
        ConnectOutcome::Saved { id: id.clone() }
    } else {
        ConnectOutcome::failed(&report)
    };
    ctx.redirect_form_post_to(&format!("/mailboxes#mailbox-{id}"));
    Ok(outcome)
}

/// Removes a connected mailbox (its sealed password with it).
#[server(endpoint = "mailboxes/remove")]
pub async fn remove_mailbox(#[server(default)] id: String) -> Result<(), AppError> {
    use crate::server::{internal, mail::mailboxes};
    let ctx = super::context::RequestContext::current()?;
    let me = ctx
        .existing_session()
        .await?
        .and_then(|s| s.account)
        .ok_or(AppError::NotFound)?;
    let removed = mailboxes::delete(&ctx.state.writer, &me.account_id, &id)
        .await
        .map_err(internal("removing a mailbox"))?;
    let result = if removed {
        Ok(())
    } else {
        Err(AppError::NotFound)
    };
    ctx.redirect_form_post(
        &result,
        |_| "/mailboxes?removed=1".to_owned(),
        |_| "/mailboxes".to_owned(),
    );
    result
}
