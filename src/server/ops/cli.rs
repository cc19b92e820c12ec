//! The operator's commands, in the same binary as the server: `coldcopy [serve]`, `migrate`,
//! `backup FILE`, `restore FILE`, `grant SESSION_ID PLAN [--days N]`, `stats`,
//! `usage [--days N]`; each with `--help`.

use std::{path::PathBuf, process::ExitCode};

use crate::domain::session::Plan;
use crate::server::backups;
use crate::server::ops::commands;
use crate::server::ops::usage;
use crate::server::platform::config::Settings;
use crate::server::platform::db;
use crate::server::platform::startup;

pub const HELP: &str = "\
ColdCopy: cold-email sequences for B2B SaaS founders.

Usage: coldcopy [COMMAND]

Commands:
  serve                        Serve the site (the default). Settings come from the environment
                               and .env; see the README.
  migrate                      Apply the database migrations this binary carries, and stop.
  backup FILE                  Write a consistent copy of the database to FILE (safe while the
                               server runs).
  backups                      List the scheduled backups in BACKUP_DIR, with their manifests.
  restore FILE                 Replace the database with the backup FILE (a path, or a name or
                               slot from `coldcopy backups`; refused while a server uses the
                               database).
  restore --check FILE         Restore FILE into a scratch database and compare it with its
                               manifest, without touching the live one.
  grant SESSION_ID PLAN        Give a session a plan as the operator: starter (adds the Starter
        [--days N]             batch) or pro (for N days, default 30).
  stats                        Sessions, sequences, paid plans, and today's generations and
                               estimated spend.
  usage [--days N]             Sequences, tokens, timings and estimated Claude cost by day and
                               model, for the last N days (default 7).
  help                         Show this message (also -h, --help; COMMAND --help for one).

The database is DATABASE_URL (default sqlite://data/coldcopy.db).";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    Backup {
        file: PathBuf,
    },
    Restore {
        file: PathBuf,
    },
    /// `restore --check FILE`: the restore drill.
    Drill {
        file: PathBuf,
    },
    Backups,
    Grant {
        session: String,
        plan: Plan,
        days: u32,
    },
    Stats,
    Usage {
        days: u32,
    },
    Help,
    /// `COMMAND --help`: that command's usage.
    HelpFor(&'static str),
}

/// One command's usage line and what it does.
fn help_for(name: &str) -> Option<&'static str> {
    Some(match name {
        "serve" => {
            "Usage: coldcopy serve\n\nServes the site until SIGINT or SIGTERM (then finishes requests in flight)."
        }
        "migrate" => {
            "Usage: coldcopy migrate\n\nApplies every migration this binary carries to DATABASE_URL, then stops."
        }
        "backup" => {
            "Usage: coldcopy backup FILE\n\nWrites a consistent copy of DATABASE_URL to FILE, safe while servers run: SQLite\nwith VACUUM INTO, PostgreSQL with pg_dump (custom format). FILE must not exist yet."
        }
        "restore" => {
            "Usage: coldcopy restore [--check] FILE\n\nChecks that FILE is a sound ColdCopy backup, then replaces DATABASE_URL with it\n(PostgreSQL: pg_restore in one transaction). Refused while any server uses the\ndatabase: stop every server first. FILE is a path, or a backup's name or slot in\nBACKUP_DIR (see `coldcopy backups`).\n\n--check: restore FILE into a scratch database instead (a temporary SQLite file, or a\nnew PostgreSQL database dropped after) and compare its tables' rows and schema\nversion with the manifest beside it. The live database is not touched."
        }
        "backups" => {
            "Usage: coldcopy backups\n\nLists the backups ColdCopy made in BACKUP_DIR (oldest first) with their manifests:\nsize, time, engine, schema version, rows and checksum."
        }
        "grant" => {
            "Usage: coldcopy grant SESSION_ID PLAN [--days N]\n\nPLAN is starter (adds the Starter batch to the allowance) or pro (for N days,\ndefault 30). SESSION_ID is the coldcopy_session cookie's value."
        }
        "stats" => {
            "Usage: coldcopy stats\n\nSessions, sequences, paid plans, and today's (UTC) generations and estimated spend."
        }
        "usage" => {
            "Usage: coldcopy usage [--days N]\n\nSequences, tokens, timings and estimated Claude cost by day and model (N: 1 to 3650, default 7)."
        }
        _ => return None,
    })
}

