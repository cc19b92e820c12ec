//! Visitor text for the two places Leptos 0.8 writes into the server's HTML without escaping:
//! a `<textarea>`'s content (tachys 0.2 renders that element's children raw) and the document
//! `<title>` (leptos_meta 0.8 writes the formatted title as it is). Both are RCDATA elements, in
//! which the browser decodes entities, so escaped text reads back exactly as typed.
//!
//! Every textarea's content and every title passes through [`raw_text`]: the fields and the edit
//! form's body here, the titles through the one formatter in `app.rs`. The upstream reports are
//! in `docs/upstream/leptos-raw-text.md`; remove this guard once a fixed release is on the lock.

/// `text` as a textarea's content or a title: escaped on the server, where it becomes HTML
/// source; unchanged in the browser, where Leptos sets it as a text node.
pub fn raw_text(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::raw_text;

    #[test]
    fn closing_tags_and_entities_become_text_on_the_server() {
        for (input, html) in [
            (
                "</textarea><b>x</b>",
                "&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;",
            ),
            ("</title>", "&lt;/title&gt;"),
            ("&lt; & &amp;", "&amp;lt; &amp; &amp;amp;"),
            (
                "plain \"quotes\" 'and' {{first_name}}",
                "plain \"quotes\" 'and' {{first_name}}",
            ),
            ("", ""),
        ] {
            assert_eq!(raw_text(input), html, "{input:?}");
        }
    }

    /// Every textarea in the views takes its content through `raw_text`: one that did not
    /// would bring the injection back for whatever it shows.
    #[test]
    fn every_textarea_in_the_views_renders_through_raw_text() {
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let mut textareas = 0;
        for path in files.iter().filter(|p| !p.ends_with("raw_text.rs")) {
            let source = std::fs::read_to_string(path).expect("readable");
            for (at, _) in source.match_indices("<textarea") {
                let element = &source[at..];
                let element = &element[..element.find("</textarea>").unwrap_or(element.len())];
                textareas += 1;
                assert!(
                    element.contains("raw_text("),
                    "{}: a textarea's content does not go through raw_text",
                    path.display()
                );
            }
        }
        assert!(textareas >= 2, "found {textareas} textareas");
    }
}
