//! The ColdCopy binary: the server (the default command) and the operator's commands.

#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use coldcopy::server::ops::cli::{self, Command};
    use coldcopy::server::platform::config::Settings;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(err) => {
            eprintln!("coldcopy: {err}\n\n{}", cli::HELP);
            return std::process::ExitCode::from(2);
        }
    };
    match command {
        Command::Help => return cli::help(),
        Command::HelpFor(name) => return cli::help_command(name),
        _ => {}
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("coldcopy: cannot start: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    cli::run(command, settings).await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `hydrate()` in lib.rs; this binary is only built with `ssr`.
}
