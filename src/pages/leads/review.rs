//! The leads of an ended list: the line each is sent (its own, or the neutral opener), the fact
//! it quotes, its status; edit a line (checked like Claude's), or have one lead written again.
//! Filters (`?show=no_signal`, `failed`, `written`) and pages of 50 are links, so they work
//! without JavaScript.

use leptos::prelude::*;

use super::ProblemList;
use crate::api::leads::LeadJobView;
use crate::components::{i18n::use_t, query::use_query, raw_text::raw_text};
use crate::domain::{
    i18n::fill,
    leads::{LeadRow, LeadStatus, grounding},
};

const PAGE: usize = 50;

/// The review, drawn again when the query changes (a filter or a page followed in the browser).
#[component]
pub(super) fn Review(loaded: LeadJobView) -> impl IntoView {
    let query = use_query();
    let t = use_t();
    move || review(&loaded, &query.get(), t)
}

fn review(
    loaded: &LeadJobView,
    q: &crate::components::query::Query,
    t: &'static crate::domain::i18n::Messages,
) -> impl IntoView + use<> {
    let show = q.get("show").and_then(|s| LeadStatus::parse(&s));
    let page: usize = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let refused: Option<i64> = q.get("lead").and_then(|l| l.parse().ok());
    let job = loaded.job.clone();
    let base = format!("/leads/{}", job.id);
    let shown: Vec<LeadRow> = loaded
        .leads
        .iter()
        .filter(|lead| show.is_none_or(|s| lead.status == s))
        .cloned()
        .collect();
    let total = shown.len();
    let pages = total.div_ceil(PAGE).max(1);
    let page = page.min(pages);
    let filter = |label: &str, value: Option<LeadStatus>, count: usize| {
        let href = match value {
            None => format!("{base}#leads"),
            Some(s) => format!("{base}?show={}#leads", s.as_str()),
        };
        let current = value == show;
        view! {
            <a class="leads__filter" href=href aria-current=current.then_some("true")>
                {fill(t.review_filter, &[("label", &label), ("count", &count)])}
            </a>
        }
    };
    let count = |s: LeadStatus| loaded.leads.iter().filter(|l| l.status == s).count();
    let neutral = job.neutral_line.clone();
    let context = loaded.context.clone();
    view! {
        <section class="leads__review" id="leads" aria-labelledby="leads-title">
            <h2 id="leads-title">{t.review_title}</h2>
            <nav class="leads__filters" aria-label=t.review_filters>
                {filter(t.review_all, None, loaded.leads.len())}
                {filter(LeadStatus::Written.label(t), Some(LeadStatus::Written), count(LeadStatus::Written))}
                {filter(LeadStatus::NoSignal.label(t), Some(LeadStatus::NoSignal), count(LeadStatus::NoSignal))}
                {filter(LeadStatus::Failed.label(t), Some(LeadStatus::Failed), count(LeadStatus::Failed))}
                {(count(LeadStatus::Held) > 0).then(|| {
                    filter(LeadStatus::Held.label(t), Some(LeadStatus::Held), count(LeadStatus::Held))
                })}
            </nav>
            <ol class="leads__list">
                {shown
                    .into_iter()
                    .skip((page - 1) * PAGE)
                    .take(PAGE)
                    .map(|lead| {
                        let open = refused == Some(lead.id);
                        view! {
                            <LeadCard
                                lead
                                job_id=job.id.clone()
                                neutral=neutral.clone()
                                context=context.clone()
                                refused=open
                                ended=job.status == crate::domain::leads::JobStatus::Done
                            />
                        }
                    })
                    .collect_view()}
            </ol>
            {(pages > 1).then(|| {
                let link = |n: usize| {
                    let show = show.map(|s| format!("show={}&", s.as_str())).unwrap_or_default();
                    format!("{base}?{show}page={n}#leads")
                };
                view! {
                    <nav class="leads__pages" aria-label=t.review_pages>
                        {(page > 1).then(|| view! { <a href=link(page - 1)>{t.review_previous}</a> })}
                        <span>{fill(t.review_page_of, &[("page", &page), ("pages", &pages)])}</span>
                        {(page < pages).then(|| view! { <a href=link(page + 1)>{t.review_next}</a> })}
                    </nav>
                }
            })}
        </section>
    }
}

