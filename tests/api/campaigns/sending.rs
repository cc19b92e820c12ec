//! A campaign's schedule, limits, thread and opt-outs; refusals at the door; merge tags.

use coldcopy::server::campaigns::sender::Round;
use coldcopy::server::platform::db::Db;

use super::*;
use crate::accounts::PUBLIC;

#[tokio::test]
async fn a_campaign_keeps_its_window_gap_and_cap_threads_follow_ups_and_honours_opt_outs() {
    let k = fresh("k1");
    let (maria, li, jo) = (
        format!("{k}-maria@acme.test"),
        format!("{k}-li@acme.test"),
        format!("{k}-jo@acme.test"),
    );
    let csv = format!("email,first_name,company\n{maria},Maria,Acme\n{li},Li,Beta\n{jo},,Gamma\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(&app, &campaign_form(&job, &mailbox, &[])).await;
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("Maria,\n\n"), "{page}");
    assert!(page.contains(&maria), "{page}");
    assert!(page.contains("The next two weeks"), "{page}");
    assert_eq!(
        control(&app, &id, "start").await,
        format!("/campaigns/{id}")
    );

    // The open page follows the sending: it carries the island that asks for the stamp, and
    // the stamp moves when an email goes (and not when nothing does).
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("FollowCampaign"), "{page}");
    let stamp = || async { app.text(&format!("/api/campaign/stamp?id={id}")).await };
    let before = stamp().await;
    assert!(before.contains("running."), "{before}");

    // Monday 14 December 2026, Paris (UTC+1): 08:30 is before the window.
    assert_eq!(send_round(&app, "2026-12-14T07:30:00Z").await.sent, 0);
    assert_eq!(stamp().await, before);
    assert_eq!(send_round(&app, "2026-12-14T08:00:00Z").await.sent, 1);
    assert_ne!(stamp().await, before);
    // The gap: ten minutes between two emails of one mailbox.
    assert_eq!(send_round(&app, "2026-12-14T08:05:00Z").await.sent, 0);
    assert_eq!(send_round(&app, "2026-12-14T08:10:00Z").await.sent, 1);
    // The cap: two a day.
    assert_eq!(send_round(&app, "2026-12-14T08:30:00Z").await.sent, 0);
    assert_eq!(send_round(&app, "2026-12-14T15:00:00Z").await.sent, 0);
    // Tuesday: the third lead, whose first name falls back.
    assert_eq!(send_round(&app, "2026-12-15T08:00:00Z").await.sent, 1);

    let to_maria = arrived(&maria, 1).await;
    let to_li = arrived(&li, 1).await;
    let to_jo = arrived(&jo, 1).await;
    let first = &to_maria[0];
    assert!(first.text().starts_with("Maria,"), "{}", first.text());
    assert!(
        to_jo[0].text().to_lowercase().starts_with("there,"),
        "{}",
        to_jo[0].text()
    );
    // Subjects A and B alternate across leads.
    assert_ne!(first.subject(), to_li[0].subject());
    let from = header(first, "From");
    assert!(
        from.contains("Ana from Ledgerly") && from.ends_with(&format!("<{k}@ledgerly.test>")),
        "{from}"
    );
    let unsubscribe = header(&to_li[0], "List-Unsubscribe");
    assert!(
        unsubscribe.starts_with(&format!("<{PUBLIC}/u/")),
        "{unsubscribe}"
    );
    assert!(
        unsubscribe.contains(&format!("<mailto:{k}@ledgerly.test?subject=unsubscribe>")),
        "{unsubscribe}"
    );
    assert_eq!(
        header(&to_li[0], "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(
        to_li[0]
            .text()
            .contains("Not for you? Unsubscribe: http://coldcopy.test/u/")
    );
    assert!(header(first, "Message-ID").ends_with("@ledgerly.test>"));

    // Li opts out with one click (RFC 8058), as a mail client does.
    let link = unsubscribe[1..].split('>').next().unwrap();
    let path = link.strip_prefix(PUBLIC).unwrap();
    let res = app
        .client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = app.text(path).await;
    assert!(
        page.contains(&format!(
            "{}\u{2022}\u{2022}\u{2022}@acme.test will get no more emails",
            &k[..1]
        )),
        "{page}"
    );
    // A forged token opens nothing (its tag's last digit changed, whatever it was).
    let last = if path.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &path[..path.len() - 1]);
    let res = app
        .client
        .post(app.url(&forged))
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Thursday (day 3): Maria's follow-up, in her thread; Li's never comes.
    assert_eq!(send_round(&app, "2026-12-17T08:00:00Z").await.sent, 1);
    assert_eq!(send_round(&app, "2026-12-17T08:10:00Z").await.sent, 0);
    assert_eq!(send_round(&app, "2026-12-17T08:20:00Z").await.sent, 0);
    let to_maria = arrived(&maria, 2).await;
    let follow = &to_maria[1];
    assert_eq!(follow.subject(), format!("Re: {}", first.subject()));
    assert_eq!(header(follow, "In-Reply-To"), header(first, "Message-ID"));
    assert_eq!(header(follow, "References"), header(first, "Message-ID"));

    // Rounds run again at the same time send nothing twice.
    for _ in 0..3 {
        send_round(&app, "2026-12-17T09:00:00Z").await;
    }
    assert_eq!(inbox(&maria).len(), 2);
    assert_eq!(inbox(&li).len(), 1);
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("Unsubscribed"), "{page}");

    // Each email the server took is filed in the founder's Sent folder (the loopback provider,
    // like most, keeps no copy itself), marked read: four, once each.
    let sent = maildir(&format!("{k}@ledgerly.test"))
        .parent()
        .unwrap()
        .join(".Sent");
    let filed: Vec<String> = ["cur", "new"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(sent.join(d))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(filed.len(), 4, "{filed:?}");
    assert!(
        filed
            .iter()
            .all(|name| name.contains(":2,") && name.rsplit(":2,").next().unwrap().contains('S')),
        "{filed:?}"
    );
}

