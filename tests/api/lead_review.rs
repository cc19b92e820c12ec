//! The founder's word over the grounding check: a line the check doubts is refused and shown
//! back, and kept only when the founder confirms it is true; it is then sent as written and
//! shown as kept by them, not as checked.

use crate::helpers::spawn_app;
use crate::leads::job_id;

#[tokio::test]
async fn a_doubted_line_is_kept_only_when_the_founder_vouches_for_it() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    let job = job_id(
        &app.upload(
            &sequence,
            b"email,company,notes\nana@acme.io,Acme,Acme opened an office in Lisbon.\n",
            "",
        )
        .await,
    );
    app.post_form(
        &format!("/leads/{job}/start"),
        &[("col_email", "0"), ("col_company", "1"), ("facts", "2")],
    )
    .await;
    let page = app.ended(&job).await;
    let lead = page["leads"][0]["id"].as_i64().unwrap();
    let line = "Saw that Acme closed its Series C with Sequoia.";

    // Without the confirmation: refused, shown back with the box to confirm it.
    let (_, location) = app
        .post_form(&format!("/leads/{job}/lead/{lead}"), &[("line", line)])
        .await;
    assert_eq!(location, format!("/leads/{job}?lead={lead}#lead-{lead}"));
    let html = app.text(&location).await;
    assert!(html.contains("\u{201c}Series C\u{201d}"), "{html}");
    assert!(
        html.contains("Keep it anyway: I have checked that it is true for this lead"),
        "{html}"
    );
    assert_eq!(app.job(&job).await["leads"][0]["vouched"], false);

    // Only the facts are the founder's to vouch for: a line whose form fails (a question, a
    // merge tag) is refused even when confirmed, and offers no box to confirm.
    let question = "Did Acme close its Series C with Sequoia?";
    let (_, location) = app
        .post_form(
            &format!("/leads/{job}/lead/{lead}"),
            &[("line", question), ("vouch", "1")],
        )
        .await;
    assert_eq!(location, format!("/leads/{job}?lead={lead}#lead-{lead}"));
    let html = app.text(&location).await;
    assert!(!html.contains("Keep it anyway"), "{html}");
    assert_eq!(app.job(&job).await["leads"][0]["vouched"], false);

    // Confirmed: saved, marked as the founder's and not checked, and sent as written.
    let (_, location) = app
        .post_form(
            &format!("/leads/{job}/lead/{lead}"),
            &[("line", line), ("vouch", "1")],
        )
        .await;
    assert_eq!(location, format!("/leads/{job}#lead-{lead}"));
    let page = app.job(&job).await;
    assert_eq!(page["leads"][0]["line"], line);
    assert_eq!(page["leads"][0]["vouched"], true);
    let html = app.text(&format!("/leads/{job}")).await;
    assert!(html.contains("Kept by you, not checked"), "{html}");
    let file = app.text(&format!("/leads/{job}/export/csv")).await;
    assert!(file.contains(line), "{file}");

    // A line the check passes is the founder's own, checked (the mark goes).
    let checked = "Saw that Acme opened an office in Lisbon.";
    app.post_form(
        &format!("/leads/{job}/lead/{lead}"),
        &[("line", checked), ("vouch", "1")],
    )
    .await;
    let page = app.job(&job).await;
    assert_eq!(page["leads"][0]["line"], checked);
    assert_eq!(page["leads"][0]["vouched"], false);
}
