//! Lead lists through the HTTP routes: an awkward upload, the mapping, the worker writing each
//! lead (offline, and against the fake Claude with its grounding failures), review fixes,
//! exports, cancel, and a restart mid-job (the plan's allowance: `lead_allowance`).

use std::time::Duration;

use coldcopy::domain::{
    i18n::Lang,
    leads::{LeadNote, rows::SkipReason},
};
use serde_json::Value;

use crate::fakes::claude::{FakeClaude, INVENT, Reply};
use crate::helpers::{TestApp, app_with_fake, spawn_app, spawn_app_with, valid_form};

/// An Excel-style export: Windows-1252, semicolons, CRLF, a quoted cell with a newline, a
/// duplicate, a row without an email and a malformed one.
fn awkward_csv() -> Vec<u8> {
    let mut csv =
        b"First Name;Last Name;E-mail Address;Company Name;Title;Notes;Phone\r\n".to_vec();
    csv.extend(b"Jos\xe9;Garc\xeda;jose@acme.io;Acme;CFO;\"Acme raised a $12M Series A led by Index Ventures.\r\nHiring in Berlin\";123\r\n");
    csv.extend(b"Ana;Lopez;ana@globex.com;Globex;VP Finance;;456\r\n");
    csv.extend(b"Bo;Ek;JOSE@acme.io;Acme;CTO;dup;789\r\n");
    csv.extend(b"Cy;Lee;;Initech;CFO;no email;\r\n");
    csv.extend(b"Di;Moe;not-an-email;Hooli;CFO;bad email;\r\n");
    csv
}