fn days(n: &str, max: u32) -> Result<u32, String> {
    match n.parse::<u32>() {
        Ok(days @ 1..) if days <= max => Ok(days),
        _ => Err(format!(
            "--days needs a whole number from 1 to {max}, not `{n}`"
        )),
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["help" | "-h" | "--help"] => Ok(Command::Help),
        [name, "-h" | "--help"] => match help_for(name) {
            Some(_) => Ok(Command::HelpFor(
                [
                    "serve", "migrate", "backup", "backups", "restore", "grant", "stats", "usage",
                ]
                .into_iter()
                .find(|known| known == name)
                .expect("help_for knows it"),
            )),
            None => Err(format!("unknown command `{name}`")),
        },
        ["migrate"] => Ok(Command::Migrate),
        ["stats"] => Ok(Command::Stats),
        ["backup", file] => Ok(Command::Backup { file: file.into() }),
        ["restore", "--check", file] => Ok(Command::Drill { file: file.into() }),
        ["restore", file] => Ok(Command::Restore { file: file.into() }),
        ["backups"] => Ok(Command::Backups),
        ["backup" | "restore"] => Err(format!("{} needs a FILE", args[0])),
        ["grant", session, plan, rest @ ..] => {
            let plan = match *plan {
                "starter" => Plan::Starter,
                "pro" => Plan::Pro,
                other => return Err(format!("PLAN is starter or pro, not `{other}`")),
            };
            let days = match rest {
                [] => 30,
                ["--days", n] => days(n, 3_650)?,
                _ => return Err("grant takes only --days N after the plan".into()),
            };
            Ok(Command::Grant {
                session: (*session).to_owned(),
                plan,
                days,
            })
        }
        ["grant", ..] => Err("grant needs a SESSION_ID and a PLAN (starter or pro)".into()),
        ["usage"] => Ok(Command::Usage { days: 7 }),
        ["usage", "--days", n] => Ok(Command::Usage {
            days: days(n, 3_650)?,
        }),
        ["usage", ..] => Err("usage takes only --days N".into()),
        [cmd @ ("serve" | "migrate" | "stats" | "backups"), ..] => {
            Err(format!("{cmd} takes no arguments"))
        }
        [_, _, ..] if matches!(args[0], "backup" | "restore") => {
            Err(format!("{} takes one FILE", args[0]))
        }
        [other, ..] => Err(format!("unknown command `{other}`")),
    }
}

/// Prints the help text (needs no settings, so it works on a misconfigured machine).
pub fn help() -> ExitCode {
    println!("{HELP}");
    ExitCode::SUCCESS
}

/// Prints one command's help.
pub fn help_command(name: &str) -> ExitCode {
    println!("{}", help_for(name).unwrap_or(HELP));
    ExitCode::SUCCESS
}

