//! Builds the state and the router once, binds the listener and serves until a signal.

use std::{convert::Infallible, net::SocketAddr, process::ExitCode, sync::OnceLock};

use axum::{
    Router,
    extract::Request,
    middleware,
    response::Response,
    routing::{get, post},
    serve::ListenerExt,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, render_app_async_with_context,
};
use tokio::net::{TcpListener, TcpSocket};
use tower::{Service, service_fn};
use tower_http::{limit::RequestBodyLimitLayer, services::ServeDir, trace::TraceLayer};

use crate::app::{App, shell};
use crate::server::billing::webhook;
use crate::server::platform::background;
use crate::server::platform::config::Settings;
use crate::server::platform::db;
use crate::server::platform::delivery;
use crate::server::platform::error_status::set_error_status;
use crate::server::platform::health;
use crate::server::platform::islands;
use crate::server::platform::metrics;
use crate::server::platform::page_cache;
use crate::server::platform::request_id;
use crate::server::platform::security;
use crate::server::platform::state::AppState;
use crate::server::platform::telemetry;
use crate::server::sequences::export;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Database(#[from] db::OpenError),
    #[error("{0}")]
    Lock(#[from] crate::server::ops::commands::OpsError),
    #[error("{0}")]
    MailboxKey(#[from] crate::server::mail::key::KeyError),
    #[error("MAIL_CA_FILE is not valid: {0}")]
    CaFile(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    /// `METRICS_ADDR`: the private listener that serves only `/metrics`.
    metrics_listener: Option<TcpListener>,
    router: Router,
    state: AppState,
    /// Held while serving, so `coldcopy restore` refuses to swap the database underneath.
    _lock: crate::server::ops::locks::ServerLock,
}

impl Application {
    /// Opens and migrates the database, builds the state and router, and binds the address
    /// in the settings (port 0 picks a free port).
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let lock = crate::server::ops::locks::lock_for_serving(&settings.database_url).await?;
        let mailboxes = crate::server::mail::MailboxTools::from_settings(&settings)?;
        let pools = db::Pools::open(&settings.database_url).await?;
        let addr = settings.leptos.site_addr;
        let state = AppState::new(settings, pools, mailboxes);
        background::spawn_reservation_sweeper(&state, lock.sole).await;
        background::spawn_lease_keeper(state.writer.clone()).await;
        crate::server::leads::worker::spawn(&state);
        crate::server::campaigns::spawn(&state);
        if state.settings.backups.enabled {
            crate::server::backups::Backups::from_state(&state).spawn();
        }
        let listener = bind(addr).map_err(|source| StartupError::Bind { addr, source })?;
        let metrics_listener = match state.settings.metrics.addr {
            None => None,
            Some(addr) => Some(bind(addr).map_err(|source| StartupError::Bind { addr, source })?),
        };
        Ok(Self {
            router: router(state.clone()),
            listener,
            metrics_listener,
            state,
            _lock: lock,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The address the private metrics listener bound, when `METRICS_ADDR` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|listener| listener.local_addr().ok())
    }

    /// The state the router serves with.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish and waits (up to
    /// `SHUTDOWN_GRACE_SECS`) for generations still writing in their own tasks, so a visitor
    /// who already left still gets the sequence saved.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        let metrics_server = self.metrics_listener.map(|listener| {
            let router = Router::new()
                .route("/metrics", get(metrics::scrape))
                .with_state(state.clone());
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        // Streamed answers are many small writes: without TCP_NODELAY each one after the first
        // can wait for the client's delayed ACK (40 ms on Linux) on a kept-alive connection.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::debug!(error = %err, "could not set TCP_NODELAY");
            }
        });
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        drain_generations(&state).await;
        if let Some(server) = metrics_server {
            server.abort();
        }
        served
    }
}

/// Connections waiting to be accepted (the kernel caps it at `net.core.somaxconn`). Tokio's
/// default, 1,024, overflowed under a burst of 2,000 new visitors: the rest waited for the
/// client's SYN retry, a second later.
const LISTEN_BACKLOG: u32 = 4_096;

