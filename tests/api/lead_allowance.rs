//! The plan's daily first-line allowance on a list longer than it: the mapping says what will
//! happen, the first leads the plan allows are written, the rest wait as held (never charged),
//! and once there is room (a plan bought) the founder writes them from the same page.

use coldcopy::domain::session::Plan;
use coldcopy::server::ops::commands;

use crate::helpers::spawn_app_with;
use crate::leads::job_id;

#[tokio::test]
async fn a_list_longer_than_the_allowance_writes_the_first_leads_and_holds_the_rest() {
    let app = spawn_app_with(&[("LEADS_FREE", "2"), ("LEADS_STARTER", "10")]).await;
    let sequence = app.sequence().await;
    let job = job_id(
        &app.upload(
            &sequence,
            b"email,notes\na@b.co,Opened an office in Lisbon\nc@d.co,Opened an office in Oslo\ne@f.co,Opened an office in Porto\n",
            "",
        )
        .await,
    );
    // Before the run, the mapping says what the plan will write.
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(
        html.contains("Your plan writes 2 first lines in any 24 hours; 2 are free now. If this list has more usable leads, the first 2 are written now"),
        "{html}"
    );
    let (status, location) = app
        .post_form(
            &format!("/leads/{job}/start"),
            &[("col_email", "0"), ("facts", "1")],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/leads/{job}").as_str())
    );
    let page = app.ended(&job).await;
    let statuses: Vec<&str> = page["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["written", "written", "held"], "{page}");
    assert_eq!(page["job"]["counts"]["held"], 1);
    let lists = app.json(&format!("/api/leads/lists?id={sequence}")).await;
    assert_eq!(lists["used"], 2, "the held lead is not charged");
    // Nor sent: the files leave it out until its line is written, and the page says so.
    let file = app.text(&format!("/leads/{job}/export/lemlist")).await;
    assert!(file.contains("a@b.co") && file.contains("c@d.co"), "{file}");
    assert!(!file.contains("e@f.co"), "{file}");
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(
        html.contains("Leads waiting for allowance (1) are not in these files"),
        "{html}"
    );
    // The way to the tool's step by step.
    assert!(
        html.contains(
            r#"<a href="/tools#lemlist">Where each file goes in lemlist, step by step →</a>"#
        ),
        "{html}"
    );

    // No room: the page says what to do, nothing moves.
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(html.contains("1 waiting for allowance"), "{html}");
    assert!(html.contains("None are free now."), "{html}");
    assert!(!html.contains(&format!("/leads/{job}/release")), "{html}");
    let (status, location) = app.post_form(&format!("/leads/{job}/release"), &[]).await;
    assert_eq!(
        (status, location),
        (303, format!("/leads/{job}?error=allowance#held"))
    );
    assert_eq!(app.job(&job).await["job"]["counts"]["held"], 1);

    // A plan with more: the held lead is written from the same page, and charged.
    let session = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar::<_, String>(
        "SELECT id FROM sessions"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    commands::grant(&app.state.writer, &session, Plan::Starter, 25, 30)
        .await
        .unwrap();
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(html.contains("Write 1 of them now"), "{html}");
    let (status, location) = app.post_form(&format!("/leads/{job}/release"), &[]).await;
    assert_eq!((status, location), (303, format!("/leads/{job}")));
    let page = app.ended(&job).await;
    assert_eq!(page["leads"][2]["status"], "written", "{page}");
    assert_eq!(page["job"]["counts"]["held"], 0);
    let file = app.text(&format!("/leads/{job}/export/lemlist")).await;
    assert!(file.contains("e@f.co"), "{file}");
    let lists = app.json(&format!("/api/leads/lists?id={sequence}")).await;
    assert_eq!(lists["used"], 3);
    // A second press has nothing to release.
    let (_, location) = app.post_form(&format!("/leads/{job}/release"), &[]).await;
    assert_eq!(location, format!("/leads/{job}?error=allowance#held"));
}

#[tokio::test]
async fn with_no_room_the_whole_list_waits_instead_of_being_refused() {
    let app = spawn_app_with(&[("LEADS_FREE", "0")]).await;
    let sequence = app.sequence().await;
    let job = job_id(
        &app.upload(
            &sequence,
            b"email,notes\na@b.co,Opened an office in Lisbon\n",
            "",
        )
        .await,
    );
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(
        html.contains("none are free now: the leads will wait on this page"),
        "{html}"
    );
    app.post_form(
        &format!("/leads/{job}/start"),
        &[("col_email", "0"), ("facts", "1")],
    )
    .await;
    let page = app.job(&job).await;
    assert_eq!(page["job"]["status"], "done", "{page}");
    assert_eq!(page["leads"][0]["status"], "held", "{page}");
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(
        html.contains("The leads within your allowance have their lines"),
        "{html}"
    );
}
