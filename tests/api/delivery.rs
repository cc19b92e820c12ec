//! How responses travel: pages and answers compressed for a browser that accepts it, the site's
//! files served from their precompressed copies, the generation stream never held back by a
//! compressor, and caching headers that keep a visitor's pages out of shared caches.

use std::io::{Read, Write};
use std::time::Duration;

use crate::fakes::claude::FakeClaude;
use crate::helpers::{app_with_fake, read_events, spawn_app, spawn_app_with_site, valid_form};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn header(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn pages_and_answers_are_compressed_for_a_browser_that_accepts_it() {
    let app = spawn_app().await;

    let plain = app.get("/pricing").await;
    assert_eq!(header(&plain, "content-encoding"), None);
    let plain = plain.text().await.unwrap();

    let res = app
        .client
        .get(app.url("/pricing"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-encoding").as_deref(), Some("br"));
    assert!(
        header(&res, "vary").is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
        "{:?}",
        res.headers()
    );
    let page = String::from_utf8(unbrotli(&res.bytes().await.unwrap())).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page:.80}");
    // The same page (each response has its own nonce, so compare what follows the head).
    let tail = |html: &str| html[html.find("<body").unwrap()..].to_owned();
    assert_eq!(tail(&page).len(), tail(&plain).len());

    let res = app
        .client
        .get(app.url("/api/session"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&res, "content-encoding").as_deref(), Some("gzip"));
    let json: serde_json::Value = serde_json::from_slice(&gunzip(&res.bytes().await.unwrap()))
        .expect("the answer is JSON once decompressed");
    assert_eq!(json["plan"], "free");
}

#[tokio::test]
async fn the_generation_stream_is_never_compressed_or_held_back() {
    // 2,000 tokens/s: the four emails take about half a second to stream.
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(2_000.0)).await;
    let app = app_with_fake(&fake, &[]).await;
    let form: serde_json::Map<String, serde_json::Value> = valid_form()
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
        .collect();
    let res = app
        .client
        .post(app.url("/api/generate/stream"))
        .header("accept-encoding", "br, gzip")
        .json(&serde_json::json!({ "form": form }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-encoding"), None);
    let events = read_events(res).await;
    assert_eq!(events.len(), 6, "started, four emails, saved");
    // The first email reached us while the rest were still being written.
    let (first, last) = (events[1].0, events[4].0);
    assert!(
        last - first > Duration::from_millis(150),
        "first and last email arrived {:?} apart",
        last - first
    );
}

#[tokio::test]
async fn site_files_are_served_from_their_precompressed_copies() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function hydrate() { return 'ColdCopy'; }\n".repeat(40);
    std::fs::write(pkg.join("app.js"), &js).unwrap();
    let mut br = Vec::new();
    brotli::CompressorWriter::new(&mut br, 4096, 11, 22)
        .write_all(js.as_bytes())
        .unwrap();
    std::fs::write(pkg.join("app.js.br"), &br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(js.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(pkg.join("app.js.gz"), &gz).unwrap();
    // A file the build did not compress.
    std::fs::write(pkg.join("other.css"), "body { color: #111 }\n".repeat(40)).unwrap();
    // A file named by its content (a release build's `hash-files`), with its brotli copy.
    let hashed = "coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.css";
    std::fs::write(pkg.join(hashed), "main { margin: 0 }\n".repeat(40)).unwrap();
    let mut hashed_br = Vec::new();
    brotli::CompressorWriter::new(&mut hashed_br, 4096, 11, 22)
        .write_all("main { margin: 0 }\n".repeat(40).as_bytes())
        .unwrap();
    std::fs::write(pkg.join(format!("{hashed}.br")), &hashed_br).unwrap();
    let app = spawn_app_with_site(&[], site.path()).await;

    let fetch = |path: &'static str, encoding: &'static str| {
        let request = app.client.get(app.url(path));
        async move {
            let request = if encoding.is_empty() {
                request
            } else {
                request.header("accept-encoding", encoding)
            };
            request.send().await.unwrap()
        }
    };

    let res = fetch("/pkg/app.js", "gzip, br").await;
    assert_eq!(header(&res, "content-encoding").as_deref(), Some("br"));
    assert!(
        header(&res, "vary").is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    );
    assert_eq!(header(&res, "cache-control").as_deref(), Some("no-cache"));
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        br.as_slice(),
        "the .br copy itself"
    );

    let res = fetch("/pkg/app.js", "gzip").await;
    assert_eq!(header(&res, "content-encoding").as_deref(), Some("gzip"));
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        gz.as_slice(),
        "the .gz copy itself"
    );

    let res = fetch("/pkg/app.js", "").await;
    assert_eq!(header(&res, "content-encoding"), None);
    assert_eq!(res.text().await.unwrap(), js);

    // Under a content-derived name: any cache may keep it for a year, compressed or not.
    for encoding in ["br", ""] {
        let res = fetch("/pkg/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.css", encoding).await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            header(&res, "cache-control").as_deref(),
            Some("public, max-age=31536000, immutable"),
            "{encoding}"
        );
    }
    // A hashed name that is not there is not cached.
    let res = fetch("/pkg/coldcopy.AAAAAAAAAAAAAAAAAAAAAA.css", "").await;
    assert_eq!(res.status(), 404);
    assert_ne!(
        header(&res, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );

    let res = fetch("/pkg/other.css", "br").await;
    assert_eq!(header(&res, "content-encoding").as_deref(), Some("br"));
    assert_eq!(
        String::from_utf8(unbrotli(&res.bytes().await.unwrap())).unwrap(),
        "body { color: #111 }\n".repeat(40)
    );
}

#[tokio::test]
async fn a_visitors_pages_and_answers_are_kept_out_of_shared_caches() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/generate",
        "/history",
        "/api/session",
        "/no-such-page",
    ] {
        let res = app.get(path).await;
        assert_eq!(
            header(&res, "cache-control").as_deref(),
            Some("private, no-cache"),
            "{path}"
        );
    }
    // An export keeps its own, stricter header.
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let res = app.get(&format!("/s/{id}/export/csv")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        header(&res, "cache-control").as_deref(),
        Some("private, no-store")
    );
}
