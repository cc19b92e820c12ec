//! The campaigns pages in Chinese: no English from the interface; the only Latin words are the
//! founder's data (the English emails of the preview, the leads, the addresses, the zone).

use serde_json::Value;

use super::*;
use crate::language::{assert_no_latin_words, switch_to_chinese};

fn words_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.extend(
            text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .filter(|word| !word.is_empty())
                .map(str::to_owned),
        ),
        Value::Array(items) => items.iter().for_each(|item| words_in(item, out)),
        Value::Object(fields) => fields.values().for_each(|field| words_in(field, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_campaigns_pages_are_in_chinese() {
    let k = fresh("k6");
    let csv = format!(
        "email,first_name,company\n{k}-maria@acme.test,Maria,Acme\n{k}-li@acme.test,Li,Beta\n"
    );
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(&app, &campaign_form(&job, &mailbox, &[])).await;
    control(&app, &id, "start").await;
    send_round(&app, "2026-12-14T09:00:00Z").await;
    let link = header(
        &arrived(&format!("{k}-maria@acme.test"), 1).await[0],
        "List-Unsubscribe",
    );
    let unsubscribe = link[1..]
        .split('>')
        .next()
        .and_then(|url| url.strip_prefix(crate::accounts::PUBLIC))
        .unwrap()
        .to_owned();
    // What the founder and the writer wrote: the page's own data, less the states' names.
    let data: Value = app.json(&format!("/api/campaign?id={id}")).await;
    let mut allowed = Vec::new();
    words_in(&data, &mut allowed);
    let states = [
        "Draft",
        "Running",
        "Paused",
        "Stopped",
        "Done",
        "Active",
        "Replied",
        "Bounced",
        "Unsubscribed",
        "Failed",
        "Unconfirmed",
    ];
    allowed.retain(|word| !states.contains(&word.as_str()));
    allowed.extend(["Asia", "Shanghai", "PUBLIC_URL", "leads", "csv", "CSV"].map(str::to_owned));
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    switch_to_chinese(&app, "/campaigns").await;
    for path in [
        "/campaigns".to_owned(),
        "/campaigns/new".to_owned(),
        format!("/campaigns/{id}"),
        format!("/campaigns/{id}?problem=plan"),
        "/campaigns/new?bad=name,window,day&name=x".to_owned(),
        unsubscribe.clone(),
        "/suppressions?added=2".to_owned(),
    ] {
        let html = app.text(&path).await;
        assert!(html.contains(r#"<html lang="zh-CN""#), "{path}");
        assert_no_latin_words(&path, &html, &allowed);
    }
}
