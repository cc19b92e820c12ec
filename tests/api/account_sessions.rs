//! An account's browsers: sign-out here and everywhere else (on every server at once), the
//! session fixed before sign-in reaching nothing, two servers racing on one link, the limits on
//! asking, the relay being down, and deleting the account.

use serde_json::Value;

use crate::accounts::{PUBLIC, app_with_mail, ask, confirm, sign_in, signed_in};
use crate::helpers::mail::MailCatcher;
use crate::helpers::{TestApp, form_with, session_cookie, spawn_app_with};

/// A second server on the same database (and relay), as on PostgreSQL behind nginx.
async fn second_server(first: &TestApp, mail: &MailCatcher) -> TestApp {
    spawn_app_with(&[
        ("DATABASE_URL", first.database_url.as_str()),
        ("SMTP_URL", mail.url.as_str()),
        ("MAIL_FROM", "ColdCopy <hello@coldcopy.test>"),
        ("PUBLIC_URL", PUBLIC),
    ])
    .await
}

/// The same browser (its cookie jar) talking to another server.
fn same_browser_on(browser: &TestApp, server: &TestApp) -> TestApp {
    let mut moved = browser.another_browser();
    moved.client = browser.client.clone();
    moved.address = server.address.clone();
    moved
}

#[tokio::test]
async fn signing_out_everywhere_else_takes_effect_on_every_server_at_once() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    let laptop = app.another_browser();
    let phone = app.another_browser();
    sign_in(&laptop, &mail, "ana@ledgerly.test").await;
    sign_in(&phone, &mail, "ana@ledgerly.test").await;
    let page = laptop.text("/account").await;
    assert!(page.contains("Sign out everywhere else"), "{page}");
    assert_eq!(page.matches("class=\"account__browser\"").count(), 2);

    // The phone, served by another server, is signed in there too.
    let other = second_server(&app, &mail).await;
    let phone_there = same_browser_on(&phone, &other);
    assert!(signed_in(&phone_there).await);

    let res = laptop
        .client
        .post(laptop.url("/api/signout/others"))
        .form(&[("login", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<u64>().await.unwrap(), 1);
    assert!(signed_in(&laptop).await);
    assert!(
        !signed_in(&phone_there).await,
        "the other server still let the phone in"
    );
    assert!(!signed_in(&phone).await);
    assert!(
        phone
            .text("/account")
            .await
            .contains("This browser is not signed in.")
    );

    // Signing out this browser leaves an anonymous visitor who can write again.
    let res = laptop
        .client
        .post(laptop.url("/api/signout"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/signin?signed_out=1");
    assert!(!signed_in(&laptop).await);
    assert_eq!(app.count("logins").await, 0);
    let res = laptop.generate(&form_with("company", "After Co")).await;
    assert_eq!(res.status(), 200);
    let history: Value = laptop.json("/api/history").await;
    assert_eq!(
        history.as_array().unwrap().len(),
        1,
        "a new anonymous session"
    );
}

#[tokio::test]
async fn a_session_cookie_known_before_sign_in_reaches_nothing_after_it() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    let res = app.generate(&form_with("company", "Secret Co")).await;
    let before = session_cookie(&res).expect("an anonymous session cookie");
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    // Someone who knew (or planted) the anonymous cookie's value before sign-in.
    let attacker = reqwest::Client::new();
    let history: Value = attacker
        .get(app.url("/api/history"))
        .header("cookie", format!("coldcopy_session={before}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 0, "{history}");
    // The browser that signed in was given a new cookie, not the old id.
    let mine: Value = app.json("/api/history").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn two_servers_racing_on_one_link_sign_in_once() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    let other = second_server(&app, &mail).await;
    ask(&app, "ana@ledgerly.test").await;
    let (path, _) = mail.only_message().sign_in_link();
    let token = path.trim_start_matches("/signin/").to_owned();
    let post = |server: &TestApp| {
        server
            .client
            .post(server.url("/api/signin/confirm"))
            .form(&[("token", token.clone())])
            .send()
    };
    let (a, b) = tokio::join!(post(&app), post(&other));
    let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 404]);
    assert_eq!(app.count("logins").await, 1);
    assert_eq!(app.count("accounts").await, 1);
}

#[tokio::test]
async fn asking_is_limited_per_address_and_per_ip_with_a_clear_message() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(
        &mail,
        &[("SIGN_IN_PER_ADDRESS", "2"), ("SIGN_IN_PER_IP", "4")],
    )
    .await;
    for _ in 0..2 {
        assert_eq!(ask(&app, "ana@ledgerly.test").await.status(), 200);
    }
    let res = ask(&app, "ANA@ledgerly.test").await;
    assert_eq!(res.status(), 429);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    assert_eq!(mail.raw_messages().len(), 2);
    // Other addresses from the same IP, up to the IP's limit (the refused ask counted too).
    assert_eq!(ask(&app, "bo@ledgerly.test").await.status(), 200);
    assert_eq!(ask(&app, "cy@ledgerly.test").await.status(), 429);
    // Without JavaScript the form says when to try again.
    let res = app
        .client
        .post(app.url("/api/signin/request"))
        .header("accept", "text/html")
        .form(&[("email", "dee@ledgerly.test")])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/signin?error=rate_limited"),
        "{location}"
    );
    let page = app.text(&location).await;
    assert!(page.contains("Too many tries in a short time"), "{page}");
    assert!(
        page.contains("value=\"dee@ledgerly.test\""),
        "the address is kept"
    );
}

