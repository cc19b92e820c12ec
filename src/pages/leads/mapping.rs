//! The mapping step of a lead list: which column holds what (with an example from the first
//! rows beside each), the columns that hold what the founder knows, and what the plan's daily
//! allowance will write, said before the run.

use leptos::prelude::*;

use crate::components::{i18n::use_t, query::use_query};
use crate::domain::{
    i18n::fill,
    leads::{LeadJob, columns::Field},
};

/// Which column holds what, and the columns that hold what the founder knows.
#[component]
pub(super) fn MappingForm(job: LeadJob, per_day: u32, used: u32) -> impl IntoView {
    let t = use_t();
    let query = use_query();
    let error = query.read_untracked().get("error");
    let problems = if error.as_deref() == Some("mapping") {
        job.mapping.check(&job.headers, t).err().unwrap_or_default()
    } else {
        Vec::new()
    };
    // Said before the run: a list longer than the room left is written up to it, the rest held.
    let room = per_day.saturating_sub(used);
    let allowance = (room < job.rows).then(|| {
        let limit = ("limit", &per_day as &dyn std::fmt::Display);
        if room == 0 {
            fill(t.mapping_allowance_none, &[limit])
        } else {
            fill(t.mapping_allowance_note, &[limit, ("room", &room)])
        }
    });
    let sample = |column: usize| {
        job.preview
            .iter()
            .filter_map(|row| row.cells.get(column))
            .find(|cell| !cell.trim().is_empty())
            .map(|cell| excerpt(cell, 40))
            .unwrap_or_default()
    };
    let problem_for = |name: &str| {
        problems
            .iter()
            .find(|p| p.field == name)
            .map(|p| p.message.clone())
    };
    let headers = job.headers.clone();
    view! {
        <form class="card leads__mapping" action=format!("/leads/{}/start", job.id) method="post">
            <h2>{t.mapping_title}</h2>
            <p class="field__hint">{fill(t.mapping_hint, &[("rows", &job.rows)])}</p>
            {allowance.map(|message| view! {
                <p class="notice notice--warn" id="allowance">{message} " " <a href="/pricing">{t.banner_see_plans}</a></p>
            })}
            {(!problems.is_empty()).then(|| view! {
                <p class="alert alert--error" role="alert">{t.mapping_correct}</p>
            })}
            {(!job.hidden_lines.is_empty()).then(|| {
                // The first dozen lines, then an ellipsis: a list of hundreds helps nobody.
                let mut lines: Vec<String> = job.hidden_lines.iter().take(12).map(u64::to_string).collect();
                if job.hidden_lines.len() > 12 {
                    lines.push("…".into());
                }
                let (n, lines) = (job.hidden_lines.len(), lines.join(", "));
                let template = if n == 1 { t.mapping_hidden_one } else { t.mapping_hidden };
                view! {
                    <p class="notice notice--warn" role="status" id="hidden-characters">
                        {fill(template, &[("n", &n), ("lines", &lines)])}
                    </p>
                }
            })}
            <div class="leads__columns">
                {Field::ALL
                    .into_iter()
                    .map(|field| {
                        let name = format!("col_{}", field.key());
                        let chosen = job.mapping.column(field);
                        let problem = problem_for(&name);
                        let invalid = problem.is_some();
                        let id = format!("map-{}", field.key());
                        view! {
                            <div class="field" class:field--invalid=invalid>
                                <label for=id.clone()>
                                    {field.label(t)}
                                    {(field == Field::Email).then_some(t.mapping_needed)}
                                </label>
                                <select id=id name=name>
                                    <option value="" selected=chosen.is_none()>{t.mapping_none}</option>
                                    {headers
                                        .iter()
                                        .enumerate()
                                        .map(|(i, header)| {
                                            let example = sample(i);
                                            let label = if example.is_empty() {
                                                header.clone()
                                            } else {
                                                fill(t.mapping_example, &[("header", header), ("example", &example)])
                                            };
                                            view! {
                                                <option value=i.to_string() selected=chosen == Some(i)>{label}</option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                {problem.map(|message| view! { <p class="field__error">{message}</p> })}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <fieldset class="leads__facts">
                <legend>{t.facts_legend}</legend>
                <p class="field__hint">{t.facts_hint}</p>
                {problem_for("facts").map(|message| view! { <p class="field__error">{message}</p> })}
                {headers
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        Field::ALL.into_iter().all(|f| job.mapping.column(f) != Some(*i))
                    })
                    .map(|(i, header)| {
                        let id = format!("fact-{i}");
                        view! {
                            <label class="leads__fact" for=id.clone()>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    name="facts"
                                    value=i.to_string()
                                    checked=job.mapping.facts.contains(&i)
                                />
                                <span>{header.clone()}</span>
                                <span class="leads__example">{sample(i)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Preview job=job.clone() />
            <button type="submit" class="button">{t.mapping_submit}</button>
        </form>
        <form class="leads__discard" action=format!("/leads/{}/delete", job.id) method="post">
            <button type="submit" class="button button--small button--ghost">{t.mapping_discard}</button>
        </form>
    }
}

/// A cell as an example beside its column: whole when short, else cut at a word with "…", so a
/// cut value never reads as a different fact ("…online to 4" from "…online to 40 clinics").
fn excerpt(cell: &str, max: usize) -> String {
    let cell = cell.trim();
    if cell.chars().count() <= max {
        return cell.to_owned();
    }
    let cut: String = cell.chars().take(max).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if space >= cut.len() / 2 => &cut[..space],
        _ => &cut,
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| !c.is_alphanumeric())
    )
}

/// The first rows, as uploaded.
#[component]
fn Preview(job: LeadJob) -> impl IntoView {
    let t = use_t();
    view! {
        <details class="leads__preview">
            <summary>{fill(t.preview_summary, &[("n", &job.preview.len())])}</summary>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.preview_line}</th>
                            {job.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {job.preview
                            .iter()
                            .map(|row| view! {
                                <tr>
                                    <td>{row.line}</td>
                                    {row.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn a_long_example_is_cut_at_a_word_and_says_so() {
        assert_eq!(excerpt("Acme", 40), "Acme");
        assert_eq!(
            excerpt(
                "Moved patient intake online to 40 clinics across Portugal",
                32
            ),
            "Moved patient intake online to…"
        );
        // A word that ends at the cut is whole.
        assert_eq!(
            excerpt(
                "Moved patient intake online to 40 clinics across Portugal",
                34
            ),
            "Moved patient intake online to 40…"
        );
        // One long word is cut where it must be, still marked.
        assert_eq!(excerpt("abcdefghij", 4), "abcd…");
    }
}
