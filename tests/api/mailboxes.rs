//! Connecting a founder's mailbox through the API and the page, against the real postfix and
//! dovecot on loopback (scripts/mail.sh): tested before it is kept, the password sealed and
//! never shown, a refusal named on the form, tested again, removed; an account's only.

use serde_json::Value;

use crate::accounts::{app_with_mail, sign_in};
use crate::helpers::TestApp;
use crate::helpers::mail::MailCatcher;

/// The loopback mail system's ports and certificate authority (scripts/mail.sh).
pub(crate) fn mail_system() -> (String, String, String) {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run the README's test command, or `. scripts/mail.sh && mail_start` first")
        })
    };
    (
        var("MAIL_SUBMISSION_PORT"),
        var("MAIL_IMAP_PORT"),
        var("MAIL_CA"),
    )
}

/// A signed-in founder on an app that trusts the loopback servers' authority.
async fn founder(mail: &MailCatcher) -> TestApp {
    let (_, _, ca) = mail_system();
    let app = app_with_mail(mail, &[("MAIL_CA_FILE", ca.as_str())]).await;
    sign_in(&app, mail, "ana@ledgerly.test").await;
    app
}

/// The connect form for mailbox `address` on the loopback servers, with `password`.
pub(crate) fn form(address: &str, password: &str) -> Vec<(&'static str, String)> {
    let (submission, imap, _) = mail_system();
    vec![
        ("provider", "other".into()),
        ("address", address.into()),
        ("name", "Ana from Ledgerly".into()),
        ("password", password.into()),
        ("smtp_host", "localhost".into()),
        ("smtp_port", submission),
        ("smtp_security", "start_tls".into()),
        ("imap_host", "localhost".into()),
        ("imap_port", imap),
        ("imap_security", "start_tls".into()),
        ("signature", "Ana\nLedgerly".into()),
    ]
}

