//! Which engine the suite runs on, and a fresh database for each test.
//!
//! By default every test gets its own SQLite file. With `TEST_POSTGRES_URL` set (the README's
//! test command sets it after starting PostgreSQL), every test gets its own PostgreSQL database
//! on that server instead, so the same suite proves both engines. `on_db!` runs a test's own
//! SQL on whichever engine the pool has (the statement must read the same on both: `$1`
//! parameters, functions both have).

use std::path::Path;

/// The PostgreSQL server the suite runs on, when it runs on PostgreSQL.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// True when the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// A URL for a new, empty database: a SQLite file named `name` in `dir`, or a new database on
/// the test PostgreSQL server.
pub async fn fresh_database_url(dir: &Path, name: &str) -> String {
    match postgres_server() {
        None => format!("sqlite://{}/{name}", dir.display()),
        Some(server) => {
            use sqlx::Connection;
            let database = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&server)
                .await
                .expect("the test PostgreSQL server answers");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
                .execute(&mut admin)
                .await
                .expect("CREATE DATABASE");
            admin.close().await.ok();
            let mut url = reqwest::Url::parse(&server).expect("TEST_POSTGRES_URL is a URL");
            url.set_path(&database);
            url.to_string()
        }
    }
}

/// Runs `$body` with `$pool` bound to the engine's own pool (`ReadPool` or `WritePool`; a write
/// through the latter is counted once `$body` is done, as the server's are).
#[macro_export]
macro_rules! on_db {
    ($pool:expr, |$p:ident| $body:expr) => {
        match *std::borrow::Borrow::<coldcopy::server::platform::db::Db>::borrow(&$pool.db()) {
            coldcopy::server::platform::db::Db::Sqlite($p) => $body,
            coldcopy::server::platform::db::Db::Postgres($p) => $body,
        }
    };
}
