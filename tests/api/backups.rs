//! Scheduled backups on the suite's engine (SQLite, then PostgreSQL), driven by a clock the
//! test moves: on time and once per slot, one per slot among three servers, retention that
//! keeps the newest days and weeks and nothing foreign, a damaged copy reported and not kept,
//! and the restore drill through the binary.

use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use coldcopy::server::backups::slots::{self, Schedule};
use coldcopy::server::backups::{Backups, Clock, Ran, drill, files};
use coldcopy::server::platform::config::sections::BackupSettings;
use coldcopy::server::platform::db::{ReadPool, WritePool};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, valid_form};

/// 2026-12-07 03:00 UTC, a Monday.
const MONDAY_3AM: i64 = 1_796_612_400;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// The start of today's 03:00 slot (or yesterday's before 03:00): tests that read `/readyz`,
/// which judges a backup's age by the real clock, take their backups at real slots.
fn this_slot() -> i64 {
    let schedule = Schedule {
        hour_utc: 3,
        interval_hours: 24,
    };
    schedule.current(Clock::System.now())
}

fn settings(dir: &Path, keep_daily: u32, keep_weekly: u32) -> BackupSettings {
    BackupSettings {
        enabled: true,
        dir: dir.to_owned(),
        hour_utc: 3,
        interval_hours: 24,
        keep_daily,
        keep_weekly,
    }
}

/// A server's part in the schedule on `app`'s database, on the clock `at`.
fn server(app: &TestApp, dir: &Path, at: &Arc<AtomicI64>, keep: (u32, u32)) -> Backups {
    Backups::new(
        app.state.reader.clone(),
        app.state.writer.clone(),
        &app.database_url,
        settings(dir, keep.0, keep.1),
        Clock::Manual(at.clone()),
    )
    .with_metrics(app.state.metrics.clone())
}

/// The file names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn copy_extension() -> &'static str {
    if crate::helpers::database::on_postgres() {
        "pgdump"
    } else {
        "sqlite"
    }
}

async fn readyz_backup(app: &TestApp) -> Value {
    let body: Value = app.get("/readyz").await.json().await.unwrap();
    body["backup"].clone()
}

#[tokio::test]
async fn a_backup_is_taken_at_each_slot_once_checked_and_described() {
    let app = spawn_app().await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let dir = tempfile::tempdir().unwrap();
    let today = this_slot();
    let (yesterday, today_name) = (slots::name(today - DAY), slots::name(today));
    let at = Arc::new(AtomicI64::new(today - 1));
    let backups = server(&app, dir.path(), &at, (7, 4));
    // The app takes no part on its own (the suite's default); nothing has been taken yet.
    assert_eq!(readyz_backup(&app).await["state"], "off");

    // A fresh server takes the slot that has begun (yesterday's, at a second to three).
    let Ran::Took { manifest, deleted } = backups.run_due().await.unwrap() else {
        panic!("the current slot was not taken");
    };
    assert_eq!(deleted, 0);
    assert!(
        manifest.ends_with(format!("coldcopy-{yesterday}.json")),
        "{manifest:?}"
    );
    assert_eq!(
        backups.run_due().await.unwrap(),
        Ran::Nothing,
        "once per slot"
    );

    // 03:00: the next one, and not again that day.
    at.store(today, Ordering::SeqCst);
    assert!(matches!(backups.run_due().await.unwrap(), Ran::Took { .. }));
    for later in [HOUR / 2, 10 * HOUR, DAY - 1] {
        at.store(today + later, Ordering::SeqCst);
        assert_eq!(backups.run_due().await.unwrap(), Ran::Nothing);
    }
    at.store(today + HOUR, Ordering::SeqCst);
    let ext = copy_extension();
    assert_eq!(
        names(dir.path()),
        [
            format!("coldcopy-{yesterday}.json"),
            format!("coldcopy-{yesterday}.{ext}"),
            format!("coldcopy-{today_name}.json"),
            format!("coldcopy-{today_name}.{ext}"),
        ]
    );

    // The manifest describes the copy: engine, schema, size, checksum, rows of that moment.
    let listed = files::list(dir.path()).unwrap();
    let (_, manifest) = &listed[1];
    assert_eq!(manifest.slot, today_name);
    assert_eq!(manifest.slot_start, today);
    assert_eq!(
        manifest.engine,
        if ext == "pgdump" {
            "postgres"
        } else {
            "sqlite"
        }
    );
    assert!(
        manifest.schema_version >= 20261207090000,
        "{}",
        manifest.schema_version
    );
    let copy = dir.path().join(&manifest.file);
    assert_eq!(manifest.size_bytes, std::fs::metadata(&copy).unwrap().len());
    assert_eq!(files::digest(&copy).unwrap().0, manifest.sha256);
    let rows = |table: &str| {
        manifest
            .rows
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
    };
    assert_eq!(rows("sequences"), Some(1));
    assert_eq!(rows("sessions"), Some(1));

    // Readiness and the metrics say so.
    assert_eq!(readyz_backup(&app).await["state"], "ok");
    let metrics = app.state.metrics.render(0);
    assert!(
        metrics.lines().any(|l| l.starts_with("coldcopy_backup_last_success_timestamp ")
            && !l.ends_with(" 0")),
        "{metrics}"
    );
}

