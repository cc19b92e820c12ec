//! `/campaigns/{id}`: one campaign. Its controls (start, pause, resume, stop; a test to
//! oneself), the schedule and limits, each mailbox's sends today against its cap, the leads per
//! state, the preview of one lead's emails exactly as they will go (and every merge tag that
//! would go out empty), and the leads with their state and next time. Open while it runs, the
//! page loads again when the sending moved on (`live`); a reload shows the same without
//! JavaScript, and every button is a form post.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::live::FollowCampaign;
use super::sign_in_first;
use super::text::{Text, text};
use crate::api::campaigns::campaign;
use crate::components::{
    i18n::use_lang,
    page_head::PageHead,
    query::{Query, use_query},
};
use crate::domain::campaign::{CampaignLead, CampaignPage as Page, CampaignStatus, LeadState};
use crate::domain::i18n::fill;
use crate::pages::not_found::NotFoundPage;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let query = use_query().get_untracked();
    let found = Resource::new(|| (), move |_| campaign(id.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match found.await {
                        Ok(Some(page)) => view! { <Campaign page query w /> }.into_any(),
                        Ok(None) => view! {
                            <section class="container narrow account">{sign_in_first(w)}</section>
                        }.into_any(),
                        Err(_) => view! { <NotFoundPage /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn control(id: String, action: &'static str, label: &'static str, ghost: bool) -> impl IntoView {
    view! {
        <form action=format!("/campaigns/{id}/control") method="post">
            <input type="hidden" name="action" value=action />
            <button type="submit" class="button" class:button--ghost=ghost>{label}</button>
        </form>
    }
}

#[component]
fn Campaign(page: Page, query: Query, w: &'static Text) -> impl IntoView {
    let id = page.id.clone();
    let problem = query.get("problem").and_then(|p| w.problem(&p));
    let tested = query.get("tested").map(|n| fill(w.tested, &[("n", &n)]));
    let days: Vec<&str> = w
        .day_names
        .iter()
        .enumerate()
        .filter(|(i, _)| page.weekdays & (1 << i) != 0)
        .map(|(_, d)| *d)
        .collect();
    let schedule = format!("{} · {} · {}", days.join(" "), page.window, page.time_zone);
    let limits = fill(
        w.limits_line,
        &[
            ("cap", &page.daily_cap),
            ("gap", &page.gap_minutes),
            ("jitter", &page.jitter_minutes),
            ("new", &page.new_per_day),
        ],
    );
    let ramp = (page.ramp_start > 0).then(|| {
        fill(
            w.ramp_line,
            &[("start", &page.ramp_start), ("step", &page.ramp_step)],
        )
    });
    let controls = match page.status {
        CampaignStatus::Draft => vec![("start", w.start, false), ("stop", w.stop, true)],
        CampaignStatus::Running => vec![("pause", w.pause, false), ("stop", w.stop, true)],
        CampaignStatus::Paused => vec![("resume", w.resume, false), ("stop", w.stop, true)],
        CampaignStatus::Stopped | CampaignStatus::Done => Vec::new(),
    };
    let counts = page
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(state, n)| format!("{} {n}", w.state(*state)))
        .collect::<Vec<_>>()
        .join(" · ");
    let many = page.leads.len() >= 500;
    let draft = page.status == CampaignStatus::Draft;
    view! {
        <PageHead title=page.name.clone() description=w.lead />
        <section class="container account campaign">
            <header class="page-head">
                <p class="eyebrow"><a href="/campaigns">{w.title}</a></p>
                <h1 class="campaign__name">
                    {page.name.clone()} " "
                    <span class=format!("badge campaign-status campaign-status--{}", page.status.as_str())>{w.status(page.status)}</span>
                </h1>
            </header>
            {problem.map(|p| view! { <p class="alert alert--error" role="alert">{p}</p> })}
            {tested.map(|t| view! { <p class="notice notice--ok" role="status">{t}</p> })}
            {(page.status == CampaignStatus::Running).then(|| view! {
                <FollowCampaign id=id.clone() stamp=page.stamp.clone() />
            })}
            <div class="campaign__controls">
                {controls.into_iter().map(|(action, label, ghost)| control(id.clone(), action, label, ghost)).collect_view()}
            </div>
            <dl class="campaign__facts">
                <dt>{w.schedule}</dt><dd>{schedule}</dd>
                <dt>{w.limits}</dt><dd>{limits}{ramp.map(|r| view! { <br />{r} })}</dd>
                <dt>{w.list}</dt><dd><a href=format!("/leads/{}", page.list_id)>{page.list_name.clone()}</a></dd>
            </dl>
            {(page.daily_cap > 50).then(|| view! { <p class="notice">{w.cap_warning}</p> })}
            <h2 class="campaign__heading">{w.today}</h2>
            <ul class="campaign__mailboxes">
                {page.mailboxes.iter().map(|m| view! {
                    <li>
                        <strong>{m.address.clone()}</strong> " "
                        {fill(w.sent_of, &[("sent", &m.sent), ("cap", &m.cap)])}
                        {m.paused.clone().map(|why| view! { <p class="mailbox--bad">{w.paused_mailbox} " (" {why} ")"</p> })}
                    </li>
                }).collect_view()}
            </ul>
            <p class="campaign__counts">{counts}</p>
            <Forecast page=page.clone() w />
            {draft.then(|| view! { <Preview page=page.clone() w /> })}
            <h2 class="campaign__heading" id="leads">{w.leads}</h2>
            {many.then(|| view! { <p class="field__hint">{w.shown_first}</p> })}
            <ul class="campaign__leads">
                {page.leads.clone().into_iter().map(|lead| view! { <LeadRow lead id=id.clone() w /> }).collect_view()}
            </ul>
            {(!draft).then(|| view! { <Preview page=page w /> })}
        </section>
    }
}

#[component]
fn Forecast(page: Page, w: &'static Text) -> impl IntoView {
    let active = matches!(
        page.status,
        CampaignStatus::Draft | CampaignStatus::Running | CampaignStatus::Paused
    );
    (active && !page.forecast.is_empty()).then(|| view! {
        <h2 class="campaign__heading" id="forecast">{w.forecast}</h2>
        <p class="field__hint">{w.forecast_note}</p>
        <div class="table-scroll campaign__forecast">
            <table>
                <thead><tr><th>{w.col_day}</th><th>{w.col_first}</th><th>{w.col_follow_ups}</th></tr></thead>
                <tbody>
                    {page.forecast.into_iter().map(|day| {
                        let quiet = day.first + day.follow_ups == 0;
                        view! {
                            <tr class:campaign__quiet=quiet>
                                <td>{day.date}</td><td>{day.first}</td><td>{day.follow_ups}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    })
}

#[component]
fn Preview(page: Page, w: &'static Text) -> impl IntoView {
    let id = page.id.clone();
    let sendable = page.status == CampaignStatus::Draft || page.status == CampaignStatus::Paused;
    view! {
        <h2 class="campaign__heading" id="preview">{w.preview}</h2>
        {(!page.problems.is_empty()).then(|| view! {
            <div class="alert alert--error" role="alert">
                <ul>{page.problems.iter().map(|(tag, n)| view! { <li>{fill(w.empty_tag, &[("tag", tag), ("n", n)])}</li> }).collect_view()}</ul>
            </div>
        })}
        {match page.preview_lead.clone() {
            None => view! { <p class="notice">{w.no_preview}</p> }.into_any(),
            Some(email) => view! {
                <p>{fill(w.preview_for, &[("email", &email)])}</p>
                {page.preview.iter().map(|e| view! {
                    <article class="campaign__email">
                        <p class="eyebrow">{fill(w.email_day, &[("step", &e.step), ("day", &e.day)])}</p>
                        <p class="campaign__subject"><strong>{e.subject.clone()}</strong></p>
                        <pre class="campaign__body">{e.body.clone()}</pre>
                    </article>
                }).collect_view()}
                {sendable.then(|| view! {
                    <form action=format!("/campaigns/{id}/test") method="post">
                        <button type="submit" class="button button--ghost">{w.test}</button>
                        <p class="field__hint">{w.test_hint}</p>
                    </form>
                })}
            }.into_any(),
        }}
    }
}

#[component]
fn LeadRow(lead: CampaignLead, id: String, w: &'static Text) -> impl IntoView {
    let who = if lead.name.is_empty() {
        lead.email.clone()
    } else {
        format!("{} <{}>", lead.name, lead.email)
    };
    let next = match (lead.state, lead.next) {
        (LeadState::Active, Some(at)) => {
            format!("{}{at}", fill(w.step_n, &[("step", &lead.next_step)]))
        }
        _ => String::new(),
    };
    let active = lead.state == LeadState::Active;
    let unsure = lead.state == LeadState::Unconfirmed;
    let facts = [
        format!("{} {}", w.col_variant, lead.variant.to_ascii_uppercase()),
        w.state(lead.state).to_owned(),
        format!("{} {}", w.col_sent, lead.sent),
        next,
    ]
    .into_iter()
    .filter(|f| !f.is_empty())
    .collect::<Vec<_>>()
    .join(" \u{b7} ");
    view! {
        <li id=format!("lead-{}", lead.id) class=format!("campaign__lead lead-state--{}", lead.state.as_str())>
            <div>
                <strong class="campaign__who">{who}</strong>
                <p class="account__when">{facts}</p>
                {lead.note.map(|n| view! { <p class="campaign__note">{w.note(&n)}</p> })}
            </div>
            {active.then(|| view! {
                <form action=format!("/campaigns/{id}/leads/{}/stop", lead.id) method="post">
                    <button type="submit" class="button button--small button--ghost">{w.stop_lead}</button>
                </form>
            })}
            {unsure.then(|| view! {
                <form class="campaign__settle" action=format!("/campaigns/{id}/leads/{}/settle", lead.id) method="post">
                    <p class="field__hint">{w.settle_hint}</p>
                    <button type="submit" name="word" value="arrived" class="button button--small">{w.settle_arrived}</button>
                    <button type="submit" name="word" value="again" class="button button--small button--ghost">{w.settle_again}</button>
                </form>
            })}
        </li>
    }
}
