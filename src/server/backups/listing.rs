//! What the operator sees of the backups: `coldcopy backups` (each with its manifest), and the
//! backup a `restore` names (a path, or a name in the backup folder: the copy's file name or
//! its slot, `2026-12-07T03`).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::files::{self, Manifest};
use crate::domain::sequence::utc_label;
use crate::server::ops::commands::OpsError;

/// The copy `name` names: a path that exists, else a file in `dir`, else the backup of that
/// slot in `dir`.
pub fn resolve(name: &Path, dir: &Path) -> Result<PathBuf, OpsError> {
    if name.is_file() {
        return Ok(name.to_owned());
    }
    let in_dir = dir.join(name);
    if in_dir.is_file() {
        return Ok(in_dir);
    }
    let slot = name.to_string_lossy();
    files::list(dir)?
        .into_iter()
        .find(|(_, m)| m.slot == slot)
        .map(|(_, m)| dir.join(m.file))
        .ok_or_else(|| {
            OpsError::Refused(format!(
                "{slot} is not a file, nor a backup's name or slot in {}; `coldcopy backups` lists them",
                dir.display()
            ))
        })
}

/// The table `coldcopy backups` prints.
pub fn render(dir: &Path, found: &[(PathBuf, Manifest)]) -> String {
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(out, "no backups in {} yet", dir.display());
        return out;
    }
    let _ = writeln!(out, "backups in {} (oldest first):", dir.display());
    for (_, m) in found {
        let rows: i64 = m.rows.iter().map(|(_, n)| n).sum();
        let sessions = m
            .rows
            .iter()
            .find(|(t, _)| t == "sessions")
            .map_or(0, |(_, n)| *n);
        let sequences = m
            .rows
            .iter()
            .find(|(t, _)| t == "sequences")
            .map_or(0, |(_, n)| *n);
        let _ = writeln!(
            out,
            "  {}  {:>12} bytes  taken {}  {} schema {}  {} rows ({} sessions, {} sequences)  sha256 {}",
            m.file,
            m.size_bytes,
            utc_label(m.taken_at),
            m.engine,
            m.schema_version,
            rows,
            sessions,
            sequences,
            &m.sha256[..16.min(m.sha256.len())],
        );
    }
    out
}
