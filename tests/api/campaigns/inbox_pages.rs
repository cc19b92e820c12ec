//! The inbox page keeps what a lead wrote as text (hostile subjects, names, bodies, HTML mail),
//! and in Chinese shows no English of its own: the only Latin words are the messages' own.

use serde_json::Value;

use super::*;
use crate::language::{assert_no_latin_words, switch_to_chinese};
use crate::markup::{PAYLOADS, assert_inert};

fn words(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.extend(
            text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .filter(|word| !word.is_empty())
                .map(str::to_owned),
        ),
        Value::Array(items) => items.iter().for_each(|item| words(item, out)),
        Value::Object(fields) => fields
            .iter()
            // The tags name a kind, a rule or a summary: the page shows their labels instead.
            .filter(|(name, _)| !["kind", "rule", "summary"].contains(&name.as_str()))
            .for_each(|(_, field)| words(field, out)),
        _ => {}
    }
}

#[tokio::test]
async fn hostile_messages_stay_text_and_the_inbox_is_chinese() {
    let k = fresh("ip");
    let (ann, bo) = (format!("{k}-ann@acme.test"), format!("{k}-bo@acme.test"));
    let csv = format!("email,first_name,company\n{ann},Ann,Acme\n{bo},Bo,Beta\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let me = format!("{k}@ledgerly.test");
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0"), ("daily_cap", "10")]),
    )
    .await;
    control(&app, &id, "start").await;
    send_round(&app, "2026-12-14T09:00:00Z").await;
    let (to_ann, to_bo) = (
        arrived(&ann, 1).await.remove(0),
        arrived(&bo, 1).await.remove(0),
    );
    // Ann's reply: every payload in its subject, its sender's name and its text; Bo's HTML-only
    // out-of-office carries a script and a link.
    let reply = format!(
        "From: \"{}\" <{ann}>\nTo: {me}\nSubject: {}\nMessage-ID: <{k}-r@acme.test>\nIn-Reply-To: {}\nContent-Type: text/plain; charset=utf-8\n\n{}\n",
        PAYLOADS[2].replace('"', "'"),
        PAYLOADS[0],
        header(&to_ann, "Message-ID"),
        PAYLOADS.join("\n")
    );
    deliver_raw(&ann, &me, &reply).await;
    let html_ooo = format!(
        "From: {bo}\nTo: {me}\nSubject: Automatic reply\nMessage-ID: <{k}-o@acme.test>\nIn-Reply-To: {}\nAuto-Submitted: auto-replied\nContent-Type: text/html; charset=utf-8\n\n<p>Out of office until 2026-12-28.</p><script>alert(1)</script><a href=\"javascript:alert(1)\">x-injected</a>\n",
        header(&to_bo, "Message-ID")
    );
    deliver_raw(&bo, &me, &html_ooo).await;
    arrived(&me, 2).await;
    send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!(app.count("inbox_messages").await, 2);

    let html = app.html("/inbox").await;
    assert_inert(&html, "/inbox with hostile messages");
    assert!(
        html.contains("x-injected"),
        "the payloads are shown, as text"
    );
    assert!(
        !html.contains("<p>Out of office"),
        "HTML mail is shown as its text"
    );
    assert!(html.contains("Out of office until 2026-12-28."));
    for q in [
        "?show=replies",
        "?show=out_of_office",
        "?corrected=1",
        "?problem=kind",
        "?show=%3Cx-injected%3E",
    ] {
        let html = app.html(&format!("/inbox{q}")).await;
        assert_inert(&html, &format!("/inbox{q}"));
    }

    let data: Value = app.json("/api/inbox?show=all").await;
    let mut allowed = Vec::new();
    words(&data, &mut allowed);
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    switch_to_chinese(&app, "/inbox").await;
    for path in [
        "/inbox",
        "/inbox?show=bounces",
        "/inbox?corrected=1",
        "/inbox?problem=kind",
    ] {
        let html = app.text(path).await;
        assert!(html.contains(r#"<html lang="zh-CN""#), "{path}");
        assert_no_latin_words(path, &html, &allowed);
    }
}
