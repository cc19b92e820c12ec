//! A benchmark, not a test (`#[ignore]`; bench/scheduler.sh runs it on both engines and prints
//! its figures): the scheduler's cost per round with 1,000 mailboxes and 100,000 scheduled
//! sends, and the memory of one server reading 1,000 mailboxes' INBOXes over IMAP (dovecot on
//! loopback). No figure is asserted.

use std::time::Instant;

use coldcopy::server::campaigns::sender::round;

use super::*;

const MAILBOXES: usize = 1_000;
const LEADS: i64 = 100_000;

/// The process's peak resident memory so far (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn exec(app: &TestApp, sql: &str, binds: &[&str]) {
    let sql = sql.to_owned();
    crate::on_db!(app.state.writer, |p| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for b in binds {
            q = q.bind(*b);
        }
        q.execute(p).await.unwrap();
    });
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: bash bench/scheduler.sh"]
async fn scheduler_round_with_1000_mailboxes_and_100000_scheduled_sends() {
    let k = fresh("tick");
    let csv = format!("email,first_name,company\n{k}-0@acme.test,Ana,Acme\n");
    let (app, mailbox, job, _mail) = founder(&k, &csv).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &id, "start").await;
    let now = jiff::Timestamp::now().as_second();
    let started = Instant::now();

    // 999 more mailboxes of the same account, each its own dovecot user, each password sealed
    // for its own id; all in the campaign.
    for n in 1..MAILBOXES {
        let new_id = format!("{mailbox}-{n}");
        let address = format!("{k}-box{n}@ledgerly.test");
        let sealed = app.state.mailboxes.key.seal("secret", &new_id);
        exec(
            &app,
            "INSERT INTO mailboxes (id, account_id, address, name, signature, provider, smtp_host,
                 smtp_port, smtp_security, imap_host, imap_port, imap_security, username,
                 password_sealed, sent_folder, created_at)
             SELECT $1, account_id, $2, name, signature, provider, smtp_host, smtp_port,
                 smtp_security, imap_host, imap_port, imap_security, $2, $3, sent_folder,
                 created_at
             FROM mailboxes WHERE id = $4",
            &[&new_id, &address, &sealed, &mailbox],
        )
        .await;
        exec(
            &app,
            "INSERT INTO campaign_mailboxes (campaign_id, mailbox_id) VALUES ($1, $2)",
            &[&id, &new_id],
        )
        .await;
    }
    // 100,000 leads scheduled on them, their next step a week away.
    let week = (now + 7 * 86_400).to_string();
    let total = LEADS.to_string();
    exec(
        &app,
        "INSERT INTO leads (job_id, session_id, line_no, data_json, status, line, fact, note)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST($1 AS BIGINT))
         SELECT l.job_id, l.session_id, l.line_no + n.i, l.data_json, l.status, l.line, l.fact,
                l.note
         FROM leads l, n WHERE l.job_id = $2",
        &[&total, &job],
    )
    .await;
    exec(
        &app,
        "INSERT INTO campaign_leads (campaign_id, lead_id, email, variant, status, next_step,
             next_at, mailbox_id, updated_at)
         SELECT $1, l.id, 'lead' || CAST(l.id AS TEXT) || '@acme.test',
                CASE WHEN l.id % 2 = 0 THEN 'a' ELSE 'b' END, 'active', 1,
                CAST($2 AS BIGINT), NULL, CAST($2 AS BIGINT)
         FROM leads l
         WHERE l.job_id = $3 AND NOT EXISTS
             (SELECT 1 FROM campaign_leads c WHERE c.campaign_id = $1 AND c.lead_id = l.id)",
        &[&id, &week, &job],
    )
    .await;
    println!(
        "filled: {MAILBOXES} mailboxes, {} scheduled leads in {:.1} s",
        app.count("campaign_leads").await,
        started.elapsed().as_secs_f64()
    );

    // A round with nothing due: every INBOX read a moment ago, every send a week away. The
    // first looks at each mailbox once and lets it rest until its window opens; the next pass
    // them by.
    exec(
        &app,
        "UPDATE mailboxes SET imap_read_at = CAST($1 AS BIGINT), next_send_at = 0",
        &[&now.to_string()],
    )
    .await;
    let began = Instant::now();
    round(&app.state, now + 9).await.unwrap();
    println!(
        "round, nothing due, every mailbox looked at once: {:.1} ms",
        began.elapsed().as_secs_f64() * 1000.0
    );
    let mut quiet = Vec::new();
    for s in 0..20 {
        let began = Instant::now();
        let done = round(&app.state, now + 10 + s).await.unwrap();
        quiet.push(began.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(done.sent, 0, "nothing is due");
    }
    println!(
        "round, nothing due, the mailboxes resting: median {:.1} ms, max {:.1} ms",
        median(quiet.clone()),
        quiet.iter().copied().fold(0.0, f64::max)
    );

    // A round where every mailbox's INBOX is due a read: 1,000 IMAP sign-ins, one after another.
    let before = peak_rss_mb();
    exec(&app, "UPDATE mailboxes SET imap_read_at = 0", &[]).await;
    let began = Instant::now();
    round(&app.state, now + 400).await.unwrap();
    let reading = began.elapsed().as_secs_f64();
    let read: i64 = crate::on_db!(app.state.reader, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM mailboxes WHERE imap_read_at > 0 AND imap_validity IS NOT NULL"
    )
    .fetch_one(p)
    .await
    .unwrap());
    println!(
        "round reading every INBOX: {read} of {MAILBOXES} read in {reading:.1} s; peak RSS of \
         the process {before:.0} MB before, {:.0} MB after",
        peak_rss_mb()
    );
}