/// Binds `addr` for serving, with `LISTEN_BACKLOG`.
fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// The production router: pages, server functions, health, static files and the 404 page,
/// with the constant pages kept in memory in front of it all (`page_cache`).
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    // Without a token there is no `/metrics` here at all (the 404 page answers).
    let metrics_route = if state.settings.metrics.token.is_some() {
        Router::new().route("/metrics", get(metrics::scrape_with_token))
    } else {
        Router::new()
    };
    // `leptos_routes` registers every server function and gives each render and call `AppState`.
    let app = Router::new()
        .merge(metrics_route)
        .route("/healthz", get(health::healthz))
        .route(
            "/lang/{code}",
            get(crate::server::platform::language::switch),
        )
        .route("/readyz", get(health::readyz))
        .route("/webhooks/stripe", post(webhook::stripe))
        .route("/s/{id}/export/{format}", get(export::download))
        .leptos_routes(&state, routes, {
            // Behind an Arc: axum clones each route's handler, and this closure with it, for
            // every request (a page kept in memory then costs no LeptosOptions clone).
            let options = std::sync::Arc::new(state.leptos_options.clone());
            move || shell(LeptosOptions::clone(&options))
        })
        // The site's files (`/pkg/…`, `/favicon.svg`), with the `.br`/`.gz` copies the release
        // build writes beside them (`platform::delivery`); any other path gets the 404 page.
        .fallback_service(
            ServeDir::new(&*state.leptos_options.site_root)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false)
                .fallback(not_found_page(state.clone())),
        )
        // A page GET's one session lookup; the wasm only on a page with an island.
        .layer(middleware::from_fn(islands::page))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        // The lead lists' forms and files, with the upload's own body limit (server/leads).
        .merge(crate::server::leads::routes::router())
        // The campaigns' forms and the unsubscribe links' one-click POST (server/campaigns).
        .merge(crate::server::campaigns::routes::router())
        .merge(crate::server::inbox::routes::router())
        .layer(middleware::map_response(set_error_status))
        .layer(middleware::from_fn(delivery::vary_and_cache_control))
        .layer(delivery::compression())
        .layer(middleware::from_fn(security::same_origin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        // Runs after routing (so it sees the route pattern) and outside every refusal above.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(request_id::request_id))
        .with_state(state.clone());
    page_cache::in_front_of(state, app)
}

/// Renders the 404 page (it sets its own status: pages::not_found) for a path that is neither a
/// route nor a file.
///
/// Files are served by `ServeDir` above, not `leptos_axum::file_and_error_handler`: for a file
/// it found, that handler looked for response headers in a reactive owner made as a child of
/// whichever owner its worker thread had last run, and took the headers, our page's
/// Content-Security-Policy among them, of a page rendering beside it. Under load about one page
/// in eight then arrived with the files' `default-src 'none'` and loaded neither its CSS nor its
/// wasm (tests/api/security.rs).
fn not_found_page(
    state: AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send {
    let options = std::sync::Arc::new(state.leptos_options.clone());
    let render = render_app_async_with_context(
        move || provide_context(state.clone()),
        move || shell(LeptosOptions::clone(&options)),
    );
    service_fn(move |request: Request| {
        let page = render(request);
        async move { Ok(page.await) }
    })
}

/// The app's routes, generated once per process. While `generate_route_list` runs, Leptos
/// stops every resource in the process from loading (a process-wide flag in leptos_server), so
/// generating routes while another router serves pages (several apps in one process, as in the
/// integration tests) left those renders waiting forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Waits for the generations in flight, up to the grace period.
async fn drain_generations(state: &AppState) {
    let tracker = &state.generations;
    tracker.close();
    let running = tracker.len();
    if running == 0 {
        return;
    }
    let grace = state.settings.limits.shutdown_grace;
    tracing::info!(
        running,
        grace_secs = grace.as_secs(),
        "waiting for generations in flight"
    );
    match tokio::time::timeout(grace, tracker.wait()).await {
        Ok(()) => tracing::info!("every generation in flight finished"),
        Err(_) => tracing::warn!(
            unfinished = tracker.len(),
            "the grace period ended: unfinished generations are abandoned (nothing half-saved; their reservations are given back at the next start)"
        ),
    }
}

/// Runs the server with `settings` until SIGINT or SIGTERM; the process exit code says how it ended.
pub async fn serve(settings: Settings) -> ExitCode {
    if let Err(err) = telemetry::init(&settings) {
        eprintln!("coldcopy: cannot start: {err}");
        return ExitCode::from(2);
    }
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(err) => {
            tracing::error!(error = %err, "start-up failed");
            eprintln!("coldcopy: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    let state = app.state().clone();
    tracing::info!(
        address = %app.local_addr(),
        claude = if state.settings.anthropic.api_key.is_some() { "configured" } else { "offline composer" },
        "ColdCopy is listening on http://{}",
        app.local_addr()
    );
    let result = app.run_until(shutdown_signal()).await;
    state.reader.close().await;
    state.writer.close().await;
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(err) => {
            tracing::error!(error = %err, "the server stopped with an error");
            ExitCode::FAILURE
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