#[component]
fn LeadCard(
    lead: LeadRow,
    job_id: String,
    neutral: String,
    context: String,
    refused: bool,
    ended: bool,
) -> impl IntoView {
    let t = use_t();
    let d = &lead.data;
    let name = [d.first_name.as_str(), d.last_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let who = match (name.is_empty(), d.company.is_empty()) {
        (false, false) => format!("{name}, {}", d.company),
        (false, true) => name,
        (true, false) => d.company.clone(),
        (true, true) => d.email.clone(),
    };
    let own = lead.status == LeadStatus::Written && lead.line.is_some();
    let line = if own {
        lead.line.clone().unwrap_or_default()
    } else {
        neutral.clone()
    };
    let draft = lead.draft.clone().filter(|_| refused);
    let problems = draft
        .as_deref()
        .map(|draft| {
            grounding::check_unquoted(draft, &lead.data.corpus(), &context)
                .err()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let badge = match lead.status {
        LeadStatus::Written => "badge badge--claude",
        _ => "badge badge--offline",
    };
    let status_label = if lead.vouched {
        t.lead_kept_by_you
    } else if lead.edited {
        t.lead_your_line
    } else {
        lead.status.label(t)
    };
    let anchor = format!("lead-{}", lead.id);
    let field = format!("line-{}", lead.id);
    view! {
        <li class="lead-card" id=anchor>
            <div class="lead-card__head">
                <p class="lead-card__who">
                    <strong>{who}</strong>
                    <span class="lead-card__email">{d.email.clone()}</span>
                </p>
                <span class=badge>{status_label}</span>
            </div>
            <p class="lead-card__line" class:lead-card__line--neutral=!own>
                {line.clone()}
            </p>
            {d.hidden.then(|| view! { <p class="lead-card__hidden">{t.lead_hidden_removed}</p> })}
            {match (&lead.fact, own && !lead.edited) {
                (Some(fact), true) => view! {
                    <p class="lead-card__fact">
                        <span class="lead-card__fact-label">{t.lead_from_data}</span>
                        <q>{fact.clone()}</q>
                    </p>
                }
                .into_any(),
                _ => view! {
                    <p class="lead-card__fact">
                        {if own && lead.vouched {
                            t.lead_kept_note.to_owned()
                        } else if own {
                            t.lead_own_checked.to_owned()
                        } else {
                            lead.note.as_ref().map_or_else(|| t.lead_gets_neutral.to_owned(), |note| note.message(t))
                        }}
                    </p>
                }
                .into_any(),
            }}
            <details class="lead-card__edit" open=refused>
                <summary>{t.lead_edit}</summary>
                <form action=format!("/leads/{job_id}/lead/{}", lead.id) method="post">
                    <label class="visually-hidden" for=field.clone()>{fill(t.lead_line_for, &[("email", &d.email)])}</label>
                    <textarea id=field name="line" rows="3">{raw_text(draft.clone().unwrap_or(line))}</textarea>
                    {draft.is_some().then(|| view! {
                        <div class="field__error" role="alert">
                            <p>
                                {t.lead_not_saved}
                                {problems.is_empty().then(|| view! { " " {t.lead_try_again} })}
                            </p>
                            <ProblemList problems=problems.clone() />
                            // Only the facts are the founder's to vouch for, not the line's form.
                            {draft.as_deref().is_some_and(|d| grounding::lint_line(d).is_empty()).then(|| view! {
                                <label class="lead-card__vouch">
                                    <input type="checkbox" name="vouch" value="1" />
                                    " "
                                    {t.lead_keep_anyway}
                                </label>
                            })}
                        </div>
                    })}
                    <div class="lead-card__actions">
                        <button type="submit" class="button button--small">{t.lead_save}</button>
                    </div>
                </form>
                {ended.then(|| view! {
                    <form action=format!("/leads/{job_id}/lead/{}/rewrite", lead.id) method="post">
                        <button type="submit" class="button button--small button--ghost">{t.lead_rewrite}</button>
                    </form>
                })}
            </details>
        </li>
    }
}
