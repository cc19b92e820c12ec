//! `spawn_app()`: the production router on port 0 with a fresh, migrated database (a SQLite
//! file, or a PostgreSQL database: see `database`); `stripe`: the same app selling through the
//! fake Stripe.

pub mod database;
pub mod mail;
pub mod stripe;

use std::{collections::HashMap, time::Instant};

use crate::fakes::claude::{FakeClaude, Reply};
use coldcopy::domain::progress::{EventLines, GenerationEvent};
use coldcopy::server::platform::config::{Settings, load_leptos_options};
use coldcopy::server::platform::startup::Application;
use coldcopy::server::platform::state::AppState;

/// A running application and a cookie-keeping client pointed at it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    /// The URL of this app's database (SQLite or PostgreSQL).
    pub database_url: String,
    /// `http://…` of the private metrics listener, when `METRICS_ADDR` is set.
    pub metrics_address: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The same running app seen by another browser (its own cookie-keeping client). The
    /// database's temporary directory stays with the original.
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            state: self.state.clone(),
            database_url: self.database_url.clone(),
            metrics_address: self.metrics_address.clone(),
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// The body of a GET, as text (a page, a file).
    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("a text body")
    }

    /// The body of a GET, as JSON.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        self.get(path).await.json().await.expect("a JSON body")
    }
}

/// The mailbox key the PostgreSQL pass runs with (32 bytes of 7, in base64).
pub const TEST_MAILBOX_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// Starts the application with default settings plus `vars`.
pub async fn spawn_app_with(vars: &[(&str, &str)]) -> TestApp {
    // Never stopped: a dropped sender leaves the shutdown future pending.
    let (app, _stop, _server) = spawn_app_stoppable(vars).await;
    app
}

/// Starts the application like `spawn_app_with`; sending on the returned channel shuts it down
/// (as SIGTERM does), and the handle completes when the server has stopped.
pub async fn spawn_app_stoppable(
    vars: &[(&str, &str)],
) -> (
    TestApp,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    spawn_app_serving(vars, None).await
}

/// Starts the application like `spawn_app_with`, serving its static files from `site_root`
/// (the integration tests run before any front-end build, so `target/site` may not exist).
pub async fn spawn_app_with_site(vars: &[(&str, &str)], site_root: &std::path::Path) -> TestApp {
    let (app, _stop, _server) = spawn_app_serving(vars, Some(site_root)).await;
    app
}

async fn spawn_app_serving(
    vars: &[(&str, &str)],
    site_root: Option<&std::path::Path>,
) -> (
    TestApp,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut map: HashMap<&str, &str> = vars.iter().copied().collect();
    let db_url = match map.get("DATABASE_URL") {
        Some(url) => url.to_string(),
        None => database::fresh_database_url(dir.path(), "test.db").await,
    };
    map.insert("DATABASE_URL", &db_url);
    // Scheduled backups run on the system clock: tests/api/backups.rs drives them on its own.
    map.entry("BACKUP_ENABLED").or_insert("false");
    // PostgreSQL needs the mailbox key as a setting (SQLite makes a key file beside the test's
    // database, which its tests use).
    if database::on_postgres() {
        map.entry("MAILBOX_KEY").or_insert(TEST_MAILBOX_KEY);
    }

    let mut leptos = load_leptos_options("Leptos.toml").expect("Leptos.toml");
    leptos.site_addr = "127.0.0.1:0".parse().unwrap();
    if let Some(root) = site_root {
        leptos.site_root = root.display().to_string().into();
    }
    let settings = Settings::from_map(leptos, &map).expect("settings");

    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://{}", app.local_addr());
    let metrics_address = app.metrics_addr().map(|addr| format!("http://{addr}"));
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        if stopped.await.is_err() {
            std::future::pending::<()>().await;
        }
    }));

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let app = TestApp {
        address,
        client,
        state,
        database_url: db_url,
        metrics_address,
        _dir: dir,
    };
    (app, stop, server)
}

/// Starts the application against a fake Claude following `script` (1 s per-attempt timeout).
pub async fn app_with_claude(script: Vec<Reply>, extra: &[(&str, &str)]) -> (TestApp, FakeClaude) {
    let fake = FakeClaude::start(script).await;
    (app_with_fake(&fake, extra).await, fake)
}

