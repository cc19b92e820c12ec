//! A fake Anthropic Messages API on loopback that speaks the wire format: JSON bodies, or, when
//! the request asks for `"stream": true`, server-sent events (`message_start`,
//! `content_block_start`, `input_json_delta` fragments, `message_delta` with cumulative usage,
//! `message_stop`, `ping`). It follows a script of replies (error statuses with headers,
//! `error` events mid-stream, connections cut mid-stream, hangs), streams at a configurable token
//! rate, and records every request. Also built as `examples/fake_claude.rs` for benchmarks and
//! the browser tests, where not every item is used.
#![allow(
    dead_code,
    reason = "shared with the fake_claude example, which uses a part"
)]

use std::{
    collections::VecDeque,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, Uri, Version},
    response::{
        IntoResponse, Response,
        sse::{Event, Sse},
    },
    routing::{get, post},
};
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

/// Put this in a form field to make the fake send two emails and then an `error` event.
pub const FAIL_MID_STREAM: &str = "FAKE_FAIL_MID_STREAM";
/// Put this in a lead's column to make the fake invent a fact for that lead's first line.
pub const INVENT: &str = "FAKE_INVENT";
/// In a lead's column: that request of a batch errors.
pub const BATCH_ERROR: &str = "fake-batch-error";
/// In a lead's column: that request of a batch expires.
pub const BATCH_EXPIRE: &str = "fake-batch-expire";

/// A batch the fake holds: its requests (`custom_id`, `params`) and how often it was retrieved.
#[derive(Clone, Debug, Default)]
pub struct FakeBatch {
    pub requests: Vec<(String, Value)>,
    pub retrieved: u32,
}

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
    /// Streams `emails` complete emails, then an `error` event of this type (after a 200).
    StreamError { emails: usize, kind: &'static str },
    /// Streams `emails` complete emails, then drops the connection.
    Cut { emails: usize },
    /// Streams `emails` complete emails, then sends nothing more (the connection stays open).
    Stall { emails: usize },
    /// Never answers (until the client gives up).
    Hang,
    /// A `write_email` call whose subject A is empty (an unusable rewrite).
    EmptyEmail,
    /// A complete sequence whose every email has empty subjects and body (unusable content).
    Blank,
}

/// A request the fake received.
#[derive(Clone, Debug)]
pub struct Received {
    /// HTTP/1.1, or HTTP/2 (the client speaks it without asking when `ANTHROPIC_H2C` is set).
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Value,
    /// When it arrived.
    pub at: std::time::Instant,
}

#[derive(Clone, Default)]
struct Shared {
    script: Arc<Mutex<VecDeque<Reply>>>,
    received: Arc<Mutex<Vec<Received>>>,
    pace: Pace,
    batches: Arc<Mutex<Vec<FakeBatch>>>,
    /// Connections accepted.
    connections: Arc<AtomicUsize>,
}

/// How fast a streamed answer comes.
#[derive(Clone, Copy, Debug, Default)]
pub enum Pace {
    /// As fast as it can.
    #[default]
    Instant,
    /// This many output tokens per second (about 4 characters each).
    TokensPerSec(f64),
    /// The whole answer spread evenly over this time, however long it is (benchmarks).
    Total(Duration),
}

impl From<Option<f64>> for Pace {
    fn from(tokens_per_sec: Option<f64>) -> Self {
        tokens_per_sec.map_or(Pace::Instant, Pace::TokensPerSec)
    }
}

pub struct FakeClaude {
    pub base_url: String,
    shared: Shared,
}

impl FakeClaude {
    /// Starts the fake on a free port; with an empty script it answers every request with a
    /// valid sequence, at once.
    pub async fn start(script: impl IntoIterator<Item = Reply>) -> Self {
        Self::start_at("127.0.0.1:0", script, Pace::Instant).await
    }

