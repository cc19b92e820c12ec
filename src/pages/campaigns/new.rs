//! `/campaigns/new`: the form that makes a draft campaign (a lead list, the mailboxes, the
//! schedule, the limits, the fallbacks). It posts to `POST /campaigns`; refused, it comes back
//! with what was sent and each wrong field's message beside it.

use leptos::prelude::*;

use super::form_text::{FormText, form_text};
use super::text::{Text, text};
use super::{Head, sign_in_first};
use crate::api::campaigns::new_campaign_options;
use crate::components::{
    i18n::use_lang,
    query::{Query, use_query},
};
use crate::domain::campaign::CampaignChoices;
use crate::domain::i18n::fill;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let f = form_text(lang);
    let t = lang.t();
    let choices = Resource::new(|| (), |_| new_campaign_options());
    let query = use_query().get_untracked();
    view! {
        <section class="container narrow account campaigns">
            <Head title=f.new_title lead=f.new_lead w />
            <Suspense fallback=|| ()>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match choices.await {
                            Ok(Some(choices)) => view! { <Form choices query w f /> }.into_any(),
                            Ok(None) => sign_in_first(w),
                            Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Form(
    choices: CampaignChoices,
    query: Query,
    w: &'static Text,
    f: &'static FormText,
) -> impl IntoView {
    if choices.mailboxes.is_empty() {
        return view! { <p class="notice">{f.need_mailbox} " " <a href="/mailboxes">"→"</a></p> }
            .into_any();
    }
    if choices.lists.is_empty() {
        return view! { <p class="notice">{f.need_list} " " <a href="/history">"→"</a></p> }
            .into_any();
    }
    let sent_back = query.get("bad").is_some();
    let bad: Vec<String> = query
        .get("bad")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let values = |name: &str| -> Vec<String> {
        query
            .pairs()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
            .collect()
    };
    // A field's value after a refused post, else its default.
    let kept = |name: &str, default: &str| {
        if sent_back {
            query.get(name).unwrap_or_default()
        } else {
            default.to_owned()
        }
    };
    let problem = |field: &str| {
        bad.iter()
            .any(|b| b == field)
            .then(|| f.bad_field(field))
            .flatten()
            .map(|m| view! { <p class="field__error" role="alert">{m}</p> })
    };
    let chosen_list = kept("list", "");
    let chosen_boxes = values("mailbox");
    let chosen_days = if sent_back {
        values("day")
    } else {
        DAYS[..5].iter().map(|d| (*d).to_owned()).collect()
    };
    let opt_out = !sent_back || query.get("opt_out_line").is_some();
    let stop_company = query.get("stop_company").is_some();
    let number = |name: &'static str,
                  label: &'static str,
                  default: &str,
                  hint: Option<&'static str>| {
        let invalid = bad.iter().any(|b| b == name);
        view! {
            <div class="field" class:field--invalid=invalid>
                <label class="field__label" for=name>{label}</label>
                <input id=name name=name type="number" min="0" inputmode="numeric" value=kept(name, default) />
                {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
                {problem(name)}
            </div>
        }
    };
    view! {
        {sent_back.then(|| view! { <p class="alert alert--error" role="alert">{f.fix_fields}</p> })}
        <form class="account__form campaign-form" id="new" action="/campaigns" method="post">
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "name")>
                <label class="field__label" for="name">{f.name}</label>
                <input id="name" name="name" type="text" maxlength="80" required value=kept("name", "") />
                {problem("name")}
            </div>
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "list")>
                <label class="field__label" for="list">{w.list}</label>
                <select id="list" name="list">
                    {choices.lists.into_iter().map(|l| {
                        let label = format!("{} ({})", l.label, fill(f.list_ready, &[("n", &l.leads)]));
                        view! { <option value=l.id.clone() selected=l.id == chosen_list>{label}</option> }
                    }).collect_view()}
                </select>
                {problem("list")}
            </div>
            <fieldset class="field" class:field--invalid=bad.iter().any(|b| b == "mailbox")>
                <legend class="field__label">{f.mailboxes}</legend>
                {choices.mailboxes.into_iter().enumerate().map(|(i, (id, address))| {
                    let checked = if sent_back { chosen_boxes.contains(&id) } else { i == 0 };
                    view! {
                        <label class="check"><input type="checkbox" name="mailbox" value=id checked=checked />" "{address}</label>
                    }
                }).collect_view()}
                {problem("mailbox")}
            </fieldset>
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "time_zone")>
                <label class="field__label" for="time_zone">{f.time_zone}</label>
                <input id="time_zone" name="time_zone" type="text" value=kept("time_zone", &choices.time_zone) />
                <p class="field__hint">{f.time_zone_hint}</p>
                {problem("time_zone")}
            </div>
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "window")>
                <span class="field__label">{f.window}</span>
                <div class="campaign-form__row">
                    <input name="window_start" type="time" aria-label=f.window value=kept("window_start", "09:00") />
                    <span>{f.window_to}</span>
                    <input name="window_end" type="time" aria-label=f.window_to value=kept("window_end", "17:00") />
                </div>
                {problem("window")}
            </div>
            <fieldset class="field campaign-form__days" class:field--invalid=bad.iter().any(|b| b == "day")>
                <legend class="field__label">{f.days}</legend>
                {DAYS.iter().zip(w.day_names).map(|(day, name)| view! {
                    <label class="check"><input type="checkbox" name="day" value=*day checked=chosen_days.iter().any(|d| d == day) />" "{name}</label>
                }).collect_view()}
                {problem("day")}
            </fieldset>
            {number("daily_cap", f.daily_cap, "30", Some(f.daily_cap_hint))}
            <div class="campaign-form__pair">
                {number("ramp_start", f.ramp_start, "", None)}
                {number("ramp_step", f.ramp_step, "", None)}
            </div>
            <p class="field__hint">{f.ramp_hint}</p>
            <div class="campaign-form__pair">
                {number("gap_minutes", f.gap, "10", None)}
                {number("jitter_minutes", f.jitter, "5", None)}
            </div>
            {number("new_per_day", f.new_per_day, "20", None)}
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "fb_first_name")>
                <label class="field__label" for="fb_first_name">{f.fallback_first_name}</label>
                <input id="fb_first_name" name="fb_first_name" type="text" maxlength="40" value=kept("fb_first_name", f.default_first_name) />
                {problem("fb_first_name")}
            </div>
            <div class="field" class:field--invalid=bad.iter().any(|b| b == "fb_company_name")>
                <label class="field__label" for="fb_company_name">{f.fallback_company}</label>
                <input id="fb_company_name" name="fb_company_name" type="text" maxlength="40" value=kept("fb_company_name", f.default_company) />
                <p class="field__hint">{f.fallback_hint}</p>
                {problem("fb_company_name")}
            </div>
            <label class="check"><input type="checkbox" name="opt_out_line" value="1" checked=opt_out />" "{f.opt_out_line}</label>
            <label class="check"><input type="checkbox" name="stop_company" value="1" checked=stop_company />" "{f.stop_company}</label>
            <button type="submit" class="button">{f.create}</button>
        </form>
    }
    .into_any()
}
