//! The ColdCopy server binary: load settings, then serve.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use coldcopy::server::{config::Settings, startup};

    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("coldcopy: cannot start: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    startup::serve(settings).await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `hydrate()` in lib.rs; this binary is only built with `ssr`.
}
