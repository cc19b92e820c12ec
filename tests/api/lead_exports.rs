//! A lead list's export with fallbacks: the variable check offers one for each merge tag some
//! rows have no value for, and the leads file carries it in their empty cells (a new column for
//! a tag no column holds), so it works the same in every sending tool. A fallback that cannot
//! go in a cell is refused by name on the page and by the file.

use crate::helpers::spawn_app;
use crate::leads::job_id;

#[tokio::test]
async fn fallbacks_fill_the_empty_cells_of_the_leads_file() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    // Ana has a first name, the second lead none.
    let rows = "email,first name,notes\nana@acme.io,Ana,Acme opened an office in Lisbon.\nops@globex.com,,Globex moved to Oslo in May.\n";
    let job = job_id(&app.upload(&sequence, rows.as_bytes(), "").await);
    let (status, _) = app
        .post_form(
            &format!("/leads/{job}/start"),
            &[("col_email", "0"), ("col_first_name", "1"), ("facts", "2")],
        )
        .await;
    assert_eq!(status, 303);
    app.ended(&job).await;

    let page = |query: &str| {
        let app = &app;
        let url = format!("/leads/{job}?{query}");
        // Without the hydration markers between a text's pieces.
        async move { app.get(&url).await.text().await.unwrap().replace("<!>", "") }
    };
    // The check says one row would send {{firstName}} empty, and offers a fallback.
    let html = page("tool=lemlist").await;
    assert!(
        html.contains("1 of 2 — some rows would send it empty"),
        "{html}"
    );
    assert!(html.contains(r#"name="fb_firstName""#), "{html}");

    // Given one, the row counts as filled and the download carries it.
    let html = page("tool=lemlist&fb_firstName=there").await;
    assert!(html.contains("1 of 2 — 1 get “there”"), "{html}");
    assert!(
        !html.contains("1 of 2 — some rows would send it empty"),
        "{html}"
    );
    assert!(
        html.contains(&format!("/leads/{job}/export/lemlist?fb_firstName=there")),
        "{html}"
    );
    // Switching tool keeps it (the link, as HTML writes it): Smartlead spells the tag
    // {{first_name}}.
    assert!(
        html.contains(&format!(
            "/leads/{job}?tool=smartlead&amp;fb_firstName=there#export"
        )),
        "{html}"
    );
    let smartlead = page("tool=smartlead&fb_firstName=there").await;
    assert!(smartlead.contains("1 of 2 — 1 get “there”"), "{smartlead}");
    assert!(
        smartlead.contains(r#"name="fb_first_name" value="there""#),
        "{smartlead}"
    );
    let csv = app
        .get(&format!("/leads/{job}/export/smartlead?fb_firstName=there"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("ops@globex.com,there,"), "{csv}");
    let csv = app
        .get(&format!(
            "/leads/{job}/export/lemlist?fb_firstName=there&fb_industry=SaaS"
        ))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let names: Vec<&str> = records.iter().map(|r| &r[at("firstName")]).collect();
    assert_eq!(names, ["Ana", "there"], "{csv}");
    // A tag no column holds gets a column of its own, the fallback in every row.
    let industry: Vec<&str> = records.iter().map(|r| &r[at("industry")]).collect();
    assert_eq!(industry, ["SaaS", "SaaS"], "{csv}");
    // Without fallbacks the file is as before: the empty cell stays empty.
    let plain = app
        .get(&format!("/leads/{job}/export/lemlist"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !plain.contains("there") && !plain.contains("industry"),
        "{plain}"
    );

    // A fallback that is a merge tag is refused by name, on the page and by the file; what was
    // typed is shown back.
    let html = page("tool=lemlist&fb_firstName=%7B%7Bx%7D%7D").await;
    assert!(
        html.contains("The fallback for {{firstName}} cannot hold a merge tag."),
        "{html}"
    );
    assert!(html.contains(r#"value="{{x}}""#), "{html}");
    let res = app
        .get(&format!(
            "/leads/{job}/export/lemlist?fb_firstName=%7B%7Bx%7D%7D"
        ))
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.text().await.unwrap(),
        "The fallback for {{firstName}} cannot hold a merge tag."
    );
}