#[tokio::test]
async fn three_servers_take_each_slot_exactly_once() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let at = Arc::new(AtomicI64::new(MONDAY_3AM));
    // Three servers: each its own pools (so its own server id) on the one database.
    let mut servers = Vec::new();
    for _ in 0..3 {
        let reader = ReadPool::connect(&app.database_url).await.unwrap();
        let writer = WritePool::connect(&app.database_url).await.unwrap();
        servers.push(Backups::new(
            reader,
            writer,
            &app.database_url,
            settings(dir.path(), 30, 0),
            Clock::Manual(at.clone()),
        ));
    }
    for day in 0..5 {
        // Each server wakes at the slot, and again a minute later.
        for minute in [0, 60] {
            at.store(MONDAY_3AM + day * DAY + minute, Ordering::SeqCst);
            let (a, b, c) = tokio::join!(
                servers[0].run_due(),
                servers[1].run_due(),
                servers[2].run_due()
            );
            let took = [a, b, c]
                .into_iter()
                .filter(|ran| matches!(ran.as_ref().unwrap(), Ran::Took { .. }))
                .count();
            assert_eq!(took, usize::from(minute == 0), "day {day}, minute {minute}");
        }
    }
    assert_eq!(files::list(dir.path()).unwrap().len(), 5);
    let runs: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT count(*) FROM backup_runs WHERE status = 'ok' AND attempts = 1"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(runs, 5);
}

#[tokio::test]
async fn retention_keeps_the_newest_days_and_weeks_and_nothing_it_did_not_make() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    // Files that are not ColdCopy's backups: never touched.
    let foreign = [
        "notes.txt",
        "coldcopy-2020-01-01T03.sqlite",
        "coldcopy-2020-01-02T03.json",
    ];
    std::fs::write(dir.path().join(foreign[0]), "mine").unwrap();
    std::fs::write(
        dir.path().join(foreign[1]),
        "an old copy without a manifest",
    )
    .unwrap();
    std::fs::write(dir.path().join(foreign[2]), r#"{"made_by":"someone else"}"#).unwrap();
    let at = Arc::new(AtomicI64::new(0));
    let backups = server(&app, dir.path(), &at, (7, 4));
    // Thirty daily backups, the last on Monday 2026-12-07.
    for day in (0..30).rev() {
        at.store(MONDAY_3AM - day * DAY, Ordering::SeqCst);
        assert!(matches!(backups.run_due().await.unwrap(), Ran::Took { .. }));
    }
    let kept: Vec<String> = files::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|(_, m)| m.slot)
        .collect();
    // The last seven days, and the newest of each of the three weeks before this one.
    assert_eq!(
        kept,
        [
            "2026-11-22T03",
            "2026-11-29T03",
            "2026-12-01T03",
            "2026-12-02T03",
            "2026-12-03T03",
            "2026-12-04T03",
            "2026-12-05T03",
            "2026-12-06T03",
            "2026-12-07T03",
        ]
    );
    let on_disk = names(dir.path());
    for name in foreign {
        assert!(on_disk.contains(&name.to_owned()), "{name} was deleted");
    }
    assert_eq!(on_disk.len(), 9 * 2 + foreign.len(), "{on_disk:?}");
}

#[tokio::test]
async fn a_damaged_backup_is_reported_and_not_kept_then_taken_again() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let today = this_slot();
    let at = Arc::new(AtomicI64::new(today));
    let backups = server(&app, dir.path(), &at, (7, 4));
    // The disk returns zeros where the copy's header was.
    let damage = |path: &Path| {
        use std::io::{Seek, Write};
        let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        file.seek(std::io::SeekFrom::Start(0)).unwrap();
        file.write_all(&[0; 4096]).unwrap();
    };
    let err = backups.run_due_with(damage).await.unwrap_err().to_string();
    assert!(err.contains("is not a sound backup"), "{err}");
    assert!(
        names(dir.path()).is_empty(),
        "nothing of it is kept: {:?}",
        names(dir.path())
    );
    let detail = readyz_backup(&app).await;
    assert_eq!(detail["state"], "failing", "{detail}");
    assert_eq!(detail["last_failure"]["slot"], slots::name(today));
    assert!(
        app.state
            .metrics
            .render(0)
            .contains("coldcopy_backup_failures_total 1")
    );

    // Not again at once; ten minutes later the slot is tried again, and this time it holds.
    at.store(today + 60, Ordering::SeqCst);
    assert_eq!(backups.run_due().await.unwrap(), Ran::Nothing);
    at.store(today + 10 * 60, Ordering::SeqCst);
    assert!(matches!(backups.run_due().await.unwrap(), Ran::Took { .. }));
    assert_eq!(readyz_backup(&app).await["state"], "ok");
}

