//! The benchmark's baseline: a bare axum handler serving fixed bytes, so the SSR landing page's
//! throughput can be read as a ratio to what axum itself does on the same machine in the same run.
//!
//! `cargo run --release --example bare_axum -- ADDR FILE` serves FILE's bytes as `text/html` at `/`.

use axum::{Router, http::header, routing::get};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_axum ADDR FILE");
        return std::process::ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => axum::body::Bytes::from(bytes),
        Err(err) => {
            eprintln!("bare_axum: cannot read {path}: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let app = Router::new().route(
        "/",
        get(move || {
            let bytes = bytes.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes) }
        }),
    );
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("bare_axum: cannot listen on {addr}: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("bare axum listening on http://{addr}");
    match axum::serve(listener, app).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bare_axum: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
