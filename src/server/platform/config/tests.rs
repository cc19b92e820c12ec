use super::*;
use secrecy::ExposeSecret;

fn options() -> LeptosOptions {
    LeptosOptions::builder().output_name("coldcopy").build()
}

fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    Settings::from_map(options(), &vars.iter().copied().collect())
}

#[test]
fn nothing_configured_gives_working_defaults() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.database_url, "sqlite://data/coldcopy.db");
    assert!(s.anthropic.api_key.is_none());
    assert_eq!(s.anthropic.base_url.as_str(), "https://api.anthropic.com/");
    assert_eq!(s.anthropic.model, "claude-haiku-4-5");
    assert_eq!(s.anthropic.timeout, Duration::from_secs(25));
    assert_eq!(s.anthropic.max_retries, 2);
    assert_eq!(s.anthropic.deadline, Duration::from_secs(60));
    assert!(s.stripe.secret_key.is_none());
    assert!(!s.cookie_secure);
    assert_eq!(s.log_format, LogFormat::Text);
    assert_eq!(s.limits.free_sequences, 1);
    assert_eq!(
        (s.limits.session_max, s.limits.session_window.as_secs()),
        (5, 600)
    );
    assert_eq!((s.limits.ip_max, s.limits.ip_window.as_secs()), (20, 3_600));
    assert_eq!(
        (s.limits.rewrite_max, s.limits.rewrite_window.as_secs()),
        (20, 3_600)
    );
    assert_eq!(
        (
            s.limits.ip_daily_sessions,
            s.limits.ip_daily_free_generations,
            s.limits.daily_ceiling,
            s.limits.generation_enabled
        ),
        (10, 10, 5_000, true)
    );
    assert!(!s.limits.trusted_proxy);
}

#[test]
fn set_values_are_used() {
    let s = settings(&[
        ("ANTHROPIC_API_KEY", "sk-test"),
        ("ANTHROPIC_BASE_URL", "http://127.0.0.1:9999"),
        ("CLAUDE_MODEL", "claude-sonnet-4-5"),
        ("COOKIE_SECURE", "true"),
        ("LOG_FORMAT", "json"),
    ])
    .unwrap();
    assert_eq!(s.anthropic.api_key.unwrap().expose_secret(), "sk-test");
    assert_eq!(s.anthropic.base_url.port(), Some(9999));
    assert_eq!(s.anthropic.model, "claude-sonnet-4-5");
    assert!(s.cookie_secure);
    assert_eq!(s.log_format, LogFormat::Json);
}

