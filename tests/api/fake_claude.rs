//! A fake Anthropic Messages API on loopback: answers in the real wire format (JSON bodies,
//! status codes, error envelopes), follows a script of replies, and records every request.
//! Also built as `examples/fake_claude.rs` for benchmarks, where not every item is used.
#![allow(
    dead_code,
    reason = "shared with the fake_claude example, which uses a part"
)]

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

/// What the fake does for one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A valid `write_sequence` tool call with as many emails as the request asks for.
    Sequence,
    /// A tool call whose sequence has one email too few.
    WrongCount,
    /// An error status with Anthropic's error envelope.
    Error(u16, &'static str),
    /// The same, with extra response headers (`retry-after`, `x-should-retry`, …).
    ErrorWith(u16, &'static str, &'static [(&'static str, &'static str)]),
    /// Never answers (until the client gives up).
    Hang,
}

/// A request the fake received.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Shared {
    script: Arc<Mutex<VecDeque<Reply>>>,
    received: Arc<Mutex<Vec<Received>>>,
}

pub struct FakeClaude {
    pub base_url: String,
    shared: Shared,
}

impl FakeClaude {
    /// Starts the fake on a free port; with an empty script it answers every request with a
    /// valid sequence.
    pub async fn start(script: impl IntoIterator<Item = Reply>) -> Self {
        Self::start_at("127.0.0.1:0", script).await
    }

    /// Starts the fake on `addr`.
    pub async fn start_at(addr: &str, script: impl IntoIterator<Item = Reply>) -> Self {
        let shared = Shared::default();
        shared.script.lock().unwrap().extend(script);
        let app = Router::new()
            .route("/v1/messages", post(messages))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base_url, shared }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }
}

async fn messages(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    shared.received.lock().unwrap().push(Received {
        headers,
        body: body.clone(),
    });
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or(Reply::Sequence);
    let wanted = body["tools"][0]["input_schema"]["properties"]["emails"]["minItems"]
        .as_u64()
        .unwrap_or(5) as usize;
    match reply {
        Reply::Sequence => Json(message(&body, wanted)).into_response(),
        Reply::WrongCount => Json(message(&body, wanted - 1)).into_response(),
        Reply::Error(status, kind) => error(status, kind, &[]),
        Reply::ErrorWith(status, kind, headers) => error(status, kind, headers),
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3_600)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}

/// An error response in Anthropic's envelope.
fn error(status: u16, kind: &str, headers: &[(&'static str, &'static str)]) -> Response {
    let mut res = (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"type": "error", "error": {"type": kind, "message": "fake failure"}})),
    )
        .into_response();
    for (name, value) in headers {
        res.headers_mut().insert(*name, value.parse().unwrap());
    }
    res
}

/// A Messages API response carrying a `write_sequence` call with `n` emails.
fn message(request: &Value, n: usize) -> Value {
    const DAYS: [u64; 7] = [0, 3, 7, 14, 21, 28, 35];
    let emails: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "step": i + 1,
                "send_day": DAYS[i],
                "subject_a": format!("Subject A {}", i + 1),
                "subject_b": format!("Subject B {}", i + 1),
                "body": format!("Hi {{{{first_name}}}},\n\nClaude body {}.\n\n{{{{sender_name}}}}", i + 1)
            })
        })
        .collect();
    json!({
        "id": "msg_fake_01",
        "type": "message",
        "role": "assistant",
        "model": format!("{}-20251001", request["model"].as_str().unwrap_or("claude")),
        "content": [
            {"type": "tool_use", "id": "toolu_fake_01", "name": "write_sequence", "input": {"emails": emails}}
        ],
        "stop_reason": "tool_use",
        "stop_sequence": null,
        "usage": {"input_tokens": 900, "output_tokens": 1200}
    })
}
