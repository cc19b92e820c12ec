//! Three servers on one PostgreSQL behind nginx, as docs/DEPLOY.md runs them: the allowance
//! race, a per-IP limit, a webhook delivered to two servers, a server SIGKILLed with
//! generations streaming, and a rolling restart while visitors keep arriving. Runs on the PostgreSQL pass of the suite (`TEST_POSTGRES_URL`), on
//! the release binary when `COLDCOPY_SERVER_BIN` names it; needs Debian's nginx.

use std::{
    net::{IpAddr, Ipv4Addr},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::json;

use crate::fakes::claude::FakeClaude;
use crate::helpers::{database, valid_form};
use coldcopy::server::billing::signature::sign;
use coldcopy::server::platform::db::{self, ReadPool};

const SECRET: &str = "whsec_scale_out";
/// The per-IP burst limit every server enforces.
const IP_LIMIT: usize = 12;

/// A free port below Linux's ephemeral range (32768 and up): a server restarted on its port
/// must not find it taken by one of the test's own outgoing connections, which the kernel
/// numbers from that range.
fn free_port() -> u16 {
    loop {
        let port = 20_000 + (uuid::Uuid::new_v4().as_u128() % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn server_bin() -> String {
    std::env::var("COLDCOPY_SERVER_BIN")
        .ok()
        .filter(|bin| !bin.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_coldcopy").to_owned())
}

/// A release server on `url` at `port`; its scheduled backups go to `backups`, the folder every
/// server shares.
fn start_server(url: &str, port: u16, claude: &str, backups: &std::path::Path) -> Child {
    Command::new(server_bin())
        .env("BACKUP_DIR", backups)
        .envs([
            ("DATABASE_URL", url),
            ("LEPTOS_SITE_ADDR", &format!("127.0.0.1:{port}")),
            ("LEPTOS_SITE_ROOT", "target/site"),
            ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
            ("ANTHROPIC_BASE_URL", claude),
            ("CLAUDE_TIMEOUT_SECS", "30"),
            ("TRUSTED_PROXY", "true"),
            ("STRIPE_WEBHOOK_SECRET", SECRET),
            ("RATE_LIMIT_IP", &IP_LIMIT.to_string()),
            ("RATE_LIMIT_SESSION", "100000"),
            ("IP_DAILY_SESSIONS", "100000"),
            ("IP_DAILY_FREE_GENERATIONS", "100000"),
            ("LOG_LEVEL", "warn"),
            ("MAILBOX_KEY", crate::helpers::TEST_MAILBOX_KEY),
        ])
        .env_remove("STRIPE_SECRET_KEY")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(server_log(port)).unwrap())
        .spawn()
        .expect("the server binary starts")
}

/// nginx in front of `ports`, on a port of its own; stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Nginx {
    fn start(ports: &[u16]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let root = nginx_user_line();
        let conf = format!(
            "{root}worker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
             events {{ worker_connections 2048; }}\n\
             http {{\n    access_log off;\n    client_body_temp_path {dir}/body;\n\
                 proxy_temp_path {dir}/proxy;\n    fastcgi_temp_path {dir}/fastcgi;\n\
                 uwsgi_temp_path {dir}/uwsgi;\n    scgi_temp_path {dir}/scgi;\n\
             {include}\n\
                 server {{\n        listen 127.0.0.1:{port};\n{locations}    }}\n}}\n",
            dir = dir.path().display(),
            include = include_str!("../../docs/deploy/nginx-upstream.conf")
                .replace("127.0.0.1:3001", &format!("127.0.0.1:{}", ports[0]))
                .replace("127.0.0.1:3002", &format!("127.0.0.1:{}", ports[1]))
                .replace("127.0.0.1:3003", &format!("127.0.0.1:{}", ports[2])),
            locations = include_str!("../../docs/deploy/nginx-locations.conf"),
        );
        let path = dir.path().join("nginx.conf");
        std::fs::write(&path, conf).unwrap();
        let child = Command::new(nginx_bin())
            .args(["-e", "stderr", "-c"])
            .arg(&path)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts (Debian's nginx package)");
        Nginx { child, port, dir }
    }
}

impl Nginx {
    /// What nginx logged (why a request failed).
    fn errors(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_bin() -> &'static str {
    if std::path::Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    }
}

/// nginx's workers run as `nobody` when started by root, which could not use the temporary
/// folder: run them as root then.
fn nginx_user_line() -> &'static str {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    if root { "user root;\n" } else { "" }
}

/// Where the server on `port` logs (shown when it does not become ready).
fn server_log(port: u16) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("coldcopy-scale-out-{port}.log"))
}

async fn wait_ready(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = reqwest::get(format!("{base}/readyz")).await
            && res.status() == 200
        {
            return;
        }
        if Instant::now() > deadline {
            let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
            let log = std::fs::read_to_string(server_log(port)).unwrap_or_default();
            let status = reqwest::get(format!("{base}/readyz"))
                .await
                .map(|r| r.status());
            panic!("{base} did not become ready ({status:?}); its log:\n{log}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A browser on its own loopback address (Linux answers on all of 127.0.0.0/8), so each
/// counts as a different client IP behind nginx.
fn browser(ip: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .local_address(IpAddr::V4(ip))
        .build()
        .unwrap()
}

async fn scalar(pool: &ReadPool, sql: &'static str) -> i64 {
    crate::on_db!(pool, |pool| sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap())
}

async fn mischarged(pool: &ReadPool) -> i64 {
    scalar(
        pool,
        "SELECT count(*) FROM sessions s
         WHERE s.generations_used != (SELECT count(*) FROM sequences q WHERE q.session_id = s.id)",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_behind_nginx_share_one_allowance_limits_webhooks_and_recovery() {
    if !database::on_postgres() {
        eprintln!("three servers need PostgreSQL: run on the suite's PostgreSQL pass");
        return;
    }
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(400.0)).await;
    let dir = tempfile::tempdir().unwrap();
    let url = database::fresh_database_url(dir.path(), "unused").await;
    let ports = [free_port(), free_port(), free_port()];
    let mut servers: Vec<Child> = ports
        .iter()
        .map(|port| start_server(&url, *port, &fake.base_url, &dir.path().join("backups")))
        .collect();
    for port in ports {
        wait_ready(&format!("http://127.0.0.1:{port}")).await;
    }
    let nginx = Nginx::start(&ports);
    let site = format!("http://127.0.0.1:{}", nginx.port);
    wait_ready(&site).await;
    let pool = db::ReadPool::connect(&url).await.unwrap();
    let form = valid_form();
    let stream_body =
        json!({ "form": form.iter().cloned().collect::<std::collections::HashMap<_, _>>() });

    // 1. 200 concurrent generations on one free session, spread over the three servers (each
    // request from its own address, so no per-IP limit stands in the way): exactly one saved.
    // A free session with one sequence, as the site makes them on a first visit.
    let session_id = uuid::Uuid::new_v4().to_string();
    crate::on_db!(pool, |pool| sqlx::query(
        "INSERT INTO sessions (id, max_generations) VALUES ($1, 1)"
    )
    .bind(&session_id)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    let mut racers = Vec::new();
    for i in 0..200u32 {
        let client = browser(Ipv4Addr::new(
            127,
            0,
            2 + (i / 250) as u8,
            1 + (i % 250) as u8,
        ));
        let site = site.clone();
        let form = form.clone();
        let cookie = format!("coldcopy_session={session_id}");
        racers.push(tokio::spawn(async move {
            client
                .post(format!("{site}/api/generate"))
                .header("cookie", cookie)
                .form(&form)
                .send()
                .await
                .map(|res| res.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut statuses = Vec::new();
    for racer in racers {
        statuses.push(racer.await.unwrap());
    }
    let saved = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 402).count();
    assert_eq!((saved, refused), (1, 199), "{statuses:?}");
    assert_eq!(scalar(&pool, "SELECT count(*) FROM sequences").await, 1);
    assert_eq!(mischarged(&pool).await, 0);

    // 1b. Lead lists through nginx: a 1.5 MB list (over nginx's 1 MB for other requests) is
    // read by ColdCopy, and an 8 MB one gets the upload page's refusal, not nginx's bare 413.
    let sequence: String =
        crate::on_db!(pool, |pool| sqlx::query_scalar("SELECT id FROM sequences")
            .fetch_one(pool)
            .await
            .unwrap());
    let uploader = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let row = format!(
        "lead@example.com,Lead,{}\n",
        "A long note about the lead. ".repeat(11)
    );
    for (size, to) in [
        (1_500_000, "/leads/".to_owned()),
        (8_000_000, format!("/s/{sequence}/leads?error=too_big")),
    ] {
        let mut list = b"email,first_name,notes\n".to_vec();
        let mut n = 0;
        while list.len() < size {
            list.extend(row.replace("lead@", &format!("lead{n}@")).as_bytes());
            n += 1;
        }
        let (content_type, body) = crate::leads::multipart(&list, "leads.csv", "");
        let res = uploader
            .post(format!("{site}/s/{sequence}/leads/upload"))
            .header("cookie", format!("coldcopy_session={session_id}"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        assert_eq!(res.status(), 303, "{size} bytes: {}", nginx.errors());
        assert!(
            location.as_deref().unwrap_or_default().starts_with(&to),
            "{size}: {location:?}"
        );
    }

    // 2. A per-IP limit of N allows N in all, not 3N: 3N attempts from one address, each as a
    // new browser (new session), round-robin over the servers.
    let mut attempts = Vec::new();
    for _ in 0..3 * IP_LIMIT {
        let client = browser(Ipv4Addr::new(127, 0, 9, 9));
        let site = site.clone();
        let form = form.clone();
        attempts.push(tokio::spawn(async move {
            client
                .post(format!("{site}/api/generate"))
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut limited = 0;
    let mut allowed = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            429 => limited += 1,
            200 => allowed += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((allowed, limited), (IP_LIMIT, 2 * IP_LIMIT));

    // 3. A webhook delivered twice, at once, to two different servers grants once.
    let allowed = |pool: ReadPool, id: String| async move {
        crate::on_db!(pool, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT max_generations FROM sessions WHERE id = $1"
        )
        .bind(&id)
        .fetch_one(pool)
        .await
        .unwrap())
    };
    let before = allowed(pool.clone(), session_id.clone()).await;
    let body = serde_json::to_vec(&json!({
        "id": "evt_scale_out_1", "object": "event", "type": "checkout.session.completed",
        "created": now(), "livemode": false,
        "data": {"object": {
            "id": "cs_scale_out_1", "object": "checkout.session", "mode": "payment",
            "client_reference_id": session_id, "payment_status": "paid",
            "customer": "cus_scale_out", "metadata": {"plan": "starter"},
        }},
    }))
    .unwrap();
    let deliveries: Vec<_> = ports[..2]
        .iter()
        .map(|port| {
            let body = body.clone();
            let url = format!("http://127.0.0.1:{port}/webhooks/stripe");
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .header("content-type", "application/json")
                    .header("stripe-signature", sign(SECRET.as_bytes(), now(), &body))
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for delivery in deliveries {
        assert_eq!(delivery.await.unwrap(), 200);
    }
    assert_eq!(scalar(&pool, "SELECT count(*) FROM stripe_events").await, 1);
    let after = allowed(pool.clone(), session_id.clone()).await;
    assert_eq!(after - before, 25, "Starter's 25 sequences, granted once");

    // 4. SIGKILL one server while 50 generations stream: its neighbours give its reservations
    // back once its lease runs out, and every session is charged exactly what it has.
    let saved_before = scalar(&pool, "SELECT count(*) FROM sequences").await;
    let received_before = fake.received().len();
    for i in 0..50u8 {
        let client = browser(Ipv4Addr::new(127, 0, 20, 1 + i));
        let url = format!("{site}/api/generate/stream");
        let body = stream_body.clone();
        tokio::spawn(async move {
            if let Ok(res) = client.post(url).json(&body).send().await {
                let _ = res.bytes().await;
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.received().len() < received_before + 50
        || scalar(&pool, "SELECT count(*) FROM sequences").await <= saved_before
    {
        assert!(Instant::now() < deadline, "the generations did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    servers[0].kill().unwrap(); // SIGKILL
    servers[0].wait().unwrap();
    assert!(
        scalar(&pool, "SELECT count(*) FROM reservations").await > 0,
        "nothing was in flight at the kill"
    );
    // The neighbours keep serving meanwhile.
    let res = reqwest::get(format!("http://127.0.0.1:{}/readyz", ports[1]))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let deadline = Instant::now() + Duration::from_secs(90);
    while scalar(&pool, "SELECT count(*) FROM reservations").await > 0 {
        assert!(
            Instant::now() < deadline,
            "the killed server's reservations were never given back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        mischarged(&pool).await,
        0,
        "a session is charged for what it does not have"
    );

    // 5. A rolling restart loses no generation: visitors keep arriving (a new one every 100 ms,
    // each streaming a ~2 s generation) while the two live servers are stopped with SIGTERM and
    // started again, one after the other. Every visitor gets a saved sequence.
    let saved_before = scalar(&pool, "SELECT count(*) FROM sequences").await;
    let visitors = tokio::spawn({
        let site = site.clone();
        let body = stream_body.clone();
        async move {
            let mut visits = Vec::new();
            for i in 0..80u8 {
                let client = browser(Ipv4Addr::new(127, 0, 30, 1 + i));
                let url = format!("{site}/api/generate/stream");
                let body = body.clone();
                visits.push(tokio::spawn(async move {
                    match client.post(url).json(&body).send().await {
                        Ok(res) => {
                            let status = res.status().as_u16();
                            let text = res.text().await.unwrap_or_default();
                            (status, text.contains("\"event\":\"saved\""), text)
                        }
                        Err(err) => (0, false, err.to_string()),
                    }
                }));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let mut outcomes = Vec::new();
            for visit in visits {
                outcomes.push(visit.await.unwrap());
            }
            outcomes
        }
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for i in [1, 2] {
        let pid = servers[i].id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let exit = servers[i].wait().unwrap();
        assert!(exit.success(), "server {i} stopped with {exit}");
        servers[i] = start_server(&url, ports[i], &fake.base_url, &dir.path().join("backups"));
        wait_ready(&format!("http://127.0.0.1:{}", ports[i])).await;
    }
    let outcomes = visitors.await.unwrap();
    let lost: Vec<_> = outcomes
        .iter()
        .filter(|(status, saved, _)| *status != 200 || !saved)
        .map(|(status, _, text)| {
            format!("{status}: {}", text.chars().take(200).collect::<String>())
        })
        .collect();
    assert!(
        lost.is_empty(),
        "{} of 80 visitors lost their generation: {:?}\nnginx said:\n{}",
        lost.len(),
        lost.first(),
        nginx.errors()
    );
    assert_eq!(
        scalar(&pool, "SELECT count(*) FROM sequences").await,
        saved_before + 80
    );
    assert_eq!(scalar(&pool, "SELECT count(*) FROM reservations").await, 0);
    assert_eq!(mischarged(&pool).await, 0);

    // 6. The three servers, each checking the schedule when it starts (and after every restart
    // above), took the current slot's backup once between them.
    let backups = coldcopy::server::backups::files::list(&dir.path().join("backups")).unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(
        scalar(
            &pool,
            "SELECT count(*) FROM backup_runs WHERE status = 'ok'"
        )
        .await,
        1
    );

    pool.close().await;
    for server in &mut servers[1..] {
        let _ = server.kill();
        let _ = server.wait();
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
