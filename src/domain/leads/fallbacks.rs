//! What the founder sends for a merge tag where a lead has no value ("there" for an empty
//! first name). ColdCopy writes it into the leads file's empty cells itself (a new column for a
//! tag no column fills), so it works the same in every sending tool, whatever that tool's own
//! fallback syntax. Given on the export panel as `fb_<tag>` query pairs (`fb_firstName=there`),
//! so it works without JavaScript and the download links carry it.

use crate::domain::i18n::{Messages, fill};

/// The query key's prefix: `fb_firstName`.
pub const PREFIX: &str = "fb_";

/// The longest fallback: a few words, not a paragraph.
pub const MAX_CHARS: usize = 40;

/// Each merge tag's fallback, by the tag's name as the tool spells it (`firstName`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallbacks(Vec<(String, String)>);

/// A fallback that cannot go in a cell, with the message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFallback {
    pub name: String,
    pub message: String,
}

impl Fallbacks {
    /// The fallbacks in a query's pairs (blank ones ignored); every one that cannot be used is
    /// refused by name, the others kept.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        t: &Messages,
    ) -> (Self, Vec<BadFallback>) {
        let mut good: Vec<(String, String)> = Vec::new();
        let mut bad = Vec::new();
        for (key, value) in pairs {
            let Some(name) = key.strip_prefix(PREFIX) else {
                continue;
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let value = crate::domain::hidden::cleaned(value);
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let tag = format!("{{{{{name}}}}}");
            let refuse = |template: &str| BadFallback {
                name: name.to_owned(),
                message: fill(
                    template,
                    &[
                        ("chars", &value.chars().count()),
                        ("max", &MAX_CHARS),
                        ("tag", &tag),
                    ],
                ),
            };
            let chars = value.chars().count();
            if chars > MAX_CHARS {
                bad.push(refuse(t.fallback_too_long));
            } else if value.contains("{{") || value.contains("}}") {
                bad.push(refuse(t.fallback_merge_tag));
            } else if value.chars().any(char::is_control) {
                bad.push(refuse(t.fallback_control));
            } else {
                good.retain(|(n, _)| n != name);
                good.push((name.to_owned(), value.to_owned()));
            }
        }
        (Self(good), bad)
    }

    /// The fallback for the tag `name` (as the tool spells it), or for ColdCopy's own tag in
    /// another tool's spelling (`first_name` for `firstName`), so a fallback survives a switch
    /// of tool.
    pub fn get(&self, name: &str) -> Option<&str> {
        let other = crate::domain::export::own_tag(name)
            .map(|(snake, camel)| if name == snake { camel } else { snake });
        let find = |wanted: &str| {
            self.0
                .iter()
                .find(|(n, _)| n == wanted)
                .map(|(_, v)| v.as_str())
        };
        find(name).or_else(|| other.and_then(find))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The query pairs that give these fallbacks, encoded (`fb_firstName=there&…`).
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.0 {
            query.append_pair(&format!("{PREFIX}{name}"), value);
        }
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_are_read_checked_and_written_back() {
        let (fallbacks, bad) = Fallbacks::from_pairs(
            [
                ("tool", "lemlist"),
                ("fb_firstName", " there "),
                ("fb_companyName", ""),
                ("fb_industry", "{{x}}"),
                ("fb_city", &"a".repeat(41)),
                ("fb_bad name", "x"),
                ("fb_title", "your team & you"),
            ],
            crate::domain::i18n::Lang::En.t(),
        );
        assert_eq!(fallbacks.get("firstName"), Some("there"));
        assert_eq!(
            fallbacks.get("first_name"),
            Some("there"),
            "another tool's spelling of the same tag"
        );
        assert_eq!(
            fallbacks.get("companyName"),
            None,
            "a blank one is no fallback"
        );
        assert_eq!(
            fallbacks.query(),
            "fb_firstName=there&fb_title=your+team+%26+you"
        );
        let messages: Vec<_> = bad.iter().map(|b| b.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "The fallback for {{industry}} cannot hold a merge tag.",
                "The fallback for {{city}} is 41 characters; keep it to 40.",
            ]
        );
    }
}
