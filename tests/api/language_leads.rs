//! The pages the first Chinese test does not reach, in Chinese: every state of a lead list
//! (upload with an error, the mapping and a refused one, the review with a refused edit, the
//! export with a fallback and a refused one), history, the billing pages and a restore link.

use coldcopy::domain::{
    i18n::Lang,
    leads::{
        columns::Field,
        export::{TOOLS, columns},
    },
};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, valid_form};
use crate::language::{assert_no_english, assert_no_latin_words, switch_to_chinese};
use crate::leads::job_id;

/// Every word of every string in `value` (what the founder uploaded and typed, and what the
/// writer wrote): a Chinese page may show those as they are.
fn words_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.extend(
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .filter(|word| !word.is_empty())
                .map(str::to_owned),
        ),
        Value::Array(items) => items.iter().for_each(|item| words_in(item, out)),
        Value::Object(fields) => fields.values().for_each(|field| words_in(field, out)),
        _ => {}
    }
}

/// The saved sequence, as `/api/sequence` gives it.
async fn sequence_json(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/sequence?id={id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// Fails on English the interface wrote; `data` is what the founder and the writer wrote.
fn assert_chinese(path: &str, html: &str, data: &[String]) {
    assert!(html.contains(r#"<html lang="zh-CN""#), "{path}");
    assert_no_english(path, html);
    let allowed: Vec<&str> = data.iter().map(String::as_str).collect();
    assert_no_latin_words(path, html, &allowed);
}

#[tokio::test]
async fn every_state_of_a_lead_list_is_in_chinese() {
    let app = spawn_app().await;
    switch_to_chinese(&app, "/").await;
    let sequence = app.sequence().await;
    let csv = "email,first_name,company,notes\n\
               ana@acme.io,Ana,Acme,Acme opened an office in Lisbon in 2025.\n\
               bo@globex.com,,Globex,\n\
               not-an-email,Cy,Initech,dup\n\
               ana@acme.io,Ana,Acme,again\n";
    let mut data = Vec::new();
    words_in(&Value::String(csv.to_owned()), &mut data);
    words_in(&sequence_json(&app, &sequence).await, &mut data);
    for (_, value) in valid_form() {
        words_in(&Value::String(value), &mut data);
    }
    // The tools' own column names (the files keep them, and the variable check quotes them),
    // and the uploaded file's name.
    for tool in TOOLS {
        if let Some(columns) = columns(tool) {
            let names = Field::ALL.map(|field| columns.name(field));
            words_in(&serde_json::json!([names, columns.line]), &mut data);
        }
    }
    data.extend(["leads".to_owned(), "csv".to_owned()]);

    let upload = format!("/s/{sequence}/leads");
    let html = app.get(&upload).await.text().await.unwrap();
    assert_chinese(&upload, &html, &data);
    let refused = format!("{upload}?error=too_many&rows=6");
    let html = app.get(&refused).await.text().await.unwrap();
    assert!(html.contains("名单有 6 行"), "{html}");
    assert_chinese(&refused, &html, &data);

    let job = job_id(&app.upload(&sequence, csv.as_bytes(), "").await);
    let mapping = format!("/leads/{job}");
    let html = app.get(&mapping).await.text().await.unwrap();
    assert_chinese(&mapping, &html, &data);
    let (_, location) = app
        .post_form(&format!("/leads/{job}/start"), &[("col_email", "")])
        .await;
    let html = app.get(&location).await.text().await.unwrap();
    assert!(html.contains(Lang::Zh.t().mapping_no_email), "{html}");
    assert_chinese(&location, &html, &data);

    let (status, _) = app
        .post_form(
            &format!("/leads/{job}/start"),
            &[
                ("col_email", "0"),
                ("col_first_name", "1"),
                ("col_company", "2"),
                ("facts", "3"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let page = app.ended(&job).await;
    words_in(&page["leads"], &mut data);
    words_in(&page["job"]["neutral_line"], &mut data);

    // The review and the export; skipped rows and a lead's note in Chinese.
    let html = app.get(&mapping).await.text().await.unwrap();
    assert!(
        html.contains("不是邮箱地址"),
        "the skipped row's reason: {html}"
    );
    assert!(html.contains(Lang::Zh.t().lead_note_no_facts), "{html}");
    assert_chinese(&mapping, &html, &data);
    for tool in ["instantly", "smartlead", "apollo", "csv"] {
        let path = format!("/leads/{job}?tool={tool}");
        let html = app.get(&path).await.text().await.unwrap();
        assert_chinese(&path, &html, &data);
    }
    let with_fallback = format!("/leads/{job}?tool=lemlist&fb_firstName=%E4%BD%A0%E5%A5%BD");
    let html = app.get(&with_fallback).await.text().await.unwrap();
    assert!(html.contains("1 行使用“你好”"), "{html}");
    assert_chinese(&with_fallback, &html, &data);
    let bad_fallback = format!("/leads/{job}?tool=lemlist&fb_firstName=%7B%7Bx%7D%7D");
    let html = app.get(&bad_fallback).await.text().await.unwrap();
    assert!(html.contains("不能包含合并标签"), "{html}");
    assert_chinese(&bad_fallback, &html, &data);

    // A refused edit is shown back with its problems in Chinese.
    let ana = page["leads"][0]["id"].as_i64().unwrap();
    let edit = "Saw that Acme is moving its finance team to Oslo this year.";
    let (_, location) = app
        .post_form(&format!("/leads/{job}/lead/{ana}"), &[("line", edit)])
        .await;
    words_in(&Value::String(edit.to_owned()), &mut data);
    let html = app.get(&location).await.text().await.unwrap();
    assert!(html.contains(Lang::Zh.t().lead_not_saved), "{html}");
    assert!(html.contains("“Oslo”"), "{html}");
    assert_chinese(&location, &html, &data);

    // A list that is not this browser's: the refusal in Chinese.
    let other = app.another_browser();
    switch_to_chinese(&other, "/").await;
    let res = other.get(&format!("/leads/{job}/export/lemlist")).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.text().await.unwrap(), Lang::Zh.t().leads_not_found);
}

#[tokio::test]
async fn history_billing_and_restore_pages_are_in_chinese() {
    let app = spawn_app().await;
    switch_to_chinese(&app, "/").await;
    let empty = app.get("/history").await.text().await.unwrap();
    assert_chinese("/history", &empty, &[]);
    let sequence = app.sequence().await;
    let mut data = Vec::new();
    words_in(&sequence_json(&app, &sequence).await, &mut data);
    for path in [
        "/history",
        "/billing/cancel",
        "/billing/success",
        "/billing/success?session_id=cs_unknown",
        "/restore/not-a-token",
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert_chinese(path, &html, &data);
    }
}