#[tokio::test]
async fn the_restore_drill_restores_into_a_scratch_database_and_compares() {
    let app = spawn_app().await;
    for _ in 0..2 {
        assert_eq!(
            app.another_browser().generate(&valid_form()).await.status(),
            200
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let at = Arc::new(AtomicI64::new(MONDAY_3AM));
    server(&app, dir.path(), &at, (7, 4))
        .run_due()
        .await
        .unwrap();
    let copy = format!("coldcopy-2026-12-07T03.{}", copy_extension());

    // Through the binary, as an operator runs it: list, then drill by slot and by file name.
    let run = |args: &[&str]| {
        let out = Process::new(env!("CARGO_BIN_EXE_coldcopy"))
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env("BACKUP_DIR", dir.path())
            .env("ANTHROPIC_API_KEY", "")
            .env_remove("STRIPE_SECRET_KEY")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, listed) = run(&["backups"]);
    assert!(
        ok && listed.contains(&copy) && listed.contains("2 sequences"),
        "{listed}"
    );
    for name in ["2026-12-07T03", copy.as_str()] {
        let (ok, said) = run(&["restore", "--check", name]);
        assert!(ok, "{said}");
        assert!(said.contains("match its manifest"), "{said}");
    }
    // The live database was not touched.
    assert_eq!(app.count("sequences").await, 2);

    // A manifest that no longer matches its copy's contents is reported, table by table.
    let manifest_path = dir.path().join("coldcopy-2026-12-07T03.json");
    let mut manifest: Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    for row in manifest["rows"].as_array_mut().unwrap() {
        if row[0] == "sequences" {
            row[1] = Value::from(3);
        }
    }
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let drill = drill::run(Path::new(&copy), dir.path(), &app.database_url)
        .await
        .unwrap();
    assert_eq!(drill.differences, [("sequences".to_owned(), 3, 2)]);
    let (ok, said) = run(&["restore", "--check", &copy]);
    assert!(
        !ok && said.contains("sequences: manifest 3, restored 2"),
        "{said}"
    );

    // A copy changed on disk fails its checksum before anything is restored.
    let copy_path = dir.path().join(&copy);
    let mut bytes = std::fs::read(&copy_path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&copy_path, bytes).unwrap();
    let (ok, said) = run(&["restore", "--check", &copy]);
    assert!(!ok && said.contains("damaged"), "{said}");
}

#[tokio::test]
async fn a_previous_release_starts_on_a_database_a_newer_one_migrated() {
    let app = spawn_app().await;
    // A newer release's migration, applied.
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ($1, 'a newer release', TRUE, $2, 0)"
    )
    .bind(29_991_231_000_000_i64)
    .bind(vec![0_u8; 48])
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap());
    // This release (the previous one, now) starts on it, is ready, and serves.
    let rolled_back =
        crate::helpers::spawn_app_with(&[("DATABASE_URL", app.database_url.as_str())]).await;
    assert_eq!(rolled_back.get("/readyz").await.status(), 200);
    assert_eq!(rolled_back.generate(&valid_form()).await.status(), 200);
}

#[tokio::test]
async fn a_server_that_dies_mid_backup_leaves_the_slot_to_be_taken_once_its_claim_runs_out() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let at = Arc::new(AtomicI64::new(MONDAY_3AM + 60));
    // A server claimed the slot a minute ago, began its copy, and died.
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "INSERT INTO backup_runs (slot, owner, lease_until, started_at) VALUES ($1, 'dead', $2, $3)"
    )
    .bind("2026-12-07T03")
    .bind(MONDAY_3AM + coldcopy::server::backups::runs::LEASE)
    .bind(MONDAY_3AM)
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap());
    let partial = format!(".coldcopy-2026-12-07T03.{}.partial", copy_extension());
    std::fs::write(dir.path().join(partial), "half a copy").unwrap();
    let backups = server(&app, dir.path(), &at, (7, 4));
    // While its claim holds, nobody doubles the slot.
    assert_eq!(backups.run_due().await.unwrap(), Ran::Nothing);
    // Once it runs out, the slot is taken (not skipped), and the half copy gives way.
    at.store(
        MONDAY_3AM + coldcopy::server::backups::runs::LEASE + 1,
        Ordering::SeqCst,
    );
    assert!(matches!(backups.run_due().await.unwrap(), Ran::Took { .. }));
    assert_eq!(backups.run_due().await.unwrap(), Ran::Nothing);
    let attempts: i64 = crate::on_db!(app.state.reader, |pool| {
        sqlx::query_scalar(
        "SELECT CAST(attempts AS BIGINT) FROM backup_runs WHERE slot = '2026-12-07T03' AND status = 'ok'"
    )
    .fetch_one(pool)
    .await
    .unwrap()
    });
    assert_eq!(attempts, 2);
    assert_eq!(files::list(dir.path()).unwrap().len(), 1);
    assert!(!names(dir.path()).iter().any(|n| n.ends_with(".partial")));
}
