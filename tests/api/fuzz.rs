//! A bounded loopback fuzz: thousands of malformed requests (bodies, content types, cookies,
//! origins, query strings, methods) to every endpoint; none may get a 5xx or leak internal text.

use crate::fakes::stripe::FakeStripe;
use crate::helpers::valid_form;

const PATHS: &[&str] = &[
    "/",
    "/generate",
    "/pricing",
    "/history",
    "/privacy",
    "/terms",
    "/billing/success",
    "/billing/cancel",
    "/restore/abc",
    "/s/00000000-0000-4000-8000-000000000000",
    "/s/x/export/csv",
    "/api/session",
    "/api/sequence",
    "/api/history",
    "/api/generate",
    "/api/generate/stream",
    "/api/sequence/email",
    "/api/sequence/revert",
    "/api/sequence/rewrite",
    "/api/sequence/delete",
    "/api/checkout",
    "/api/checkout/status",
    "/api/billing/portal",
    "/api/restore",
    "/api/restore/new",
    "/api/restore/revoke",
    "/webhooks/stripe",
    "/healthz",
    "/readyz",
    "/metrics",
    "/pkg/coldcopy.wasm",
    "/nope/%ff%fe",
];

const CONTENT_TYPES: &[&str] = &[
    "application/x-www-form-urlencoded",
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/cbor",
    "",
];

/// Junk of every kind: bytes, broken JSON, broken forms, huge fields.
fn junk(rng: &mut fastrand::Rng) -> Vec<u8> {
    match rng.u8(0..6) {
        0 => (0..rng.usize(0..600)).map(|_| rng.u8(..)).collect(),
        1 => b"{\"form\": {\"company\": [1,2,{}], \"emails\": null".to_vec(),
        2 => {
            let mut form = valid_form();
            let i = rng.usize(0..form.len());
            form[i].1 = match rng.u8(0..4) {
                0 => "x".repeat(rng.usize(0..5_000)),
                1 => "%zz%00\u{0}".into(),
                2 => String::new(),
                _ => "{{first_name}}<script>".into(),
            };
            serde_urlencoded_form(&form).into_bytes()
        }
        3 => format!(
            "id={}&step={}&body=&mode=fix",
            "x".repeat(rng.usize(0..100)),
            rng.i64(..)
        )
        .into_bytes(),
        4 => b"[]".to_vec(),
        _ => vec![b'a'; rng.usize(0..70_000)],
    }
}

fn serde_urlencoded_form(form: &[(&str, String)]) -> String {
    let mut url = reqwest::Url::parse("http://x/").unwrap();
    url.query_pairs_mut()
        .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())));
    url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn thousands_of_malformed_requests_never_get_a_5xx() {
    let stripe = FakeStripe::start().await;
    let app = crate::helpers::stripe::app_with_stripe(
        &stripe,
        &[
            ("RATE_LIMIT_IP", "100000"),
            ("IP_DAILY_SESSIONS", "100000"),
            ("METRICS_TOKEN", "fuzz-metrics-token-0123"),
        ],
    )
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut rng = fastrand::Rng::with_seed(20_261_126);
    let mut sent = 0;
    for round in 0..2_000 {
        let path = PATHS[rng.usize(..PATHS.len())];
        let query = match rng.u8(0..4) {
            0 => String::new(),
            1 => "?id=%00&session_id=cs_%ff&step=-1".into(),
            2 => format!("?{}", "a=1&".repeat(rng.usize(0..200))),
            _ => "?__path=%2Fapi%2Fgenerate&__err=%7B".into(),
        };
        let url = app.url(&format!("{path}{query}"));
        let method = match rng.u8(0..5) {
            0 | 1 => reqwest::Method::POST,
            2 => reqwest::Method::GET,
            3 => reqwest::Method::PUT,
            _ => reqwest::Method::DELETE,
        };
        let mut request = client.request(method.clone(), url).body(junk(&mut rng));
        let content_type = CONTENT_TYPES[rng.usize(..CONTENT_TYPES.len())];
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        request = match rng.u8(0..4) {
            0 => request.header(
                "cookie",
                "coldcopy_session=not-a-uuid; x=\"; coldcopy_session=; ;;",
            ),
            1 => request.header(
                "cookie",
                format!("coldcopy_session={}", uuid::Uuid::new_v4()),
            ),
            2 => request.header("cookie", "a".repeat(rng.usize(0..4_000))),
            _ => request,
        };
        request = match rng.u8(0..3) {
            0 => request.header("origin", app.address.as_str()),
            1 => request.header("origin", "https://evil.example"),
            _ => request,
        };
        if rng.bool() {
            request = request.header("accept", "text/html");
        }
        if path == "/webhooks/stripe" && rng.bool() {
            request = request.header("stripe-signature", "t=1,v1=zz");
        }
        if path == "/metrics" {
            request = match rng.u8(0..3) {
                0 => request.header("authorization", "Bearer fuzz-metrics-token-0123"),
                1 => request.header(
                    "authorization",
                    reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfewrong").unwrap(),
                ),
                _ => request.header("authorization", "Basic Zm9vOmJhcg=="),
            };
        }
        let res = request.send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        assert!(
            status.as_u16() < 500,
            "round {round}: {method} {path}{query} ({content_type}) → {status}: {}",
            body.chars().take(300).collect::<String>()
        );
        // (The wasm file itself contains such words.)
        let served_file = path.starts_with("/pkg/");
        for leak in [
            "sqlx",
            "panicked",
            "SQLITE",
            "stack backtrace",
            "serde_json",
        ]
        .into_iter()
        .filter(|_| !served_file)
        {
            assert!(
                !body.contains(leak),
                "round {round}: {path} leaked {leak:?}"
            );
        }
        sent += 1;
    }
    assert_eq!(sent, 2_000);
    // Still healthy afterwards.
    assert_eq!(app.get("/readyz").await.status(), 200);
}
