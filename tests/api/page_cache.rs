//! The pages that are the same for every visitor without a session (landing, pricing, privacy,
//! terms) come from memory: the same bytes each time, their inline scripts allowed by hash
//! instead of a nonce (a nonce sent to everyone would be none), and their compressed copies made
//! once. A visitor with a session, or a URL with a query, gets the page rendered for them.

use std::io::Read;

use base64::{Engine, engine::general_purpose::STANDARD};
use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, database, form_with, spawn_app, valid_form};

const CONSTANT_PAGES: [&str; 4] = ["/", "/pricing", "/privacy", "/terms"];

/// A GET from a browser with no cookie that offers `encoding`: the answer's headers and body.
async fn fetch_encoded(url: &str, encoding: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let res = reqwest::Client::new()
        .get(url)
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{url}");
    let headers = res.headers().clone();
    (headers, res.bytes().await.unwrap().to_vec())
}

/// A GET from a browser with no cookie that accepts no compression: its policy and body.
async fn fetch(url: &str) -> (String, Vec<u8>) {
    let (headers, body) = fetch_encoded(url, "identity").await;
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (csp, body)
}

/// The text of every inline script in `html`, and whether any script carries a nonce.
fn inline_scripts(html: &str) -> (Vec<String>, bool) {
    let doc = Html::parse_document(html);
    let scripts = Selector::parse("script").unwrap();
    let mut inline = Vec::new();
    let mut nonce = false;
    for script in doc.select(&scripts) {
        nonce |= script.value().attr("nonce").is_some();
        if script.value().attr("src").is_none() {
            inline.push(script.text().collect());
        }
    }
    (inline, nonce)
}

#[tokio::test]
async fn constant_pages_are_the_same_bytes_each_time_with_their_scripts_allowed_by_hash() {
    let app = spawn_app().await;
    for path in CONSTANT_PAGES {
        let (csp, first) = fetch(&app.url(path)).await;
        let (again_csp, again) = fetch(&app.url(path)).await;
        assert_eq!(first, again, "{path}: not the same page twice");
        assert_eq!(csp, again_csp, "{path}");
        assert!(!csp.contains("'nonce-"), "{path}: {csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        let html = String::from_utf8(first).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        let (scripts, nonce) = inline_scripts(&html);
        assert!(!nonce, "{path}: a script still carries a nonce");
        for script in &scripts {
            let source = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script)));
            assert!(
                csp.contains(&source),
                "{path}: the policy does not allow {script:.80}: {csp}"
            );
        }
    }
}

#[tokio::test]
async fn a_kept_page_carries_every_header_a_rendered_page_does() {
    let app = spawn_app().await;
    let rendered = reqwest::get(app.url("/generate")).await.unwrap();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..3 {
        let kept = reqwest::get(app.url("/")).await.unwrap();
        for name in [
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "cache-control",
            "content-type",
        ] {
            assert_eq!(
                kept.headers().get(name),
                rendered.headers().get(name),
                "{name}"
            );
        }
        let id = kept.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        assert!(ids.insert(id), "request ids repeat");
    }
}

#[tokio::test]
async fn no_constant_page_loads_the_wasm() {
    let app = spawn_app().await;
    for path in CONSTANT_PAGES {
        let (_, html) = fetch(&app.url(path)).await;
        let html = String::from_utf8(html).unwrap();
        let loads_wasm = html.contains("modulepreload") || html.contains(".wasm");
        // `/pricing` hydrates only for a paid plan, and a kept page is a visitor's without one.
        assert!(!loads_wasm, "{path}");
    }
    // Rendered (not kept) pages that need no JavaScript ship none either: the 404 page.
    let res = reqwest::get(app.url("/no-such-page")).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains(".wasm"));
}

#[tokio::test]
async fn the_compressed_copies_are_the_same_page() {
    let app = spawn_app().await;
    for path in CONSTANT_PAGES {
        let (_, plain) = fetch(&app.url(path)).await;

        let (headers, body) = fetch_encoded(&app.url(path), "gzip, deflate, br").await;
        assert_eq!(headers["content-encoding"], "br", "{path}");
        assert!(
            headers["vary"]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        assert_eq!(headers["cache-control"], "private, no-cache");
        let mut page = Vec::new();
        brotli::Decompressor::new(&body[..], 4096)
            .read_to_end(&mut page)
            .unwrap();
        assert_eq!(page, plain, "{path}: brotli");

        let (headers, body) = fetch_encoded(&app.url(path), "gzip").await;
        assert_eq!(headers["content-encoding"], "gzip", "{path}");
        let mut page = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut page)
            .unwrap();
        assert_eq!(page, plain, "{path}: gzip");
    }
}

#[tokio::test]
async fn a_visitor_with_a_session_gets_the_page_rendered_for_them() {
    let app = spawn_app().await;
    // The page is kept before the visitor has a session.
    let (_, before) = fetch(&app.url("/")).await;
    assert!(
        String::from_utf8(before)
            .unwrap()
            .contains("1 free sequence left")
    );

    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    for path in CONSTANT_PAGES {
        let res = app.get(path).await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("'nonce-"), "{path}: {csp}");
        let html = res.text().await.unwrap();
        assert!(html.contains("No free sequences left"), "{path}");
    }
    // Everyone else still gets the kept page, with a new visitor's allowance.
    let (csp, html) = fetch(&app.url("/")).await;
    assert!(!csp.contains("'nonce-"));
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("1 free sequence left")
    );
}

