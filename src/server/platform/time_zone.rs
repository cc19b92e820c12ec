//! The visitor's time zone, for times shown on pages: the IANA name the browser reports
//! (`Intl.DateTimeFormat().resolvedOptions().timeZone`), kept by the islands loader in the
//! `coldcopy_tz` cookie (`site_files::hydration_script`). Until a page with islands has set it,
//! or when it names no zone we know, times are shown in UTC and say so.

use axum::http::HeaderMap;
use jiff::{Timestamp, tz::TimeZone};

use crate::domain::i18n::Lang;

/// The cookie the browser's time zone is kept in.
pub(crate) const COOKIE_NAME: &str = "coldcopy_tz";

/// The zone the request's cookie names, when it is one of the tz database's.
pub(crate) fn from_headers(headers: &HeaderMap) -> Option<TimeZone> {
    let name = super::cookies::value(headers, COOKIE_NAME)?;
    // An IANA name is short ASCII ("America/Argentina/Buenos_Aires"); anything else is not looked up.
    let plausible = name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
    plausible.then(|| TimeZone::get(&name).ok()).flatten()
}

/// `unix` as a reader of `lang` writes a date and time: "7 Dec 2026, 14:03" in `zone`, or
/// "7 Dec 2026, 14:03 UTC" without one ("2026年12月7日 14:03").
pub(crate) fn label(unix: i64, zone: Option<&TimeZone>, lang: Lang) -> String {
    let Ok(at) = Timestamp::from_second(unix) else {
        return String::new();
    };
    let zoned = at.to_zoned_datetime(zone.cloned().unwrap_or(TimeZone::UTC));
    let text = match lang {
        Lang::En => zoned.strftime("%-d %b %Y, %H:%M").to_string(),
        Lang::Zh => zoned.strftime("%Y年%-m月%-d日 %H:%M").to_string(),
    };
    if zone.is_some() {
        text
    } else {
        format!("{text} UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::server::platform::cookies::headers_with as headers;

    #[test]
    fn the_cookie_names_a_zone_or_nothing() {
        let zone = from_headers(&headers("coldcopy_lang=en; coldcopy_tz=Europe/Lisbon"));
        assert_eq!(
            zone.as_ref().and_then(TimeZone::iana_name),
            Some("Europe/Lisbon")
        );
        assert!(from_headers(&headers("coldcopy_tz=Mars/Olympus")).is_none());
        assert!(from_headers(&headers("coldcopy_tz=../../etc/passwd")).is_none());
        assert!(from_headers(&HeaderMap::new()).is_none());
    }

    #[test]
    fn times_read_in_the_visitors_zone_and_language() {
        // 2026-12-07 14:03:00 UTC.
        let unix = 1_796_652_180;
        let shanghai = TimeZone::get("Asia/Shanghai").unwrap();
        let new_york = TimeZone::get("America/New_York").unwrap();
        assert_eq!(label(unix, None, Lang::En), "7 Dec 2026, 14:03 UTC");
        assert_eq!(label(unix, Some(&new_york), Lang::En), "7 Dec 2026, 09:03");
        assert_eq!(
            label(unix, Some(&shanghai), Lang::Zh),
            "2026年12月7日 22:03"
        );
        // Across midnight the date follows the zone.
        assert_eq!(
            label(unix + 3 * 3600, Some(&shanghai), Lang::En),
            "8 Dec 2026, 01:03"
        );
    }
}
