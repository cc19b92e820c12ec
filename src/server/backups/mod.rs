//! Backups that happen by themselves: every server runs [`Backups::spawn`]; at each slot of the
//! schedule (`slots`) one of them claims it in the database (`runs`), writes a consistent copy
//! under a temporary name, checks it, writes its manifest and renames it into place (`files`),
//! then deletes what retention lets go (`retention`). A server that starts after a slot began
//! takes it if nobody has; a slot that ended `ok` is never taken again, so restarts neither
//! skip nor double one. Every outcome is logged, counted in the metrics, and shown on `/readyz`.
//! `drill` restores a backup into a scratch database and compares it with its manifest.
//!
//! The clock is [`Clock`]: the system's in production, one a test moves by hand.

pub mod drill;
pub mod files;
pub mod listing;
pub mod retention;
pub mod runs;
pub mod slots;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::server::ops::commands::OpsError;
use crate::server::platform::config::sections::BackupSettings;
use crate::server::platform::db::{ReadPool, WritePool};
use crate::server::platform::metrics::Metrics;
use files::{MADE_BY, Manifest};
use slots::Schedule;

/// Where "now" comes from.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// Unix seconds, set by whoever holds it.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            Clock::Manual(at) => at.load(Ordering::SeqCst),
        }
    }
}

/// One server's part in the schedule.
#[derive(Clone)]
pub struct Backups {
    reader: ReadPool,
    writer: WritePool,
    url: String,
    settings: BackupSettings,
    clock: Clock,
    metrics: Option<Arc<Metrics>>,
}

/// What a call to [`Backups::run_due`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// The current slot was already done, or another server has it.
    Nothing,
    /// This server took the slot: the manifest's path, and the backups retention deleted.
    Took { manifest: PathBuf, deleted: usize },
}

impl Backups {
    pub fn new(
        reader: ReadPool,
        writer: WritePool,
        url: &str,
        settings: BackupSettings,
        clock: Clock,
    ) -> Self {
        Self {
            reader,
            writer,
            url: url.to_owned(),
            settings,
            clock,
            metrics: None,
        }
    }

    /// This server's part, on the system clock, reporting to its metrics.
    pub fn from_state(state: &crate::server::platform::state::AppState) -> Self {
        Self::new(
            state.reader.clone(),
            state.writer.clone(),
            &state.settings.database_url,
            state.settings.backups.clone(),
            Clock::System,
        )
        .with_metrics(state.metrics.clone())
    }