#[tokio::test]
async fn a_refused_address_is_named_on_its_field() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    let res = ask(&app, "ana at ledgerly").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "email");
    let res = app
        .client
        .post(app.url("/api/signin/request"))
        .header("accept", "text/html")
        .form(&[("email", "ana at ledgerly")])
        .send()
        .await
        .unwrap();
    let page = app.text(res.headers()["location"].to_str().unwrap()).await;
    assert!(
        page.contains("Email: this is not an email address"),
        "{page}"
    );
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(mail.raw_messages().is_empty());
}

#[tokio::test]
async fn the_relay_being_down_is_a_clear_message_and_a_metric() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("smtp://127.0.0.1:{port}");
    let app = spawn_app_with(&[
        ("SMTP_URL", url.as_str()),
        ("MAIL_FROM", "ColdCopy <hello@coldcopy.test>"),
        ("PUBLIC_URL", PUBLIC),
        ("METRICS_ADDR", "127.0.0.1:0"),
    ])
    .await;
    let res = ask(&app, "ana@ledgerly.test").await;
    assert_eq!(res.status(), 502);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "mail_failed");
    let metrics = reqwest::get(format!("{}/metrics", app.metrics_address.as_ref().unwrap()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"coldcopy_mail_messages_total{kind="sign_in",outcome="failed"} 1"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn deleting_the_account_deletes_its_work_on_every_browser() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    app.generate(&form_with("company", "Gone Co")).await;
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    let phone = app.another_browser();
    sign_in(&phone, &mail, "ana@ledgerly.test").await;
    assert_eq!(app.count("sequences").await, 1);

    // The address must be typed again.
    let res = app
        .client
        .post(app.url("/api/account/delete"))
        .header("accept", "text/html")
        .form(&[("confirm", "someone@else.test")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/account?delete_error=confirm#delete"
    );
    assert_eq!(app.count("accounts").await, 1);

    let res = app
        .client
        .post(app.url("/api/account/delete"))
        .header("accept", "text/html")
        .form(&[("confirm", "Ana@Ledgerly.test")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/signin?deleted=1");
    for table in ["accounts", "logins", "sequences"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert!(!signed_in(&app).await);
    assert!(!signed_in(&phone).await);
    // The address can sign up again, to a new, empty account.
    sign_in(&phone, &mail, "ana@ledgerly.test").await;
    let history: Value = phone.json("/api/history").await;
    assert_eq!(history.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_confirm_button_goes_to_the_page_it_was_asked_from_when_it_fails() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    assert_eq!(confirm(&app, "/signin/nope").await, "/signin/nope");
}

#[tokio::test]
async fn a_browser_in_use_is_noted_as_last_used_now() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    let seen = || async {
        crate::on_db!(app.state.reader, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT last_seen_at FROM logins"
        )
        .fetch_one(pool)
        .await
        .unwrap())
    };
    // Last used long ago (the login's clock is the database's: the test moves it back).
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "UPDATE logins SET last_seen_at = 1000"
    )
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap());
    assert_eq!(app.get("/account").await.status(), 200);
    // The note is written beside the request: wait for it (up to 10 s).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while seen().await == 1000 {
        assert!(
            std::time::Instant::now() < deadline,
            "last used was not noted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(seen().await > 1_700_000_000);
}

#[tokio::test]
async fn signing_in_as_someone_else_ends_the_browsers_previous_login() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    sign_in(&app, &mail, "bo@ledgerly.test").await;
    assert_eq!(app.count("logins").await, 1);
    assert!(app.text("/account").await.contains("bo@ledgerly.test"));
}