/// Starts the application against a running fake Claude.
pub async fn app_with_fake(fake: &FakeClaude, extra: &[(&str, &str)]) -> TestApp {
    let mut vars = vec![
        ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
        ("ANTHROPIC_BASE_URL", fake.base_url.as_str()),
        ("CLAUDE_TIMEOUT_SECS", "1"),
    ];
    vars.extend_from_slice(extra);
    spawn_app_with(&vars).await
}

/// Starts the application with nothing configured.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// A valid form, as a browser posts it.
pub fn valid_form() -> Vec<(&'static str, String)> {
    vec![
        ("company", "Ledgerly".into()),
        ("job_title", "Financial Controller".into()),
        (
            "problem",
            "Month-end close takes a week of manual reconciliation.".into(),
        ),
        (
            "product",
            "Matches Stripe payouts to invoices automatically.".into(),
        ),
        (
            "benefit",
            "Close the books in two days instead of seven.".into(),
        ),
        ("cta", "Worth a 15-minute look next week?".into()),
        ("tone", "direct".into()),
        ("emails", "4".into()),
        ("language", "en".into()),
    ]
}

/// The valid form with one field replaced.
pub fn form_with(field: &str, value: &str) -> Vec<(&'static str, String)> {
    valid_form()
        .into_iter()
        .map(|(k, v)| {
            if k == field {
                (k, value.to_string())
            } else {
                (k, v)
            }
        })
        .collect()
}

impl TestApp {
    /// Posts the form to `/api/generate` the way the hydrated page does.
    pub async fn generate(&self, form: &[(&'static str, String)]) -> reqwest::Response {
        self.client
            .post(self.url("/api/generate"))
            .form(form)
            .send()
            .await
            .expect("request failed")
    }

    /// Posts the form to `/api/generate/stream` as JSON, the way the hydrated page does.
    pub async fn generate_stream(&self, form: &[(&'static str, String)]) -> reqwest::Response {
        let form: serde_json::Map<String, serde_json::Value> = form
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
            .collect();
        self.client
            .post(self.url("/api/generate/stream"))
            .json(&serde_json::json!({ "form": form }))
            .send()
            .await
            .expect("request failed")
    }

    /// Posts the form as a browser without JavaScript does; answers the redirect's location.
    pub async fn post_form_without_js(&self, form: &[(&'static str, String)]) -> String {
        let res = self
            .client
            .post(self.url("/api/generate"))
            .header("accept", "text/html")
            .header("referer", self.url("/generate"))
            .form(form)
            .send()
            .await
            .expect("request failed");
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        // The answer comes as soon as writing starts; the page at `/s/{id}` follows it. Wait
        // for the save, as the page's own refresh would.
        if let Some(id) = location.strip_prefix("/s/") {
            self.wait_until_saved(id).await;
        }
        location
    }

    /// Waits (up to 10 s) until sequence `id` is saved: asked every 20 ms.
    pub async fn wait_until_saved(&self, id: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let res = self.get(&format!("/api/sequence?id={id}")).await;
            if res.status() == 200 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "sequence {id} was not saved in 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The row of the session with this id: (generations_used, max_generations).
    pub async fn usage(&self, session_id: &str) -> (i64, i64) {
        crate::on_db!(self.state.reader, |pool| {
            sqlx::query_as("SELECT generations_used, max_generations FROM sessions WHERE id = $1")
                .bind(session_id)
                .fetch_one(pool)
                .await
                .expect("session row")
        })
    }

    pub async fn count(&self, table: &str) -> i64 {
        // Table names come from the tests themselves.
        let sql = format!("SELECT count(*) FROM {table}");
        crate::on_db!(self.state.reader, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_one(pool)
                .await
                .unwrap()
        })
    }
}

/// Reads a streamed generation to its end: each event with the time it arrived.
pub async fn read_events(res: reqwest::Response) -> Vec<(Instant, GenerationEvent)> {
    use futures_util::StreamExt;
    let mut lines = EventLines::default();
    let mut events = Vec::new();
    let mut body = res.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("the stream reads to its end");
        let now = Instant::now();
        events.extend(lines.push(&chunk).into_iter().map(|e| (now, e)));
    }
    events
}

/// The session id a response set in its cookie.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("coldcopy_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
}
