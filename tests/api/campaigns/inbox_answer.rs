//! Answering a reply from ColdCopy: the suggestion, edited and sent from the same mailbox in the
//! lead's thread (the lead's mailbox receives it, `Re:` once, `In-Reply-To` the reply,
//! `References` the whole thread), filed in Sent, and never sent twice.

use super::inbox::{answer, message_about};
use super::*;

/// The files in the founder's Sent folder.
fn sent_folder(founder: &str) -> Vec<String> {
    let sent = maildir(founder).parent().unwrap().join(".Sent");
    ["cur", "new"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(sent.join(d))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

/// A founder whose one lead, Mei, got the first email and answered it in its thread (`name` on
/// her From header, `body` her words), the reply read into the inbox.
struct Replied {
    app: TestApp,
    mei: String,
    me: String,
    /// The first email, as Mei received it.
    first: Mail,
    reply_id: String,
    /// The inbox message's id.
    message: i64,
    _mail: crate::helpers::mail::MailCatcher,
}

async fn replied(who: &str, extra: &[(&str, &str)], name: Option<&str>, body: &str) -> Replied {
    let k = fresh(who);
    let mei = format!("{k}-mei@acme.test");
    let csv = format!("email,first_name,company\n{mei},Mei,Hua\n");
    let (app, mailbox, job, mail) = founder_with(&k, &csv, None, extra).await;
    let me = format!("{k}@ledgerly.test");
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &id, "start").await;
    send_round(&app, "2026-12-14T09:00:00Z").await;
    let first = arrived(&mei, 1).await.remove(0);
    let mut reply = answer(&mei, &me, &first, "Re: hello", "", body);
    if let Some(name) = name {
        reply = reply.replace(&format!("From: {mei}"), &format!("From: {name} <{mei}>"));
    }
    let reply_id = reply
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .unwrap()
        .to_owned();
    deliver_raw(&mei, &me, &reply).await;
    arrived(&me, 1).await;
    send_round(&app, "2026-12-15T09:00:00Z").await;
    let message = message_about(&app, &mei).await;
    Replied {
        app,
        mei,
        me,
        first,
        reply_id,
        message,
        _mail: mail,
    }
}

#[tokio::test]
async fn a_reply_is_answered_in_its_thread_from_the_same_mailbox_once() {
    let Replied {
        app,
        mei,
        me,
        first,
        reply_id,
        message,
        ..
    } = replied("ia", &[], None, "Sounds good. Does Tuesday work?").await;

    // The inbox offers the answer; its page suggests a plain acknowledgement to edit.
    let inbox = app.text("/inbox").await;
    assert!(
        inbox.contains(&format!("/inbox/{message}/answer")),
        "{inbox}"
    );
    let page = app.text(&format!("/inbox/{message}/answer")).await;
    assert!(page.contains("Thanks for getting back to me."), "{page}");
    assert!(page.contains("Does Tuesday work?"));
    // An empty answer is refused by name; a draft is kept.
    let path = format!("/inbox/{message}/answer");
    let (status, location) = app
        .post_form(&path, &[("body", "  "), ("action", "send")])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?problem=empty").as_str())
    );
    let text = "Hi Mei,\n\nTuesday at 15:00 works. I'll send an invite.\n\nAna";
    app.post_form(&path, &[("body", "draft"), ("action", "save")])
        .await;
    assert!(app.text(&path).await.contains(">draft</textarea>"));

    let (status, location) = app
        .post_form(&path, &[("body", text), ("action", "send")])
        .await;
    assert_eq!(
        (status, location),
        (303, format!("/inbox?answered={message}#m{message}"))
    );
    let got = arrived(&mei, 2).await.remove(1);
    assert_eq!(got.subject(), "Re: hello");
    assert_eq!(header(&got, "In-Reply-To"), reply_id);
    let references = header(&got, "References");
    assert!(
        references.contains(&header(&first, "Message-ID")) && references.contains(&reply_id),
        "{references}"
    );
    assert!(got.text().contains("Tuesday at 15:00 works."));
    let answer_id = header(&got, "Message-ID");

    // A second press sends nothing: the answer is already gone.
    let (status, _) = app
        .post_form(&path, &[("body", text), ("action", "send")])
        .await;
    assert_eq!(status, 303);
    deliver(&me, &mei, "marker", &[]).await;
    let all = arrived(&mei, 3).await;
    assert_eq!(all.iter().filter(|m| m.subject() == "Re: hello").count(), 1);
    assert!(app.text(&path).await.contains("This answer has gone."));
    assert!(app.text("/inbox").await.contains("Answered"));
    // Filed in Sent (the loopback provider keeps no copy itself).
    assert_eq!(
        sent_folder(&me)
            .iter()
            .filter(|m| m.contains(&answer_id))
            .count(),
        1
    );
}

#[tokio::test]
async fn with_claude_the_answer_is_suggested_and_rewritten_by_instruction() {
    let fake = crate::fakes::claude::FakeClaude::start([]).await;
    let claude = [
        ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
        ("ANTHROPIC_BASE_URL", fake.base_url.as_str()),
    ];
    let Replied { app, message, .. } = replied(
        "ic",
        &claude,
        Some("Mei Chen"),
        "Interesting. Can we talk next week?",
    )
    .await;
    let path = format!("/inbox/{message}/answer");
    let page = app.text(&path).await;
    assert!(page.contains("Hi Mei Chen,"), "{page}");
    assert!(page.contains("Tuesday at 15:00 works"), "{page}");
    // Claude was given the brief and the lead's own words.
    let asked = fake
        .received()
        .into_iter()
        .rev()
        .find(|r| r.body["tools"][0]["name"] == "write_answer")
        .expect("an answer was asked for");
    let prompt = asked.body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        prompt.contains("Can we talk next week?") && prompt.contains("<brief>"),
        "{prompt}"
    );
    // A reload asks Claude nothing again: the suggestion is the draft.
    let asked_before = fake.received().len();
    app.text(&path).await;
    assert_eq!(fake.received().len(), asked_before);

    let (status, location) = app
        .post_form(
            &path,
            &[
                ("body", "Hi Mei, yes."),
                ("instruction", "propose Tuesday"),
                ("action", "rewrite"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?rewritten=1").as_str())
    );
    let page = app.text(&location).await;
    assert!(page.contains("(Rewritten: propose Tuesday.)"), "{page}");
    assert!(page.contains("Rewritten by Claude"));
    let (_, location) = app
        .post_form(
            &path,
            &[
                ("body", "Hi Mei, yes."),
                ("instruction", " "),
                ("action", "rewrite"),
            ],
        )
        .await;
    assert_eq!(location, format!("{path}?problem=instruction"));
}