pub(crate) async fn connect(
    app: &TestApp,
    form: &[(&'static str, String)],
    no_js: bool,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/mailboxes/connect"))
        .form(form);
    if no_js {
        request = request.header("accept", "text/html");
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_mailbox_that_signs_in_is_kept_with_its_password_sealed() {
    let mail = MailCatcher::start().await;
    let app = founder(&mail).await;
    let password = "secret";
    let res = connect(&app, &form("ana-box@ledgerly.test", password), false).await;
    assert_eq!(res.status(), 200);
    let outcome: Value = res.json().await.unwrap();
    let id = outcome["Saved"]["id"].as_str().expect("saved").to_owned();

    let list: Value = app.json("/api/mailboxes").await;
    let mailbox = &list[0];
    assert_eq!(mailbox["address"], "ana-box@ledgerly.test");
    assert_eq!(mailbox["sent_folder"], "Sent");
    assert!(mailbox["smtp_problem"].is_null() && mailbox["imap_problem"].is_null());
    assert!(
        !list.to_string().contains(password),
        "the password went back to the browser"
    );
    // Sealed at rest: the stored value is not the password, and opens only with the server's key.
    let sealed: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT password_sealed FROM mailboxes WHERE id = $1"
    )
    .bind(&id)
    .fetch_one(pool)
    .await
    .unwrap());
    assert!(!sealed.contains(password));
    use secrecy::ExposeSecret;
    let opened = app.state.mailboxes.key.open(&sealed, &id).unwrap();
    assert_eq!(opened.expose_secret(), password);

    // The page lists it; testing again works from the stored, sealed password.
    let page = app.text("/mailboxes").await;
    assert!(
        page.contains("ana-box@ledgerly.test") && page.contains("Sent folder: Sent"),
        "{page}"
    );
    let res = app
        .client
        .post(app.url("/api/mailboxes/check"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.json::<Value>().await.unwrap()["Saved"].is_object());
    // The same address twice is refused by name.
    let res = connect(&app, &form("ana-box@ledgerly.test", password), false).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap()["fields"][0]["field"],
        "address"
    );

    // Removed, with its sealed password.
    let res = app
        .client
        .post(app.url("/api/mailboxes/remove"))
        .header("accept", "text/html")
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/mailboxes?removed=1");
    assert_eq!(app.count("mailboxes").await, 0);
}

#[tokio::test]
async fn a_refused_password_keeps_nothing_and_the_page_says_why() {
    let mail = MailCatcher::start().await;
    let app = founder(&mail).await;
    let res = connect(
        &app,
        &form("ana-wrong@ledgerly.test", "not the app password"),
        false,
    )
    .await;
    assert_eq!(res.status(), 200);
    let outcome: Value = res.json().await.unwrap();
    assert_eq!(outcome["Failed"]["smtp"], "wrong_password");
    assert_eq!(outcome["Failed"]["imap"], "wrong_password");
    assert_eq!(app.count("mailboxes").await, 0);

    // Without JavaScript: back to the form with what was typed (never the password) and why.
    let res = connect(
        &app,
        &form("ana-wrong@ledgerly.test", "not the app password"),
        true,
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/mailboxes?smtp=wrong_password&imap=wrong_password&"),
        "{location}"
    );
    assert!(!location.contains("not the app password"));
    let page = app.text(&location).await;
    assert!(
        page.contains("Sending (SMTP): the username or app password was refused."),
        "{page}"
    );
    assert!(page.contains("value=\"ana-wrong@ledgerly.test\""));
    assert!(!page.contains("not the app password"));

    // Fields that are wrong are named before anything is tested.
    let mut bad = form("not an address", "secret");
    bad.retain(|(name, _)| *name != "smtp_host");
    let res = connect(&app, &bad, false).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["address", "smtp_host"]);
}

#[tokio::test]
async fn mailboxes_belong_to_an_account() {
    let mail = MailCatcher::start().await;
    let app = founder(&mail).await;
    let res = connect(&app, &form("ana-own@ledgerly.test", "secret"), false).await;
    let id = res.json::<Value>().await.unwrap()["Saved"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Anonymous: nothing listed, nothing connected, the page asks to sign in.
    let stranger = app.another_browser();
    assert!(stranger.json("/api/mailboxes").await.is_null());
    assert!(
        stranger
            .text("/mailboxes")
            .await
            .contains("Mailboxes belong to an account: sign in first.")
    );
    let res = connect(&stranger, &form("x@ledgerly.test", "secret"), false).await;
    assert_eq!(res.status(), 404);
    // Another account cannot test or remove it.
    sign_in(&stranger, &mail, "bo@ledgerly.test").await;
    for path in ["/api/mailboxes/check", "/api/mailboxes/remove"] {
        let res = stranger
            .client
            .post(stranger.url(path))
            .form(&[("id", id.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    assert_eq!(app.count("mailboxes").await, 1);
}

#[tokio::test]
async fn the_mailboxes_page_is_chinese_and_keeps_hostile_values_as_text() {
    let mail = MailCatcher::start().await;
    let app = founder(&mail).await;
    let res = connect(&app, &form("ana-zh@ledgerly.test", "secret"), false).await;
    assert_eq!(res.status(), 200);
    app.get("/lang/zh?next=/mailboxes").await;
    // Names of products, protocols and folders stay as they are; the rest is Chinese.
    let names = [
        "SMTP",
        "IMAP",
        "TLS",
        "STARTTLS",
        "INBOX",
        "Sent",
        "Google",
        "Workspace",
        "Gmail",
        "Fastmail",
        "Zoho",
        "Mail",
        "iCloud",
        "Microsoft",
        "Outlook",
        "name",
        "company",
        "com",
        "Ana",
        "from",
        "Ledgerly",
        "ledgerly",
        "ana-zh",
        "test",
        "localhost",
        "smtp",
        "imap",
        "example",
    ];
    for path in [
        "/mailboxes",
        "/mailboxes?smtp=tls&imap=wrong_password&provider=other#connect",
        "/mailboxes?error=invalid&bad=address,smtp_port#connect",
        "/mailboxes?connected=x",
    ] {
        let html = app.text(path).await;
        crate::language::assert_no_latin_words(path, &html, &names);
    }
    for payload in crate::markup::PAYLOADS {
        let q = crate::markup::query(&[
            ("smtp", payload),
            ("imap", payload),
            ("error", payload),
            ("bad", payload),
            ("address", payload),
            ("name", payload),
            ("signature", payload),
            ("smtp_host", payload),
            ("provider", payload),
        ]);
        let html = app.html(&format!("/mailboxes?{q}")).await;
        crate::markup::assert_inert(&html, &format!("/mailboxes with {payload:?}"));
        assert_eq!(
            crate::markup::control_value(&html, "address").as_deref(),
            Some(*payload),
            "the address does not read back"
        );
    }
}
