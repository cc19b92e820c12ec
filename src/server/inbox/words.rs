//! The words that tell what a message is, in English and Chinese: out of office, no longer with
//! the company, opt-outs ("remove me", "退订"), and the short summary of a human reply. A phrase
//! in English matches whole words only ("interested" inside "uninterested" does not count).
//! `return_date` reads the date an out-of-office gives.

use jiff::civil::Date;

/// Out-of-office wording (subjects and bodies).
pub const OUT_OF_OFFICE: [&str; 16] = [
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "on vacation",
    "on holiday",
    "on leave",
    "away from the office",
    "away until",
    "limited access to email",
    "will be back",
    "自动回复",
    "不在办公室",
    "休假",
    "外出",
];

/// "No longer with the company".
pub const LEFT_COMPANY: [&str; 10] = [
    "no longer with",
    "no longer works",
    "no longer work at",
    "no longer employed",
    "has left the company",
    "have left the company",
    "left the company",
    "离职",
    "已离开公司",
    "不再任职",
];

/// An opt-out in words: the address is suppressed like the one-click link.
pub const OPT_OUT: [&str; 20] = [
    "unsubscribe",
    "remove me",
    "take me off",
    "opt me out",
    "opt out",
    "stop emailing",
    "stop contacting",
    "stop sending",
    "please stop",
    "do not email",
    "don't email",
    "do not contact",
    "don't contact",
    "never contact",
    "退订",
    "取消订阅",
    "请勿再联系",
    "不要再联系",
    "别再发",
    "不要再发",
];