    /// Reports every outcome to `metrics` too.
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            hour_utc: self.settings.hour_utc,
            interval_hours: self.settings.interval_hours,
        }
    }

    /// Takes the current slot's backup if it is not done and this server wins the claim.
    pub async fn run_due(&self) -> Result<Ran, OpsError> {
        self.run_due_with(|_| {}).await
    }

    /// [`Backups::run_due`], calling `after_write` on the copy before it is checked (a test
    /// damages it there, as a full disk or a failing one would).
    pub async fn run_due_with(&self, after_write: impl FnOnce(&Path)) -> Result<Ran, OpsError> {
        let now = self.clock.now();
        let start = self.schedule().current(now);
        let slot = slots::name(start);
        if runs::done(&self.reader, &slot).await? {
            return Ok(Ran::Nothing);
        }
        let owner = self.writer.server_id().to_owned();
        if !runs::claim(&self.writer, &slot, &owner, now).await? {
            return Ok(Ran::Nothing);
        }
        let taken = self.take(&slot, start, after_write).await;
        let finished_at = self.clock.now();
        let outcome = match &taken {
            Ok((_, manifest)) => Ok((manifest.file.as_str(), manifest.size_bytes as i64)),
            Err(err) => Err(err.to_string()),
        };
        runs::finish(
            &self.writer,
            &slot,
            &owner,
            finished_at,
            outcome
                .as_ref()
                .map(|(f, s)| (*f, *s))
                .map_err(String::as_str),
        )
        .await?;
        match taken {
            Ok((path, manifest)) => {
                tracing::info!(
                    slot,
                    file = manifest.file,
                    size = manifest.size_bytes,
                    "backup taken and checked"
                );
                if let Some(metrics) = &self.metrics {
                    metrics.backup_succeeded(finished_at, manifest.size_bytes);
                }
                let deleted = self.prune().unwrap_or_else(|err| {
                    tracing::error!(error = %err, "could not delete old backups");
                    0
                });
                Ok(Ran::Took {
                    manifest: path,
                    deleted,
                })
            }
            Err(err) => {
                tracing::error!(slot, error = %err, "backup failed");
                if let Some(metrics) = &self.metrics {
                    metrics.backup_failed();
                }
                Err(err)
            }
        }
    }

    /// Writes, checks, describes and renames the slot's copy; answers the manifest's path and
    /// the manifest. A copy that fails its check is deleted, never kept.
    async fn take(
        &self,
        slot: &str,
        start: i64,
        after_write: impl FnOnce(&Path),
    ) -> Result<(PathBuf, Manifest), OpsError> {
        let dir = &self.settings.dir;
        std::fs::create_dir_all(dir).map_err(|source| OpsError::File {
            path: dir.clone(),
            source,
        })?;
        let engine = self.reader.engine();
        let (file, manifest_name) = files::names(slot, engine);
        let staged = dir.join(format!(".{file}.partial"));
        let _ = std::fs::remove_file(&staged);
        let result = async {
            let counted = files::write_copy(&self.reader, &self.url, &staged).await?;
            after_write(&staged);
            let checked = files::check(&staged, engine).await?;
            let (schema_version, rows) = counted.unwrap_or(checked);
            let (sha256, size_bytes) = files::digest(&staged)?;
            Ok::<_, OpsError>(Manifest {
                made_by: MADE_BY.into(),
                slot: slot.to_owned(),
                slot_start: start,
                taken_at: self.clock.now(),
                engine: match engine {
                    crate::server::platform::db::Engine::Sqlite => "sqlite".into(),
                    crate::server::platform::db::Engine::Postgres => "postgres".into(),
                },
                schema_version,
                file: file.clone(),
                size_bytes,
                sha256,
                rows,
            })
        }
        .await;
        let manifest = match result {
            Ok(manifest) => manifest,
            Err(err) => {
                let _ = std::fs::remove_file(&staged);
                return Err(err);
            }
        };
        let target = dir.join(&file);
        std::fs::rename(&staged, &target).map_err(|source| OpsError::File {
            path: target.clone(),
            source,
        })?;
        let manifest_path = dir.join(manifest_name);
        files::write_manifest(&manifest_path, &manifest)?;
        Ok((manifest_path, manifest))
    }

    /// Deletes the backups retention lets go (only ColdCopy's own); answers how many.
    pub fn prune(&self) -> Result<usize, OpsError> {
        let dir = &self.settings.dir;
        let found = files::list(dir)?;
        let starts: Vec<i64> = found.iter().map(|(_, m)| m.slot_start).collect();
        let expired =
            retention::expired(&starts, self.settings.keep_daily, self.settings.keep_weekly);
        let mut deleted = 0;
        for (path, manifest) in found
            .iter()
            .filter(|(_, m)| expired.contains(&m.slot_start))
        {
            files::remove(dir, path, manifest)?;
            tracing::info!(file = manifest.file, "deleted an old backup (retention)");
            deleted += 1;
        }
        Ok(deleted)
    }

    /// Refreshes the metrics from the database (the last success may be another server's).
    async fn refresh_metrics(&self) {
        let (Some(metrics), Ok(status)) = (&self.metrics, runs::status(&self.reader).await) else {
            return;
        };
        if let Some((at, _, size)) = status.last_success {
            metrics.backup_succeeded(at, size.max(0) as u64);
        }
        metrics.backup_age(self.clock.now());
    }

    /// Runs the schedule on this server until the database closes: now (a slot missed while
    /// every server was down is taken at once), then every minute.
    pub fn spawn(self) {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                if self.writer.is_closed() {
                    break;
                }
                // The error is logged and counted where it happened.
                let _ = self.run_due().await;
                self.refresh_metrics().await;
            }
        });
    }
}
