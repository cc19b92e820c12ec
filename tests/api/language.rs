//! The interface language: how it is chosen, the switch, and no English left on a Chinese page.

use std::collections::HashSet;

use coldcopy::domain::i18n::{Lang, placeholders};
use scraper::{Html, Node};

use crate::helpers::{TestApp, spawn_app};

/// Switches `app`'s browser to Chinese the way the header's link does.
pub async fn switch_to_chinese(app: &TestApp, back_to: &str) {
    let res = app
        .get(&format!(
            "/lang/zh?next={}",
            back_to.replace('?', "%3F").replace('&', "%26")
        ))
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], back_to);
}

/// Every text a reader meets on the page: its text nodes (outside scripts and styles) and the
/// attributes that are read aloud or shown (`aria-label`, `placeholder`, `title`, `alt`, a
/// meta description's `content`, a button's `value`).
fn page_texts(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut texts = Vec::new();
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                let inside_code = node.ancestors().any(|parent| {
                    parent
                        .value()
                        .as_element()
                        .is_some_and(|el| matches!(el.name(), "script" | "style" | "template"))
                });
                let text = text.trim();
                if !inside_code && !text.is_empty() {
                    texts.push(text.to_owned());
                }
            }
            Node::Element(el) => {
                for name in ["aria-label", "placeholder", "title", "alt"] {
                    if let Some(value) = el.attr(name) {
                        texts.push(value.trim().to_owned());
                    }
                }
                if el.name() == "meta" && el.attr("name") == Some("description") {
                    texts.push(el.attr("content").unwrap_or_default().to_owned());
                }
            }
            _ => {}
        }
    }
    texts
}

/// The English messages a Chinese page must never show: every English catalogue entry that
/// Chinese says differently, cut at its placeholders into the fixed parts long enough to mean
/// something on their own.
fn english_only() -> Vec<String> {
    let mut parts = HashSet::new();
    for ((_, en), (_, zh)) in Lang::En.t().entries().zip(Lang::Zh.t().entries()) {
        // The switch names each language in itself ("English" on a Chinese page).
        if en == zh || Lang::ALL.iter().any(|lang| lang.native_name() == en) {
            continue;
        }
        // Cut at the placeholders (whose names are not text a reader sees).
        let mut cut = en.to_owned();
        for name in placeholders(en) {
            cut = cut.replace(&format!("{{{name}}}"), "\0");
        }
        for part in cut.split('\0').map(str::trim) {
            let letters = without_merge_tags(part)
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .count();
            if letters >= 4 {
                parts.insert(part.to_owned());
            }
        }
    }
    parts.into_iter().collect()
}

/// `text` with its merge tags (`{{first_name}}`, the same in every language) blanked out.
fn without_merge_tags(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(open) = out.find("{{") {
        let Some(close) = out[open..].find("}}") else {
            break;
        };
        out.replace_range(open..open + close + 2, " ");
    }
    out
}

/// Fails on any text of `html` that is (or holds a sentence of) the English catalogue.
pub fn assert_no_english(path: &str, html: &str) {
    let english = english_only();
    for text in page_texts(html) {
        for message in &english {
            // A short message must be the whole text (a button's "Copy"); a long one may be
            // part of it.
            let found = if message.len() < 16 {
                text == *message
            } else {
                text.contains(message.as_str())
            };
            assert!(
                !found,
                "{path} in Chinese shows English {message:?} in {text:?}"
            );
        }
    }
}

/// Names and codes that are the same in Chinese text (products, standards, our cookies' and
/// merge tags' names).
const NAMES: &[&str] = &[
    "ColdCopy",
    "Claude",
    "Anthropic",
    "Stripe",
    "lemlist",
    "Instantly",
    "Apollo",
    "Smartlead",
    "SaaS",
    "B2B",
    "API",
    "HttpOnly",
    "Cookie",
    "token",
    "Starter",
    "Pro",
    "Ledgerly",
    "Brightwave",
    "CAN-SPAM",
    "GDPR",
    "CASL",
    "coldcopy_session",
    "coldcopy_lang",
    "coldcopy_tz",
    "coldcopy_login",
    "Firefox",
    "Linux",
    "Asia",
    "Shanghai",
    "first_name",
    "company_name",
    "sender_name",
    "English",
    "CSV",
    "Markdown",
    "JSON",
    "firstName",
    "UTC",
    "Fwd",
    "Deutsch",
    "Italiano",
    "Nederlands",
    "Sales",
    "Navigator",
    "Excel",
    "Windows",
    "Mac",
    "Apple",
    "Numbers",
    "LibreOffice",
    "OpenDocument",
    "Office",
    "Word",
    "PDF",
    "ZIP",
    "xlsx",
    "xls",
    "ods",
    "csv",
    "UTF-8",
    "MB",
    "KB",
];

/// Fails on any English word (three Latin letters or more) in `html`'s texts that is not a
/// name or one of `allowed` (what the visitor typed or Claude wrote): it catches text that
/// never went through the catalogue at all.
pub fn assert_no_latin_words(path: &str, html: &str, allowed: &[&str]) {
    for text in page_texts(html) {
        // A word with accented Latin letters is another language's ("Español" beside 西班牙语).
        let tokens = without_merge_tags(&text);
        let tokens = tokens
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .filter(|token| !token.chars().any(|c| ('\u{c0}'..='\u{24f}').contains(&c)));
        let words = tokens.flat_map(|token| {
            token.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        });
        for word in words {
            let letters = word.chars().filter(|c| c.is_ascii_alphabetic()).count();
            if letters < 3 || NAMES.contains(&word) || allowed.contains(&word) {
                continue;
            }
            panic!("{path} in Chinese shows the English word {word:?} in {text:?}");
        }
    }
}

