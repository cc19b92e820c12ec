//! The inbox against real mail: what arrives in the founder's INBOX after a campaign's first
//! emails (a real asynchronous bounce from postfix, Exchange's bounce report naming the email by
//! its returned headers, an out-of-office with a return date, an opt-out in words, a reply in
//! Chinese) is read before the follow-ups, classified with its reason, acted on, shown on
//! /inbox, and corrected there; reading the INBOX again from the start adds nothing.

use super::*;

/// The lead's status and the time its next step may go.
pub(super) async fn lead(app: &TestApp, email: &str) -> (String, i64) {
    crate::on_db!(app.state.reader, |pool| {
        sqlx::query_as("SELECT status, next_at FROM campaign_leads WHERE email = $1")
            .bind(email)
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

/// The id of the inbox's message about `lead`.
pub(super) async fn message_about(app: &TestApp, lead: &str) -> i64 {
    crate::on_db!(app.state.reader, |pool| {
        sqlx::query_scalar("SELECT id FROM inbox_messages WHERE lead_email = $1")
            .bind(lead)
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

/// A message from `from` answering `sent` (the email it replies to), with `extra` headers.
pub(super) fn answer(
    from: &str,
    to: &str,
    sent: &Mail,
    subject: &str,
    extra: &str,
    body: &str,
) -> String {
    let id = header(sent, "Message-ID");
    format!(
        "From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{}@acme.test>\nIn-Reply-To: {id}\nReferences: {id}\nDate: Mon, 14 Dec 2026 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: 8bit\n{extra}\n{body}\n",
        uuid::Uuid::new_v4().simple()
    )
}

#[tokio::test]
async fn what_comes_back_is_classified_acted_on_shown_and_corrected() {
    let k = fresh("ib");
    let lead_at = |who: &str, domain: &str| format!("{k}-{who}@{domain}");
    let (gone, jon, ty, li, mei) = (
        lead_at("gone", "bounce.test"),
        lead_at("jon", "acme.test"),
        lead_at("ty", "acme.test"),
        lead_at("li", "acme.test"),
        lead_at("mei", "acme.test"),
    );
    let csv = format!(
        "email,first_name,company\n{gone},Gone,Nowhere\n{jon},Jon,Contoso\n{ty},Ty,Delta\n{li},Li,Beta\n{mei},Mei,Hua\n"
    );
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let me = format!("{k}@ledgerly.test");
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0"), ("daily_cap", "10")]),
    )
    .await;
    control(&app, &id, "start").await;
    assert_eq!(send_round(&app, "2026-12-14T09:00:00Z").await.sent, 5);
    // postfix accepted the email to bounce.test and bounced it: its report arrives by itself.
    let report = arrived(&me, 1).await.remove(0);
    assert!(header(&report, "Content-Type").contains("multipart/report"));

    let (to_jon, to_ty, to_li, to_mei) = (
        arrived(&jon, 1).await.remove(0),
        arrived(&ty, 1).await.remove(0),
        arrived(&li, 1).await.remove(0),
        arrived(&mei, 1).await.remove(0),
    );
    // Exchange's report on Jon: the email named only in the returned headers.
    let exchange = std::fs::read_to_string(format!(
        "{}/tests/fixtures/inbox/outlook_bounce.eml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace(
        "<5f0c2d1e-8a47-4c1b-9f35-2b7e1d0a9c11@ledgerly.test>",
        &header(&to_jon, "Message-ID"),
    )
    .replace("jon.baker@acme.test", &jon)
    .replace("In-Reply-To:", "X-Was-In-Reply-To:")
    .replace("References:", "X-Was-References:");
    deliver_raw("postmaster@acme.test", &me, &exchange).await;
    let ooo = answer(
        &ty,
        &me,
        &to_ty,
        "Automatic reply: hello",
        "Auto-Submitted: auto-replied",
        "I am out of the office until December 21, 2026.",
    );
    deliver_raw(&ty, &me, &ooo).await;
    let opt_out = answer(
        &li,
        &me,
        &to_li,
        "Re: hello",
        "",
        "Please remove me from your list.\n\nOn Mon, Ana wrote:\n> hi",
    );
    deliver_raw(&li, &me, &opt_out).await;
    let chinese = answer(
        &mei,
        &me,
        &to_mei,
        "回复：你好",
        "",
        "您好，我们很感兴趣，下周二可以聊聊吗？",
    );
    deliver_raw(&mei, &me, &chinese).await;
    arrived(&me, 5).await;

    // Thursday: the INBOX is read before the follow-ups.
    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!((done.replies, done.sent), (1, 0), "{done:?}");
    assert_eq!(lead(&app, &gone).await.0, "bounced");
    assert_eq!(lead(&app, &jon).await.0, "bounced");
    assert_eq!(lead(&app, &li).await.0, "unsubscribed");
    assert_eq!(lead(&app, &mei).await.0, "replied");
    let (status, next_at) = lead(&app, &ty).await;
    assert_eq!(status, "active", "an out-of-office is not a reply");
    assert_eq!(
        next_at,
        at("2026-12-21T23:00:00Z"),
        "the day after the return, in Paris"
    );
    assert_eq!(app.count("suppressions").await, 3);
    assert_eq!(app.count("inbox_messages").await, 5);

    let page = app.text("/inbox").await;
    for expected in [
        "a bounce report says 5.1.1",
        "a bounce report says 5.1.10",
        "its header marks it automatic (Auto-Submitted: auto-replied)",
        "Back on 2026-12-21",
        "it says \u{201c}remove me\u{201d}",
        "您好，我们很感兴趣",
        "Interested",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let bounces = app.text("/inbox?show=bounces").await;
    assert!(bounces.contains(&gone) && bounces.contains(&jon) && !bounces.contains(&mei));

    // The founder corrects Mei's reply to an automatic answer: she goes on at once.
    let message = message_about(&app, &mei).await;
    let (status, location) = app
        .post_form(
            &format!("/inbox/{message}/correct"),
            &[("kind", "auto_reply"), ("summary", "")],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/inbox?corrected=1#m{message}").as_str())
    );
    assert_eq!(lead(&app, &mei).await.0, "active");
    let page = app.text("/inbox?corrected=1").await;
    assert!(
        page.contains("you corrected it") && page.contains("ColdCopy had taken it for: Reply"),
        "{page}"
    );
    // And Jon's bounce was not one: his address is mailed again.
    let jons = message_about(&app, &jon).await;
    app.post_form(
        &format!("/inbox/{jons}/correct"),
        &[("kind", "reply"), ("summary", "question")],
    )
    .await;
    assert_eq!(lead(&app, &jon).await.0, "replied");
    assert_eq!(app.count("suppressions").await, 2);

    // A UIDVALIDITY change reads the whole INBOX again: nothing is kept or done twice.
    crate::on_db!(app.state.writer, |pool| {
        sqlx::query("UPDATE mailboxes SET imap_validity = 1, imap_last_uid = 0, imap_read_at = 0")
            .execute(pool)
            .await
            .unwrap()
            .rows_affected()
    });
    send_round(&app, "2026-12-17T10:00:00Z").await;
    assert_eq!(app.count("inbox_messages").await, 5);
    assert_eq!(lead(&app, &mei).await.0, "active", "the correction stands");
}

#[tokio::test]
async fn with_the_setting_a_reply_stops_everyone_at_the_same_company() {
    let k = fresh("co");
    let (ann, bo, cy) = (
        format!("{k}-ann@acme.test"),
        format!("{k}-bo@acme.test"),
        format!("{k}-cy@ledgerly.test"),
    );
    let csv = format!("email,first_name,company\n{ann},Ann,Acme\n{bo},Bo,Acme\n{cy},Cy,Ledgerly\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let me = format!("{k}@ledgerly.test");
    let form = campaign_form(
        &job,
        &mailbox,
        &[
            ("gap_minutes", "0"),
            ("daily_cap", "10"),
            ("stop_company", "1"),
        ],
    );
    let id = create(&app, &form).await;
    control(&app, &id, "start").await;
    assert_eq!(send_round(&app, "2026-12-14T09:00:00Z").await.sent, 3);
    let to_ann = arrived(&ann, 1).await.remove(0);
    deliver_raw(
        &ann,
        &me,
        &answer(&ann, &me, &to_ann, "Re: hi", "", "Happy to talk."),
    )
    .await;
    arrived(&me, 1).await;

    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!(
        (done.replies, done.sent),
        (1, 1),
        "only Cy's follow-up goes: {done:?}"
    );
    assert_eq!(lead(&app, &ann).await.0, "replied");
    assert_eq!(
        lead(&app, &bo).await.0,
        "stopped",
        "Bo works at Ann's company"
    );
    assert_eq!(arrived(&cy, 2).await.len(), 2);
}

#[tokio::test]
async fn a_mailbox_whose_bounces_pass_the_line_is_paused_with_the_figures() {
    let k = fresh("hb");
    let (gone, ann) = (
        format!("{k}-gone@bounce.test"),
        format!("{k}-ann@acme.test"),
    );
    let csv = format!("email,first_name,company\n{gone},Gone,Nowhere\n{ann},Ann,Acme\n");
    let (app, mailbox, job, _mail) =
        founder_with(&k, &csv, None, &[("INBOX_BOUNCE_AFTER", "2")]).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0"), ("daily_cap", "10")]),
    )
    .await;
    control(&app, &id, "start").await;
    assert_eq!(send_round(&app, "2026-12-14T09:00:00Z").await.sent, 2);
    // postfix's report on the bounce.test address arrives by itself.
    arrived(&format!("{k}@ledgerly.test"), 1).await;
    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!(
        done.sent, 0,
        "the paused mailbox sends Ann's follow-up no more: {done:?}"
    );
    assert_eq!(lead(&app, &gone).await.0, "bounced");
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("1 of 2 emails bounced (50%), over the 2% allowed"),
        "{page}"
    );
}
