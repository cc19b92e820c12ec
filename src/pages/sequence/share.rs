//! Sharing a sequence read-only: `/s/{id}/share` (make a link, see it once, stop sharing; the
//! sequence's head links to it) and `/shared/{token}`, the page a cofounder opens without
//! signing in. Both are
//! server-rendered forms and text, no script; their words are here, not in the islands'
//! catalogue.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use crate::api::share::{ShareSequence, ShareView, StopSharing, share_state, shared_sequence};
use crate::components::{i18n::use_lang, page_head::PageHead, query::use_query};
use crate::domain::i18n::{Lang, fill};
use crate::domain::sequence::{Email, SavedSequence};
use crate::pages::not_found::NotFoundPage;

struct Words {
    menu: &'static str,
    back: &'static str,
    lead: &'static str,
    make: &'static str,
    make_new: &'static str,
    /// `{when}`.
    live: &'static str,
    made: &'static str,
    stop: &'static str,
    stopped: &'static str,
    shared_eyebrow: &'static str,
    shared_note: &'static str,
    shared_cta: &'static str,
    gone_title: &'static str,
    gone_text: &'static str,
}

const EN: Words = Words {
    menu: "Share read-only",
    back: "Back to the sequence",
    lead: "A read-only link: whoever has it can read this sequence without signing in, but not edit it, export it or see your lead lists.",
    make: "Make a read-only link",
    make_new: "Make a new link",
    live: "A read-only link is live, made {when}. A new link replaces it: the old one stops working.",
    made: "Your read-only link. Copy it now: it is shown only this once.",
    stop: "Stop sharing",
    stopped: "Sharing stopped: the link no longer opens.",
    shared_eyebrow: "Shared read-only",
    shared_note: "Someone shared this cold-email sequence with you. You can read it; only its author can change it.",
    shared_cta: "Write your own with ColdCopy",
    gone_title: "This link does not open",
    gone_text: "Its author stopped sharing the sequence, or the link was cut short. Ask them for a new one.",
};

const ZH: Words = Words {
    menu: "只读分享",
    back: "返回序列",
    lead: "只读链接：拿到链接的人无需登录即可阅读这个序列，但不能编辑、导出，也看不到你的线索名单。",
    make: "生成只读链接",
    make_new: "生成新链接",
    live: "只读链接有效中，生成于 {when}。生成新链接后，旧链接将失效。",
    made: "你的只读链接。请现在复制：它只显示这一次。",
    stop: "停止分享",
    stopped: "已停止分享：链接不再能打开。",
    shared_eyebrow: "只读分享",
    shared_note: "有人与你分享了这个冷邮件序列。你可以阅读，只有作者能修改。",
    shared_cta: "用 ColdCopy 写你自己的序列",
    gone_title: "这个链接无法打开",
    gone_text: "作者已停止分享这个序列，或链接不完整。请向作者索取新的链接。",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// `/s/{id}/share`: the sequence's read-only link: make one (shown this once, `?shared=`), make
/// a new one, or stop sharing (`?unshared=1`). Only the sequence's owner gets the page.
#[component]
pub fn SharePage() -> impl IntoView {
    let lang = use_lang();
    let w = words(lang);
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let query = use_query().get_untracked();
    let (made, stopped) = (query.get("shared"), query.get("unshared").is_some());
    let state = Resource::new(|| (), {
        let id = id.clone();
        move |_| share_state(id.clone())
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (id, made) = (id.clone(), made.clone());
                Suspend::new(async move {
                    match state.await {
                        Ok(view) => view! { <Share id view made stopped w /> }.into_any(),
                        Err(_) => view! { <NotFoundPage /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Share(
    id: String,
    view: ShareView,
    made: Option<String>,
    stopped: bool,
    w: &'static Words,
) -> impl IntoView {
    let link = made.map(|token| format!("{}/shared/{token}", view.base));
    let live = view.live_since.clone();
    view! {
        <PageHead title=w.menu description=w.lead />
        <section class="container narrow account">
            <header class="page-head">
                <p class="eyebrow">{w.menu}</p>
                <h1>{view.title.clone()}</h1>
                <p class="lead">{w.lead}</p>
            </header>
            {link.map(|link| view! {
                <div class="notice notice--ok share__made" role="status">
                    <label for="share-link">{w.made}</label>
                    <input id="share-link" class="share__link" type="text" readonly value=link />
                </div>
            })}
            {stopped.then(|| view! { <p class="notice notice--ok" role="status">{w.stopped}</p> })}
            {live.clone().map(|when| view! { <p class="notice">{fill(w.live, &[("when", &when)])}</p> })}
            <div class="share__actions">
                <form action=ShareSequence::PATH method="post">
                    <input type="hidden" name="id" value=id.clone() />
                    <button type="submit" class="button">
                        {if live.is_some() { w.make_new } else { w.make }}
                    </button>
                </form>
                {live.is_some().then(|| view! {
                    <form action=StopSharing::PATH method="post">
                        <input type="hidden" name="id" value=id.clone() />
                        <button type="submit" class="button button--ghost">{w.stop}</button>
                    </form>
                })}
            </div>
            <p><a href=format!("/s/{id}")>{w.back}</a></p>
        </section>
    }
}

/// `/shared/{token}`: the sequence, read-only.
#[component]
pub fn SharedPage() -> impl IntoView {
    let lang = use_lang();
    let w = words(lang);
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let sequence = Resource::new(|| (), move |_| shared_sequence(token.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match sequence.await {
                    Ok(saved) => view! { <Shared saved w /> }.into_any(),
                    Err(_) => view! {
                        <PageHead title=w.gone_title description=w.gone_text />
                        <section class="container narrow">
                            <header class="page-head">
                                <h1>{w.gone_title}</h1>
                                <p class="lead">{w.gone_text}</p>
                            </header>
                            <a class="button" href="/generate">{w.shared_cta}</a>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Shared(saved: SavedSequence, w: &'static Words) -> impl IntoView {
    let title = format!("{} → {}", saved.company, saved.job_title);
    view! {
        <PageHead title=title.clone() description=w.shared_note />
        <leptos_meta::Meta name="robots" content="noindex, nofollow" />
        <section class="container results shared">
            <header class="page-head">
                <p class="eyebrow">{w.shared_eyebrow}</p>
                <h1>{title}</h1>
                <p class="lead">{w.shared_note}</p>
            </header>
            <ol class="email-list">
                {saved.sequence.emails.into_iter().map(|email| view! { <SharedEmail email /> }).collect_view()}
            </ol>
            <p><a class="button" href="/generate">{w.shared_cta}</a></p>
        </section>
    }
}

/// One email, read-only: no copy buttons, editor or checks.
#[component]
fn SharedEmail(email: Email) -> impl IntoView {
    // Worded as the author's own page words it.
    let t = use_lang().t();
    let day = if email.day == 0 {
        t.email_day_first.to_owned()
    } else {
        fill(t.email_day, &[("day", &email.day)])
    };
    view! {
        <li class="email-card">
            <header class="email-card__head">
                <h2 class="email-card__title">{fill(t.email_title, &[("step", &email.step)])}</h2>
                <span class="chip">{day}</span>
            </header>
            <div class="email-card__subjects">
                <div class="subject"><span class="subject__variant">"A"</span><span class="subject__text">{email.subject_a}</span></div>
                <div class="subject"><span class="subject__variant">"B"</span><span class="subject__text">{email.subject_b}</span></div>
            </div>
            <div class="email-card__body">{email.body}</div>
        </li>
    }
}
