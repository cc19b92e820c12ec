//! Sign-in by email with a one-time link, through a real SMTP server on loopback (aiosmtpd):
//! the message, the link's single use, what a prefetching GET does (nothing), and the
//! anonymous work that moves into the account.

use std::time::Instant;

use serde_json::Value;

use crate::helpers::mail::{Mail, MailCatcher};
use crate::helpers::{TestApp, form_with, spawn_app, spawn_app_with};

/// The address every link points at (`PUBLIC_URL`), never the request's `Host`.
pub const PUBLIC: &str = "http://coldcopy.test";

/// An app that mails through `mail`, with `extra` settings.
pub async fn app_with_mail(mail: &MailCatcher, extra: &[(&str, &str)]) -> TestApp {
    let mut vars = vec![
        ("SMTP_URL", mail.url.as_str()),
        ("MAIL_FROM", "ColdCopy <hello@coldcopy.test>"),
        ("PUBLIC_URL", PUBLIC),
        ("FREE_SEQUENCES", "3"),
    ];
    vars.extend_from_slice(extra);
    spawn_app_with(&vars).await
}

/// Asks for a link as the hydrated page does.
pub async fn ask(app: &TestApp, email: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/signin/request"))
        .form(&[("email", email)])
        .send()
        .await
        .expect("request failed")
}

/// Presses the link page's button (a form post without JavaScript); answers the redirect.
pub async fn confirm(app: &TestApp, link_path: &str) -> String {
    let token = link_path.trim_start_matches("/signin/");
    let res = app
        .client
        .post(app.url("/api/signin/confirm"))
        .header("accept", "text/html")
        .form(&[("token", token)])
        .send()
        .await
        .expect("request failed");
    assert_eq!(res.status(), 302);
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// Signs `app`'s browser in as `email`: asks, reads the newest message, confirms.
pub async fn sign_in(app: &TestApp, mail: &MailCatcher, email: &str) {
    assert_eq!(ask(app, email).await.status(), 200);
    let raw = mail.raw_messages().pop().expect("a message");
    let (path, _) = Mail::parse(raw).sign_in_link();
    assert_eq!(confirm(app, &path).await, "/account?welcome=1");
}

pub async fn signed_in(app: &TestApp) -> bool {
    let info: Value = app.json("/api/session").await;
    info["signed_in"].as_bool().unwrap()
}

#[tokio::test]
async fn a_link_arrives_signs_in_and_brings_the_browsers_work() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    // Written anonymously, before any account.
    let res = app.generate(&form_with("company", "Before Co")).await;
    let sequence: String = res.json().await.unwrap();

    let started = Instant::now();
    let res = ask(&app, "  Ana@Ledgerly.TEST ").await;
    assert_eq!(res.status(), 200);
    let took = started.elapsed();
    let message = mail.only_message();
    eprintln!("request to message in the mailbox: {took:?}");

    let parsed = message.message();
    assert_eq!(message.subject(), "Your ColdCopy sign-in link");
    let to = parsed
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap();
    assert_eq!(to, "ana@ledgerly.test");
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("hello@coldcopy.test"));
    let id = parsed.message_id().expect("a Message-ID");
    assert!(id.ends_with("@coldcopy.test"), "{id}");
    assert!(parsed.date().is_some(), "a Date header");
    assert_eq!(parsed.text_body_count(), 1);
    assert_eq!(parsed.html_body_count(), 1);
    let (path, url) = message.sign_in_link();
    assert!(url.starts_with(&format!("{PUBLIC}/signin/")), "{url}");
    assert!(message.html().contains(&format!("href=\"{url}\"")));
    // No tracking: the only links are the sign-in link.
    assert_eq!(message.html().matches("href=").count(), 1);
    let token = path.trim_start_matches("/signin/");
    assert_eq!(token.len(), 43);
    // Only a hash of it is stored.
    let stored: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT count(*) FROM sign_in_links WHERE token_sha256 = $1 OR token_sha256 = $2"
    )
    .bind(token)
    .bind(coldcopy::server::accounts::tokens::hash(token))
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(stored, 1);

    // Opening the link shows a button and signs nobody in.
    let page = app.text(&path).await;
    assert!(page.contains("Sign in as ana@ledgerly.test?"), "{page}");
    assert!(page.contains("action=\"/api/signin/confirm\""));
    assert!(!signed_in(&app).await);

    assert_eq!(confirm(&app, &path).await, "/account?welcome=1");
    assert!(signed_in(&app).await);
    let account = app.text("/account?welcome=1").await;
    assert!(
        account.contains("You are signed in as ana@ledgerly.test."),
        "{account}"
    );
    // The anonymous work is the account's now.
    let history: Vec<Value> = app.json("/api/history").await.as_array().unwrap().clone();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["id"], sequence.as_str());

    // Another browser signs in with a link of its own and finds it there.
    let other = app.another_browser();
    other
        .generate(&form_with("company", "Other Browser Co"))
        .await;
    sign_in(&other, &mail, "ana@ledgerly.test").await;
    let history: Value = other.json("/api/history").await;
    let companies: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["company"].as_str().unwrap())
        .collect();
    assert_eq!(companies, ["Other Browser Co", "Before Co"]);
    assert_eq!(other.get(&format!("/s/{sequence}")).await.status(), 200);
    // The first browser sees the second browser's work too: one account.
    let history: Value = app.json("/api/history").await;
    assert_eq!(history.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_prefetching_get_signs_nobody_in_and_burns_nothing() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    ask(&app, "ana@ledgerly.test").await;
    let (path, _) = mail.only_message().sign_in_link();
    // A mail scanner opens the link, several times, without cookies.
    let scanner = reqwest::Client::new();
    for _ in 0..3 {
        let res = scanner.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().starts_with("coldcopy_login=")),
            "a GET set a login cookie"
        );
    }
    assert_eq!(app.count("logins").await, 0);
    // The link still works for the person.
    assert_eq!(confirm(&app, &path).await, "/account?welcome=1");
    assert_eq!(app.count("logins").await, 1);
}

