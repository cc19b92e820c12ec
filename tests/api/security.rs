//! Security headers on every response, the cross-site check, the body limit, and readiness.

use crate::helpers::{spawn_app, spawn_app_with, spawn_app_with_site, valid_form};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/generate",
        "/api/session",
        "/healthz",
        "/pkg/missing.js",
        "/nope",
    ] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        // Plain HTTP by default: no HSTS.
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }
}

#[tokio::test]
async fn every_response_names_its_own_request_id_never_the_clients() {
    let app = spawn_app().await;
    let mut seen = std::collections::HashSet::new();
    for path in ["/", "/api/session", "/healthz", "/nope"] {
        let res = app
            .client
            .get(app.url(path))
            .header("x-request-id", "forged-id")
            .send()
            .await
            .unwrap();
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{path}: {id}");
        assert!(seen.insert(id), "ids repeat");
    }
}

#[tokio::test]
async fn a_page_allows_exactly_the_inline_scripts_it_rendered() {
    let app = spawn_app().await;
    let res = app.get("/generate").await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_owned();
    let html = res.text().await.unwrap();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every inline script carries the nonce"
    );
    // A new page, a new nonce.
    let again = app.get("/generate").await;
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce)
    );
}

/// Pages and their static files load together in every browser. Each page must keep its own
/// policy (a page sent with the files' `default-src 'none'` can load neither its CSS nor its
/// wasm), and a file must never carry a page's nonce. leptos_axum's file handler looked for
/// response headers in whatever reactive owner its worker thread last ran, and took a page's
/// policy from a render running beside it: about one page in eight under this load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_keep_their_policy_while_files_are_served_beside_them() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/coldcopy.css"), "body { color: #111 }").unwrap();
    let app = spawn_app_with_site(&[], site.path()).await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..400 {
        let client = reqwest::Client::new();
        let page = i % 2 == 0;
        let url = app.url(if page {
            "/generate"
        } else {
            "/pkg/coldcopy.css"
        });
        tasks.spawn(async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (page, csp)
        });
        // Eight in flight at a time.
        if tasks.len() == 8 {
            tasks.join_next().await.unwrap().unwrap();
        }
    }
    let mut results = Vec::new();
    while let Some(done) = tasks.join_next().await {
        results.push(done.unwrap());
    }
    let mut pages_wrong = 0;
    let mut files_wrong = 0;
    for (page, csp) in &results {
        if *page && !csp.contains("'wasm-unsafe-eval'") {
            pages_wrong += 1;
        }
        if !*page && (csp.contains("nonce") || !csp.starts_with("default-src 'none'")) {
            files_wrong += 1;
        }
    }
    assert_eq!(
        (pages_wrong, files_wrong),
        (0, 0),
        "pages without their policy, files with a page's"
    );
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() {
    let app = spawn_app_with(&[("COOKIE_SECURE", "true")]).await;
    let res = app.get("/").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    for (header, value) in [
        ("origin", "https://evil.example".to_owned()),
        ("referer", "https://evil.example/page".to_owned()),
        ("origin", "null".to_owned()),
    ] {
        let res = app
            .client
            .post(app.url("/api/generate"))
            .header(header, value)
            .form(&valid_form())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{header}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "cross_site");
    }
    assert_eq!(app.count("sessions").await, 0);

    // The page's own origin is fine.
    let res = app
        .client
        .post(app.url("/api/generate"))
        .header("origin", format!("http://{host}"))
        .form(&valid_form())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let app = spawn_app().await;
    let mut form = valid_form();
    form[2].1 = "x".repeat(200 * 1024);
    let res = app.generate(&form).await;
    assert_eq!(res.status(), 413);
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn readyz_checks_the_database_is_writable_and_migrated() {
    let app = spawn_app().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );

    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["failed"], "migrations");

    app.state.reader.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["failed"],
        "database"
    );
}
