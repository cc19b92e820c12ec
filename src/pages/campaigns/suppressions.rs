//! `/suppressions`: the addresses the account never mails (opted out, bounced, added by hand).
//! Add by pasting (or importing a list exported before), export as CSV, remove one added by
//! mistake. Forms post to server/campaigns/routes.rs; no script.

use leptos::prelude::*;

use super::sign_in_first;
use super::text::text;
use crate::api::campaigns::{SuppressedView, suppression_list};
use crate::components::{
    i18n::use_lang,
    page_head::PageHead,
    query::{Query, use_query},
    raw_text::raw_text,
};
use crate::domain::i18n::{Lang, fill};

struct Words {
    title: &'static str,
    lead: &'static str,
    add: &'static str,
    add_hint: &'static str,
    add_button: &'static str,
    /// `{n}`.
    added: &'static str,
    /// `{list}`.
    not_addresses: &'static str,
    removed: &'static str,
    export: &'static str,
    empty: &'static str,
    remove: &'static str,
    reasons: [(&'static str, &'static str); 3],
}

const EN: Words = Words {
    title: "Suppression list",
    lead: "Addresses no campaign of yours will ever email: everyone who unsubscribed or bounced, and any you add. Adding one stops it in every running campaign at once.",
    add: "Add addresses",
    add_hint: "One a line, or separated by commas. A list exported from here can be pasted back.",
    add_button: "Add to the list",
    added: "{n} addresses added.",
    not_addresses: "Not an address, so not added: {list}",
    removed: "Removed from the list.",
    export: "Export as CSV",
    empty: "No address yet.",
    remove: "Remove",
    reasons: [
        ("unsubscribed", "Unsubscribed"),
        ("bounced", "Bounced"),
        ("manual", "Added by you"),
    ],
};

const ZH: Words = Words {
    title: "屏蔽名单",
    lead: "您的任何营销活动都不会再给这些地址发邮件：所有退订或退信的地址，以及您添加的地址。添加后，它会立即在所有进行中的活动里停止。",
    add: "添加地址",
    add_hint: "每行一个，或用逗号分隔。从这里导出的名单可以直接粘贴回来。",
    add_button: "加入名单",
    added: "已添加 {n} 个地址。",
    not_addresses: "不是邮件地址，未添加：{list}",
    removed: "已从名单中移除。",
    export: "导出为 CSV",
    empty: "名单还是空的。",
    remove: "移除",
    reasons: [
        ("unsubscribed", "已退订"),
        ("bounced", "已退信"),
        ("manual", "您添加的"),
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

#[component]
pub fn SuppressionsPage() -> impl IntoView {
    let lang = use_lang();
    let (w, c) = (words(lang), text(lang));
    let t = lang.t();
    let list = Resource::new(|| (), |_| suppression_list());
    let query = use_query().get_untracked();
    view! {
        <PageHead title=w.title description=w.lead />
        <section class="container narrow account suppressions">
            <header class="page-head">
                <p class="eyebrow"><a href="/campaigns">{c.title}</a></p>
                <h1>{w.title}</h1>
                <p class="lead">{w.lead}</p>
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(Some(list)) => view! { <List list query w /> }.into_any(),
                            Ok(None) => sign_in_first(c),
                            Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn List(list: Vec<SuppressedView>, query: Query, w: &'static Words) -> impl IntoView {
    let added = query.get("added").map(|n| fill(w.added, &[("n", &n)]));
    let bad: Vec<String> = query
        .pairs()
        .filter(|(k, _)| *k == "bad")
        .map(|(_, v)| v.to_owned())
        .collect();
    let not_addresses =
        (!bad.is_empty()).then(|| fill(w.not_addresses, &[("list", &bad.join(", "))]));
    let removed = query.get("removed").is_some();
    let empty = list.is_empty();
    let reason = |r: &str| {
        w.reasons
            .iter()
            .find(|(k, _)| *k == r)
            .map_or("", |(_, v)| *v)
    };
    view! {
        {added.map(|a| view! { <p class="notice notice--ok" role="status">{a}</p> })}
        {not_addresses.map(|n| view! { <p class="alert alert--error" role="alert">{n}</p> })}
        {removed.then(|| view! { <p class="notice notice--ok" role="status">{w.removed}</p> })}
        <form class="account__form" action="/suppressions" method="post">
            <div class="field">
                <label class="field__label" for="addresses">{w.add}</label>
                <textarea id="addresses" name="addresses" rows="4">{raw_text(String::new())}</textarea>
                <p class="field__hint">{w.add_hint}</p>
            </div>
            <button type="submit" class="button">{w.add_button}</button>
        </form>
        <p class="suppressions__export"><a href="/suppressions/export" download>{w.export}</a></p>
        {empty.then(|| view! { <p class="notice">{w.empty}</p> })}
        <ul class="account__browsers">
            {list.into_iter().map(|s| view! {
                <li class="account__browser">
                    <div>
                        <strong class="campaign__who">{s.email.clone()}</strong>
                        <p class="account__when">{format!("{} \u{b7} {}", reason(&s.reason), s.added)}</p>
                    </div>
                    {(s.reason == "manual").then(|| view! {
                        <form action="/suppressions/remove" method="post">
                            <input type="hidden" name="email" value=s.email.clone() />
                            <button type="submit" class="button button--small button--ghost">{w.remove}</button>
                        </form>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
}
