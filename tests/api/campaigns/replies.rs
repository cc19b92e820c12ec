//! Stop on reply: the INBOX read (read-only) before the follow-ups go.

use super::*;

#[tokio::test]
async fn a_reply_stops_the_lead_and_an_automatic_answer_does_not() {
    let k = fresh("k4");
    let (maria, li, jo, ty) = (
        format!("{k}-maria@acme.test"),
        format!("{k}-li@acme.test"),
        format!("{k}-jo@acme.test"),
        format!("{k}-ty@acme.test"),
    );
    let csv = format!(
        "email,first_name,company\n{maria},Maria,Acme\n{li},Li,Beta\n{jo},Jo,Gamma\n{ty},Ty,Delta\n"
    );
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let founder_address = format!("{k}@ledgerly.test");
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0"), ("daily_cap", "10")]),
    )
    .await;
    control(&app, &id, "start").await;
    assert_eq!(send_round(&app, "2026-12-14T09:00:00Z").await.sent, 4);
    let first_to_maria = arrived(&maria, 1).await.remove(0);
    let first_to_jo = arrived(&jo, 1).await.remove(0);
    arrived(&li, 1).await;

    // Maria answers in the thread from another address of hers; Li writes a new message from
    // her own; Jo's mailbox answers by itself.
    let in_thread = |mail: &Mail| vec![("In-Reply-To", header(mail, "Message-ID"))];
    deliver(
        &format!("{k}-maria.private@acme.test"),
        &founder_address,
        "Re: hi",
        &in_thread(&first_to_maria),
    )
    .await;
    deliver(&li, &founder_address, "Question", &[]).await;
    let mut automatic = in_thread(&first_to_jo);
    automatic.push(("Auto-Submitted", "auto-replied".to_owned()));
    // (An acknowledgement, not an out-of-office: that would move Jo's next step; inbox.rs.)
    deliver(
        &jo,
        &founder_address,
        "We received your message",
        &automatic,
    )
    .await;
    // Ty uses the List-Unsubscribe mailto: an opt-out, not a reply.
    deliver(&ty, &founder_address, "unsubscribe", &[]).await;
    arrived(&founder_address, 4).await;

    // Thursday, day 3: the INBOX is read before the follow-ups go.
    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!((done.replies, done.sent), (2, 1), "{done:?}");
    assert_eq!(arrived(&jo, 2).await.len(), 2);
    assert_eq!(inbox(&maria).len(), 1);
    assert_eq!(inbox(&li).len(), 1);
    assert_eq!(inbox(&ty).len(), 1);
    assert_eq!(app.count("suppressions").await, 1);
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert_eq!(page.matches(" · Replied · ").count(), 2, "{page}");

    // Read without a trace: nothing in the founder's INBOX is marked read.
    let dir = maildir(&founder_address);
    let cur = dir.parent().unwrap().join("cur");
    for entry in std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(&cur).into_iter().flatten())
    {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let flags = name.rsplit_once(":2,").map_or("", |(_, f)| f).to_owned();
        assert!(!flags.contains('S'), "{name} was marked read");
    }
}