/// The first phrase of `phrases` in `text` (lower-cased), whole words for the Latin ones.
pub fn find(text: &str, phrases: &[&'static str]) -> Option<&'static str> {
    let lower = text.to_lowercase();
    phrases.iter().copied().find(|p| contains_phrase(&lower, p))
}

fn contains_phrase(lower: &str, phrase: &str) -> bool {
    let latin = phrase.is_ascii();
    lower.match_indices(phrase).any(|(at, _)| {
        if !latin {
            return true;
        }
        let before = lower[..at].chars().next_back();
        let after = lower[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// What a human reply says, in one word the results can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    Interested,
    NotNow,
    NotInterested,
    Referral,
    Question,
}

impl Summary {
    pub const ALL: [Summary; 5] = [
        Summary::Interested,
        Summary::NotNow,
        Summary::NotInterested,
        Summary::Referral,
        Summary::Question,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            Summary::Interested => "interested",
            Summary::NotNow => "not_now",
            Summary::NotInterested => "not_interested",
            Summary::Referral => "referral",
            Summary::Question => "question",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Summary> {
        Summary::ALL.into_iter().find(|s| s.tag() == tag)
    }
}

const NOT_INTERESTED: [&str; 9] = [
    "not interested",
    "no thanks",
    "no thank you",
    "not a fit",
    "not a priority",
    "we're all set",
    "不感兴趣",
    "不需要",
    "没兴趣",
];
const NOT_NOW: [&str; 12] = [
    "not now",
    "not right now",
    "maybe later",
    "next quarter",
    "next year",
    "check back",
    "circle back",
    "reach out in",
    "bad time",
    "以后再说",
    "暂时不",
    "下个季度",
];
const REFERRAL: [&str; 10] = [
    "reach out to",
    "contact my colleague",
    "right person",
    "better person",
    "looping in",
    "cc'ing",
    "copied my",
    "in charge of",
    "请联系",
    "负责人",
];
const INTERESTED: [&str; 14] = [
    "interested",
    "sounds good",
    "let's talk",
    "let's chat",
    "happy to",
    "book a",
    "set up a call",
    "send me",
    "tell me more",
    "works for me",
    "感兴趣",
    "可以聊",
    "约个时间",
    "好的",
];

/// A human reply's summary by its words, and the phrase that decided it (None when nothing
/// says: the founder sets it on the inbox page).
pub fn summarise(text: &str) -> Option<(Summary, &'static str)> {
    let tables: [(Summary, &[&'static str]); 4] = [
        (Summary::NotInterested, &NOT_INTERESTED),
        (Summary::NotNow, &NOT_NOW),
        (Summary::Referral, &REFERRAL),
        (Summary::Interested, &INTERESTED),
    ];
    for (summary, phrases) in tables {
        if let Some(phrase) = find(text, phrases) {
            return Some((summary, phrase));
        }
    }
    if text.contains('?') || text.contains('？') {
        return Some((Summary::Question, "?"));
    }
    None
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The return date an out-of-office gives: the latest date written in it that is on or after
/// `received` (an absence is written "from 1 until 15 December": the second is the return).
/// Dates as `2026-12-15`, `15 December 2026`, `December 15, 2026`, `Dec 15`, `2026年12月15日`,
/// `12月15日`; a date without a year is the one nearest `received`.
pub fn return_date(text: &str, received: Date) -> Option<Date> {
    let lower = text.to_lowercase();
    let mut dates: Vec<Date> = Vec::new();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || ",.;()".contains(c))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        if let Some(date) = iso(token) {
            dates.push(date);
        }
        if let Some(month) = month(token) {
            let year = |t: Option<&&str>| {
                t.and_then(|t| t.parse::<i16>().ok())
                    .filter(|y| (2000..2100).contains(y))
            };
            // "December 15 2026" / "Dec 15"
            if let Some(day) = tokens.get(i + 1).and_then(|t| day(t)) {
                dates.extend(fix_year(year(tokens.get(i + 2)), month, day, received));
            }
            // "15 December 2026"
            if let Some(day) = i.checked_sub(1).and_then(|j| day(tokens[j])) {
                dates.extend(fix_year(year(tokens.get(i + 1)), month, day, received));
            }
        }
    }
    dates.extend(chinese_dates(text, received));
    dates.into_iter().filter(|d| *d >= received).max()
}

fn iso(token: &str) -> Option<Date> {
    let parts: Vec<&str> = token.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return None;
    }
    Date::new(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
    .ok()
}

/// A month's name, written out or as its usual abbreviation ("Dec", "Sept").
fn month(token: &str) -> Option<i8> {
    if token.len() < 3 || !token.is_ascii() {
        return None;
    }
    let index = MONTHS.iter().position(|m| {
        *m == token || (m.starts_with(token) && (token.len() == 3 || token == "sept"))
    })?;
    i8::try_from(index + 1).ok()
}

fn day(token: &str) -> Option<i8> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

/// The date, in `year` when the text gives one, else in the year that puts it nearest to
/// `received` ("from December 4 until December 15", read on December 7, is this December's).
fn fix_year(year: Option<i16>, month: i8, day: i8, received: Date) -> Option<Date> {
    if let Some(year) = year {
        return Date::new(year, month, day).ok();
    }
    let distance = |d: &Date| (d.since(received).ok()?.get_days()).checked_abs();
    [received.year() - 1, received.year(), received.year() + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| distance(d).unwrap_or(i32::MAX))
}

/// `2026年12月15日` and `12月15日`.
fn chinese_dates(text: &str, received: Date) -> Vec<Date> {
    let mut dates = Vec::new();
    for (at, _) in text.match_indices('月') {
        let before: String = text[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let month: Option<i8> = before.chars().rev().collect::<String>().parse().ok();
        let after: String = text[at + '月'.len_utf8()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let day: Option<i8> = after.parse().ok();
        let (Some(month), Some(day)) = (month, day) else {
            continue;
        };
        let head = &text[..at - before.len()];
        let year = head
            .strip_suffix('年')
            .map(|h| {
                h.chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|y| y.chars().rev().collect::<String>().parse::<i16>().ok());
        dates.extend(fix_year(year, month, day, received));
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn phrases_match_whole_words_in_english_and_anywhere_in_chinese() {
        assert_eq!(
            find("Please REMOVE ME from this list", &OPT_OUT),
            Some("remove me")
        );
        assert_eq!(find("请勿再联系我", &OPT_OUT), Some("请勿再联系"));
        assert_eq!(find("we are uninterested", &["interested"]), None);
        assert_eq!(
            summarise("Not interested, thanks").map(|s| s.0),
            Some(Summary::NotInterested)
        );
        assert_eq!(
            summarise("Sounds good, Tuesday?").map(|s| s.0),
            Some(Summary::Interested)
        );
        assert_eq!(
            summarise("What does it cost?").map(|s| s.0),
            Some(Summary::Question)
        );
        assert_eq!(summarise("Ok."), None);
    }

    #[test]
    fn the_return_date_is_the_latest_date_ahead() {
        let today = date(2026, 12, 8);
        assert_eq!(
            return_date("Out from 1 December until 15 December 2026.", today),
            Some(date(2026, 12, 15))
        );
        assert_eq!(
            return_date("Back on Monday, January 4.", today),
            Some(date(2027, 1, 4))
        );
        assert_eq!(
            return_date("returning 2026-12-21", today),
            Some(date(2026, 12, 21))
        );
        assert_eq!(
            return_date("我将于2027年1月3日返回", today),
            Some(date(2027, 1, 3))
        );
        assert_eq!(return_date("12月20日回来", today), Some(date(2026, 12, 20)));
        assert_eq!(return_date("I am away for a while.", today), None);
        assert_eq!(return_date("Sent 2 Dec 2026", today), None);
    }
}
