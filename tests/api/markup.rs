//! No text a visitor controls ever becomes markup. Every page that shows visitor text is rendered
//! with hostile values (in the URL, in stored form fields, in edited emails), parsed with a real
//! HTML5 parser (html5ever, through `scraper`), and checked two ways: nothing the input carried
//! became an element or an attribute, and the text reads back exactly as it was entered.

use scraper::{ElementRef, Html, Selector};

use crate::fakes::stripe::FakeStripe;
use crate::helpers::stripe::{app_with_stripe, buy};
use crate::helpers::{TestApp, spawn_app_with};

/// Payloads that try every way out of the context they land in: closing tags for each raw-text
/// element, attribute breakouts, URLs, entity and comment tricks, and Unicode controls. Each
/// injected element or attribute is marked `x-injected` / `data-injected`, so a breakout is
/// visible whatever context it escaped from. None is longer than the company field's 60.
pub(crate) const PAYLOADS: &[&str] = &[
    "</textarea><x-injected data-injected>t</x-injected>",
    "</title><meta http-equiv=refresh content=0;url=//e.example>",
    "</script><script data-injected>alert(1)</script>",
    "</style><style data-injected>*{display:none}</style>",
    "</noscript><x-injected data-injected>n</x-injected>",
    "</option></select><x-injected data-injected>",
    "\"><x-injected data-injected>dq</x-injected>",
    "\" data-injected=\"1\" onfocus=\"alert(1)",
    "' data-injected='1' onmouseover='alert(1)",
    "javascript:alert(document.cookie)//",
    "<a href=\"javascript:alert(1)\" data-injected>go</a>",
    "<base href=\"//e.example/\" data-injected>",
    "</textarea><form action=//e.example data-injected>",
    "&lt;x-injected data-injected&gt; &amp;amp; &#60;b&#62;",
    "&quot; data-injected=&quot;1 &#34; &#x27; &apos;",
    "<!-- --><x-injected data-injected>--></x-injected>",
    "<![CDATA[<x-injected data-injected>]]>",
    "<plaintext><x-injected data-injected>",
    "<svg/onload=alert(1)><math data-injected>",
    "\u{202E}reversed\u{200B}zero\u{FEFF}bom\u{2028}ls\u{061C}",
    "{{first_name}}</textarea><img src=x onerror=alert(1)>",
    "%3Cx-injected%3E %253C \\u003cx-injected\\u003e",
];

/// Tags no page of ours renders, any of which would mean the input became markup.
const FOREIGN_TAGS: &[&str] = &[
    "x-injected",
    "base",
    "plaintext",
    "svg",
    "math",
    "img",
    "iframe",
    "object",
    "embed",
];

/// Asserts that `csp` allows every inline script of `html`: by the nonce it names (a rendered
/// page), or by its hash (a page kept in memory, whose policy hashes only the scripts the render
/// gave its nonce). An injected script would have neither.
pub(crate) fn assert_policy_allows_its_scripts(csp: &str, html: &str, context: &str) {
    use base64::{Engine, engine::general_purpose::STANDARD};
    use sha2::{Digest, Sha256};
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next());
    let doc = Html::parse_document(html);
    for script in doc.select(&Selector::parse("script").unwrap()) {
        let by_nonce = nonce.is_some() && script.value().attr("nonce") == nonce;
        let inline = script.value().attr("src").is_none();
        let text: String = script.text().collect();
        let by_hash = inline
            && csp.contains(&format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(&text))
            ));
        // A script from a file is allowed by `'self'`; `assert_inert` checks where it points.
        assert!(
            !inline || by_nonce || by_hash,
            "{context}: a script the policy does not allow: {text:.80}\n{csp}"
        );
    }
}

/// Asserts that nothing in `html` came from an input: no injected element or attribute, no
/// event handler, no refresh, no script the render did not write (each carries the page's
/// nonce, or none does on a page kept in memory, whose policy `html()` checks), exactly one
/// title, no URL attribute pointing to a script or another site.
pub(crate) fn assert_inert(html: &str, context: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    let mut titles = 0;
    let nonces: std::collections::HashSet<Option<&str>> = doc
        .select(&Selector::parse("script").unwrap())
        .map(|script| script.value().attr("nonce"))
        .collect();
    assert!(
        nonces.len() <= 1,
        "{context}: scripts with and without the page's nonce\n{html}"
    );
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(
            !FOREIGN_TAGS.contains(&name),
            "{context}: a <{name}> element came from the input\n{html}"
        );
        if name == "title" {
            titles += 1;
        }
        for (attr, value) in el.value().attrs() {
            assert!(
                attr != "data-injected" && attr != "http-equiv" && !attr.starts_with("on"),
                "{context}: attribute {attr}={value:?} on <{name}> came from the input\n{html}"
            );
            if matches!(attr, "href" | "src" | "action" | "formaction") {
                let url = value.trim().to_ascii_lowercase();
                // A path on this site may carry the input in its query (the language switch
                // keeps the page's address, the form's values in it); it still goes nowhere else.
                let local =
                    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
                assert!(
                    !url.starts_with("javascript:") && (local || !url.contains("e.example")),
                    "{context}: <{name} {attr}={value:?}> came from the input\n{html}"
                );
            }
        }
    }
    assert_eq!(titles, 1, "{context}: the document has {titles} titles");
}