    /// Starts the fake on `addr`, streaming at `pace` (or a tokens-per-second `Option<f64>`).
    pub async fn start_at(
        addr: &str,
        script: impl IntoIterator<Item = Reply>,
        pace: impl Into<Pace>,
    ) -> Self {
        let shared = Shared {
            pace: pace.into(),
            ..Shared::default()
        };
        shared.script.lock().unwrap().extend(script);
        let app = Router::new()
            .route("/v1/messages", post(messages))
            .route("/healthz", get(|| async { "ok" }))
            .route("/stats", get(stats))
            .route("/v1/messages/batches", post(create_batch))
            .route("/v1/messages/batches/{id}", get(retrieve_batch))
            .route("/v1/messages/batches/{id}/results", get(batch_results))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        // Like the real API: each SSE event goes out at once, not after the client's delayed ACK.
        let connections = shared.connections.clone();
        let listener = axum::serve::ListenerExt::tap_io(listener, move |tcp| {
            let _ = tcp.set_nodelay(true);
            connections.fetch_add(1, Ordering::Relaxed);
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base_url, shared }
    }

    /// Adds a reply to the end of the script.
    pub fn push(&self, reply: Reply) {
        self.shared.script.lock().unwrap().push_back(reply);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// The batches created so far, in order.
    pub fn batches(&self) -> Vec<FakeBatch> {
        self.shared.batches.lock().unwrap().clone()
    }
}

fn batch_object(index: usize, batch: &FakeBatch, ended: bool, host: &str) -> Value {
    let id = format!("msgbatch_fake_{index}");
    let n = batch.requests.len();
    json!({
        "id": id,
        "type": "message_batch",
        "processing_status": if ended { "ended" } else { "in_progress" },
        "request_counts": {
            "processing": if ended { 0 } else { n },
            "succeeded": if ended { n } else { 0 },
            "errored": 0, "canceled": 0, "expired": 0
        },
        "created_at": "2026-12-03T10:00:00Z",
        "expires_at": "2026-12-04T10:00:00Z",
        "ended_at": if ended { json!("2026-12-03T10:05:00Z") } else { Value::Null },
        "results_url": if ended { json!(format!("http://{host}/v1/messages/batches/{id}/results")) } else { Value::Null },
    })
}

/// The address the client asked for: `Host` on HTTP/1.1, the `:authority` on HTTP/2.
fn host(headers: &HeaderMap, uri: &Uri) -> String {
    headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .unwrap_or("127.0.0.1")
        .to_owned()
}

/// `POST /v1/messages/batches`: holds the requests; in progress until retrieved once.
async fn create_batch(
    State(shared): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if headers.get("x-api-key").is_none() || headers.get("anthropic-version").is_none() {
        return error(401, "authentication_error", &[]);
    }
    let requests: Vec<(String, Value)> = body["requests"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|r| {
                    (
                        r["custom_id"].as_str().unwrap_or_default().to_owned(),
                        r["params"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if requests.is_empty() {
        return error(400, "invalid_request_error", &[]);
    }
    let mut batches = shared.batches.lock().unwrap();
    batches.push(FakeBatch {
        requests,
        retrieved: 0,
    });
    let index = batches.len() - 1;
    Json(batch_object(
        index,
        &batches[index],
        false,
        &host(&headers, &uri),
    ))
    .into_response()
}

fn batch_index(id: &str) -> Option<usize> {
    id.strip_prefix("msgbatch_fake_")?.parse().ok()
}

/// `GET /v1/messages/batches/{id}`: in progress the first time, ended after.
async fn retrieve_batch(
    State(shared): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let mut batches = shared.batches.lock().unwrap();
    let Some(batch) = batch_index(&id).and_then(|i| batches.get_mut(i)) else {
        return error(404, "not_found_error", &[]);
    };
    batch.retrieved += 1;
    let ended = batch.retrieved > 1;
    let batch = batch.clone();
    Json(batch_object(
        batch_index(&id).unwrap(),
        &batch,
        ended,
        &host(&headers, &uri),
    ))
    .into_response()
}

/// `GET /v1/messages/batches/{id}/results`: one JSON line per request, in no promised order
/// (the fake answers last first, as the API may).
async fn batch_results(
    State(shared): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let batches = shared.batches.lock().unwrap();
    let Some(batch) = batch_index(&id).and_then(|i| batches.get(i)) else {
        return error(404, "not_found_error", &[]);
    };
    let mut lines = Vec::new();
    for (custom_id, params) in batch.requests.iter().rev() {
        let prompt = params["messages"][0]["content"]
            .as_str()
            .unwrap_or_default();
        let model = format!(
            "{}-20251001",
            params["model"].as_str().unwrap_or("claude-haiku-4-5")
        );
        let result = if prompt.contains(BATCH_ERROR) {
            json!({"type": "errored", "error": {"type": "error", "error": {"type": "overloaded_error", "message": "fake"}}})
        } else if prompt.contains(BATCH_EXPIRE) {
            json!({"type": "expired"})
        } else {
            json!({"type": "succeeded", "message": message_calling(&model, "write_first_line", first_line(prompt))})
        };
        lines.push(json!({"custom_id": custom_id, "result": result}).to_string());
    }
    (
        [(axum::http::header::CONTENT_TYPE, "application/binary")],
        lines.join("\n") + "\n",
    )
        .into_response()
}

/// The most requests that arrived within any one second, of those `which` keeps.
pub fn max_per_second(received: &[Received], which: impl Fn(&Received) -> bool) -> usize {
    let mut times: Vec<std::time::Instant> =
        received.iter().filter(|r| which(r)).map(|r| r.at).collect();
    times.sort();
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].duration_since(times[start]) >= Duration::from_secs(1) {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

/// `GET /stats`: how many calls of each kind arrived, and the most first-line calls within
/// any one second (the benchmark reads it).
async fn stats(State(shared): State<Shared>) -> Json<Value> {
    let received = shared.received.lock().unwrap().clone();
    let first_line = |r: &Received| r.body["tools"][0]["name"] == "write_first_line";
    Json(json!({
        "calls": received.len(),
        "first_line_calls": received.iter().filter(|r| first_line(r)).count(),
        "first_line_max_per_second": max_per_second(&received, first_line),
        "max_per_second": max_per_second(&received, |_| true),
        "connections": shared.connections.load(Ordering::Relaxed),
        "http2_calls": received.iter().filter(|r| r.version == Version::HTTP_2).count(),
    }))
}

async fn messages(
    State(shared): State<Shared>,
    version: Version,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    shared.received.lock().unwrap().push(Received {
        version,
        headers,
        body: body.clone(),
        at: std::time::Instant::now(),
    });
    // The browser tests cannot script the fake; a marker in the form's content asks it to fail.
    let marked = body["messages"][0]["content"]
        .as_str()
        .is_some_and(|prompt| prompt.contains(FAIL_MID_STREAM));
    let scripted = shared.script.lock().unwrap().pop_front();
    let reply = match scripted {
        _ if marked => Reply::StreamError {
            emails: 2,
            kind: "overloaded_error",
        },
        Some(reply) => reply,
        None => Reply::Sequence,
    };
    // A lead's first line: the `write_first_line` tool, answered unstreamed.
    if body["tools"][0]["name"] == "write_first_line" {
        match reply {
            Reply::Error(status, kind) => return error(status, kind, &[]),
            Reply::ErrorWith(status, kind, headers) => return error(status, kind, headers),
            Reply::Hang => {
                tokio::time::sleep(Duration::from_secs(3_600)).await;
                return StatusCode::GATEWAY_TIMEOUT.into_response();
            }
            _ => {}
        }
        let prompt = body["messages"][0]["content"].as_str().unwrap_or_default();
        let input = first_line(prompt);
        match shared.pace {
            Pace::Instant => {}
            Pace::Total(total) => tokio::time::sleep(total).await,
            Pace::TokensPerSec(rate) => {
                let tokens = output_tokens(&input.to_string()) as f64;
                tokio::time::sleep(Duration::from_secs_f64(tokens / rate)).await;
            }
        }
        let model = format!(
            "{}-20251001",
            body["model"].as_str().unwrap_or("claude-haiku-4-5")
        );
        return Json(message_calling(&model, "write_first_line", input)).into_response();
    }
    // An answer to a lead's reply: the `write_answer` tool, answered unstreamed; a rewrite says
    // which instruction it followed.
    if body["tools"][0]["name"] == "write_answer" && matches!(reply, Reply::Sequence) {
        let model = format!(
            "{}-20251001",
            body["model"].as_str().unwrap_or("claude-haiku-4-5")
        );
        let prompt = body["messages"][0]["content"].as_str().unwrap_or_default();
        let between = |open: &str, close: &str| {
            prompt
                .split_once(open)
                .and_then(|(_, rest)| rest.split_once(close))
                .map(|(inside, _)| inside.trim().to_owned())
        };
        let mut text = format!(
            "Hi {},\n\nGlad you asked. Tuesday at 15:00 works for a 15-minute look.",
            between("<lead_name>", "</lead_name>").unwrap_or_default()
        );
        if let Some(instruction) = between("<instruction>", "</instruction>") {
            text = format!("{text}\n\n(Rewritten: {instruction}.)");
        }
        let signature = between("<signature>", "</signature>").unwrap_or_default();
        let input = json!({ "body": format!("{text}\n\n{signature}") });
        return Json(message_calling(&model, "write_answer", input)).into_response();
    }
    // A one-email rewrite: the `write_email` tool, answered unstreamed.
    if body["tools"][0]["name"] == "write_email"
        && matches!(reply, Reply::Sequence | Reply::EmptyEmail)
    {
        let model = format!(
            "{}-20251001",
            body["model"].as_str().unwrap_or("claude-haiku-4-5")
        );
        let mut email = rewritten_email();
        if matches!(reply, Reply::EmptyEmail) {
            email["subject_a"] = json!("  ");
        }
        return Json(message_calling(&model, "write_email", email)).into_response();
    }
    let wanted = body["tools"][0]["input_schema"]["properties"]["emails"]["minItems"]
        .as_u64()
        .unwrap_or(5) as usize;
    let streaming = body["stream"].as_bool() == Some(true);
    let (emails, ending) = match reply {
        Reply::Sequence | Reply::Blank => (wanted, Ending::Complete),
        Reply::WrongCount | Reply::EmptyEmail => (wanted - 1, Ending::Complete),
        Reply::StreamError { emails, kind } => (emails, Ending::Error(kind)),
        Reply::Cut { emails } => (emails, Ending::Cut),
        Reply::Stall { emails } => (emails, Ending::Stall),
        Reply::Error(status, kind) => return error(status, kind, &[]),
        Reply::ErrorWith(status, kind, headers) => return error(status, kind, headers),
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3_600)).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
    };
    let model = format!(
        "{}-20251001",
        body["model"].as_str().unwrap_or("claude-haiku-4-5")
    );
    let mut values = email_values(emails);
    if matches!(reply, Reply::Blank) {
        for email in &mut values {
            for field in ["subject_a", "subject_b", "body"] {
                email[field] = json!(" ");
            }
        }
    }
    let input = json!({ "emails": values });
    if streaming {
        sse(model, &input, ending, shared.pace)
    } else {
        Json(message(&model, input)).into_response()
    }
}

/// The fake's first line for the lead in `prompt`'s `<lead>` block: the first sentence of
/// its first fact column, stated; no signal when that sentence names nothing specific; an
/// invented keynote when a column holds [`INVENT`].
pub fn first_line(prompt: &str) -> Value {
    const CONTACT: [&str; 5] = [
        "First name:",
        "Last name:",
        "Company:",
        "Job title:",
        "Website:",
    ];
    let block = prompt
        .split_once("<lead>\n")
        .and_then(|(_, rest)| rest.split_once("</lead>"))
        .map_or("", |(block, _)| block);
    let facts: Vec<&str> = block
        .lines()
        .filter(|line| !CONTACT.iter().any(|label| line.starts_with(label)))
        .filter_map(|line| line.split_once(": ").map(|(_, value)| value.trim()))
        .filter(|value| !value.is_empty())
        .collect();
    if facts.iter().any(|fact| fact.contains(INVENT)) {
        return json!({
            "signal": true,
            "line": "Saw your keynote at Davos last week and it stuck with me.",
            "fact": "keynote at Davos"
        });
    }
    let Some(first) = facts.first() else {
        return json!({"signal": false, "line": "", "fact": ""});
    };
    let sentence = first
        .split_inclusive(". ")
        .next()
        .unwrap_or(first)
        .trim()
        .trim_end_matches('.');
    let specific = sentence.split_whitespace().enumerate().any(|(i, word)| {
        word.chars().any(|c| c.is_ascii_digit())
            || (i > 0 && word.chars().next().is_some_and(char::is_uppercase))
    });
    if !specific {
        return json!({"signal": false, "line": "", "fact": ""});
    }
    json!({
        "signal": true,
        "line": format!("Saw that {sentence}."),
        "fact": sentence
    })
}

/// How a streamed answer ends.
#[derive(Clone, Copy)]
enum Ending {
    Complete,
    Error(&'static str),
    Cut,
    Stall,
}

/// An error response in Anthropic's envelope.
fn error(status: u16, kind: &str, headers: &[(&'static str, &'static str)]) -> Response {
    let mut res = (
        StatusCode::from_u16(status).unwrap(),
        Json(error_body(kind)),
    )
        .into_response();
    for (name, value) in headers {
        res.headers_mut().insert(*name, value.parse().unwrap());
    }
    res
}

fn error_body(kind: &str) -> Value {
    json!({"type": "error", "error": {"type": kind, "message": "fake failure"}})
}

/// `n` emails of realistic length (about 90 words each), days 0, 3, 7, ….
fn email_values(n: usize) -> Vec<Value> {
    const DAYS: [u64; 8] = [0, 3, 7, 14, 21, 28, 35, 42];
    (0..n)
        .map(|i| {
            json!({
                "step": i + 1,
                "send_day": DAYS[i],
                "subject_a": format!("Subject A {}", i + 1),
                "subject_b": format!("Subject B {}", i + 1),
                "body": format!(
                    "Hi {{{{first_name}}}},\n\nClaude body {}. Most finance teams we talk to lose \
                     the first week of every month to matching payouts against invoices by hand, \
                     and the close slips every time a customer pays in two parts. We built a \
                     matcher that reads every payout, pairs it with the right invoices and flags \
                     only the exceptions, so a controller reviews ten lines instead of a thousand. \
                     Teams like yours close in two days instead of seven.\n\nWorth a 15-minute \
                     look next week?\n\n{{{{sender_name}}}}",
                    i + 1
                ),
            })
        })
        .collect()
}

/// The fake's rewrite of one email: short, one ask, every check passing.
pub fn rewritten_email() -> Value {
    json!({
        "subject_a": "Rewritten subject A",
        "subject_b": "Rewritten subject B",
        "body": "Hi {{first_name}},\n\nRewritten by the fake. Month-end close at \
                 {{company_name}} could take two days, not seven.\n\nWorth a look next \
                 week?\n\n{{sender_name}}"
    })
}

/// A Messages API response carrying a `write_sequence` call.
fn message(model: &str, input: Value) -> Value {
    message_calling(model, "write_sequence", input)
}

/// A Messages API response carrying a call of `tool`.
fn message_calling(model: &str, tool: &str, input: Value) -> Value {
    json!({
        "id": "msg_fake_01",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [
            {"type": "tool_use", "id": "toolu_fake_01", "name": tool, "input": input}
        ],
        "stop_reason": "tool_use",
        "stop_sequence": null,
        "usage": {"input_tokens": 900, "output_tokens": output_tokens(&input.to_string())}
    })
}

/// Roughly four characters per token, as Claude's tokenizer averages on English.
fn output_tokens(text: &str) -> u64 {
    (text.len() as u64).div_ceil(4)
}

/// Characters per `input_json_delta` fragment (about three tokens, like the real API sends).
const FRAGMENT_CHARS: usize = 12;

/// The answer as server-sent events, at `pace`.
fn sse(model: String, input: &Value, ending: Ending, pace: Pace) -> Response {
    let text = input.to_string();
    // Another ending cuts the tool input right after its last complete email: the text ends
    // with `]}`, so everything before those two characters.
    let cut_at = match ending {
        Ending::Complete => text.len(),
        _ => text.len() - 2,
    };
    let event = |name: &str, data: Value| Event::default().event(name).data(data.to_string());
    let mut head = vec![
        event(
            "message_start",
            json!({"type": "message_start", "message": {
                "id": "msg_fake_01", "type": "message", "role": "assistant", "content": [],
                "model": model, "stop_reason": null, "stop_sequence": null,
                "usage": {"input_tokens": 900, "output_tokens": 1}}}),
        ),
        event(
            "content_block_start",
            json!({"type": "content_block_start", "index": 0, "content_block":
                {"type": "tool_use", "id": "toolu_fake_01", "name": "write_sequence", "input": {}}}),
        ),
        event("ping", json!({"type": "ping"})),
    ];
    let chars: Vec<char> = text[..cut_at].chars().collect();
    for fragment in chars.chunks(FRAGMENT_CHARS) {
        let partial: String = fragment.iter().collect();
        head.push(event(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": 0,
                   "delta": {"type": "input_json_delta", "partial_json": partial}}),
        ));
    }
    let tail = match ending {
        Ending::Complete => vec![
            event(
                "content_block_stop",
                json!({"type": "content_block_stop", "index": 0}),
            ),
            event(
                "message_delta",
                json!({"type": "message_delta",
                       "delta": {"stop_reason": "tool_use", "stop_sequence": null},
                       "usage": {"output_tokens": output_tokens(&text)}}),
            ),
            event("message_stop", json!({"type": "message_stop"})),
        ],
        Ending::Error(kind) => vec![event("error", error_body(kind))],
        Ending::Cut | Ending::Stall => vec![],
    };
    let events_sent = head.len() + tail.len();
    let pause = match pace {
        Pace::Instant => Duration::ZERO,
        Pace::TokensPerSec(rate) => Duration::from_secs_f64(FRAGMENT_CHARS as f64 / 4.0 / rate),
        Pace::Total(total) => total / u32::try_from(events_sent.max(1)).unwrap_or(u32::MAX),
    };
    let events = stream::iter(head.into_iter().chain(tail))
        .then(move |event| async move {
            if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            Ok::<_, std::io::Error>(event)
        })
        .chain(
            stream::iter(matches!(ending, Ending::Cut).then_some(()))
                // Let what was sent reach the client before the connection drops.
                .then(|()| async {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(std::io::Error::other("connection cut by the fake"))
                }),
        );
    let stall = stream::iter(matches!(ending, Ending::Stall).then_some(()))
        .then(|()| std::future::pending::<Result<Event, std::io::Error>>());
    Sse::new(events.chain(stall)).into_response()
}
