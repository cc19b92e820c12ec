//! The operator's commands, in the same binary as the server: `coldcopy [serve]`,
//! `coldcopy usage [--days N]`.

use std::process::ExitCode;

use super::{config::Settings, db, startup, usage};

pub const HELP: &str = "\
ColdCopy: cold-email sequences for B2B SaaS founders.

Usage: coldcopy [COMMAND]

Commands:
  serve              Serve the site (the default). Settings come from the environment and .env;
                     see the README.
  usage [--days N]   Sequences, tokens, timings and estimated Claude cost by day and model,
                     for the last N days (default 7).
  help               Show this message (also -h, --help).";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Usage { days: u32 },
    Help,
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["help" | "-h" | "--help"] | [_, "-h" | "--help"] => Ok(Command::Help),
        ["usage"] => Ok(Command::Usage { days: 7 }),
        ["usage", "--days", n] => match n.parse::<u32>() {
            Ok(days @ 1..=3_650) => Ok(Command::Usage { days }),
            _ => Err(format!(
                "--days needs a whole number from 1 to 3650, not `{n}`"
            )),
        },
        ["usage", ..] => Err("usage takes only --days N".into()),
        ["serve", ..] => Err("serve takes no arguments".into()),
        [other, ..] => Err(format!("unknown command `{other}`")),
    }
}

/// Prints the help text (needs no settings, so it works on a misconfigured machine).
pub fn help() -> ExitCode {
    println!("{HELP}");
    ExitCode::SUCCESS
}

/// Runs a command with loaded settings.
pub async fn run(command: Command, settings: Settings) -> ExitCode {
    match command {
        Command::Serve => startup::serve(settings).await,
        Command::Help => help(),
        Command::Usage { days } => {
            let summary = async {
                let pool = db::connect(&settings.database_url).await?;
                db::migrate(&pool).await.map_err(sqlx::Error::from)?;
                usage::summary(&pool, days).await
            };
            match summary.await {
                Ok(rows) => {
                    print!("{}", usage::render(&rows, days));
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!(
                        "coldcopy usage: cannot read the database at {}: {err}",
                        settings.database_url
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
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
        assert_eq!(parse_str("usage --help"), Ok(Command::Help));
        assert_eq!(parse_str("usage"), Ok(Command::Usage { days: 7 }));
        assert_eq!(
            parse_str("usage --days 30"),
            Ok(Command::Usage { days: 30 })
        );
        assert!(parse_str("usage --days 0").unwrap_err().contains("--days"));
        assert!(parse_str("usage --days soon").unwrap_err().contains("soon"));
        assert!(parse_str("usage 30").is_err());
        assert!(parse_str("deploy").unwrap_err().contains("`deploy`"));
    }
}
