//! `/tools`: how to use ColdCopy's files in lemlist, Instantly, Apollo and Smartlead. The tools
//! import leads from a CSV, not a sequence's steps: each step is pasted into the tool's
//! sequence editor. Each procedure was checked against the tool's public documentation (the
//! sources listed under it, also cited in the README). Rendered on the server only: no script.

use leptos::prelude::*;

mod text;

use crate::components::{i18n::use_lang, page_head::PageHead};
use text::Text;

/// One tool's guide: its name, its steps (one message, a step a line), and where each claim
/// was checked.
struct Guide {
    id: &'static str,
    name: &'static str,
    steps: fn(&Text) -> &'static str,
    sources: &'static [&'static str],
}

const GUIDES: [Guide; 4] = [
    Guide {
        id: "lemlist",
        name: "lemlist",
        steps: |t| t.lemlist_steps,
        sources: &[
            "https://help.lemlist.com/en/articles/12875247-understand-campaign-sequencing-in-lemlist",
            "https://help.lemlist.com/en/articles/7978304-import-limits-how-many-leads-you-can-add",
            "https://developer.lemlist.com/api-reference/endpoints/leads/add-lead-variables",
            "https://developer.lemlist.com/api-reference/endpoints/sequences/create-ab-test-variant",
        ],
    },
    Guide {
        id: "instantly",
        name: "Instantly",
        steps: |t| t.instantly_steps,
        sources: &[
            "https://help.instantly.ai/en/articles/7916860-days-to-wait-between-steps",
            "https://developer.instantly.ai/api-reference/lead/add-leads-in-bulk-to-a-campaign-or-list",
        ],
    },
    Guide {
        id: "apollo",
        name: "Apollo",
        steps: |t| t.apollo_steps,
        sources: &[
            "https://knowledge.apollo.io/hc/en-us/articles/4409161532045-Import-a-CSV-of-Contacts",
            "https://knowledge.apollo.io/hc/en-us/articles/4409396985741-Add-Contacts-to-a-Sequence",
            "https://knowledge.apollo.io/hc/en-us/articles/4409735256845-Use-Advanced-Dynamic-Variables",
            "https://support.apollo.io/hc/en-us/articles/360000094572-How-Do-Sequences-Calculate-Wait-Times-",
        ],
    },
    Guide {
        id: "smartlead",
        name: "Smartlead",
        steps: |t| t.smartlead_steps,
        sources: &[
            "https://api.smartlead.ai/guides/lead-management",
            "https://api.smartlead.ai/api-reference/campaigns/update-sequences",
            "https://helpcenter.smartlead.ai/en/articles/59-how-do-follow-ups-work-in-smartlead",
        ],
    },
];

/// The page.
#[component]
pub fn ToolsPage() -> impl IntoView {
    let t = text::text(use_lang());
    view! {
        <PageHead title=t.title description=t.description />
        <section class="container narrow tools">
            <header class="page-head">
                <p class="eyebrow">{t.eyebrow}</p>
                <h1>{t.title}</h1>
                <p class="lead">{t.lead}</p>
            </header>
            <nav class="tools__nav" aria-label=t.title>
                {GUIDES
                    .iter()
                    .map(|g| view! { <a class="chip" href=format!("#{}", g.id)>{g.name}</a> })
                    .collect_view()}
            </nav>
            <div class="card tools__files">
                <h2>{t.files_title}</h2>
                <p>{t.files_leads}</p>
                <p>{t.files_steps}</p>
                <p class="field__hint">{t.days_note}</p>
            </div>
            {GUIDES
                .iter()
                .map(|g| view! {
                    <section class="tools__tool" id=g.id aria-labelledby=format!("{}-title", g.id)>
                        <h2 id=format!("{}-title", g.id)>{g.name}</h2>
                        <ol class="tools__steps">
                            {(g.steps)(t).lines().map(|step| view! { <li>{step}</li> }).collect_view()}
                        </ol>
                        <details class="tools__sources">
                            <summary>{t.sources}</summary>
                            <ul>
                                {g.sources
                                    .iter()
                                    .map(|url| view! { <li><a href=*url rel="noreferrer">{*url}</a></li> })
                                    .collect_view()}
                            </ul>
                        </details>
                    </section>
                })
                .collect_view()}
            <p class="field__hint">{t.checked}</p>
        </section>
    }
}
