//! The form's choices: tone, language and number of emails.

use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::i18n::Messages;

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// How the emails should sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    #[default]
    Professional,
    Casual,
    Direct,
    Friendly,
}

impl Tone {
    pub const ALL: [Tone; 4] = [
        Tone::Professional,
        Tone::Casual,
        Tone::Direct,
        Tone::Friendly,
    ];

    /// The value the form posts.
    pub fn value(self) -> &'static str {
        match self {
            Tone::Professional => "professional",
            Tone::Casual => "casual",
            Tone::Direct => "direct",
            Tone::Friendly => "friendly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tone::Professional => "Professional",
            Tone::Casual => "Casual",
            Tone::Direct => "Direct",
            Tone::Friendly => "Friendly",
        }
    }

    /// The tone's name in the interface language.
    pub fn name(self, t: &Messages) -> &'static str {
        match self {
            Tone::Professional => t.tone_professional,
            Tone::Casual => t.tone_casual,
            Tone::Direct => t.tone_direct,
            Tone::Friendly => t.tone_friendly,
        }
    }

    /// How a writer should hear this tone (used in the prompt).
    pub fn guidance(self) -> &'static str {
        match self {
            Tone::Professional => "polished and credible, plain words, no jargon or hype",
            Tone::Casual => {
                "relaxed and conversational, like a note to a peer, contractions welcome"
            }
            Tone::Direct => "short and blunt, lead with the point, no warm-up sentences",
            Tone::Friendly => "warm and upbeat, personable without gushing",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        Tone::ALL
            .into_iter()
            .find(|t| t.value().eq_ignore_ascii_case(raw))
            .ok_or_else(|| {
                field_error(
                    "tone",
                    "Tone must be one of Professional, Casual, Direct or Friendly.",
                )
            })
    }
}

/// The language the emails are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    English,
    Spanish,
    German,
    French,
    Portuguese,
    Italian,
    Dutch,
    Chinese,
    Japanese,
}

impl Language {
    pub const ALL: [Language; 9] = [
        Language::English,
        Language::Spanish,
        Language::German,
        Language::French,
        Language::Portuguese,
        Language::Italian,
        Language::Dutch,
        Language::Chinese,
        Language::Japanese,
    ];

    /// The value the form posts (an ISO 639-1 code).
    pub fn value(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
            Language::German => "de",
            Language::French => "fr",
            Language::Portuguese => "pt",
            Language::Italian => "it",
            Language::Dutch => "nl",
            Language::Chinese => "zh",
            Language::Japanese => "ja",
        }
    }

    /// The language's name in English (for the prompt) and in itself (for the form).
    pub fn label(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Spanish (Español)",
            Language::German => "German (Deutsch)",
            Language::French => "French (Français)",
            Language::Portuguese => "Portuguese (Português)",
            Language::Italian => "Italian (Italiano)",
            Language::Dutch => "Dutch (Nederlands)",
            Language::Chinese => "Chinese (中文)",
            Language::Japanese => "Japanese (日本語)",
        }
    }

    /// The language's name as the interface shows it (in the interface language, and in
    /// itself).
    pub fn name(self, t: &Messages) -> &'static str {
        match self {
            Language::English => t.language_en,
            Language::Spanish => t.language_es,
            Language::German => t.language_de,
            Language::French => t.language_fr,
            Language::Portuguese => t.language_pt,
            Language::Italian => t.language_it,
            Language::Dutch => t.language_nl,
            Language::Chinese => t.language_zh,
            Language::Japanese => t.language_ja,
        }
    }

    /// The language whose English name is `name` (as a saved sequence keeps it); English for
    /// a name it does not know.
    pub fn from_english_name(name: &str) -> Language {
        Language::ALL
            .into_iter()
            .find(|language| language.english_name() == name)
            .unwrap_or_default()
    }

    /// The English name alone.
    pub fn english_name(self) -> &'static str {
        self.label().split(" (").next().unwrap_or("English")
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.value().eq_ignore_ascii_case(raw))
            .ok_or_else(|| {
                field_error(
                    "language",
                    "Language must be one of the languages in the list.",
                )
            })
    }
}

/// How many emails the sequence has: 3 to 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct EmailCount(u8);

impl EmailCount {
    pub const MIN: u8 = 3;
    pub const MAX: u8 = 7;
    pub const DEFAULT: EmailCount = EmailCount(5);

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        raw.trim()
            .parse::<u8>()
            .ok()
            .and_then(|n| EmailCount::try_from(n).ok())
            .ok_or_else(|| {
                field_error(
                    "emails",
                    format!(
                        "Number of emails must be a whole number from {} to {}.",
                        Self::MIN,
                        Self::MAX
                    ),
                )
            })
    }
}

impl Default for EmailCount {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u8> for EmailCount {
    type Error = String;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        if (Self::MIN..=Self::MAX).contains(&n) {
            Ok(EmailCount(n))
        } else {
            Err(format!("{n} is not from 3 to 7"))
        }
    }
}

impl From<EmailCount> for u8 {
    fn from(count: EmailCount) -> u8 {
        count.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_parse_case_insensitively_and_reject_others() {
        assert_eq!(Tone::parse("Casual").unwrap(), Tone::Casual);
        assert_eq!(Tone::parse(" direct ").unwrap(), Tone::Direct);
        for bad in ["", "angry", "professional!"] {
            assert_eq!(Tone::parse(bad).unwrap_err().field, "tone");
        }
    }

    #[test]
    fn at_least_the_six_required_languages() {
        for code in ["en", "es", "de", "fr", "pt", "zh"] {
            assert_eq!(Language::parse(code).unwrap().value(), code);
        }
        assert_eq!(Language::parse("klingon").unwrap_err().field, "language");
        assert_eq!(Language::Chinese.english_name(), "Chinese");
    }

    #[test]
    fn email_count_table() {
        let cases = [
            ("3", Some(3)),
            ("5", Some(5)),
            ("7", Some(7)),
            (" 4 ", Some(4)),
            ("2", None),
            ("8", None),
            ("", None),
            ("five", None),
            ("-1", None),
            ("300", None),
        ];
        for (raw, want) in cases {
            assert_eq!(
                EmailCount::parse(raw).ok().map(EmailCount::get),
                want,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn email_count_refuses_out_of_range_json() {
        assert!(serde_json::from_str::<EmailCount>("9").is_err());
        assert_eq!(serde_json::from_str::<EmailCount>("6").unwrap().get(), 6);
    }
}
