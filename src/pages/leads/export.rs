//! The files for the sending tools, with the variable check: every merge tag the sequence uses
//! (the first line's own included) and how many rows have a value for it. `?tool=` picks the
//! tool, so it works without JavaScript.

use leptos::prelude::*;

use crate::api::leads::LeadJobView;
use crate::components::query::use_query;
use crate::domain::{
    export::ExportFormat,
    leads::export::{TOOLS, check_variables, columns},
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
    let checks = check_variables(&loaded.sequence, &loaded.leads, tool);
    let all_filled = checks.iter().all(|c| c.complete());
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
                            href=format!("/leads/{job}?tool={}#export", format.slug())
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
                        </tr>
                    </thead>
                    <tbody>
                        {checks
                            .into_iter()
                            .map(|check| {
                                let ok = check.complete();
                                view! {
                                    <tr class:leads__check--missing=!ok>
                                        <td><code>{check.tag.clone()}</code></td>
                                        <td>
                                            {format!("{} of {}", check.filled, check.total)}
                                            {(!ok).then_some(" — some rows would send it empty")}
                                        </td>
                                        <td>{check.source.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(!all_filled).then(|| view! {
                <p class="notice">
                    "Fill the missing values in your list (or edit the sequence) before sending; "
                    "a row without them would read oddly."
                </p>
            })}
            <p class="field__hint">
                {format!(
                    "The leads file puts each line in the \u{201c}{line_column}\u{201d} column; the sequence's first email opens with its variable after the greeting."
                )}
            </p>
            <div class="leads__downloads">
                <a class="button button--small" href=format!("/leads/{job}/export/{}", tool.slug()) download="">
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
