//! The files for the sending tools, with the variable check: every merge tag the sequence uses
//! (the first line's own included) and how many rows have a value for it, with a fallback the
//! founder can give for the rows without one (written into the leads file). `?tool=` picks the
//! tool and `?fb_<tag>=` gives the fallbacks, so both work without JavaScript.

use leptos::prelude::*;

use crate::api::leads::LeadJobView;
use crate::components::query::use_query;
use crate::domain::{
    export::ExportFormat,
    leads::{
        export::{TOOLS, check_variables, columns},
        fallbacks::{self, Fallbacks},
    },
};

/// The panel, drawn again when `?tool=` changes in the browser.
#[component]
pub(super) fn ExportPanel(loaded: LeadJobView) -> impl IntoView {
    let query = use_query();
    move || panel(&loaded, &query.get())
}

fn panel(loaded: &LeadJobView, query: &crate::components::query::Query) -> impl IntoView + use<> {
    let tool = query
        .get("tool")
        .and_then(|slug| ExportFormat::parse(&slug))
        .filter(|format| TOOLS.contains(format))
        .unwrap_or(ExportFormat::Lemlist);
    let (fallbacks, bad) = Fallbacks::from_pairs(query.pairs());
    let checks = check_variables(&loaded.sequence, &loaded.leads, tool, &fallbacks);
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
        ExportFormat::Csv => "Plain CSV",
        other => other.label().trim_end_matches(" CSV"),
    };
    view! {
        <section class="card leads__export" id="export" aria-labelledby="export-title">
            <h2 id="export-title">"Export, ready to send"</h2>
            <nav class="leads__filters" aria-label="Sending tool">
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
            <h3>"Variable check"</h3>
            <div class="table-scroll">
                <table class="leads__checks">
                    <thead>
                        <tr>
                            <th scope="col">"Variable"</th>
                            <th scope="col">"Rows with a value"</th>
                            <th scope="col">"Filled from"</th>
                            {any_offered.then(|| view! { <th scope="col">"When empty, send"</th> })}
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
                                            aria-label=format!("When {} is empty, send", check.tag)
                                            placeholder="e.g. there"
                                        />
                                    }
                                });
                                view! {
                                    <tr class:leads__check--missing=!ok>
                                        <td data-label="Variable"><code>{check.tag.clone()}</code></td>
                                        <td data-label="Rows with a value">
                                            {format!("{} of {}", check.filled, check.total)}
                                            {match (&check.fallback, missing) {
                                                (_, 0) => String::new(),
                                                (Some(value), _) => format!(
                                                    " — {missing} get \u{201c}{value}\u{201d}"
                                                ),
                                                (None, _) => " — some rows would send it empty".to_owned(),
                                            }}
                                        </td>
                                        <td data-label="Filled from">{check.source.clone()}</td>
                                        {any_offered.then(|| {
                                            let empty = input.is_none();
                                            view! {
                                                <td data-label="When empty, send" class:leads__check-empty=empty>
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
                        "Use these fallbacks"
                    </button>
                    <span class="field__hint">
                        "Written into the empty cells of the leads file, so they work in any tool."
                    </span>
                </form>
            })}
            {(!all_filled).then(|| view! {
                <p class="notice">
                    "Fill the missing values in your list, give a fallback above or edit the "
                    "sequence before sending; a row without them would read oddly."
                </p>
            })}
            <p class="field__hint">
                {format!(
                    "The leads file puts each line in the \u{201c}{line_column}\u{201d} column; the sequence's first email opens with its variable after the greeting."
                )}
            </p>
            <div class="leads__downloads">
                <a class="button button--small" href=format!("/leads/{job}/export/{}{}", tool.slug(), then('?')) download="">
                    {format!("Leads file ({})", name(tool))}
                </a>
                <a
                    class="button button--small button--ghost"
                    href=format!("/leads/{job}/sequence/{}", tool.slug())
                    download=""
                >
                    {format!("Sequence ({})", name(tool))}
                </a>
            </div>
        </section>
    }
}
