//! The scheduled backups' metrics (`server::backups`): when the last one succeeded (whichever
//! server took it: each server reads it from the database every minute), how old it is, how
//! big, and how many attempts failed on this server.

use prometheus_client::metrics::{counter::Counter, gauge::Gauge};
use prometheus_client::registry::Registry;

use super::registered;

pub(super) struct BackupMetrics {
    last_success: Gauge,
    age: Gauge,
    size: Gauge,
    failures: Counter,
}

impl BackupMetrics {
    pub(super) fn register(registry: &mut Registry) -> Self {
        Self {
            last_success: registered(
                registry,
                "backup_last_success_timestamp",
                "When the newest checked backup finished (Unix seconds; 0 before the first)",
                None,
                Gauge::default(),
            ),
            age: registered(
                registry,
                "backup_age_seconds",
                "Seconds since the newest checked backup finished (refreshed every minute)",
                None,
                Gauge::default(),
            ),
            size: registered(
                registry,
                "backup_last_size_bytes",
                "The size of the newest checked backup",
                None,
                Gauge::default(),
            ),
            failures: registered(
                registry,
                "backup_failures",
                "Backups this server attempted that failed (not written, or failing their check)",
                None,
                Counter::default(),
            ),
        }
    }
}

impl super::Metrics {
    /// A backup finished at `at` (Unix seconds) and passed its check.
    pub fn backup_succeeded(&self, at: i64, size: u64) {
        let backups = &self.backups;
        if at >= backups.last_success.get() {
            backups.last_success.set(at);
            backups.size.set(i64::try_from(size).unwrap_or(i64::MAX));
        }
    }

    /// How old the newest backup is at `now`.
    pub fn backup_age(&self, now: i64) {
        let last = self.backups.last_success.get();
        if last > 0 {
            self.backups.age.set(now - last);
        }
    }

    /// A backup failed on this server.
    pub fn backup_failed(&self) {
        self.backups.failures.inc();
    }
}
