//! Paying as an account (Checkout filled in with its address; a plan bought anonymously moves in
//! at sign-in; an old restore link signs in to the account), and read-only share links.

use serde_json::Value;

use crate::accounts::{app_with_mail, sign_in, signed_in};
use crate::fakes::stripe::FakeStripe;
use crate::helpers::mail::MailCatcher;
use crate::helpers::stripe::{WEBHOOK_SECRET, buy};
use crate::helpers::{TestApp, form_with};

async fn app_selling(mail: &MailCatcher, fake: &FakeStripe) -> TestApp {
    app_with_mail(
        mail,
        &[
            ("STRIPE_SECRET_KEY", "sk_test_fake"),
            ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
            ("STRIPE_API_BASE", fake.base_url.as_str()),
            ("STARTER_PRICE_ID", "price_starter_test"),
            ("PRO_PRICE_ID", "price_pro_test"),
        ],
    )
    .await
}

#[tokio::test]
async fn checkout_is_filled_in_with_the_accounts_address() {
    let (mail, fake) = (MailCatcher::start().await, FakeStripe::start().await);
    let app = app_selling(&mail, &fake).await;
    // Anonymous: Stripe asks for the address itself.
    app.checkout_id("starter").await;
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    app.checkout_id("pro").await;
    let created: Vec<_> = fake
        .received()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/checkout/sessions")
        .collect();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0].field("customer_email"), None);
    assert_eq!(
        created[1].field("customer_email"),
        Some("ana@ledgerly.test")
    );
}

#[tokio::test]
async fn a_plan_bought_before_signing_in_is_the_accounts_everywhere() {
    let (mail, fake) = (MailCatcher::start().await, FakeStripe::start().await);
    let app = app_selling(&mail, &fake).await;
    let paid = buy(&app, &fake, "starter").await;
    let (_, body) = app.payment_status(paid["id"].as_str().unwrap()).await;
    let restore = body["restore_url"].as_str().unwrap().to_owned();
    let token = restore.rsplit('/').next().unwrap().to_owned();
    sign_in(&app, &mail, "ana@ledgerly.test").await;
    assert_eq!(app.plan().await["plan"], "starter");
    let phone = app.another_browser();
    sign_in(&phone, &mail, "ana@ledgerly.test").await;
    assert_eq!(phone.plan().await["plan"], "starter");

    // The restore link kept from before: it now signs a browser in to the account.
    let tablet = app.another_browser();
    assert_eq!(tablet.restore(&token).await, 200);
    assert!(signed_in(&tablet).await);
    assert_eq!(tablet.plan().await["plan"], "starter");
    assert!(tablet.text("/account").await.contains("ana@ledgerly.test"));
}

/// Makes a read-only link to `id` without JavaScript; answers the link's path, read from the
/// page it lands on (the only time it is shown).
async fn share(app: &TestApp, id: &str) -> String {
    let res = app
        .client
        .post(app.url("/api/share/new"))
        .header("accept", "text/html")
        .form(&[("id", id)])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("/s/{id}/share?shared=")),
        "{location}"
    );
    let page = app.text(&location).await;
    let start = page
        .find("http://coldcopy.test/shared/")
        .expect("the link, shown once");
    let link = &page[start..];
    let link = &link[..link.find('"').unwrap()];
    assert!(
        !app.text(&format!("/s/{id}")).await.contains(link),
        "shown again"
    );
    link.trim_start_matches("http://coldcopy.test").to_owned()
}

#[tokio::test]
async fn a_read_only_link_opens_for_anyone_until_revoked() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, &[]).await;
    let res = app.generate(&form_with("company", "Shared Co")).await;
    let id: String = res.json().await.unwrap();
    let path = share(&app, &id).await;
    let token = path.trim_start_matches("/shared/");
    assert_eq!(token.len(), 43);
    // Only its hash is stored.
    let plain: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT count(*) FROM share_links WHERE token_sha256 = $1"
    )
    .bind(token)
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(plain, 0);

    // The sequence's page leads to sharing; nobody else's sharing page opens.
    assert!(
        app.text(&format!("/s/{id}"))
            .await
            .contains(&format!("href=\"/s/{id}/share\""))
    );
    let stranger_page = app.another_browser().get(&format!("/s/{id}/share")).await;
    assert_eq!(stranger_page.status(), 404);

    // A cofounder, not signed in, with no cookie at all.
    let cofounder = reqwest::Client::new();
    let page = cofounder.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Shared Co → Financial Controller"), "{page}");
    assert!(page.contains("noindex"));
    // Read-only: no edit, rewrite, export or lead list controls.
    for absent in [
        "/api/sequence/email",
        "/export/",
        "/leads",
        "/api/sequence/rewrite",
    ] {
        assert!(!page.contains(absent), "{absent} on the shared page");
    }
    // The link reads nothing else: not the sequence's own page, exports or lead lists.
    for other in [
        format!("/s/{id}"),
        format!("/s/{id}/export/markdown"),
        format!("/api/sequence?id={id}"),
    ] {
        let status = cofounder
            .get(app.url(&other))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404, "{other}");
    }

    // A new link replaces it; stopping sharing ends the newest.
    let newer = share(&app, &id).await;
    let status = |p: String| {
        let c = cofounder.clone();
        let url = app.url(&p);
        async move {
            let page = c.get(url).send().await.unwrap().text().await.unwrap();
            page.contains("This link does not open")
        }
    };
    assert!(status(path.clone()).await, "the old link still opens");
    assert!(!status(newer.clone()).await);
    let res = app
        .client
        .post(app.url("/api/share/stop"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        status(newer).await,
        "the link still opens after sharing stopped"
    );

    // Nobody shares a sequence that is not theirs.
    let stranger = app.another_browser();
    let res = stranger
        .client
        .post(stranger.url("/api/share/new"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}
