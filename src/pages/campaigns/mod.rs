//! The campaigns: `/campaigns` (the account's list), `/campaigns/new` (the form, `new`),
//! `/campaigns/{id}` (one campaign: controls, today's counts, the preview, the leads;
//! `campaign`), `/suppressions` (the addresses never mailed, `suppressions`) and `/u/{token}`
//! (an unsubscribe link's page, `unsubscribe`). Server-rendered
//! pages whose forms post to server/campaigns/routes.rs; no script. Words in `text`.

mod campaign;
mod form_text;
mod live;
mod new;
mod suppressions;
mod text;
mod unsubscribe;

pub use campaign::CampaignPage;
pub use new::NewCampaignPage;
pub use suppressions::SuppressionsPage;
pub use unsubscribe::UnsubscribePage;

use leptos::prelude::*;

use crate::api::campaigns::campaigns;
use crate::components::{i18n::use_lang, page_head::PageHead};
use crate::domain::campaign::CampaignSummary;
use crate::domain::i18n::fill;
use text::{Text, text};

/// The page's head and the sign-in notice shared by the campaigns pages.
#[component]
fn Head(title: &'static str, lead: &'static str, w: &'static Text) -> impl IntoView {
    view! {
        <PageHead title=title description=lead />
        <header class="page-head">
            <p class="eyebrow">{w.eyebrow}</p>
            <h1>{title}</h1>
            <p class="lead">{lead}</p>
        </header>
    }
}

fn sign_in_first(w: &'static Text) -> AnyView {
    view! {
        <p class="notice">{w.sign_in_first} " " <a href="/signin">{use_lang().t().nav_sign_in}</a></p>
    }
    .into_any()
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let t = lang.t();
    let list = Resource::new(|| (), |_| campaigns());
    view! {
        <section class="container narrow account campaigns">
            <Head title=w.title lead=w.lead w />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(Some(list)) => view! { <List list w /> }.into_any(),
                        Ok(None) => sign_in_first(w),
                        Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn List(list: Vec<CampaignSummary>, w: &'static Text) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <p class="campaigns__actions">
            <a class="button" href="/campaigns/new">{w.new_campaign}</a>
            <a href="/inbox">{w.inbox_link}</a>
            <a href="/suppressions">{w.suppressions_link}</a>
        </p>
        {empty.then(|| view! { <p class="notice">{w.none_yet}</p> })}
        <ul class="account__browsers campaigns__list">
            {list.into_iter().map(|c| {
                let summary = fill(w.summary, &[("leads", &c.leads), ("sent", &c.sent), ("replied", &c.replied)]);
                view! {
                    <li class="account__browser">
                        <div>
                            <a href=format!("/campaigns/{}", c.id)><strong>{c.name}</strong></a>
                            <p class="account__when">{summary}</p>
                        </div>
                        <span class=format!("badge campaign-status campaign-status--{}", c.status.as_str())>{w.status(c.status)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
