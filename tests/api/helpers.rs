//! `spawn_app()`: the production router on port 0 with a fresh, migrated SQLite file.

use std::collections::HashMap;

use coldcopy::server::{
    config::{Settings, load_leptos_options},
    startup::Application,
    state::AppState,
};

/// A running application and a cookie-keeping client pointed at it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl TestApp {
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
}

/// Starts the application with default settings plus `vars`.
pub async fn spawn_app_with(vars: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_url = format!("sqlite://{}/test.db", dir.path().display());
    let mut map: HashMap<&str, &str> = vars.iter().copied().collect();
    map.entry("DATABASE_URL").or_insert(&db_url);

    let mut leptos = load_leptos_options("Leptos.toml").expect("Leptos.toml");
    leptos.site_addr = "127.0.0.1:0".parse().unwrap();
    let settings = Settings::from_map(leptos, &map).expect("settings");

    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://{}", app.local_addr());
    let state = app.state().clone();
    tokio::spawn(app.run_until(std::future::pending()));

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        state,
        _dir: dir,
    }
}

/// Starts the application with nothing configured.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}
