//! No text of a lead list ever becomes markup: headers and cells hold every hostile payload,
//! and the mapping page, the review page and a refused edit shown back are parsed with a real
//! HTML5 parser (see `markup`).

use crate::helpers::{TestApp, spawn_app_with, valid_form};
use crate::markup::{MANY_BROWSERS, PAYLOADS, assert_inert, shown as kept, text_of};

/// A CSV cell: quoted, quotes doubled.
fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl TestApp {
    async fn page(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.unwrap()
    }
}

#[tokio::test]
async fn hostile_lead_lists_stay_text_on_every_lead_page() {
    let mut settings = MANY_BROWSERS.to_vec();
    settings.push(("LEADS_FREE", "1000"));
    let app = spawn_app_with(&settings).await;
    let sequence: String = app.generate(&valid_form()).await.json().await.unwrap();
    let mut csv = format!("email,first_name,company,notes,{}\n", cell(PAYLOADS[0]));
    for (i, payload) in PAYLOADS.iter().enumerate() {
        csv.push_str(&format!(
            "lead{i}@acme.io,{},{},{},{}\n",
            cell(payload),
            cell(payload),
            cell(&format!("Acme opened office {i} in Lisbon. {payload}")),
            cell(payload)
        ));
    }
    let (content_type, body) =
        crate::leads::multipart(csv.as_bytes(), "</title><x-injected>.csv", "");
    let res = app
        .client
        .post(app.url(&format!("/s/{sequence}/leads/upload")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let job = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/leads/")
        .to_owned();

    let mapping = app.page(&format!("/leads/{job}")).await;
    assert_inert(&mapping, "the mapping page");
    let preview = text_of(&mapping, ".leads__preview td");
    for payload in PAYLOADS.iter().take(4) {
        assert!(
            preview.contains(payload.trim()),
            "the preview shows {payload:?} as text"
        );
    }
    let lists = app.page(&format!("/s/{sequence}/leads")).await;
    assert_inert(&lists, "the upload page");

    let res = app
        .client
        .post(app.url(&format!("/leads/{job}/start")))
        .form(&[
            ("col_email", "0"),
            ("col_first_name", "1"),
            ("col_company", "2"),
            ("facts", "3"),
            ("facts", "4"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], format!("/leads/{job}").as_str());
    let mut review = String::new();
    for _ in 0..300 {
        review = app.page(&format!("/leads/{job}")).await;
        if review.contains("The leads") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(review.contains("The leads"), "the job ended");
    assert_inert(&review, "the review page");
    let cards = text_of(&review, ".lead-card__who");
    assert!(cards.contains(PAYLOADS[2]), "names read back as text");

    // A refused edit holding each payload is shown back exactly, as text.
    let page: serde_json::Value = app
        .get(&format!("/api/leads/job?id={job}"))
        .await
        .json()
        .await
        .unwrap();
    let lead = page["leads"][0]["id"].as_i64().unwrap();
    for payload in PAYLOADS {
        let res = app
            .client
            .post(app.url(&format!("/leads/{job}/lead/{lead}")))
            .form(&[("line", format!("Saw Xyzzy {payload}"))])
            .send()
            .await
            .unwrap();
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(
            location,
            format!("/leads/{job}?lead={lead}#lead-{lead}"),
            "{payload:?}"
        );
        let html = app.page(location.split('#').next().unwrap()).await;
        assert_inert(&html, &format!("a refused edit of {payload:?}"));
        let shown = text_of(&html, &format!("#line-{lead}"));
        assert_eq!(
            shown,
            kept(&format!("Saw Xyzzy {}", payload.trim())),
            "{payload:?}"
        );
    }
}
