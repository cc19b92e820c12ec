//! The files for the sending tools, with the variable check: every merge tag the sequence uses
//! (the first line's own included) and how many rows have a value for it, with a fallback the
//! founder can give for the rows without one (written into the leads file). `?tool=` picks the
//! tool and `?fb_<tag>=` gives the fallbacks, so both work without JavaScript.

use leptos::prelude::*;

use crate::api::leads::LeadJobView;
use crate::components::{i18n::use_t, query::use_query};
use crate::domain::{
    export::ExportFormat,
    i18n::{Messages, fill},
    leads::{
        LeadStatus,
        export::{TOOLS, check_variables, columns},
        fallbacks::{self, Fallbacks},
    },
};

/// The panel, drawn again when `?tool=` changes in the browser.
#[component]
pub(super) fn ExportPanel(loaded: LeadJobView) -> impl IntoView {
    let query = use_query();
    let t = use_t();
    move || panel(&loaded, &query.get(), t)
}

fn panel(
    loaded: &LeadJobView,
    query: &crate::components::query::Query,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let tool = query
        .get("tool")
        .and_then(|slug| ExportFormat::parse(&slug))
        .filter(|format| TOOLS.contains(format))
        .unwrap_or(ExportFormat::Lemlist);
    let (fallbacks, bad) = Fallbacks::from_pairs(query.pairs(), t);
    // The files leave out the leads waiting for allowance; so does their check.
    let leads: Vec<_> = loaded
        .leads
        .iter()
        .filter(|lead| lead.status != LeadStatus::Held)
        .cloned()
        .collect();
    let held = loaded.leads.len() - leads.len();
    let checks = check_variables(&loaded.sequence, &leads, tool, &fallbacks, t);
    let all_filled = checks.iter().all(|c| c.complete());
    // A fallback is offered where some row has no value, and kept where one was given.
    let offered = |c: &crate::domain::leads::export::VariableCheck| {
        c.fallback_allowed && (c.filled < c.total || c.fallback.is_some())
    };
    let any_offered = checks.iter().any(offered);
    // What was typed, shown back (a refused one too).
    let typed = |name: &str| query.get(&format!("{}{name}", fallbacks::PREFIX));
    // The fallbacks, carried by the downloads (`?…`) and the other tools' links (`&…`).
    let carried = fallbacks.query();
    let then = |sep: char| {
        if carried.is_empty() {
            String::new()
        } else {
            format!("{sep}{carried}")
        }
    };
    let job = loaded.job.id.clone();
    let line_column = columns(tool).map(|c| c.line).unwrap_or_default();
    let name = |format: ExportFormat| match format {
        ExportFormat::Csv => t.export_plain_csv,
        other => other.label().trim_end_matches(" CSV"),
    };
    view! {
        <section class="card leads__export" id="export" aria-labelledby="export-title">
            <h2 id="export-title">{t.leads_export_title}</h2>
            <nav class="leads__filters" aria-label=t.export_tool_nav>
                {TOOLS
                    .into_iter()
                    .map(|format| view! {
                        <a
                            class="leads__filter"
                            href=format!(
                                "/leads/{job}?tool={}{}#export",
                                format.slug(),
                                then('&'),
                            )
                            aria-current=(format == tool).then_some("true")
                        >
                            {name(format)}
                        </a>
                    })
                    .collect_view()}
            </nav>
            <h3>{t.export_checks_title}</h3>
            <div class="table-scroll">
                <table class="leads__checks">
                    <thead>
                        <tr>
                            <th scope="col">{t.export_col_variable}</th>
                            <th scope="col">{t.export_col_rows}</th>
                            <th scope="col">{t.export_col_source}</th>
                            {any_offered.then(|| view! { <th scope="col">{t.export_col_fallback}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {checks
                            .into_iter()
                            .map(|check| {
                                let ok = check.complete();
                                let missing = check.total - check.filled;
                                let input = offered(&check).then(|| {
                                    let id = format!("fallback-{}", check.name);
                                    view! {
                                        <input
                                            type="text"
                                            id=id
                                            form="fallbacks"
                                            name=format!("{}{}", fallbacks::PREFIX, check.name)
                                            value=typed(&check.name).or_else(|| check.fallback.clone()).unwrap_or_default()
                                            maxlength=fallbacks::MAX_CHARS.to_string()
                                            aria-label=fill(t.export_fallback_aria, &[("tag", &check.tag)])
                                            placeholder=t.export_fallback_placeholder
                                        />
                                    }
                                });
                                view! {
                                    <tr class:leads__check--missing=!ok>
                                        <td data-label=t.export_col_variable><code>{check.tag.clone()}</code></td>
                                        <td data-label=t.export_col_rows>
                                            {fill(t.export_filled, &[("filled", &check.filled), ("total", &check.total)])}
                                            {match (&check.fallback, missing) {
                                                (_, 0) => String::new(),
                                                (Some(value), _) => fill(
                                                    t.export_missing_get,
                                                    &[("missing", &missing), ("value", value)],
                                                ),
                                                (None, _) => t.export_missing_empty.to_owned(),
                                            }}
                                        </td>
                                        <td data-label=t.export_col_source>{check.source.clone()}</td>
                                        {any_offered.then(|| {
                                            let empty = input.is_none();
                                            view! {
                                                <td data-label=t.export_col_fallback class:leads__check-empty=empty>
                                                    {input}
                                                </td>
                                            }
                                        })}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(!bad.is_empty()).then(|| view! {
                <ul class="notice notice--error" role="alert">
                    {bad.iter().map(|b| view! { <li>{b.message.clone()}</li> }).collect_view()}
                </ul>
            })}
            {any_offered.then(|| view! {
                <form id="fallbacks" class="leads__fallbacks" method="get" action=format!("/leads/{job}#export")>
                    <input type="hidden" name="tool" value=tool.slug()/>
                    <button class="button button--small button--ghost" type="submit">
                        {t.export_use_fallbacks}
                    </button>
                    <span class="field__hint">
                        {t.export_fallbacks_hint}
                    </span>
                </form>
            })}
            {(!all_filled).then(|| view! {
                <p class="notice">{t.export_fill_missing}</p>
            })}
            <p class="field__hint">
                {fill(t.export_line_column, &[("column", &line_column)])}
            </p>
            {(held > 0).then(|| view! {
                <p class="notice" id="export-held">{fill(t.export_held, &[("n", &held)])}</p>
            })}
            <div class="leads__downloads">
                <a class="button button--small" href=format!("/leads/{job}/export/{}{}", tool.slug(), then('?')) download="">
                    {fill(t.export_leads_file, &[("tool", &name(tool))])}
                </a>
                <a
                    class="button button--small button--ghost"
                    href=format!("/leads/{job}/sequence/{}", tool.slug())
                    download=""
                >
                    {fill(t.export_sequence_file, &[("tool", &name(tool))])}
                </a>
                <a
                    class="button button--small button--ghost"
                    href=format!("/leads/{job}/export/{}?excel=1{}", tool.slug(), then('&'))
                    download=""
                >
                    {t.export_excel_file}
                </a>
            </div>
            <p class="field__hint">{fill(t.export_excel_hint, &[("tool", &name(tool))])}</p>
            {(tool != ExportFormat::Csv).then(|| view! {
                <p class="leads__guide">
                    <a href=format!("/tools#{}", tool.slug())>{fill(t.export_guide, &[("tool", &name(tool))])}</a>
                </p>
            })}
        </section>
    }
}