#[test]
fn http2_without_asking_only_toward_http() {
    assert!(!settings(&[]).unwrap().anthropic.h2c);
    let s = settings(&[
        ("ANTHROPIC_BASE_URL", "http://127.0.0.1:9999"),
        ("ANTHROPIC_H2C", "true"),
    ])
    .unwrap();
    assert!(s.anthropic.h2c);
    let err = settings(&[
        ("ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
        ("ANTHROPIC_H2C", "true"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("only to an http:// ANTHROPIC_BASE_URL"),
        "{err}"
    );
}

#[test]
fn malformed_values_name_their_variable() {
    let cases = [
        ("ANTHROPIC_BASE_URL", "not a url"),
        ("STRIPE_API_BASE", "ftp://stripe.example"),
        ("COOKIE_SECURE", "maybe"),
        ("LOG_FORMAT", "xml"),
        ("CLAUDE_TIMEOUT_SECS", "0"),
        ("CLAUDE_TIMEOUT_SECS", "soon"),
        ("FREE_SEQUENCES", "-1"),
        ("CLAUDE_MAX_RETRIES", "11"),
        ("CLAUDE_DEADLINE_SECS", "0"),
        ("CLAUDE_PRICES", "haiku=cheap"),
        ("RATE_LIMIT_IP", "0"),
        ("TRUSTED_PROXY", "sometimes"),
        ("STARTER_PRICE_CENTS", "free"),
        ("PRO_DAILY_LIMIT", "0"),
        ("PUBLIC_URL", "coldcopy.example"),
        ("CONTACT_EMAIL", "nobody"),
        ("ANTHROPIC_H2C", "maybe"),
        // HTTP/2 without asking only toward an http:// address (the default is https).
        ("ANTHROPIC_H2C", "1"),
    ];
    for (var, value) in cases {
        let err = settings(&[(var, value)]).unwrap_err();
        assert!(err.to_string().starts_with(var), "{var}={value}: {err}");
    }
}

#[test]
fn payments_need_every_stripe_setting() {
    let all = [
        ("STRIPE_SECRET_KEY", "sk_test_1"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_1"),
        ("STARTER_PRICE_ID", "price_s"),
        ("PRO_PRICE_ID", "price_p"),
    ];
    let s = settings(&all).unwrap();
    assert!(s.payments_enabled());
    assert_eq!(s.plans.starter_sequences, 25);
    assert_eq!(
        (s.plans.starter_price_cents, s.plans.pro_price_cents),
        (2_900, 4_900)
    );
    for skip in 1..all.len() {
        let some: Vec<_> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, v)| *v)
            .collect();
        let err = settings(&some).unwrap_err().to_string();
        assert!(err.starts_with(all[skip].0), "{err}");
        assert!(
            err.contains("required when STRIPE_SECRET_KEY is set"),
            "{err}"
        );
    }
    assert!(!settings(&[]).unwrap().payments_enabled());
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let s = settings(&[("ANTHROPIC_API_KEY", "sk-very-secret")]).unwrap();
    assert!(!format!("{s:?}").contains("sk-very-secret"));
}

#[test]
fn empty_values_count_as_unset() {
    let s = settings(&[("ANTHROPIC_API_KEY", "  "), ("DATABASE_URL", "")]).unwrap();
    assert!(s.anthropic.api_key.is_none());
    assert_eq!(s.database_url, "sqlite://data/coldcopy.db");
}

mod leptos_toml {
    use super::*;

    /// The `[package.metadata.leptos]` table of a TOML file.
    fn leptos_table(path: &str) -> toml::Table {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
        doc["package"]["metadata"]["leptos"]
            .as_table()
            .unwrap_or_else(|| panic!("{path} has no [package.metadata.leptos]"))
            .clone()
    }

    #[test]
    fn keys_in_both_cargo_toml_and_leptos_toml_agree() {
        let build = leptos_table("Cargo.toml");
        let run = leptos_table(LEPTOS_TOML);
        let shared: Vec<_> = run.keys().filter(|k| build.contains_key(*k)).collect();
        assert!(
            shared.len() >= 5,
            "expected the site keys in both files, found {shared:?}"
        );
        for key in shared {
            assert_eq!(
                build[key], run[key],
                "`{key}` differs between Cargo.toml and Leptos.toml"
            );
        }
    }

    #[test]
    fn the_server_can_load_leptos_toml() {
        let options = load_leptos_options(LEPTOS_TOML).unwrap();
        assert_eq!(&*options.output_name, "coldcopy");
        assert_eq!(&*options.site_pkg_dir, "pkg");
    }

    #[test]
    fn a_missing_leptos_toml_is_a_clear_error() {
        let err = load_leptos_options("no-such-file.toml").unwrap_err();
        assert!(err.to_string().contains("Leptos.toml"), "{err}");
    }
}

#[test]
fn database_url_picks_the_engine_or_stops_naming_the_variable() {
    use crate::server::platform::db::Engine;
    for (url, engine) in [
        ("sqlite://data/coldcopy.db", Engine::Sqlite),
        ("sqlite::memory:", Engine::Sqlite),
        (
            "postgres://coldcopy@127.0.0.1:5432/coldcopy",
            Engine::Postgres,
        ),
        (
            "postgresql://coldcopy:pw@db.internal/coldcopy",
            Engine::Postgres,
        ),
    ] {
        let s = settings(&[("DATABASE_URL", url)]).unwrap();
        assert_eq!(Engine::of(&s.database_url), Ok(engine), "{url}");
    }
    for url in [
        "postgres:",
        "mysql://root@localhost/coldcopy",
        "data/coldcopy.db",
        "postgres://user:secret@host:notaport/db",
    ] {
        let err = settings(&[("DATABASE_URL", url)]).unwrap_err().to_string();
        assert!(err.contains("DATABASE_URL"), "{url}: {err}");
        assert!(!err.contains("secret"), "the password is shown: {err}");
    }
}

#[test]
fn a_database_password_never_reaches_a_message() {
    use crate::server::platform::db::redact;
    for (url, shown) in [
        (
            "postgres://app:s3cret@db:5432/coldcopy",
            "postgres://app:***@db:5432/coldcopy",
        ),
        (
            "postgres://app:s3cret@db:bad/coldcopy",
            "postgres://app:***@db:bad/coldcopy",
        ),
        (
            "postgres://app:p@ss@db/coldcopy",
            "postgres://app:***@db/coldcopy",
        ),
        ("postgres://app@db/coldcopy", "postgres://app@db/coldcopy"),
        ("sqlite://data/coldcopy.db", "sqlite://data/coldcopy.db"),
    ] {
        assert_eq!(redact(url), shown);
    }
}
