//! No text a visitor or a lead list controls becomes markup on the campaigns pages: the form's
//! values come back from the URL after a refusal, a campaign's name and its leads' data (the
//! preview's bodies, the leads table) are stored text, and ids and tokens come from the path.

use super::*;
use crate::markup::{PAYLOADS, assert_inert, control_value, query, url_segment};

#[tokio::test]
async fn hostile_values_stay_text_on_the_campaigns_pages() {
    let k = fresh("k5");
    let mut csv = "email,first_name,company\n".to_owned();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let cell = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
        csv.push_str(&format!(
            "{k}-{i}@acme.test,{},{}\n",
            cell(payload),
            cell(payload)
        ));
    }
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let payload = PAYLOADS[0];
    let id = create(&app, &campaign_form(&job, &mailbox, &[("name", payload)])).await;
    let html = app.html(&format!("/campaigns/{id}")).await;
    assert_inert(&html, "a campaign named and filled with payloads");
    assert!(
        html.contains("x-injected"),
        "the payloads are shown, as text"
    );
    let html = app.html("/campaigns").await;
    assert_inert(&html, "/campaigns");
    // A stored address shown back on the suppression list.
    let res = app
        .client
        .post(app.url("/suppressions"))
        .form(&[(
            "addresses",
            format!("\"<x-injected>\"@acme.test\n{k}-0@acme.test"),
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let html = app.html(res.headers()["location"].to_str().unwrap()).await;
    assert_inert(&html, "/suppressions after an add");
    for payload in PAYLOADS {
        let q = query(&[
            ("bad", "name,time_zone"),
            ("name", payload),
            ("time_zone", payload),
            ("window_start", payload),
            ("fb_first_name", payload),
            ("list", payload),
            ("mailbox", payload),
            ("day", payload),
            ("daily_cap", payload),
        ]);
        let html = app.html(&format!("/campaigns/new?{q}")).await;
        assert_inert(&html, &format!("/campaigns/new with {payload:?}"));
        assert_eq!(control_value(&html, "name").as_deref(), Some(*payload));
        let segment = url_segment(payload);
        let q = query(&[
            ("problem", payload),
            ("tested", payload),
            ("added", payload),
            ("bad", payload),
        ]);
        for path in [
            format!("/campaigns/{segment}"),
            format!("/u/{segment}"),
            format!("/campaigns/{id}"),
        ] {
            let html = app.html(&format!("{path}?{q}")).await;
            assert_inert(&html, &format!("{path} with {payload:?}"));
        }
    }
}

#[tokio::test]
async fn the_postal_address_ends_every_email_and_is_refused_by_name_when_too_long() {
    let k = fresh("k6");
    let csv = format!("email,first_name,company\n{k}-a@acme.test,Ana,Acme\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let set = |address: String| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(app.url("/account/address"))
                .form(&[("postal_address", address)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303);
            res.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let back = set("x".repeat(301)).await;
    assert_eq!(back, "/account?address_error=too_long#address");
    let page = app.text(&back).await;
    assert!(
        page.contains("Postal address: at most 300 characters."),
        "{page}"
    );
    let back = set(format!(
        "{}\r\n\r\n 12 rue de la Paix\n75002 Paris",
        PAYLOADS[0]
    ))
    .await;
    assert_eq!(back, "/account?address=saved#address");
    let html = app.html(&back).await;
    assert_inert(&html, "/account with a stored address");
    assert!(html.contains("Saved: your next emails end with it."));

    // The preview (what goes) ends with it, after the opt-out line.
    let id = create(&app, &campaign_form(&job, &mailbox, &[])).await;
    let html = app.html(&format!("/campaigns/{id}")).await;
    assert_inert(&html, "a campaign's preview with the address");
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("Unsubscribe: https://…/u/…\n\n&lt;/textarea&gt;"),
        "{page}"
    );
    assert!(
        page.contains("12 rue de la Paix\n75002 Paris\n</pre>"),
        "{page}"
    );
    // Emptied, it is gone.
    assert_eq!(
        set(" \n".to_owned()).await,
        "/account?address=saved#address"
    );
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(!page.contains("rue de la Paix"), "{page}");
}