#[tokio::test]
async fn a_url_with_a_query_is_rendered_for_it() {
    let app = spawn_app().await;
    let (_, kept) = fetch(&app.url("/pricing")).await;
    let (csp, html) = fetch(&app.url("/pricing?restore=revoked")).await;
    assert!(csp.contains("'nonce-"), "{csp}");
    assert_ne!(html, kept);
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("Your restore links no longer work")
    );
}

/// `path` in `app`'s browser (its session cookie sent), offering no compression: its policy and
/// its page.
async fn visitor_page(app: &TestApp, path: &str) -> (String, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (csp, res.text().await.unwrap())
}

/// The nonce `csp` names, if any.
fn nonce_of(csp: &str) -> Option<&str> {
    Some(csp.split("'nonce-").nth(1)?.split('\'').next().unwrap())
}

/// Asserts that `html` is served as a kept page: no nonce, and `csp` allows each of its inline
/// scripts by hash.
fn assert_kept(html: &str, csp: &str, path: &str) {
    assert!(nonce_of(csp).is_none(), "{path}: {csp}");
    let (scripts, with_nonce) = inline_scripts(html);
    assert!(!with_nonce, "{path}");
    assert!(!scripts.is_empty(), "{path}: a visitor's page hydrates");
    for script in &scripts {
        let source = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script)));
        assert!(csp.contains(&source), "{path}: {script:.80} not allowed");
    }
}

#[tokio::test]
async fn a_visitors_pages_are_kept_until_anything_is_written() {
    let app = spawn_app().await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let id: String = res.json().await.unwrap();
    let sequence = format!("/s/{id}");

    for path in ["/generate", "/history", sequence.as_str()] {
        let (csp, page) = visitor_page(&app, path).await;
        let (again_csp, again) = visitor_page(&app, path).await;
        if database::on_postgres() {
            // Another server may have written since: every load is rendered, with a new nonce.
            let (first, second) = (nonce_of(&csp).unwrap(), nonce_of(&again_csp).unwrap());
            assert_ne!(first, second, "{path}");
            let title = |html: &str| {
                html.split("<title>")
                    .nth(1)
                    .map(|t| t.split('<').next().unwrap().to_owned())
            };
            assert_eq!(title(&page), title(&again), "{path}");
            continue;
        }
        assert_kept(&page, &csp, path);
        assert_eq!(
            (again_csp, again),
            (csp, page),
            "{path}: not the same page twice"
        );
    }

    // Another process changes the session (as `coldcopy grant` does, through its own
    // connection): this process did not write, so on SQLite the kept page still shows what
    // it read (which is how this test sees that a page was kept). On PostgreSQL every load
    // reads afresh.
    let (_, page) = visitor_page(&app, "/generate").await;
    assert!(
        page.contains("No free sequences left"),
        "the free sequence is used"
    );
    let grant = "UPDATE sessions SET max_generations = 5";
    if database::on_postgres() {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query(grant).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query(grant).execute(&pool).await.unwrap();
    }
    // Also across the lead worker's rounds on an idle server (every 2 s, writing nothing).
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let (_, page) = visitor_page(&app, "/generate").await;
    if database::on_postgres() {
        assert!(page.contains("4 free sequences left"));
    } else {
        assert!(page.contains("No free sequences left"), "not kept");
    }

    // Anything this process writes ends every kept page: here, an edit of the sequence.
    let res = app
        .edit(
            &id,
            "1",
            "Kept until now",
            "Kept until now",
            "Rewritten by hand.",
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, page) = visitor_page(&app, "/generate").await;
    assert!(
        page.contains("4 free sequences left"),
        "an old page after a write"
    );
    let (csp, page) = visitor_page(&app, &sequence).await;
    assert!(page.contains("Rewritten by hand."), "the edit is not shown");
    if !database::on_postgres() {
        assert_kept(&page, &csp, &sequence);
    }

    // Deleting the sequence: the history, kept above, no longer lists it.
    let (_, history) = visitor_page(&app, "/history").await;
    assert!(history.contains(&sequence));
    let res = app
        .client
        .post(app.url("/api/sequence/delete"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, history) = visitor_page(&app, "/history").await;
    assert!(
        !history.contains(&sequence),
        "a deleted sequence still listed"
    );
}

#[tokio::test]
async fn a_kept_page_is_only_ever_its_own_visitors() {
    let app = spawn_app().await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let other = app.another_browser();
    assert_eq!(
        other
            .generate(&form_with("company", "Someone Else Ltd"))
            .await
            .status(),
        200
    );
    for _ in 0..2 {
        let (_, mine) = visitor_page(&app, "/history").await;
        let (_, theirs) = visitor_page(&other, "/history").await;
        assert!(mine.contains("Ledgerly") && !mine.contains("Someone Else Ltd"));
        assert!(theirs.contains("Someone Else Ltd") && !theirs.contains("Ledgerly"));
    }
}
