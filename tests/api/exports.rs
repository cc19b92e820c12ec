//! Exports: each file for the owning session, with its content type and file name; nobody
//! else's.

use crate::helpers::{spawn_app, valid_form};

#[tokio::test]
async fn each_export_downloads_for_its_session_only() {
    let app = spawn_app().await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();

    let cases = [
        (
            "markdown",
            "text/markdown; charset=utf-8",
            ".md",
            "## Email 1 — Day 0",
        ),
        (
            "csv",
            "text/csv; charset=utf-8",
            "-sequence.csv",
            "step,day,variant,subject,body\r\n",
        ),
        (
            "lemlist",
            "text/csv; charset=utf-8",
            "-lemlist.csv",
            "{{firstName}}",
        ),
        (
            "instantly",
            "text/csv; charset=utf-8",
            "-instantly.csv",
            "{{firstName}}",
        ),
        (
            "apollo",
            "text/csv; charset=utf-8",
            "-apollo.csv",
            "{{first_name}}",
        ),
        (
            "smartlead",
            "text/csv; charset=utf-8",
            "-smartlead.csv",
            "{{first_name}}",
        ),
    ];
    for (format, content_type, suffix, fragment) in cases {
        let res = app.get(&format!("/s/{id}/export/{format}")).await;
        assert_eq!(res.status(), 200, "{format}");
        assert_eq!(res.headers()["content-type"], content_type);
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\"ledgerly-20")
                && disposition.ends_with(&format!("{suffix}\"")),
            "{disposition}"
        );
        let body = res.text().await.unwrap();
        assert!(body.contains(fragment), "{format}: {body}");
        assert!(body.contains("Financial Controller"), "{format}");
        if format == "lemlist" {
            assert!(
                !body.contains("{{first_name}}"),
                "lemlist keeps no snake_case tags"
            );
        }
    }

    // The generic CSV has a row per subject variant: a header and 4 emails × 2.
    let body = app
        .get(&format!("/s/{id}/export/csv"))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(reader.records().count(), 8);

    // Another browser, an unknown id and an unknown format: 404.
    let other = app.another_browser();
    assert_eq!(
        other.get(&format!("/s/{id}/export/csv")).await.status(),
        404
    );
    assert_eq!(
        app.get("/s/00000000-0000-0000-0000-000000000000/export/csv")
            .await
            .status(),
        404
    );
    assert_eq!(app.get(&format!("/s/{id}/export/xlsx")).await.status(), 404);

    // The results page links every export.
    let html = app.get(&format!("/s/{id}")).await.text().await.unwrap();
    for format in [
        "markdown",
        "csv",
        "lemlist",
        "instantly",
        "apollo",
        "smartlead",
    ] {
        assert!(
            html.contains(&format!("/s/{id}/export/{format}")),
            "{format}"
        );
    }
}
