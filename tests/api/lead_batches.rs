//! Big lead lists go through the Message Batches API (the fake speaks it: create, retrieve,
//! results as JSONL with partial errors and expiries); what the batch does not answer is
//! written one lead at a time afterwards.

use serde_json::Value;

use crate::fakes::claude::{BATCH_ERROR, BATCH_EXPIRE, FakeClaude, INVENT};
use crate::helpers::app_with_fake;

#[tokio::test]
async fn a_big_list_is_written_through_a_batch_and_its_failures_one_by_one() {
    a_big_list_through_a_batch(&[]).await;
}

#[tokio::test]
async fn over_http2_a_big_list_is_written_through_a_batch_too() {
    let fake = a_big_list_through_a_batch(&[("ANTHROPIC_H2C", "true")]).await;
    // The sequence, the batch's calls (its results at the address the batch named) and the
    // lines written one by one after it: one connection, HTTP/2 throughout.
    assert_eq!(fake.connections(), 1);
    let received = fake.received();
    assert!(!received.is_empty());
    assert!(
        received
            .iter()
            .all(|r| r.version == axum::http::Version::HTTP_2)
    );
}

async fn a_big_list_through_a_batch(vars: &[(&str, &str)]) -> FakeClaude {
    let fake = FakeClaude::start([]).await;
    let mut all = vec![
        ("LEAD_BATCH_THRESHOLD", "3"),
        ("LEAD_BATCH_POLL_SECS", "1"),
        ("LEADS_FREE", "100"),
    ];
    all.extend_from_slice(vars);
    let app = app_with_fake(&fake, &all).await;
    let sequence: String = app
        .generate(&crate::helpers::valid_form())
        .await
        .json()
        .await
        .unwrap();
    let rows = format!(
        "email,notes\n\
         a@acme.io,Acme opened an office in Lisbon in 2025.\n\
         b@globex.com,Globex moved to Stripe Billing in May.\n\
         c@initech.com,{BATCH_ERROR} Initech hired 3 controllers.\n\
         d@hooli.com,{BATCH_EXPIRE} Hooli opened in Berlin.\n\
         f@stark.com,{INVENT} Stark opened in Oslo.\n\
         e@umbrella.com,\n"
    );
    let (content_type, body) = crate::leads::multipart(rows.as_bytes(), "big.csv", "");
    let res = app
        .client
        .post(app.url(&format!("/s/{sequence}/leads/upload")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let job = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/leads/")
        .to_owned();
    let res = app
        .client
        .post(app.url(&format!("/leads/{job}/start")))
        .form(&[("col_email", "0"), ("facts", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Queued at Anthropic"), "{html}");

    let mut page = Value::Null;
    for _ in 0..300 {
        page = app
            .get(&format!("/api/leads/job?id={job}"))
            .await
            .json()
            .await
            .unwrap();
        if page["job"]["status"] != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(page["job"]["status"], "done", "{page}");
    let status: Vec<&str> = page["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        [
            "written",
            "written",
            "written",
            "written",
            "failed",
            "no_signal"
        ]
    );
    assert_eq!(
        page["leads"][0]["line"],
        "Saw that Acme opened an office in Lisbon in 2025."
    );

    // One batch of the five leads with something to say, matched back by custom_id.
    let batches = fake.batches();
    assert_eq!(batches.len(), 1);
    let ids: Vec<&str> = batches[0]
        .requests
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    let lead_ids: Vec<String> = page["leads"].as_array().unwrap()[..5]
        .iter()
        .map(|l| format!("lead-{}", l["id"]))
        .collect();
    assert_eq!(ids, lead_ids);
    assert!(batches[0].retrieved >= 2, "polled until it ended");
    assert_eq!(
        batches[0].requests[0].1["tool_choice"]["name"],
        "write_first_line"
    );
    // The errored and the expired request were asked again, one lead each, unbatched; the
    // refused (invented) line once more with the reasons, as the per-lead worker does after
    // refusing its own first answer, then the lead failed.
    let direct: Vec<String> = fake
        .received()
        .into_iter()
        .filter(|r| r.body["tools"][0]["name"] == "write_first_line")
        .map(|r| {
            r.body["messages"][0]["content"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(direct.len(), 3, "{direct:?}");
    assert!(
        direct.iter().any(|p| p.contains(BATCH_ERROR))
            && direct.iter().any(|p| p.contains(BATCH_EXPIRE))
    );
    let again: Vec<&String> = direct.iter().filter(|p| p.contains(INVENT)).collect();
    assert_eq!(again.len(), 1, "asked once more, not twice");
    assert!(again[0].contains("was refused"), "{}", again[0]);
    assert!(
        crate::leads::note(&page["leads"][4]).contains("was refused"),
        "{page}"
    );
    fake
}

#[tokio::test]
async fn a_big_list_with_nothing_to_ask_ends_instead_of_running_forever() {
    let fake = FakeClaude::start([]).await;
    let app = app_with_fake(
        &fake,
        &[
            ("LEAD_BATCH_THRESHOLD", "3"),
            ("LEAD_BATCH_POLL_SECS", "1"),
            ("LEADS_FREE", "100"),
        ],
    )
    .await;
    let sequence = app.sequence().await;
    // Every chosen column is empty: no lead needs a call, so no batch is made.
    let (job, _) = app
        .start_list(
            &sequence,
            b"email,notes\na@acme.io,\nb@globex.com,\nc@initech.com,\n",
        )
        .await;
    let page = app.ended(&job).await;
    assert_eq!(page["job"]["status"], "done", "{page}");
    assert!(
        page["leads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["status"] == "no_signal"),
        "{page}"
    );
}