/// Runs a command with loaded settings.
pub async fn run(command: Command, settings: Settings) -> ExitCode {
    match command {
        Command::Serve => startup::serve(settings).await,
        Command::Help => help(),
        Command::HelpFor(name) => help_command(name),
        other => match operate(other, &settings).await {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("coldcopy: {err}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Runs an operator command; answers what to print.
pub async fn operate(command: Command, settings: &Settings) -> Result<String, String> {
    let url = &settings.database_url;
    let dir = &settings.backups.dir;
    match &command {
        Command::Restore { file } => {
            let file = backups::listing::resolve(file, dir).map_err(|e| e.to_string())?;
            commands::restore(url, &file)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(format!(
                "restored {} from {}\n",
                db::redact(url),
                file.display()
            ));
        }
        Command::Backups => {
            let found = backups::files::list(dir).map_err(|e| e.to_string())?;
            return Ok(backups::listing::render(dir, &found));
        }
        Command::Drill { file } => {
            let drill = backups::drill::run(file, dir, url)
                .await
                .map_err(|e| e.to_string())?;
            let name = &drill.manifest.file;
            if drill.passed() {
                let tables = drill.manifest.rows.len();
                return Ok(format!(
                    "{name}: restored into a scratch database; schema version {} and the rows of all {tables} tables match its manifest\n",
                    drill.manifest.schema_version
                ));
            }
            let differences: Vec<String> = drill
                .differences
                .iter()
                .map(|(table, want, got)| format!("{table}: manifest {want}, restored {got}"))
                .collect();
            return Err(format!(
                "{name} does not restore to what its manifest says: {}",
                differences.join("; ")
            ));
        }
        _ => {}
    }
    // Every command works on an up-to-date schema (a no-op when it already is).
    let shown = db::redact(url);
    let pools = db::Pools::open(url).await.map_err(|e| match e {
        db::OpenError::Url(reason) => format!("DATABASE_URL: {reason}"),
        db::OpenError::Connect(e) => format!("cannot open the database at {shown}: {e}"),
        db::OpenError::Migrate(e) => format!("cannot migrate the database at {shown}: {e}"),
    })?;
    let url = &shown;
    let result = match command {
        Command::Migrate => Ok(format!(
            "{url}: every migration is applied ({} in this binary)\n",
            db::migration_count(pools.reader.engine())
        )),
        Command::Backup { file } => commands::backup(&pools.reader, &settings.database_url, &file)
            .await
            .map(|bytes| format!("backed up {url} to {} ({bytes} bytes)\n", file.display())),
        Command::Grant {
            session,
            plan,
            days,
        } => commands::grant(
            &pools.writer,
            &session,
            plan,
            settings.plans.starter_sequences,
            days,
        )
        .await
        .map(|done| format!("{done}\n")),
        Command::Stats => commands::stats(&pools.reader).await.map(|s| s.render()),
        Command::Usage { days } => {
            let rows = usage::summary(&pools.reader, days)
                .await
                .map_err(|e| format!("cannot read the database at {url}: {e}"))?;
            Ok(usage::render(&rows, days))
        }
        Command::Serve
        | Command::Help
        | Command::HelpFor(_)
        | Command::Restore { .. }
        | Command::Backups
        | Command::Drill { .. } => {
            unreachable!("handled above")
        }
    }
    .map_err(|e| e.to_string());
    pools.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, String> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&args)
    }

    #[test]
    fn commands_parse_and_mistakes_are_named() {
        assert_eq!(parse_str(""), Ok(Command::Serve));
        assert_eq!(parse_str("serve"), Ok(Command::Serve));
        assert_eq!(parse_str("--help"), Ok(Command::Help));
        assert_eq!(parse_str("usage --help"), Ok(Command::HelpFor("usage")));
        assert_eq!(parse_str("usage"), Ok(Command::Usage { days: 7 }));
        assert_eq!(
            parse_str("usage --days 30"),
            Ok(Command::Usage { days: 30 })
        );
        assert!(parse_str("usage --days 0").unwrap_err().contains("--days"));
        assert!(parse_str("usage --days soon").unwrap_err().contains("soon"));
        assert!(parse_str("usage 30").is_err());
        assert!(parse_str("deploy").unwrap_err().contains("`deploy`"));
        assert_eq!(parse_str("backup --help"), Ok(Command::HelpFor("backup")));
        assert!(parse_str("deploy --help").unwrap_err().contains("`deploy`"));
        assert_eq!(parse_str("migrate"), Ok(Command::Migrate));
        assert_eq!(parse_str("stats"), Ok(Command::Stats));
        assert!(parse_str("stats now").unwrap_err().contains("no arguments"));
        assert_eq!(
            parse_str("backup /tmp/b.db"),
            Ok(Command::Backup {
                file: "/tmp/b.db".into()
            })
        );
        assert!(parse_str("restore").unwrap_err().contains("FILE"));
        assert!(parse_str("restore a b").unwrap_err().contains("one FILE"));
        assert_eq!(
            parse_str("grant abc pro --days 7"),
            Ok(Command::Grant {
                session: "abc".into(),
                plan: Plan::Pro,
                days: 7
            })
        );
        assert!(parse_str("grant abc gold").unwrap_err().contains("`gold`"));
        assert!(parse_str("grant abc").unwrap_err().contains("PLAN"));
        assert_eq!(parse_str("backups"), Ok(Command::Backups));
        assert_eq!(
            parse_str("restore --check 2026-12-07T03"),
            Ok(Command::Drill {
                file: "2026-12-07T03".into()
            })
        );
        for name in [
            "serve", "migrate", "backup", "backups", "restore", "grant", "stats", "usage",
        ] {
            assert!(
                help_for(name)
                    .unwrap()
                    .starts_with(&format!("Usage: coldcopy {name}"))
            );
        }
    }
}