#[tokio::test]
async fn a_refusal_bounces_and_suppresses_and_a_refused_sign_in_pauses_the_mailbox() {
    let k = fresh("k2");
    let ana = format!("{k}-ana@acme.test");
    let csv =
        format!("email,first_name,company\nnobody-{k}@strict.test,Nobody,Strict\n{ana},Ana,Acme\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &id, "start").await;
    // strict.test refuses the unknown user at RCPT: bounced and suppressed; with no gap the
    // next lead goes in the same round.
    let done = send_round(&app, "2026-12-14T09:00:00Z").await;
    assert_eq!((done.bounced, done.sent), (1, 1), "{done:?}");
    arrived(&ana, 1).await;
    let suppressed: i64 = app.count("suppressions").await;
    assert_eq!(suppressed, 1);
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("Bounced"), "{page}");

    // The mailbox's password changes under ColdCopy: the sign-in is refused (535) and sending
    // from it pauses with the server's words; the lead's follow-up waits, unsent.
    let sealed = app.state.mailboxes.key.seal("not-the-password", &mailbox);
    set_password(&app, &mailbox, &sealed).await;
    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!((done.paused, done.sent), (1, 0), "{done:?}");
    assert_eq!(
        send_round(&app, "2026-12-17T10:00:00Z").await,
        Round::default()
    );
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(page.contains("Paused: the server refused"), "{page}");
    assert!(page.contains("535"), "{page}");
    assert_eq!(inbox(&ana).len(), 1);

    // The founder puts the right password back and tests the mailbox: sending goes on, and
    // Ana's follow-up goes.
    let sealed = app.state.mailboxes.key.seal("secret", &mailbox);
    set_password(&app, &mailbox, &sealed).await;
    let res = app
        .client
        .post(app.url("/api/mailboxes/check"))
        .header("accept", "text/html")
        .form(&[("id", mailbox.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(send_round(&app, "2026-12-17T11:00:00Z").await.sent, 1);
    assert_eq!(arrived(&ana, 2).await.len(), 2);
}

async fn set_password(app: &TestApp, mailbox: &str, sealed: &str) {
    match *app.state.writer.db() {
        Db::Sqlite(pool) => sqlx::query("UPDATE mailboxes SET password_sealed = ? WHERE id = ?")
            .bind(sealed)
            .bind(mailbox)
            .execute(pool)
            .await
            .map(|_| ()),
        Db::Postgres(pool) => {
            sqlx::query("UPDATE mailboxes SET password_sealed = $1 WHERE id = $2")
                .bind(sealed)
                .bind(mailbox)
                .execute(pool)
                .await
                .map(|_| ())
        }
    }
    .unwrap();
}

#[tokio::test]
async fn an_empty_merge_tag_is_named_and_stops_the_start() {
    let k = fresh("k3");
    let csv =
        format!("email,first_name,company\n{k}-one@acme.test,,Acme\n{k}-two@acme.test,Two,Beta\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("fb_first_name", "")]),
    )
    .await;
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("{{first_name}} has nothing to fill it for 1 of the leads."),
        "{page}"
    );
    assert_eq!(
        control(&app, &id, "start").await,
        format!("/campaigns/{id}?problem=tags")
    );
    assert_eq!(
        send_round(&app, "2026-12-14T09:00:00Z").await,
        Round::default()
    );

    // A form with wrong fields comes back with each one named.
    let res = app
        .client
        .post(app.url("/campaigns"))
        .form(&campaign_form(
            &job,
            &mailbox,
            &[("daily_cap", "0"), ("time_zone", "Mars/Olympus")],
        ))
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/campaigns/new?bad=time_zone%2Cdaily_cap"),
        "{location}"
    );
    let page = app.text(&location).await;
    assert!(
        page.contains("Emails a day: a whole number from 1 to 500."),
        "{page}"
    );
    assert!(
        page.contains("Time zone: use an IANA name such as Europe/Paris."),
        "{page}"
    );
    assert!(page.contains("value=\"Mars/Olympus\""), "{page}");
}
