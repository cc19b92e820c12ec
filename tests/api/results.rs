use crate::helpers::{form_with, spawn_app, valid_form};

#[tokio::test]
async fn the_results_page_shows_every_email_to_its_session() {
    let app = spawn_app().await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let res = app.get(&format!("/s/{id}")).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for part in [
        "Email 1",
        "Email 4",
        "Day 14",
        "Composed offline",
        "Ledgerly",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
}

#[tokio::test]
async fn another_session_gets_the_404_page_for_a_sequence() {
    let app = spawn_app().await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let stranger = reqwest::Client::new();
    let res = stranger
        .get(app.url(&format!("/s/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = stranger
        .get(app.url(&format!("/api/sequence?id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // An id that does not exist looks the same.
    assert_eq!(
        app.get("/s/00000000-0000-0000-0000-000000000000")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_form_post_without_javascript_redirects_to_the_results() {
    let app = spawn_app().await;
    let location = app.post_form_without_js(&valid_form()).await;
    assert!(location.starts_with("/s/"), "{location}");
    assert_eq!(app.get(&location).await.status(), 200);
}

#[tokio::test]
async fn an_invalid_form_post_without_javascript_comes_back_filled_in_with_messages() {
    let app = spawn_app().await;
    let location = app.post_form_without_js(&form_with("job_title", "X")).await;
    assert!(location.starts_with("/generate?"), "{location}");
    assert!(location.contains("company=Ledgerly"), "{location}");
    let html = app.get(&location).await.text().await.unwrap();
    assert!(
        html.contains("Target job title needs at least 2 characters (it has 1)."),
        "message missing"
    );
    assert!(
        html.contains("value=\"Ledgerly\""),
        "the entered value was lost"
    );
    // A summary says what needs an answer, each a link to its field.
    assert!(
        html.contains("One answer needs your attention before ColdCopy can write:"),
        "summary missing"
    );
    assert!(
        html.contains(r##"<a href="#field-job_title">Target job title</a>"##),
        "the summary links to the field"
    );
}

#[tokio::test]
async fn an_offline_sequence_asked_for_in_chinese_is_checked_as_the_english_it_is_written_in() {
    let app = spawn_app().await;
    let id: String = app
        .generate(&form_with("language", "zh"))
        .await
        .json()
        .await
        .unwrap();
    let html = app.get(&format!("/s/{id}")).await.text().await.unwrap();
    // The page says the composer wrote English, and the emails are checked by the English rules
    // (the Chinese rules' note, and their length in characters, would fail every English email).
    assert!(
        html.contains("The offline composer writes in English."),
        "{html}"
    );
    assert!(!html.contains("lint__off"), "{html}");
    assert!(html.contains("4 of 4 emails pass every check"), "{html}");
}