#[tokio::test]
async fn a_link_works_once_and_only_until_it_expires() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    ask(&app, "ana@ledgerly.test").await;
    let (path, _) = mail.only_message().sign_in_link();
    assert_eq!(confirm(&app, &path).await, "/account?welcome=1");
    // Used: another browser cannot use it again, and the page says so.
    let other = app.another_browser();
    assert_eq!(confirm(&other, &path).await, path);
    assert!(
        other
            .text(&path)
            .await
            .contains("This sign-in link was already used")
    );
    assert!(!signed_in(&other).await);

    // Expired: the link's clock is the database's, so the test moves the link's end back.
    ask(&other, "bo@ledgerly.test").await;
    let raw = mail.raw_messages().pop().unwrap();
    let (path, _) = Mail::parse(raw).sign_in_link();
    crate::on_db!(app.state.writer, |pool| {
        sqlx::query(
        "UPDATE sign_in_links SET expires_at = expires_at - 15 * 60 - 1 WHERE email = 'bo@ledgerly.test'"
    )
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap()
    });
    assert!(
        other
            .text(&path)
            .await
            .contains("This sign-in link has expired")
    );
    assert_eq!(confirm(&other, &path).await, path);
    assert!(!signed_in(&other).await);
}

#[tokio::test]
async fn wrong_and_truncated_tokens_sign_nobody_in() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    ask(&app, "ana@ledgerly.test").await;
    let (path, _) = mail.only_message().sign_in_link();
    let token = path.trim_start_matches("/signin/").to_owned();
    // The same length, one character changed (never to the character it already has).
    let last = if token.ends_with('A') { "B" } else { "A" };
    let wrong = format!("{}{last}", &token[..42]);
    for bad in [
        &token[..20],
        &token[..42],
        wrong.as_str(),
        "x",
        "../../etc/passwd",
    ] {
        let bad_path = format!("/signin/{}", bad.replace('/', "%2F"));
        let res = app
            .client
            .post(app.url("/api/signin/confirm"))
            .form(&[("token", bad)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "not_found");
        if !bad.contains('/') {
            let page = app.text(&bad_path).await;
            assert!(page.contains("This sign-in link does not work"), "{bad}");
        }
    }
    assert!(!signed_in(&app).await);
    // The real one still works.
    assert_eq!(confirm(&app, &path).await, "/account?welcome=1");
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answer() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    sign_in(&app, &mail, "known@ledgerly.test").await;
    let stranger = app.another_browser();
    let answer = |email: &'static str| {
        let stranger = &stranger;
        async move {
            let res = ask(stranger, email).await;
            (res.status(), res.text().await.unwrap())
        }
    };
    assert_eq!(
        answer("known@ledgerly.test").await,
        answer("nobody@ledgerly.test").await
    );
    // Without JavaScript: the same page, naming the address typed.
    let page = |email: &'static str| {
        let stranger = &stranger;
        async move {
            let res = stranger
                .client
                .post(stranger.url("/api/signin/request"))
                .header("accept", "text/html")
                .form(&[("email", email)])
                .send()
                .await
                .unwrap();
            let location = res.headers()["location"].to_str().unwrap().to_owned();
            // The page's content (the language link and the nonces name the request).
            let page = stranger.text(&location).await.replace(email, "ADDRESS");
            let main = page.split("<main").nth(1).expect("a main element");
            main.split("</main>").next().unwrap().to_owned()
        }
    };
    let known = page("known@ledgerly.test").await;
    assert!(known.contains("Check your inbox"), "{known}");
    assert_eq!(known, page("nobody@ledgerly.test").await);
}

