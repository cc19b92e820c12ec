//! The operator's commands: an online backup while the server writes, a restore that refuses
//! while a server runs and works when none does, grants, stats, and the binary's help and
//! errors.

use std::process::Command as Process;

use serde_json::Value;

use crate::helpers::{spawn_app, valid_form};
use coldcopy::domain::session::Plan;
use coldcopy::server::ops::commands;
use coldcopy::server::platform::db;

async fn count(url: &str, table: &str) -> i64 {
    let pool = db::ReadPool::connect(url).await.unwrap();
    // Table names come from the tests themselves.
    let n = crate::on_db!(pool, |pool| sqlx::query_scalar(sqlx::AssertSqlSafe(
        format!("SELECT count(*) FROM {table}")
    ))
    .fetch_one(pool)
    .await
    .unwrap());
    pool.close().await;
    n
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_where_no_server_runs() {
    let app = spawn_app().await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let postgres = crate::helpers::database::on_postgres();
    let file = dir
        .path()
        .join(if postgres { "backup.dump" } else { "backup.db" });

    // Online: the server keeps its pool open and may write meanwhile.
    let writes = tokio::spawn({
        let client = app.another_browser();
        async move { client.generate(&valid_form()).await.status() }
    });
    let bytes = commands::backup(&app.state.reader, &app.database_url, &file)
        .await
        .unwrap();
    assert!(bytes > 0);
    assert_eq!(writes.await.unwrap(), 200);
    // A backup never overwrites a file.
    let err = commands::backup(&app.state.reader, &app.database_url, &file)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");

    // The server holds the database: restore refuses and changes nothing.
    let err = commands::restore(&app.database_url, &file)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("stop"), "{err}");
    let html = app.get(&format!("/s/{id}")).await;
    assert_eq!(html.status(), 200);

    // Into a database no server uses: the sequences come back.
    let target_url = crate::helpers::database::fresh_database_url(dir.path(), "live.db").await;
    db::Pools::open(&target_url).await.unwrap().close().await;
    assert_eq!(count(&target_url, "sequences").await, 0);
    commands::restore(&target_url, &file).await.unwrap();
    let restored = count(&target_url, "sequences").await;
    assert!(restored >= 1, "{restored} sequences restored");
    assert!(restored <= count(&app.database_url, "sequences").await);
    // The restored database serves: a server starts on it and has the sequences.
    let restored_app = crate::helpers::spawn_app_with(&[("DATABASE_URL", &target_url)]).await;
    assert_eq!(restored_app.count("sequences").await, restored);

    // Not a database: refused by name.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not sqlite at all").unwrap();
    assert!(commands::restore(&target_url, &junk).await.is_err());
    assert!(count(&target_url, "sequences").await >= 1);
}

#[tokio::test]
async fn grants_give_plans_and_stats_count_them() {
    let app = spawn_app().await;
    app.generate(&valid_form()).await;
    let session: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT id FROM sessions"
    )
    .fetch_one(pool)
    .await
    .unwrap());

    let done = commands::grant(&app.state.writer, &session, Plan::Starter, 25, 30)
        .await
        .unwrap();
    assert!(done.contains("25 more sequences"), "{done}");
    let info: Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        (info["plan"].as_str(), info["allowed"].as_u64()),
        (Some("starter"), Some(26))
    );

    commands::grant(&app.state.writer, &session, Plan::Pro, 25, 7)
        .await
        .unwrap();
    let info: Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(info["plan"], "pro");

    let err = commands::grant(&app.state.writer, "no-such-session", Plan::Pro, 25, 7)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no session"), "{err}");

    let stats = commands::stats(&app.state.reader).await.unwrap();
    assert_eq!(
        (stats.sessions, stats.sequences_today, stats.pro),
        (1, 1, 1)
    );
    let table = stats.render();
    assert!(table.contains("1 Pro"), "{table}");
}

#[tokio::test]
async fn the_binary_explains_each_command_and_names_mistakes() {
    let bin = env!("CARGO_BIN_EXE_coldcopy");
    let out = Process::new(bin)
        .args(["backup", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Usage: coldcopy backup FILE"));

    let out = Process::new(bin)
        .args(["grant", "abc", "gold"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not `gold`"));

    // Through the binary, on a database of its own: migrate, stats, backup.
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database::fresh_database_url(dir.path(), "cli.db").await;
    let run = |args: &[&str]| {
        Process::new(bin)
            .args(args)
            .env("DATABASE_URL", &url)
            .env("ANTHROPIC_API_KEY", "")
            .env_remove("STRIPE_SECRET_KEY")
            .output()
            .unwrap()
    };
    let out = run(&["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["stats"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("sessions              0"));
    let backup = dir.path().join("b.db");
    let out = run(&["backup", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(backup.exists());
    let out = run(&["restore", "/nonexistent/file.db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a file"));
}
