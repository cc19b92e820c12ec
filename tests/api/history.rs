//! History and deletion: a session sees and deletes only its own sequences.

use serde_json::Value;

use crate::helpers::{form_with, spawn_app_with};

#[tokio::test]
async fn the_history_lists_a_sessions_own_sequences_newest_first_and_deletes_only_them() {
    let app = spawn_app_with(&[("FREE_SEQUENCES", "3")]).await;
    let mut ids = Vec::new();
    for company in ["First Co", "Second Co"] {
        let res = app.generate(&form_with("company", company)).await;
        assert_eq!(res.status(), 200);
        ids.push(res.json::<String>().await.unwrap());
    }
    let list: Vec<Value> = app.get("/api/history").await.json().await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["company"], "Second Co");
    assert_eq!(list[0]["id"], ids[1].as_str());
    assert_eq!(list[1]["company"], "First Co");
    assert_eq!(list[0]["emails"], 4);
    assert_eq!(list[0]["job_title"], "Financial Controller");
    // The header's link goes to the newest.
    assert_eq!(latest(&app).await, ids[1].as_str());

    // The page renders them, each linking to its sequence, with its tone, its first subject
    // (which tells apart two sequences with the same title) and when it was written: in UTC,
    // and said so, until a page with islands has reported the browser's time zone.
    let html = app.get("/history").await.text().await.unwrap();
    assert!(html.contains(&format!("href=\"/s/{}\"", ids[0])));
    assert!(html.contains("Second Co → Financial Controller"));
    let subject = list[0]["subject"].as_str().unwrap();
    assert!(!subject.is_empty());
    assert!(
        html.contains(&format!("<p class=\"history__subject\">{subject}</p>")),
        "{html}"
    );
    assert!(html.contains("Direct · 4 emails · "), "{html}");
    // A title written twice is numbered, oldest first.
    let again: String = app
        .generate(&form_with("company", "First Co"))
        .await
        .json()
        .await
        .unwrap();
    let html = app.get("/history").await.text().await.unwrap();
    assert!(
        html.contains("First Co → Financial Controller (2)"),
        "{html}"
    );
    assert!(
        html.contains("First Co → Financial Controller (1)"),
        "{html}"
    );
    assert!(
        !html.contains("Second Co → Financial Controller ("),
        "{html}"
    );
    let res = app
        .client
        .post(app.url("/api/sequence/delete"))
        .form(&[("id", again.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let when = list[0]["when"].as_str().unwrap();
    assert!(when.ends_with(" UTC"), "{when}");
    let session: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT id FROM sessions"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    let zoned: Vec<Value> = app
        .client
        .get(app.url("/api/history"))
        .header(
            "cookie",
            format!("coldcopy_session={session}; coldcopy_tz=Asia/Shanghai"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let local = zoned[0]["when"].as_str().unwrap();
    assert!(
        !local.ends_with("UTC") && local != when,
        "{local} vs {when}"
    );

    // Another browser sees none of them and cannot delete them.
    let other = app.another_browser();
    let theirs: Vec<Value> = other.get("/api/history").await.json().await.unwrap();
    assert!(theirs.is_empty());
    let html = other.get("/history").await.text().await.unwrap();
    assert!(html.contains("No sequences yet"));
    let res = other
        .client
        .post(other.url("/api/sequence/delete"))
        .form(&[("id", ids[0].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(app.count("sequences").await, 2);

    // The owner deletes one; it is gone from the history and its page is a 404.
    let res = app
        .client
        .post(app.url("/api/sequence/delete"))
        .form(&[("id", ids[0].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = app.get("/api/history").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(app.get(&format!("/s/{}", ids[0])).await.status(), 404);
    // The header's link is still to the newest, which stayed.
    assert_eq!(latest(&app).await, ids[1].as_str());
    // Deleting does not give the generation back (three were written, two deleted).
    assert_eq!(
        app.get("/api/session").await.json::<Value>().await.unwrap()["used"],
        3
    );

    // Without JavaScript: the confirmation step is a page, the delete a redirect.
    let html = app
        .get(&format!("/history?confirm={}", ids[1]))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Delete for good?"));
    let res = app
        .client
        .post(app.url("/api/sequence/delete"))
        .header("accept", "text/html")
        .header("referer", app.url("/history"))
        .form(&[("id", ids[1].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/history?deleted=1");
    assert_eq!(app.count("sequences").await, 0);
    assert_eq!(latest(&app).await, Value::Null);
}

/// The sequence the header links to (`/api/session`'s `latest`).
async fn latest(app: &crate::helpers::TestApp) -> Value {
    app.get("/api/session").await.json::<Value>().await.unwrap()["latest"].clone()
}