/// The text of the document's `<title>`.
fn title(html: &str) -> String {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("title").unwrap();
    doc.select(&sel)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default()
}

/// What the form control named `name` holds as the browser parses it: an input's `value`
/// attribute, a textarea's text.
pub(crate) fn control_value(html: &str, name: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(&format!("[name=\"{name}\"]")).unwrap();
    let el: ElementRef = doc.select(&sel).next()?;
    match el.value().name() {
        "textarea" => Some(el.text().collect()),
        _ => el.value().attr("value").map(str::to_owned),
    }
}

/// The text of every element matching `selector`, joined.
pub(crate) fn text_of(html: &str, selector: &str) -> String {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|el| el.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `payload`, padded to at least `min` characters and cut to `max`.
fn fit(payload: &str, min: usize, max: usize) -> String {
    let mut value = payload.to_owned();
    while value.chars().count() < min {
        value.push_str(" padded");
    }
    value.chars().take(max).collect()
}

/// The generator form with every free-text field holding `payload` (made to fit its rule).
fn hostile_form(payload: &str) -> Vec<(&'static str, String)> {
    use coldcopy::domain::form::TEXT_RULES;
    let mut form: Vec<(&'static str, String)> = TEXT_RULES
        .iter()
        .map(|rule| (rule.name, fit(payload, rule.min, rule.max)))
        .collect();
    form.extend([
        ("tone", "direct".to_owned()),
        ("emails", "4".to_owned()),
        ("language", "en".to_owned()),
    ]);
    form
}

/// A percent-encoded query string of these pairs.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let mut url = reqwest::Url::parse("http://x/").unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_owned()
}

impl TestApp {
    /// The page at `path`, once its policy is checked to allow each of its inline scripts.
    pub(crate) async fn html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert!(res.status().as_u16() < 500, "{path}: {}", res.status());
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let html = res.text().await.unwrap();
        assert_policy_allows_its_scripts(&csp, &html, path);
        html
    }

    /// Saves an edit of email `step` with both subjects and the body set to `payload`.
    async fn edit_hostile(&self, id: &str, step: &str, payload: &str) -> (String, String) {
        let subject = fit(payload, 1, coldcopy::domain::sequence::MAX_SUBJECT_CHARS);
        let body = fit(payload, 1, coldcopy::domain::sequence::MAX_BODY_CHARS);
        let res = self
            .client
            .post(self.url("/api/sequence/email"))
            .form(&[
                ("id", id),
                ("step", step),
                ("subject_a", &subject),
                ("subject_b", &subject),
                ("body", &body),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "edit with {payload:?}");
        // As it is kept: without hidden characters (a bidi override never reaches an email).
        (shown(&subject), shown(&body))
    }
}

/// A typed text as ColdCopy keeps and shows it: trimmed, without hidden characters.
pub(crate) fn shown(text: &str) -> String {
    coldcopy::domain::hidden::cleaned(text).trim().to_owned()
}

/// Settings that let one test open many browsers from 127.0.0.1.
pub(crate) const MANY_BROWSERS: &[(&str, &str)] = &[
    ("RATE_LIMIT_SESSION", "100000"),
    ("RATE_LIMIT_IP", "100000"),
    ("IP_DAILY_SESSIONS", "100000"),
    ("IP_DAILY_FREE_GENERATIONS", "100000"),
];

#[tokio::test]
async fn hostile_query_values_stay_text_on_the_form_and_every_other_page() {
    let app = spawn_app_with(MANY_BROWSERS).await;
    for payload in PAYLOADS {
        let names = [
            "company",
            "job_title",
            "problem",
            "product",
            "benefit",
            "cta",
            "tone",
            "emails",
            "language",
        ];
        let pairs: Vec<(&str, &str)> = names.iter().map(|n| (*n, *payload)).collect();
        let html = app.html(&format!("/generate?{}", query(&pairs))).await;
        assert_inert(&html, &format!("/generate with {payload:?}"));
        for rule in coldcopy::domain::form::TEXT_RULES {
            assert_eq!(
                control_value(&html, rule.name).as_deref(),
                Some(*payload),
                "/generate: {} does not read back {payload:?}",
                rule.name
            );
        }

        let q = query(&[
            ("session_id", payload),
            ("payment_error", payload),
            ("restore", payload),
            ("confirm", payload),
            ("deleted", payload),
            ("upgrade", payload),
        ]);
        for page in [
            "/",
            "/pricing",
            "/history",
            "/billing/success",
            "/billing/cancel",
            "/privacy",
            "/terms",
        ] {
            let html = app.html(&format!("{page}?{q}")).await;
            assert_inert(&html, &format!("{page} with {payload:?}"));
        }

        // In the path: the restore link's token, an unknown sequence, an unknown page.
        let segment: String = url_segment(payload);
        let html = app.html(&format!("/restore/{segment}?{q}")).await;
        assert_inert(&html, &format!("/restore with {payload:?}"));
        // Path parameters are decoded twice by leptos_router 0.8 (docs/upstream); they carry
        // only ids and tokens we made (hex, UUIDs), so a `%` in one is garbage either way.
        if !payload.contains('%') {
            assert_eq!(
                control_value(&html, "token").as_deref(),
                Some(*payload),
                "/restore: the token does not read back"
            );
        }
        for path in [format!("/s/{segment}"), format!("/{segment}")] {
            let html = app.html(&path).await;
            assert_inert(&html, &format!("{path} with {payload:?}"));
        }
    }
}

/// `text` percent-encoded as one path segment.
pub(crate) fn url_segment(text: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/").unwrap();
    url.path_segments_mut().unwrap().push(text);
    url.path().trim_start_matches('/').to_owned()
}

#[tokio::test]
async fn hostile_stored_fields_and_edits_stay_text_on_results_edit_and_history() {
    let app = spawn_app_with(MANY_BROWSERS).await;
    for payload in PAYLOADS {
        let browser = app.another_browser();
        let form = hostile_form(payload);
        let res = browser.generate(&form).await;
        assert_eq!(res.status(), 200, "generate with {payload:?}");
        let id: String = res.json().await.unwrap();
        let company = shown(&form[0].1);
        let job_title = shown(&form[1].1);

        let html = browser.html(&format!("/s/{id}")).await;
        assert_inert(&html, &format!("/s/{{id}} with {payload:?}"));
        assert_eq!(title(&html), format!("Sequence for {company} · ColdCopy"));
        assert_eq!(text_of(&html, "h1"), format!("{company} → {job_title}"));

        let (subject, body) = browser.edit_hostile(&id, "1", payload).await;
        let html = browser.html(&format!("/s/{id}")).await;
        assert_inert(&html, &format!("/s/{{id}} edited with {payload:?}"));
        let first_card = text_of(&html, ".email-card:first-child .email-card__body");
        assert_eq!(first_card, body, "the edited body reads back");

        let html = browser.html(&format!("/s/{id}?edit=1")).await;
        assert_inert(&html, &format!("/s/{{id}}?edit=1 with {payload:?}"));
        assert_eq!(control_value(&html, "subject_a"), Some(subject.clone()));
        assert_eq!(control_value(&html, "subject_b"), Some(subject.clone()));
        assert_eq!(control_value(&html, "body"), Some(body.clone()));

        // Rewrite on the free plan: the paywall over the same card.
        let html = browser.html(&format!("/s/{id}?rewrite=1")).await;
        assert_inert(&html, &format!("/s/{{id}}?rewrite=1 with {payload:?}"));

        let html = browser
            .html(&format!("/history?{}", query(&[("confirm", &id)])))
            .await;
        assert_inert(&html, &format!("/history with {payload:?}"));
        assert!(
            text_of(&html, "main").contains(&company),
            "/history shows the company {company:?}"
        );
    }
}

#[tokio::test]
async fn hostile_text_stays_text_on_the_paid_rewrite_form_and_billing_pages() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, MANY_BROWSERS).await;
    let paid = buy(&app, &fake, "starter").await;
    let checkout = paid["id"].as_str().unwrap().to_owned();
    for payload in PAYLOADS.iter().take(8) {
        let res = app.generate(&hostile_form(payload)).await;
        assert_eq!(res.status(), 200, "generate with {payload:?}");
        let id: String = res.json().await.unwrap();
        let (_, body) = app.edit_hostile(&id, "2", payload).await;

        let html = app.html(&format!("/s/{id}?rewrite=2")).await;
        assert_inert(&html, &format!("/s/{{id}}?rewrite=2 with {payload:?}"));
        assert!(
            control_value(&html, "instruction").is_some(),
            "the rewrite form is open"
        );
        assert!(text_of(&html, ".email-card__body").contains(&body));
    }
    let html = app
        .html(&format!(
            "/billing/success?{}",
            query(&[("session_id", &checkout)])
        ))
        .await;
    assert_inert(&html, "/billing/success for a paid checkout");
    let html = app.html("/history").await;
    assert_inert(&html, "/history of a paid session");
}