/// A multipart body as a browser sends the upload form: the file and the (empty) pasted rows.
pub(crate) fn multipart(file: &[u8], name: &str, pasted: &str) -> (String, Vec<u8>) {
    let boundary = "----coldcopyboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend(file);
    body.extend(format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"rows\"\r\n\r\n{pasted}\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// A saved sequence of this browser's.
    pub(crate) async fn sequence(&self) -> String {
        let res = self.generate(&valid_form()).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Uploads a file; answers where the redirect goes.
    pub(crate) async fn upload(&self, sequence: &str, file: &[u8], pasted: &str) -> String {
        let (content_type, body) = multipart(file, "leads.csv", pasted);
        let res = self
            .client
            .post(self.url(&format!("/s/{sequence}/leads/upload")))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        res.headers()["location"].to_str().unwrap().to_owned()
    }

    pub(crate) async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let res = self
            .client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, location)
    }

    /// Uploads `csv` to `sequence`'s lead lists and starts it with the first column as the
    /// email and the second as the fact; answers the job and where the start went.
    pub(crate) async fn start_list(&self, sequence: &str, csv: &[u8]) -> (String, String) {
        let job = job_id(&self.upload(sequence, csv, "").await);
        let (_, location) = self
            .post_form(
                &format!("/leads/{job}/start"),
                &[("col_email", "0"), ("facts", "1")],
            )
            .await;
        (job, location)
    }

    pub(crate) async fn job(&self, job: &str) -> Value {
        let res = self.get(&format!("/api/leads/job?id={job}")).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Waits (up to a minute) until the job has ended; answers it.
    pub(crate) async fn ended(&self, job: &str) -> Value {
        for _ in 0..600 {
            let page = self.job(job).await;
            if page["job"]["status"] != "running" {
                return page;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the job never ended: {}", self.job(job).await);
    }
}

/// The mapping the awkward file needs (the guess, confirmed), with Notes as the fact column.
const MAPPING: [(&str, &str); 6] = [
    ("col_email", "2"),
    ("col_first_name", "0"),
    ("col_last_name", "1"),
    ("col_company", "3"),
    ("col_title", "4"),
    ("facts", "5"),
];

/// A lead's note (typed in the JSON), in English.
pub(crate) fn note(lead: &Value) -> String {
    let note: LeadNote = serde_json::from_value(lead["note"].clone()).expect("a typed note");
    note.message(Lang::En.t())
}

/// True when the page loads the hydration script (and so the wasm).
fn loads_wasm(html: &str) -> bool {
    html.contains("/pkg/coldcopy.js") || html.contains(".wasm")
}

pub(crate) fn job_id(location: &str) -> String {
    location.trim_start_matches("/leads/").to_owned()
}

#[tokio::test]
async fn an_awkward_list_is_read_mapped_written_offline_and_exported() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    let job = job_id(&app.upload(&sequence, &awkward_csv(), "").await);

    // The guess, shown for confirmation: headers recognised whatever their spelling.
    let page = app.job(&job).await;
    assert_eq!(page["job"]["status"], "mapping");
    assert_eq!(page["job"]["rows"], 5);
    let mapping = &page["job"]["mapping"];
    assert_eq!(
        (mapping["email"].as_u64(), mapping["first_name"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(mapping["facts"], serde_json::json!([5]));
    assert_eq!(page["job"]["preview"][0]["cells"][0], "José");
    // The mapping page renders.
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Which column holds what?"), "{html}");

    let (status, location) = app
        .post_form(&format!("/leads/{job}/start"), &MAPPING)
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/leads/{job}").as_str())
    );
    let page = app.ended(&job).await;
    assert_eq!(page["job"]["status"], "done");
    let skipped: Vec<(u64, String)> = page["job"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                serde_json::from_value::<SkipReason>(s["reason"].clone())
                    .unwrap()
                    .message(Lang::En.t()),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (5, "jose@acme.io is already on line 2".to_owned()),
            (6, "it has no email address".to_owned()),
            (
                7,
                "\u{201c}not-an-email\u{201d} is not an email address".to_owned()
            ),
        ]
    );
    let leads = page["leads"].as_array().unwrap();
    assert_eq!(leads.len(), 2);
    assert_eq!(leads[0]["status"], "written");
    assert_eq!(
        leads[0]["fact"],
        "Acme raised a $12M Series A led by Index Ventures."
    );
    assert_eq!(
        leads[0]["line"],
        "One thing stood out about Acme: Acme raised a $12M Series A led by Index Ventures."
    );
    assert_eq!(leads[1]["status"], "no_signal", "Ana has no notes");

    // The review page shows the line and the quoted fact.
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("From your data"), "{html}");
    assert!(html.contains("Variable check"), "{html}");

    // The lemlist files: the line in `icebreaker`, the neutral opener for Ana, and the
    // sequence's first email opening with the variable.
    let res = app.get(&format!("/leads/{job}/export/lemlist")).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with("-lemlist-leads.csv\"")
    );
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "email",
            "firstName",
            "lastName",
            "companyName",
            "jobTitle",
            "companyDomain",
            "icebreaker"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows[0][0], "jose@acme.io");
    assert_eq!(rows[0][1], "José");
    assert!(
        rows[0][6].starts_with("One thing stood out about Acme"),
        "{rows:?}"
    );
    assert!(
        rows[1][6].starts_with("I'm writing because"),
        "the neutral opener: {rows:?}"
    );
    let sequence_file = app
        .get(&format!("/leads/{job}/sequence/lemlist"))
        .await
        .text()
        .await
        .unwrap();
    assert!(sequence_file.contains("{{icebreaker}}"), "{sequence_file}");
    let instantly = app
        .get(&format!("/leads/{job}/export/instantly"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        instantly.starts_with(
            "email,firstName,lastName,companyName,jobTitle,website,personalization\r\n"
        ),
        "{instantly}"
    );

    // Another browser sees nothing of it.
    let stranger = app.another_browser();
    assert_eq!(
        stranger
            .get(&format!("/api/leads/job?id={job}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        stranger
            .get(&format!("/leads/{job}/export/lemlist"))
            .await
            .status(),
        404
    );
    let (status, _) = stranger
        .post_form(&format!("/leads/{job}/delete"), &[])
        .await;
    assert_eq!(status, 404);

    // Deleting the list deletes its leads.
    let (status, location) = app.post_form(&format!("/leads/{job}/delete"), &[]).await;
    assert_eq!(
        (status, location),
        (303, format!("/s/{sequence}/leads?deleted=1"))
    );
    assert_eq!(app.count("leads").await, 0);
    assert_eq!(
        app.get(&format!("/api/leads/job?id={job}")).await.status(),
        404
    );
}

#[tokio::test]
async fn claude_lines_are_kept_only_when_grounded() {
    let fake = FakeClaude::start([]).await;
    let app = app_with_fake(&fake, &[]).await;
    let sequence = app.sequence().await;
    let pasted = format!(
        "email,first_name,company,notes\n\
         ana@acme.io,Ana,Acme,Acme opened an office in Lisbon in 2025.\n\
         bo@globex.com,Bo,Globex,{INVENT} spoke somewhere\n\
         cy@initech.com,Cy,Initech,nice people who care\n\
         di@hooli.com,Di,Hooli,\n"
    );
    let job = job_id(&app.upload(&sequence, b"", &pasted).await);
    let form = [
        ("col_email", "0"),
        ("col_first_name", "1"),
        ("col_company", "2"),
        ("facts", "3"),
    ];
    app.post_form(&format!("/leads/{job}/start"), &form).await;
    let page = app.ended(&job).await;
    let leads = page["leads"].as_array().unwrap();
    let status: Vec<&str> = leads
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["written", "failed", "no_signal", "no_signal"]);
    assert_eq!(
        leads[0]["line"],
        "Saw that Acme opened an office in Lisbon in 2025."
    );
    assert_eq!(leads[0]["fact"], "Acme opened an office in Lisbon in 2025");
    let note = note(&leads[1]);
    assert!(note.contains("\u{201c}Davos\u{201d}"), "{note}");
    // One call for Ana, two for Bo (refused, asked again with the reasons, refused), one for
    // Cy (no signal); none for Di, whose columns are empty.
    let calls: Vec<Value> = fake
        .received()
        .into_iter()
        .filter(|r| r.body["tools"][0]["name"] == "write_first_line")
        .map(|r| r.body)
        .collect();
    assert_eq!(calls.len(), 4);
    let retry = calls
        .iter()
        .find(|b| {
            b["messages"][0]["content"]
                .as_str()
                .unwrap()
                .contains("was refused")
        })
        .expect("the second ask names why the first line was refused");
    assert!(
        retry["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("Davos")
    );
    // The cost is counted from the fake's usage, for the operator: the founder's page and API
    // do not show it.
    let cost: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(cost_usd_micros), 0) AS BIGINT) FROM leads"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert!(cost > 0);
    assert!(
        page["job"]["counts"].get("cost_usd_micros").is_none(),
        "{page}"
    );
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("so far") && !html.contains("$0."), "{html}");

    // The founder's edit is checked the same way: an invented name is refused (and kept to
    // show back), a grounded line saved.
    let bo = leads[1]["id"].as_i64().unwrap();
    let (status, location) = app
        .post_form(
            &format!("/leads/{job}/lead/{bo}"),
            &[(
                "line",
                "Saw that Globex is moving its finance team to Oslo this year.",
            )],
        )
        .await;
    assert_eq!(
        (status, location.clone()),
        (303, format!("/leads/{job}?lead={bo}#lead-{bo}"))
    );
    let html = app.get(&location).await.text().await.unwrap();
    assert!(html.contains("Line: not saved."), "{html}");
    assert!(html.contains("\u{201c}Oslo\u{201d}"), "{html}");
    let (status, _) = app
        .post_form(
            &format!("/leads/{job}/lead/{bo}"),
            &[(
                "line",
                "Most finance teams at Globex still match payouts by hand every month.",
            )],
        )
        .await;
    assert_eq!(status, 303);
    let page = app.job(&job).await;
    let edited = &page["leads"][1];
    assert_eq!(
        (edited["status"].as_str(), edited["edited"].as_bool()),
        (Some("written"), Some(true))
    );
    let plain = app
        .get(&format!("/leads/{job}/export/csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(plain.contains("Most finance teams at Globex"), "{plain}");

    // One lead written again: the job runs again and ends, nothing charged twice.
    let cy = leads[2]["id"].as_i64().unwrap();
    let (status, _) = app
        .post_form(&format!("/leads/{job}/lead/{cy}/rewrite"), &[])
        .await;
    assert_eq!(status, 303);
    let page = app.ended(&job).await;
    assert_eq!(page["leads"][2]["status"], "no_signal");
    let lists: Value = app
        .get(&format!("/api/leads/lists?id={sequence}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        lists["used"], 3,
        "Ana, Cy and Di were charged once each; Bo's failure was not"
    );
}

#[tokio::test]
async fn bad_input_is_named() {
    let app = spawn_app_with(&[("LEADS_MAX_ROWS", "5")]).await;
    let sequence = app.sequence().await;
    // Bad uploads go back to the form with what was wrong.
    for (file, pasted, error) in [
        (&b""[..], "", "error=empty"),
        (b"email,name\r\n", "", "error=no_rows"),
        (
            b"email\na@b.co\nc@d.co\ne@f.co\ng@h.co\ni@j.co\nk@l.co\n",
            "",
            "error=too_many&rows=6",
        ),
    ] {
        let location = app.upload(&sequence, file, pasted).await;
        assert_eq!(location, format!("/s/{sequence}/leads?{error}"));
    }
    let html = app
        .get(&format!("/s/{sequence}/leads?error=too_many&rows=6"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Lead list: the list has 6 rows; one list may have at most 5."),
        "{html}"
    );

    let job = job_id(
        &app.upload(
            &sequence,
            b"email,notes\na@b.co,x\nc@d.co,y\ne@f.co,z\n",
            "",
        )
        .await,
    );
    // A mapping without the email column is refused, and what was sent is kept.
    let (_, location) = app
        .post_form(
            &format!("/leads/{job}/start"),
            &[("col_email", ""), ("facts", "1")],
        )
        .await;
    assert_eq!(location, format!("/leads/{job}?error=mapping"));
    let html = app.get(&location).await.text().await.unwrap();
    assert!(
        html.contains("Email: choose the column that holds each lead"),
        "{html}"
    );
}

#[tokio::test]
async fn a_cancelled_job_stops_and_charges_nothing_unwritten() {
    let fake = FakeClaude::start([]).await;
    let app = app_with_fake(
        &fake,
        &[("LEAD_WORKERS", "1"), ("CLAUDE_DEADLINE_SECS", "3")],
    )
    .await;
    let sequence = app.sequence().await;
    for _ in 0..3 {
        fake.push(Reply::Hang);
    }
    let job = job_id(
        &app.upload(
            &sequence,
            b"email,notes\na@b.co,Went to Lisbon\nc@d.co,Went to Oslo\n",
            "",
        )
        .await,
    );
    // Only a running list's page loads the wasm (its progress follows the job); the upload
    // page and the mapping are forms.
    for path in [format!("/s/{sequence}/leads"), format!("/leads/{job}")] {
        let html = app.get(&path).await.text().await.unwrap();
        assert!(!loads_wasm(&html), "{path}: {html}");
    }
    app.post_form(
        &format!("/leads/{job}/start"),
        &[("col_email", "0"), ("facts", "1")],
    )
    .await;
    // While it runs, the page refreshes itself without JavaScript (and says how far it is).
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"<noscript><meta http-equiv="refresh" content="3""#),
        "{html}"
    );
    assert!(html.contains("0 of 2 done"), "{html}");
    assert!(
        loads_wasm(&html),
        "a running list's page must hydrate: {html}"
    );
    let (status, _) = app.post_form(&format!("/leads/{job}/cancel"), &[]).await;
    assert_eq!(status, 303);
    let page = app.job(&job).await;
    assert_eq!(page["job"]["status"], "cancelled");
    assert_eq!(page["job"]["counts"]["cancelled"], 2);
    // The lead that was being written when the job was cancelled is not stored afterwards.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let page = app.job(&job).await;
    assert_eq!(page["job"]["counts"]["cancelled"], 2, "{page}");
    let html = app
        .get(&format!("/leads/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("http-equiv=\"refresh\""),
        "an ended list does not refresh"
    );
    assert!(
        !loads_wasm(&html),
        "an ended list's page is forms and links"
    );
    let lists: Value = app
        .get(&format!("/api/leads/lists?id={sequence}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lists["used"], 0);
}

#[tokio::test]
async fn claude_errors_are_retried_then_the_lead_fails_uncharged() {
    let fake = FakeClaude::start([]).await;
    let app = app_with_fake(&fake, &[("LEAD_WORKERS", "1"), ("CLAUDE_MAX_RETRIES", "1")]).await;
    let sequence = app.sequence().await;
    // The first lead: an overloaded answer, then a good one (retried). The second: two
    // server errors in a row, more than the one retry allowed.
    for reply in [
        Reply::Error(529, "overloaded_error"),
        Reply::Sequence,
        Reply::Error(500, "api_error"),
        Reply::Error(500, "api_error"),
    ] {
        fake.push(reply);
    }
    let rows = "email,notes\na@acme.io,Acme opened an office in Lisbon.\nb@globex.com,Globex moved to Oslo.\n";
    let job = job_id(&app.upload(&sequence, rows.as_bytes(), "").await);
    app.post_form(
        &format!("/leads/{job}/start"),
        &[("col_email", "0"), ("facts", "1")],
    )
    .await;
    let page = app.ended(&job).await;
    let leads = page["leads"].as_array().unwrap();
    assert_eq!(leads[0]["status"], "written");
    assert_eq!(leads[1]["status"], "failed");
    assert!(note(&leads[1]).contains("could not be reached"), "{page}");
    let lists: Value = app
        .get(&format!("/api/leads/lists?id={sequence}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lists["used"], 1, "the failed lead is not charged");
    // The failed lead gets the neutral opener in the files.
    let file = app
        .get(&format!("/leads/{job}/export/csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        file.contains("b@globex.com,,,,,,I'm writing because"),
        "{file}"
    );
}
