//! The form opens with the founder's last brief (issue 37, item 2): plain `/generate`, "Write
//! another" and "Edit the brief" (`?from={id}`), never another browser's, and blank on request.

use scraper::{Html, Selector};

use crate::helpers::{form_with, spawn_app_with};

/// Each field's value as the page renders it (inputs' `value`, textareas' text, the checked
/// tone, the selected options).
fn form_values(html: &str) -> Vec<(String, String)> {
    let page = Html::parse_document(html);
    let mut values = Vec::new();
    let inputs = Selector::parse("form input[type=text], form textarea").unwrap();
    for el in page.select(&inputs) {
        let name = el.value().attr("name").unwrap_or_default().to_owned();
        let value = match el.value().name() {
            "textarea" => el.text().collect::<String>(),
            _ => el.value().attr("value").unwrap_or_default().to_owned(),
        };
        values.push((name, value));
    }
    let checked = Selector::parse("form input[type=radio][checked]").unwrap();
    for el in page.select(&checked) {
        let name = el.value().attr("name").unwrap_or_default().to_owned();
        values.push((
            name,
            el.value().attr("value").unwrap_or_default().to_owned(),
        ));
    }
    let selected = Selector::parse("form select").unwrap();
    let option = Selector::parse("option[selected]").unwrap();
    for el in page.select(&selected) {
        let name = el.value().attr("name").unwrap_or_default().to_owned();
        let value = el
            .select(&option)
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or_default();
        values.push((name, value.to_owned()));
    }
    values
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_form_opens_with_the_last_brief_of_this_browser_only() {
    let app = spawn_app_with(&[("FREE_SEQUENCES", "2")]).await;
    // A new visitor: a blank form, and no note.
    let html = app.get("/generate").await.text().await.unwrap();
    assert_eq!(value(&form_values(&html), "company"), "");
    assert!(!html.contains("brief-note"));

    let mut form = form_with("company", "Ledgerly <Brief> & Co");
    form.retain(|(k, _)| *k != "tone" && *k != "emails" && *k != "language");
    form.extend([
        ("tone", "casual".to_owned()),
        ("emails", "3".to_owned()),
        ("language", "de".to_owned()),
    ]);
    let res = app.generate(&form).await;
    assert_eq!(res.status(), 200);
    let first: String = res.json().await.unwrap();

    for path in ["/generate".to_owned(), format!("/generate?from={first}")] {
        let html = app.get(&path).await.text().await.unwrap();
        let values = form_values(&html);
        assert_eq!(value(&values, "company"), "Ledgerly <Brief> & Co", "{path}");
        assert_eq!(value(&values, "cta"), "Worth a 15-minute look next week?");
        assert_eq!(value(&values, "tone"), "casual", "{path}");
        assert_eq!(value(&values, "emails"), "3", "{path}");
        assert_eq!(value(&values, "language"), "de", "{path}");
        assert!(html.contains(r#"id="brief-note""#), "{path}");
        assert!(html.contains(r#"href="/generate?blank=1""#), "{path}");
    }
    // The results link to it.
    let results = app.get(&format!("/s/{first}")).await.text().await.unwrap();
    assert!(results.contains(&format!(r#"href="/generate?from={first}""#)));

    // A second sequence: plain /generate follows the latest, `?from=` still opens the first.
    let res = app.generate(&form_with("company", "Second Brief")).await;
    let _second: String = res.json().await.unwrap();
    let latest = form_values(&app.get("/generate").await.text().await.unwrap());
    assert_eq!(value(&latest, "company"), "Second Brief");
    let older = form_values(
        &app.get(&format!("/generate?from={first}"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(value(&older, "company"), "Ledgerly <Brief> & Co");

    // Blank on request; a round trip's own values win over the brief.
    let blank = app.get("/generate?blank=1").await.text().await.unwrap();
    assert_eq!(value(&form_values(&blank), "company"), "");
    assert!(!blank.contains("brief-note"));
    let round_trip = app
        .get("/generate?company=Typed+again&cta=")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(value(&form_values(&round_trip), "company"), "Typed again");

    // Another browser never sees this one's brief, by address or otherwise.
    let other = app.another_browser();
    for path in ["/generate".to_owned(), format!("/generate?from={first}")] {
        let html = other.get(&path).await.text().await.unwrap();
        assert_eq!(value(&form_values(&html), "company"), "", "{path}");
        assert!(
            !html.contains("&lt;Brief&gt;") && !html.contains("brief-note"),
            "{path}"
        );
    }
}
