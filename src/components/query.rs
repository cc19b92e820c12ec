//! The page's query string, each value decoded exactly once.
//!
//! leptos_router 0.8's `use_query_map` decodes every value twice (the URL parser decodes it,
//! then `ParamsMap::insert` decodes the result again), so a form prefilled from
//! `?company=100%2525` showed `100%` and `%3Cb%3E` typed by a visitor came back as `<b>`. Every
//! page reads its query through [`use_query`] instead. Upstream report:
//! `docs/upstream/leptos-raw-text.md`; fixed in leptos_router 0.9 (`insert_decoded`).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The query's pairs, in order, each decoded once as `application/x-www-form-urlencoded`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Parses a raw query string (without the leading `?`).
    pub fn parse(raw: &str) -> Self {
        Self(
            form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The query with `pairs` added after its own (a later pair wins in `get`).
    pub fn with_pairs<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        self.0
            .extend(pairs.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())));
        self
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The last value given for `name`, as the browser sent it.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// The current page's query, read from the raw URL.
pub fn use_query() -> Memo<Query> {
    let location = use_location();
    Memo::new(move |_| Query::parse(&location.search.get()))
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn each_value_is_decoded_once() {
        let q = Query::parse("company=100%2525+off&x=%3Cb%3E&empty=&x=%253C&plus=a%2Bb");
        assert_eq!(q.get("company").as_deref(), Some("100%25 off"));
        assert_eq!(q.get("x").as_deref(), Some("%3C"), "the last value wins");
        assert_eq!(q.get("empty").as_deref(), Some(""));
        assert_eq!(q.get("plus").as_deref(), Some("a+b"));
        assert_eq!(q.get("missing"), None);
        assert_eq!(Query::parse("?a=1").get("a").as_deref(), Some("1"));
    }
}
