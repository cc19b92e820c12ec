//! Lead lists tried with real-world files (issue 35): hidden bidi characters in a lead's data,
//! a workbook and random bytes uploaded as a list, files far over the limit, a German Excel
//! export's headers, the Excel copy's byte-order mark, and each tool's sequence file naming
//! the columns its leads file has.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::leads::{job_id, multipart};

/// The characters no exported or written text may hold: bidi overrides and isolates, marks,
/// zero-width characters.
fn hidden(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}')
        })
        .collect()
}

/// Posts `file` as the upload form does; answers the status and where it redirects.
async fn post_upload(app: &TestApp, sequence: &str, file: &[u8], lang: &str) -> (u16, String) {
    let (content_type, body) = multipart(file, "leads.csv", "");
    let res = app
        .client
        .post(app.url(&format!("/s/{sequence}/leads/upload")))
        .header("content-type", content_type)
        .header("accept-language", lang)
        .body(body)
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

async fn page(app: &TestApp, path: &str, lang: &str) -> String {
    app.client
        .get(app.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The columns of the lists below: email, first name, company, notes.
const FOUR_COLUMNS: [(&str, &str); 4] = [
    ("col_email", "0"),
    ("col_first_name", "1"),
    ("col_company", "2"),
    ("facts", "3"),
];

/// A new sequence's list of `csv` (the four columns above), written; answers the job's id.
async fn written_list(app: &TestApp, csv: &str) -> String {
    let sequence = app.sequence().await;
    let job = job_id(&app.upload(&sequence, csv.as_bytes(), "").await);
    run(app, &job, &FOUR_COLUMNS).await;
    job
}

/// Starts `job` with `mapping` and waits until every lead is written.
async fn run(app: &TestApp, job: &str, mapping: &[(&str, &str)]) -> Value {
    let (status, _) = app.post_form(&format!("/leads/{job}/start"), mapping).await;
    assert_eq!(status, 303);
    app.ended(job).await
}

#[tokio::test]
async fn a_right_to_left_override_in_a_leads_data_never_reaches_an_email() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    let csv = "email,first_name,company,notes\n\
               ana@acme.io,Ana,Acme\u{200b},Acme raised a $12M Series A \u{202e}led by Index Ventures\u{202c} in May.\n\
               bo@globex.com,Bo,Globex,Globex opened an office in Lisbon in 2025.\n";
    let job = job_id(&app.upload(&sequence, csv.as_bytes(), "").await);

    // Before the mapping, the page says which rows held hidden characters.
    let mapping_page = page(&app, &format!("/leads/{job}"), "en").await;
    assert!(
        mapping_page.contains("Hidden characters were removed from the row on line 2:"),
        "{mapping_page}"
    );
    assert!(
        hidden(&mapping_page).is_empty(),
        "the preview shows cleaned text"
    );

    let done = run(
        &app,
        &job,
        &[
            ("col_email", "0"),
            ("col_first_name", "1"),
            ("col_company", "2"),
            ("facts", "3"),
        ],
    )
    .await;
    let leads = done["leads"].as_array().unwrap();
    assert_eq!(leads[0]["status"], "written");
    let line = leads[0]["line"].as_str().unwrap();
    assert!(line.contains("led by Index Ventures in May"), "{line}");
    assert!(hidden(line).is_empty(), "{line:?}");
    assert_eq!(leads[0]["data"]["hidden"], true);
    assert_eq!(leads[0]["data"]["company"], "Acme");
    assert!(
        leads[1]["data"].get("hidden").is_none(),
        "Bo's data was clean"
    );

    // The review says so beside the lead.
    let review = page(&app, &format!("/leads/{job}"), "en").await;
    assert!(
        review.contains("This lead&#39;s data held hidden characters")
            || review.contains("This lead's data held hidden characters"),
        "{review}"
    );

    // A founder's edit holding an override is kept without it.
    let lead = leads[1]["id"].as_i64().unwrap();
    let (status, _) = app
        .post_form(
            &format!("/leads/{job}/lead/{lead}"),
            &[(
                "line",
                "Saw that Globex \u{202e}opened an office in Lisbon\u{202c} in 2025.",
            )],
        )
        .await;
    assert_eq!(status, 303);
    let edited = app.job(&job).await["leads"][1]["line"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        edited,
        "Saw that Globex opened an office in Lisbon in 2025."
    );

    // No file ColdCopy gives holds one.
    for format in ["lemlist", "instantly", "smartlead", "apollo", "csv"] {
        for path in [
            format!("/leads/{job}/export/{format}"),
            format!("/leads/{job}/sequence/{format}"),
        ] {
            let file = app.get(&path).await.text().await.unwrap();
            assert!(
                file.contains("Index Ventures") || path.contains("sequence"),
                "{path}"
            );
            assert!(hidden(&file).is_empty(), "{path}: {file:?}");
        }
    }
}

#[tokio::test]
async fn files_that_are_not_text_are_refused_by_what_they_are_in_both_languages() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    // The start of a real .xlsx: a ZIP whose first entry is [Content_Types].xml, then xl/.
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    xlsx.extend(b"[Content_Types].xml\xad\x92\xcbN\xc30\x10E\xf7H\xfcC\xe4-J\xdc\xb2@\x08");
    xlsx.extend(b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml\x8c\x8f\xc1\n\xc20\x0c");
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let random: Vec<u8> = (0..2048)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect();
    for (file, kind, english, chinese) in [
        (
            &xlsx[..],
            "xlsx",
            "this is an Excel workbook (.xlsx), not a CSV file",
            "这是一个 Excel 工作簿（.xlsx），不是 CSV 文件",
        ),
        (
            &random[..],
            "binary",
            "this file is not text, so it cannot be a CSV list",
            "这个文件不是文本，不可能是 CSV 名单",
        ),
    ] {
        let (status, location) = post_upload(&app, &sequence, file, "en").await;
        assert_eq!(status, 303);
        assert_eq!(
            location,
            format!("/s/{sequence}/leads?error=not_text&kind={kind}")
        );
        assert!(
            page(&app, &location, "en").await.contains(english),
            "{kind}"
        );
        assert!(
            page(&app, &location, "zh-CN").await.contains(chinese),
            "{kind}"
        );
    }
    assert_eq!(
        app.count("lead_jobs").await,
        0,
        "no garbage list was stored"
    );
}

#[tokio::test]
async fn an_upload_of_any_size_over_the_limit_gets_the_refusal_page() {
    let app = spawn_app_with(&[("LEADS_MAX_FILE_BYTES", "10000")]).await;
    let sequence = app.sequence().await;
    let row = "someone@example.com,Someone,Example,A note about the lead\n";
    // Just over the limit, past twice the limit (a bare 413 before), and far past it.
    for size in [10_001, 25_000, 400_000, 8_000_000] {
        let mut file = b"email,first_name,company,notes\n".to_vec();
        while file.len() < size {
            file.extend(row.as_bytes());
        }
        for lang in ["en", "zh-CN"] {
            let (status, location) = post_upload(&app, &sequence, &file, lang).await;
            assert_eq!(
                (status, location.as_str()),
                (303, format!("/s/{sequence}/leads?error=too_big").as_str()),
                "{size} bytes"
            );
        }
    }
    let english = page(&app, &format!("/s/{sequence}/leads?error=too_big"), "en").await;
    assert!(
        english.contains("Lead list: the file is larger than 10 KB, the most one upload may be."),
        "{english}"
    );
    let chinese = page(&app, &format!("/s/{sequence}/leads?error=too_big"), "zh-CN").await;
    assert!(
        chinese.contains("线索名单：文件超过了单次上传的上限 10 KB。"),
        "{chinese}"
    );
    // The server is still there for the next upload.
    let fits = app.upload(&sequence, b"email,notes\na@b.co,x\n", "").await;
    assert!(fits.starts_with("/leads/"), "{fits}");
}

#[tokio::test]
async fn a_german_excel_list_and_a_chinese_one_map_every_column() {
    let app = spawn_app().await;
    let sequence = app.sequence().await;
    let mut german = b"Vorname;Nachname;E-Mail;Firma;Position;Notizen\r\n".to_vec();
    german.extend(b"J\xfcrgen;M\xfcller;juergen@beispiel.de;Beispiel GmbH;CFO;Hat im Mai 2025 eine Series A \xfcber 12 Mio. EUR abgeschlossen.\r\n");
    let chinese = "名,姓,邮箱,公司,职位,备注\n伟,王,wei@example.cn,示例科技,财务总监,2025年5月完成了A轮融资。\n";
    for file in [&german[..], chinese.as_bytes()] {
        let job = job_id(&app.upload(&sequence, file, "").await);
        let mapping = &app.job(&job).await["job"]["mapping"];
        assert_eq!(
            [
                &mapping["first_name"],
                &mapping["last_name"],
                &mapping["email"],
                &mapping["company"],
                &mapping["title"]
            ],
            [0, 1, 2, 3, 4].map(Value::from).each_ref(),
            "{mapping}"
        );
        assert_eq!(mapping["facts"], serde_json::json!([5]));
    }
}

#[tokio::test]
async fn the_excel_copy_is_marked_utf8_and_the_tools_files_are_plain() {
    let app = spawn_app().await;
    let job = written_list(
        &app,
        "email,first_name,company,notes\njuergen@beispiel.de,Jürgen,Beispiel,\n",
    )
    .await;
    for format in ["lemlist", "instantly", "smartlead", "apollo", "csv"] {
        let plain = app.get(&format!("/leads/{job}/export/{format}")).await;
        let plain = plain.bytes().await.unwrap();
        assert!(
            !plain.starts_with(b"\xef\xbb\xbf"),
            "{format}: the tools get plain UTF-8"
        );
        let res = app
            .get(&format!("/leads/{job}/export/{format}?excel=1"))
            .await;
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.contains("-leads-excel.csv"), "{disposition}");
        let excel = res.bytes().await.unwrap();
        assert_eq!(&excel[..3], b"\xef\xbb\xbf", "{format}");
        assert_eq!(&excel[3..], &plain[..], "{format}: the same file, marked");
        assert!(String::from_utf8_lossy(&excel).contains("Jürgen"));
    }
    let html = page(&app, &format!("/leads/{job}"), "en").await;
    assert!(
        html.contains(&format!("/leads/{job}/export/lemlist?excel=1")),
        "{html}"
    );
    assert!(html.contains("Leads file for Excel"), "{html}");
}

#[tokio::test]
async fn each_tools_sequence_file_names_the_columns_of_its_leads_file() {
    let app = spawn_app().await;
    let job = written_list(
        &app,
        "email,first_name,company,notes\nana@acme.io,Ana,Acme,Acme opened an office in Lisbon in 2025.\n",
    )
    .await;
    // How a column and a variable are compared: case and spaces aside (Apollo's import maps
    // "First Name" to {{first_name}}).
    let key = |name: &str| name.trim().to_lowercase().replace(' ', "_");
    for format in ["lemlist", "instantly", "smartlead", "apollo", "csv"] {
        let leads = app
            .get(&format!("/leads/{job}/export/{format}"))
            .await
            .text()
            .await
            .unwrap();
        let columns: Vec<String> = leads.lines().next().unwrap().split(',').map(key).collect();
        let file = app
            .get(&format!("/leads/{job}/sequence/{format}"))
            .await
            .text()
            .await
            .unwrap();
        let mut tags = Vec::new();
        let mut rest = file.as_str();
        while let Some(start) = rest.find("{{") {
            let end = rest[start..].find("}}").unwrap() + start;
            tags.push(rest[start + 2..end].to_owned());
            rest = &rest[end + 2..];
        }
        assert!(
            tags.iter().any(|t| t.contains("ompany")),
            "{format}: {file}"
        );
        for tag in tags.iter().filter(|t| !key(t).contains("sender")) {
            assert!(
                columns.contains(&key(tag)),
                "{format}: {{{{{tag}}}}} names no column of the leads file {columns:?}"
            );
        }
    }
}
