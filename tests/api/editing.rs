//! Editing a saved email in place and reverting it: saved server-side, for the owner only.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, valid_form};

impl TestApp {
    pub(crate) async fn edit(
        &self,
        id: &str,
        step: &str,
        a: &str,
        b: &str,
        body: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/sequence/email"))
            .form(&[
                ("id", id),
                ("step", step),
                ("subject_a", a),
                ("subject_b", b),
                ("body", body),
            ])
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/sequence/revert` for email `step` of `id`.
    pub(crate) async fn revert(&self, id: &str, step: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/sequence/revert"))
            .form(&[("id", id), ("step", step)])
            .send()
            .await
            .unwrap()
    }

    async fn saved(&self, id: &str) -> Value {
        self.get(&format!("/api/sequence?id={id}"))
            .await
            .json()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn an_edit_survives_reloads_shows_in_exports_and_reverts_to_the_original() {
    let app = spawn_app().await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let original = app.saved(&id).await["sequence"]["emails"][1].clone();

    let res = app
        .edit(
            &id,
            "2",
            " Quick question ",
            "Another angle",
            "Hi {{first_name}},\n\nShorter now.",
        )
        .await;
    assert_eq!(res.status(), 200);
    let email: Value = res.json().await.unwrap();
    assert_eq!(email["subject_a"], "Quick question");
    assert_eq!(email["day"], original["day"]);

    // Saved server-side: a fresh load reads the edit and marks the step edited.
    let saved = app.saved(&id).await;
    assert_eq!(
        saved["sequence"]["emails"][1]["body"],
        "Hi {{first_name}},\n\nShorter now."
    );
    assert_eq!(saved["edited"], serde_json::json!([2]));
    let html = app.get(&format!("/s/{id}")).await.text().await.unwrap();
    assert!(html.contains("Shorter now.") && html.contains("Revert to the original"));
    let csv = app
        .get(&format!("/s/{id}/export/lemlist"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Quick question") && csv.contains("Shorter now."));

    // Bad input names its fields and changes nothing.
    let res = app.edit(&id, "2", "", &"x".repeat(121), "body").await;
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "subject_a");
    assert_eq!(err["fields"][1]["field"], "subject_b");
    assert_eq!(
        app.saved(&id).await["sequence"]["emails"][1]["subject_a"],
        "Quick question"
    );
    // A step the sequence does not have, or not a number: 404.
    assert_eq!(app.edit(&id, "9", "a", "b", "c").await.status(), 404);
    assert_eq!(app.edit(&id, "two", "a", "b", "c").await.status(), 404);

    // Another browser can neither edit nor revert it.
    let other = app.another_browser();
    assert_eq!(
        other.edit(&id, "2", "Mine now", "b", "c").await.status(),
        404
    );
    assert_eq!(other.revert(&id, "2").await.status(), 404);
    assert_eq!(
        app.saved(&id).await["sequence"]["emails"][1]["subject_a"],
        "Quick question"
    );

    // Revert: what was written, and no longer marked edited.
    assert_eq!(app.revert(&id, "2").await.status(), 200);
    let saved = app.saved(&id).await;
    assert_eq!(saved["sequence"]["emails"][1], original);
    assert_eq!(saved["edited"], serde_json::json!([]));

    // Without JavaScript: the edit form is a page, the save a redirect back to the email.
    let html = app
        .get(&format!("/s/{id}?edit=1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Editing email 1") && html.contains("name=\"subject_a\""));
    let res = app
        .client
        .post(app.url("/api/sequence/email"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/s/{id}?edit=1")))
        .form(&[
            ("id", id.as_str()),
            ("step", "1"),
            ("subject_a", "No-JS subject"),
            ("subject_b", "B"),
            ("body", "Body"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("/s/{id}#email-1").as_str()
    );
    assert_eq!(
        app.saved(&id).await["sequence"]["emails"][0]["subject_a"],
        "No-JS subject"
    );
}
