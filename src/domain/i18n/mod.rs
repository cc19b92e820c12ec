//! The interface's languages and their message catalogues.
//!
//! Every word the interface shows is a field of [`Messages`]; each language is one file that
//! fills every field (`en.rs`, `zh.rs`). A language that leaves a field out does not compile,
//! and the tests below fail when a message is empty or its `{placeholders}` differ from
//! English's. Adding a third language is one more file and one more [`Lang`] variant.
//!
//! The language of the interface is not the language of the emails: that is the form's own
//! field (`options::Language`), and changing the interface never changes a sequence.

#[macro_use]
mod catalogue;
pub mod en;
pub mod zh;

use serde::{Deserialize, Serialize};

pub use en::Messages;

use super::options::Language;

/// A language the interface is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Every interface language, in the order the switch lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The short code used in the cookie and the switch's links.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>` (it also picks the browser's CJK fonts).
    /// The language's name as short as a phone's header needs it, in the language itself.
    pub fn short_name(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::Zh => "中文",
        }
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// A language from a code or a language tag (`en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans`),
    /// by its primary subtag; `None` for a language the interface is not offered in.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }

    /// This language's messages.
    pub fn t(self) -> &'static Messages {
        match self {
            Lang::En => &en::MESSAGES,
            Lang::Zh => &zh::MESSAGES,
        }
    }

    /// The email language a new form starts with.
    pub fn email_language(self) -> Language {
        match self {
            Lang::En => Language::English,
            Lang::Zh => Language::Chinese,
        }
    }
}

/// `template` with each `{name}` replaced by its value. The Chinese templates set a space
/// between a placeholder and the Chinese beside it, as between Chinese and Latin text
/// ("{title} 的开场白" → "VP Sales 的开场白"); a value that is Chinese at that edge takes no
/// space, as Chinese sets none between its words ("客户成功副总裁的开场白").
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use crate::domain::lint::text::is_han;
    let mut out = template.to_owned();
    for (name, value) in args {
        let (key, value) = (format!("{{{name}}}"), value.to_string());
        let starts_han = value.chars().next().is_some_and(is_han);
        let ends_han = value.chars().next_back().is_some_and(is_han);
        let mut from = 0;
        while let Some(found) = out[from..].find(&key) {
            let (mut start, mut end) = (from + found, from + found + key.len());
            if ends_han
                && out[end..].starts_with(' ')
                && out[end + 1..].chars().next().is_some_and(is_han)
            {
                end += 1;
            }
            if starts_han
                && out[..start].ends_with(' ')
                && out[..start - 1].chars().next_back().is_some_and(is_han)
            {
                start -= 1;
            }
            out.replace_range(start..end, &value);
            // Never look inside what was put in (a value may hold a `{name}` itself).
            from = start + value.len();
        }
    }
    out
}

/// The `{placeholders}` a message names, sorted.
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let english: Vec<_> = Lang::En.t().entries().collect();
        for lang in Lang::ALL {
            let entries: Vec<_> = lang.t().entries().collect();
            assert_eq!(entries.len(), english.len(), "{lang:?}");
            for ((key, message), (en_key, en_message)) in entries.iter().zip(&english) {
                assert_eq!(key, en_key);
                assert!(!message.trim().is_empty(), "{lang:?} leaves {key} empty");
                assert_eq!(
                    placeholders(message),
                    placeholders(en_message),
                    "{lang:?}'s {key} names other placeholders than English's"
                );
            }
        }
    }

    #[test]
    fn the_chinese_catalogue_is_written_in_chinese() {
        // A message copied over untranslated is the mistake this catches; product names,
        // codes and symbols may stay the same in both.
        let same: Vec<_> = Lang::Zh
            .t()
            .entries()
            .zip(Lang::En.t().entries())
            .filter(|((_, zh), (_, en))| zh == en && en.chars().any(|c| c.is_ascii_lowercase()))
            .map(|((key, _), _)| key)
            .filter(|key| !en::SAME_IN_EVERY_LANGUAGE.contains(key))
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn codes_and_tags_parse() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(Lang::parse(lang.html_lang()), Some(lang));
        }
    }

    #[test]
    fn fill_replaces_each_placeholder() {
        assert_eq!(
            fill("{n} of {total} done", &[("n", &3), ("total", &"10")]),
            "3 of 10 done"
        );
        assert_eq!(placeholders("{b} and {a}, {a} {not a name}"), ["a", "b"]);
        // A value holding a placeholder is left as it is.
        assert_eq!(fill("{a} and {a}", &[("a", &"{a}")]), "{a} and {a}");
    }

    #[test]
    fn chinese_beside_chinese_takes_no_space() {
        let heading = "{company} → {title} 的开场白";
        assert_eq!(
            fill(
                heading,
                &[("company", &"Acme"), ("title", &"客户成功副总裁")]
            ),
            "Acme → 客户成功副总裁的开场白"
        );
        assert_eq!(
            fill(heading, &[("company", &"Acme"), ("title", &"VP Sales")]),
            "Acme → VP Sales 的开场白"
        );
        assert_eq!(
            fill(
                "已完成 {done} 条，共 {total} 条",
                &[("done", &"三"), ("total", &5)]
            ),
            "已完成三条，共 5 条"
        );
    }
}