#[tokio::test]
async fn the_link_is_in_chinese_when_asked_for_in_chinese() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    app.get("/lang/zh?next=/signin").await;
    ask(&app, "ana@ledgerly.test").await;
    let message = mail.only_message();
    assert_eq!(message.subject(), "你的 ColdCopy 登录链接");
    assert!(
        message
            .text()
            .contains("有人（希望是你）请求以 ana@ledgerly.test 登录 ColdCopy")
    );
    assert!(
        message.html().contains("lang=\"zh-CN\""),
        "{}",
        message.html()
    );
    let (path, _) = message.sign_in_link();
    let page = app.text(&path).await;
    assert!(page.contains("以 ana@ledgerly.test 登录？"), "{page}");
    // Every page of signing in, and the account's, is Chinese through and through.
    let typed = ["ana", "ledgerly", "test", "name", "company", "com"];
    let check = |path: String| {
        let app = &app;
        async move {
            let html = app.text(&path).await;
            crate::language::assert_no_latin_words(&path, &html, &typed);
        }
    };
    check(path.clone()).await;
    check("/signin".into()).await;
    check("/signin?sent=ana%40ledgerly.test".into()).await;
    check("/signin?error=invalid&email=ana".into()).await;
    check("/signin?error=mail_failed&email=ana%40ledgerly.test".into()).await;
    check("/signin/nope".into()).await;
    check("/account".into()).await;
    check("/shared/nope".into()).await;
    assert_eq!(confirm(&app, &path).await, "/account?welcome=1");
    check("/account?welcome=1&ended=1".into()).await;
    check("/account?delete_error=confirm".into()).await;
    // Sharing a sequence (the title is the founder's own words).
    let id: String = app
        .generate(&form_with("company", "Ledgerly"))
        .await
        .json()
        .await
        .unwrap();
    let html = app.text(&format!("/s/{id}/share?unshared=1")).await;
    let title = ["Ledgerly", "Financial", "Controller"];
    crate::language::assert_no_latin_words("/s/{id}/share", &html, &title);
    let res = app
        .client
        .post(app.url("/api/share/new"))
        .header("accept", "text/html")
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    let made = res.headers()["location"].to_str().unwrap().to_owned();
    let token = made.rsplit('=').next().unwrap().to_owned();
    let html = app.text(&made).await;
    let mut words = title.to_vec();
    words.extend(["http", "coldcopy", "test", "shared", token.as_str()]);
    crate::language::assert_no_latin_words("/s/{id}/share?shared=", &html, &words);
    // The shared page in Chinese (its emails are in the language they were written in).
    let html = app.text(&format!("/shared/{token}")).await;
    assert!(html.contains("有人与你分享了这个冷邮件序列"), "{html}");
    check("/signin".into()).await;
}

#[tokio::test]
async fn without_a_relay_sign_in_is_off_and_says_so() {
    let app = spawn_app().await;
    let page = app.text("/signin").await;
    assert!(
        page.contains("Signing in is not set up on this server"),
        "{page}"
    );
    assert!(!page.contains("action=\"/api/signin/request\""));
    let res = ask(&app, "ana@ledgerly.test").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "sign_in_disabled");
}