#[tokio::test]
async fn the_browsers_language_picks_the_interface_unless_a_choice_is_kept() {
    let app = spawn_app().await;
    let english = app.get("/").await.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en""#), "{english}");

    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap();
    let vary = res.headers()["vary"].to_str().unwrap().to_owned();
    assert!(
        vary.contains("accept-language") && vary.contains("cookie"),
        "{vary}"
    );
    let chinese = res.text().await.unwrap();
    assert!(chinese.contains(r#"<html lang="zh-CN""#));
    assert!(chinese.contains(Lang::Zh.t().landing_heading));
    assert!(!chinese.contains(Lang::En.t().landing_heading));

    // The switch keeps the choice, and it beats the browser's language.
    let res = app.get("/lang/en?next=/privacy").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/privacy");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("coldcopy_lang=en;"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "{cookie}");
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "zh-CN")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains(r#"<html lang="en""#));

    switch_to_chinese(&app, "/generate?tone=casual").await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains(r#"<html lang="zh-CN""#));
    // The switch on a Chinese page leads back to English, to the same page.
    assert!(page.contains(r#"href="/lang/en?next=%2F""#), "{page}");
}

#[tokio::test]
async fn the_switch_refuses_other_sites_and_unknown_languages() {
    let app = spawn_app().await;
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/%5Cevil.example",
    ] {
        let res = app.get(&format!("/lang/zh?next={next}")).await;
        assert_eq!(res.status(), 303, "{next}");
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
    let res = app.get("/lang/fr?next=/").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("set-cookie").is_none());
    assert!(res.text().await.unwrap().contains("(zh)"));
}

#[tokio::test]
async fn the_pages_in_chinese_show_no_english_from_the_catalogue() {
    let app = spawn_app().await;
    switch_to_chinese(&app, "/").await;
    for path in [
        "/",
        "/privacy",
        "/terms",
        "/no-such-page",
        "/generate",
        "/pricing",
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(r#"<html lang="zh-CN""#), "{path}");
        assert_no_english(path, &html);
        assert_no_latin_words(path, &html, &[]);
    }
    // The tools guide names each tool's own screens and each file's columns as the tool and
    // the file spell them, and lists its sources' addresses.
    let html = app.get("/tools").await.text().await.unwrap();
    assert!(
        html.contains("发信工具：如何使用 ColdCopy 的文件"),
        "{html}"
    );
    assert_no_english("/tools", &html);
    let mut allowed: Vec<&str> = TOOL_WORDS.to_vec();
    for url in html.split('"').filter(|s| s.starts_with("https://")) {
        allowed.extend(url.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')));
    }
    assert_no_latin_words("/tools", &html, &allowed);
}

/// What the tools guide quotes from the tools' screens and the files' headers.
const TOOL_WORDS: &[&str] = &[
    "People",
    "Import",
    "Personalization",
    "Personalized",
    "Line",
    "Email",
    "Not",
    "sent",
    "subject",
    "message",
    "subject_b",
    "delay_days",
    "body",
    "wait_days",
    "subject_variant_b",
    "icebreaker",
    "personalization",
    "email_body",
    "variant_b_subject",
    "delay_in_days",
    "day",
];

#[tokio::test]
async fn the_check_finds_english_on_an_english_page() {
    // The check above can fail: the English landing page is full of catalogue text.
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    let caught = std::panic::catch_unwind(|| assert_no_english("/", &html));
    assert!(caught.is_err());
}

/// Every word of `text` (what the visitor typed or the writer wrote), for the check above.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_sequence_in_chinese_shows_its_emails_and_chinese_around_them() {
    let app = spawn_app().await;
    switch_to_chinese(&app, "/").await;
    let location = app
        .post_form_without_js(&crate::helpers::valid_form())
        .await;
    let id = location.trim_start_matches("/s/").to_owned();
    let page = app.get(&location).await.text().await.unwrap();
    assert_no_english(&location, &page);
    // The emails are English (as written): their words, and the form's, are the founder's.
    let csv = app
        .get(&format!("/s/{id}/export/csv"))
        .await
        .text()
        .await
        .unwrap();
    let body: String = csv.lines().skip(1).collect::<Vec<_>>().join("\n");
    let mut allowed = words_of(&body);
    for (_, value) in crate::helpers::valid_form() {
        allowed.extend(words_of(&value));
    }
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    assert_no_latin_words(&location, &page, &allowed);
    assert!(page.contains(Lang::Zh.t().quality_label), "{page}");
    // The edit form without JavaScript, and a field error from the server, in Chinese.
    let form = app
        .get(&format!("{location}?edit=1"))
        .await
        .text()
        .await
        .unwrap();
    assert_no_english(&location, &form);
    assert!(form.contains("正在编辑第 1 封邮件"));
    let res = app
        .client
        .post(app.url("/api/sequence/email"))
        .header("accept", "application/json")
        .form(&[
            ("id", id.as_str()),
            ("step", "1"),
            ("subject_a", " "),
            ("subject_b", "ok"),
            ("body", "Hi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["error"], "invalid");
    assert_eq!(json["fields"][0]["message"], "标题 A不能为空。");
}
