//! The suppression list: addresses added by hand stop at once in a running campaign; the list
//! exports as CSV and takes that CSV back; one added by mistake can be removed.

use super::*;

#[tokio::test]
async fn an_address_added_by_hand_is_never_mailed_and_the_list_exports() {
    let k = fresh("k8");
    let (maria, li) = (format!("{k}-maria@acme.test"), format!("{k}-li@acme.test"));
    let csv = format!("email,first_name,company\n{maria},Maria,Acme\n{li},Li,Beta\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &id, "start").await;

    let res = app
        .client
        .post(app.url("/suppressions"))
        .form(&[(
            "addresses",
            format!(
                "email,reason,added\n{}\nnot an address\n",
                li.to_uppercase()
            ),
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/suppressions?added=1&bad=not+an+address");
    let page = app.text(&location).await;
    assert!(
        page.contains("1 addresses added.") && page.contains("not an address"),
        "{page}"
    );

    // The round sends to Maria only.
    let done = send_round(&app, "2026-12-14T09:00:00Z").await;
    assert_eq!(done.sent, 1, "{done:?}");
    arrived(&maria, 1).await;
    assert!(inbox(&li).is_empty());

    // The same list in a second campaign: Maria, written to already, is not written to again.
    let again = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &again, "start").await;
    let done = send_round(&app, "2026-12-14T09:30:00Z").await;
    assert_eq!(done.sent, 0, "{done:?}");
    assert_eq!(inbox(&maria).len(), 1);
    let page = app.text(&format!("/campaigns/{again}")).await;
    assert!(
        page.contains("another of your campaigns already sent this sequence"),
        "{page}"
    );

    let export = app.text("/suppressions/export").await;
    assert!(export.starts_with("email,reason,added\n"), "{export}");
    assert!(export.contains(&format!("{li},manual,")), "{export}");
    // The export pasted back adds nothing new.
    let res = app
        .client
        .post(app.url("/suppressions"))
        .form(&[("addresses", export)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/suppressions?added=0");

    let res = app
        .client
        .post(app.url("/suppressions/remove"))
        .form(&[("email", li.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(!app.text("/suppressions/export").await.contains(&li));
}
