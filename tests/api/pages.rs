use crate::helpers::spawn_app;

#[tokio::test]
async fn the_landing_page_is_server_rendered_with_a_way_to_the_form() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Cold emails that sound like you did your homework."));
    assert!(html.contains(r#"href="/generate""#));
    assert!(html.contains("Generic AI email"));
    assert!(
        html.contains("/pkg/coldcopy.css"),
        "stylesheet link missing"
    );
    // Everything on it works without JavaScript (the highlight switch is a checkbox), so it
    // loads no wasm; the form it leads to does.
    assert!(
        !html.contains("/pkg/coldcopy.js"),
        "the landing page loads the hydration script"
    );
    assert!(html.contains(r#"role="switch""#));
    let form = app.get("/generate").await.text().await.unwrap();
    assert!(
        form.contains("/pkg/coldcopy.js"),
        "hydration script missing on the form"
    );
}

#[tokio::test]
async fn an_unknown_path_gets_the_404_page_with_status_404() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("We couldn&#x27;t find that page")
            || html.contains("We couldn't find that page"),
        "{html}"
    );
}

#[tokio::test]
async fn privacy_and_terms_say_who_to_write_to() {
    let app =
        crate::helpers::spawn_app_with(&[("CONTACT_EMAIL", "privacy@coldcopy.example")]).await;
    for path in ["/privacy", "/terms"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("mailto:privacy@coldcopy.example"), "{path}");
        assert!(!html.contains("has not named its operator"), "{path}");
    }
    // Every page's footer names the operator too, in both interface languages, and a page that
    // used to stream out of order (billing/cancel, restore) has it in its HTML.
    for path in [
        "/",
        "/generate",
        "/billing/cancel",
        "/restore/abc",
        "/no-such-page",
    ] {
        for lang in ["en", "zh"] {
            let html = app
                .client
                .get(app.url(path))
                .header("cookie", format!("coldcopy_lang={lang}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let footer = &html[html.find("site-footer").expect("a footer")..];
            assert!(
                footer.contains(
                    r#"<a href="mailto:privacy@coldcopy.example">privacy@coldcopy.example</a>"#
                ),
                "{path} ({lang}): {footer}"
            );
        }
    }
    let unnamed_footer = spawn_app().await.get("/").await.text().await.unwrap();
    assert!(!unnamed_footer.contains("site-footer__contact"));
    // Without an address, both pages say so plainly.
    let unnamed = spawn_app().await;
    for path in ["/privacy", "/terms"] {
        let html = unnamed.get(path).await.text().await.unwrap();
        assert!(
            html.contains("This installation of ColdCopy has not named its operator yet"),
            "{path}: {html}"
        );
    }
    let html = spawn_app()
        .await
        .get("/privacy")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("write to the operator of this ColdCopy"));
    assert!(html.contains("coldcopy_session"));
}

/// A page's render looks its session up once (`sessions::SessionOnce`): the header and the page
/// share one answer, while another lookup reads the database again.
#[tokio::test]
async fn a_page_render_shares_one_session_lookup() {
    use axum::http::{HeaderMap, HeaderValue, header::COOKIE};
    use coldcopy::server::sessions::{self, SessionOnce};

    let app = spawn_app().await;
    let res = app.generate(&crate::helpers::valid_form()).await;
    let id = crate::helpers::session_cookie(&res).expect("a session cookie");
    let mut headers = HeaderMap::new();
    let cookie = format!("{}={id}", sessions::COOKIE_NAME);
    headers.insert(COOKIE, HeaderValue::from_str(&cookie).unwrap());

    let once = SessionOnce::default();
    let first = once.get(&app.state.reader, &headers).await.unwrap();
    assert_eq!(first.as_ref().map(|s| s.used), Some(1));
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "UPDATE sessions SET generations_used = 2 WHERE id = $1"
    )
    .bind(&id)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    // The same render: the answer it already has. A new lookup: the row as it is now.
    assert_eq!(
        once.clone().get(&app.state.reader, &headers).await.unwrap(),
        first
    );
    let now = sessions::from_cookie(&app.state.reader, &headers)
        .await
        .unwrap();
    assert_eq!(now.map(|s| s.used), Some(2));
}

#[tokio::test]
async fn the_tools_guide_says_where_each_file_goes_in_each_tool_and_loads_no_script() {
    let app = spawn_app().await;
    let res = app.get("/tools").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for tool in ["lemlist", "instantly", "apollo", "smartlead"] {
        assert!(
            html.contains(&format!(r#"<section id="{tool}""#)),
            "{tool}: {html}"
        );
    }
    // Each tool's variable for the first line, and where the steps go.
    assert!(html.contains("the first line is in icebreaker"), "{html}");
    assert!(
        html.contains("Map the personalization column to Instantly"),
        "{html}"
    );
    assert!(
        html.contains("replace {{personalized_line}} with your custom field"),
        "{html}"
    );
    assert!(html.contains("paste email_body and subject"), "{html}");
    assert!(
        html.contains("https://help.instantly.ai/en/articles/7916860-days-to-wait-between-steps")
    );
    assert!(
        !html.contains("/pkg/coldcopy.js") && !html.contains(".wasm"),
        "a guide needs no script: {html}"
    );
    // The results page's Export menu leads to it.
    let id: String = app
        .generate(&crate::helpers::valid_form())
        .await
        .json()
        .await
        .unwrap();
    let page = app.get(&format!("/s/{id}")).await.text().await.unwrap();
    assert!(
        page.contains(r#"<a href="/tools" class="menu__more">"#),
        "{page}"
    );
    assert!(page.contains("lemlist: the steps as CSV"), "{page}");
}
