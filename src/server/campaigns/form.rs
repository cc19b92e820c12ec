//! The new-campaign form (a plain HTML post): read into a campaign to make, or refused with
//! the names of the fields that are wrong (the page words each one: pages/campaigns/text.rs).

use jiff::tz::TimeZone;

use super::schedule::Schedule;
use crate::domain::{hidden, ids::JobId};

/// The most a mailbox may send in a day here (providers refuse far earlier; 50 is the warning).
pub const MAX_DAILY_CAP: u32 = 500;
/// The longest fallback for an empty merge tag: a few words.
pub const MAX_FALLBACK_CHARS: usize = 40;
/// The merge tags a campaign fills from the lead, with a fallback when the lead has none.
pub const FALLBACK_TAGS: [&str; 2] = ["first_name", "company_name"];

/// A campaign's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub daily_cap: u32,
    /// 0: no ramp-up. Else a new mailbox sends this many on its first day, `ramp_step` more
    /// each day after, up to the cap.
    pub ramp_start: u32,
    pub ramp_step: u32,
    pub gap_seconds: u32,
    pub jitter_seconds: u32,
    pub new_per_day: u32,
}

impl Limits {
    /// A mailbox's cap on day `day` of its sending (0 = its first).
    pub fn cap_on(&self, day: i64) -> u32 {
        if self.ramp_start == 0 {
            return self.daily_cap;
        }
        let ramped = i64::from(self.ramp_start) + i64::from(self.ramp_step) * day.max(0);
        u32::try_from(ramped.min(i64::from(self.daily_cap))).unwrap_or(self.daily_cap)
    }
}

/// A campaign to make, read from the form.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub name: String,
    pub list: JobId,
    pub mailboxes: Vec<String>,
    pub zone_name: String,
    pub schedule: Schedule,
    pub limits: Limits,
    pub fallbacks: Vec<(String, String)>,
    pub opt_out_line: bool,
    /// A reply from one lead stops every lead at the same company (by the address's domain).
    pub stop_company: bool,
}

/// The value of `name` (cleaned, trimmed; empty when absent).
fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, v)| hidden::cleaned(v).trim().to_owned())
        .unwrap_or_default()
}

/// "09:30" as minutes after midnight.
pub fn minutes(text: &str) -> Option<u16> {
    let (hour, minute) = text.split_once(':')?;
    let (hour, minute): (u16, u16) = (hour.parse().ok()?, minute.get(..2)?.parse().ok()?);
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

/// "09:30" from minutes after midnight.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The weekdays' form names, Monday first (bit 0).
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The form as a campaign to make, or the names of the wrong fields.
pub fn read(pairs: &[(String, String)]) -> Result<NewCampaign, Vec<&'static str>> {
    let mut bad = Vec::new();
    let name = value(pairs, "name");
    if name.is_empty() || name.chars().count() > 80 {
        bad.push("name");
    }
    let list = JobId::parse(&value(pairs, "list"));
    if list.is_none() {
        bad.push("list");
    }
    let mut mailboxes: Vec<String> = pairs
        .iter()
        .filter(|(key, _)| key == "mailbox")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| uuid::Uuid::parse_str(v).is_ok())
        .collect();
    mailboxes.sort();
    mailboxes.dedup();
    if mailboxes.is_empty() {
        bad.push("mailbox");
    }
    let zone_name = value(pairs, "time_zone");
    let zone = TimeZone::get(&zone_name).ok();
    if zone.is_none() {
        bad.push("time_zone");
    }
    let start = minutes(&value(pairs, "window_start"));
    let end = minutes(&value(pairs, "window_end"));
    match (start, end) {
        (Some(s), Some(e)) if s < e => {}
        _ => bad.push("window"),
    }
    let mut weekdays = 0u8;
    for (bit, day) in DAYS.iter().enumerate() {
        if value_is(pairs, "day", day) {
            weekdays |= 1 << bit;
        }
    }
    if weekdays == 0 {
        bad.push("day");
    }
    let mut number = |field: &'static str, min: u32, max: u32, blank: Option<u32>| {
        let text = value(pairs, field);
        let parsed = if text.is_empty() {
            blank
        } else {
            text.parse::<u32>().ok()
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => n,
            _ => {
                bad.push(field);
                0
            }
        }
    };
    let daily_cap = number("daily_cap", 1, MAX_DAILY_CAP, None);
    let ramp_start = number("ramp_start", 0, MAX_DAILY_CAP, Some(0));
    let ramp_step = number("ramp_step", 0, 100, Some(0));
    let gap_minutes = number("gap_minutes", 0, 24 * 60, None);
    let jitter_minutes = number("jitter_minutes", 0, 24 * 60, Some(0));
    let new_per_day = number("new_per_day", 1, 10_000, None);
    let mut fallbacks = Vec::new();
    for tag in FALLBACK_TAGS {
        let field = format!("fb_{tag}");
        let text = value(pairs, &field);
        if text.chars().count() > MAX_FALLBACK_CHARS || text.contains(['{', '}']) {
            bad.push(if tag == "first_name" {
                "fb_first_name"
            } else {
                "fb_company_name"
            });
        } else if !text.is_empty() {
            fallbacks.push((tag.to_owned(), text));
        }
    }
    let opt_out_line = value_is(pairs, "opt_out_line", "1");
    let stop_company = value_is(pairs, "stop_company", "1");
    match (bad.is_empty(), list, zone, start, end) {
        (true, Some(list), Some(zone), Some(start), Some(end)) => Ok(NewCampaign {
            name,
            list,
            mailboxes,
            zone_name,
            schedule: Schedule {
                zone,
                start,
                end,
                weekdays,
            },
            limits: Limits {
                daily_cap,
                ramp_start,
                ramp_step,
                gap_seconds: gap_minutes * 60,
                jitter_seconds: jitter_minutes * 60,
                new_per_day,
            },
            fallbacks,
            opt_out_line,
            stop_company,
        }),
        _ => Err(bad),
    }
}

fn value_is(pairs: &[(String, String)], key: &str, wanted: &str) -> bool {
    pairs.iter().any(|(k, v)| k == key && v == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut base = vec![
            ("name", "December push"),
            ("list", "6f1c0b1e-8a55-4c8e-9a53-0c3a4f6c9d10"),
            ("mailbox", "0b7f6c2e-2d4f-4f7e-8d9e-3a1b2c3d4e5f"),
            ("time_zone", "Europe/Paris"),
            ("window_start", "09:00"),
            ("window_end", "17:00"),
            ("day", "mon"),
            ("day", "fri"),
            ("daily_cap", "30"),
            ("gap_minutes", "10"),
            ("jitter_minutes", "5"),
            ("new_per_day", "20"),
            ("fb_first_name", "there"),
        ];
        for (key, value) in extra {
            base.retain(|(k, _)| k != key);
            base.push((key, value));
        }
        base.into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn a_good_form_reads_into_a_schedule_and_limits() {
        let made = read(&pairs(&[])).unwrap();
        assert_eq!(made.schedule.weekdays, 0b1_0001);
        assert_eq!((made.schedule.start, made.schedule.end), (540, 1020));
        assert_eq!(made.limits.gap_seconds, 600);
        assert_eq!(made.limits.ramp_start, 0);
        assert_eq!(made.fallbacks, vec![("first_name".into(), "there".into())]);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let bad = read(&pairs(&[
            ("name", ""),
            ("time_zone", "Mars/Olympus"),
            ("window_start", "18:00"),
            ("daily_cap", "0"),
            ("gap_minutes", "ten"),
            ("fb_first_name", "{{first_name}}"),
        ]))
        .unwrap_err();
        assert_eq!(
            bad,
            vec![
                "name",
                "time_zone",
                "window",
                "daily_cap",
                "gap_minutes",
                "fb_first_name"
            ]
        );
        let none = read(&[]).unwrap_err();
        assert!(none.contains(&"mailbox") && none.contains(&"day") && none.contains(&"list"));
    }

    #[test]
    fn the_ramp_up_grows_to_the_cap() {
        let limits = Limits {
            daily_cap: 30,
            ramp_start: 10,
            ramp_step: 3,
            gap_seconds: 0,
            jitter_seconds: 0,
            new_per_day: 100,
        };
        assert_eq!(
            (0..9).map(|d| limits.cap_on(d)).collect::<Vec<_>>(),
            vec![10, 13, 16, 19, 22, 25, 28, 30, 30]
        );
        assert_eq!(
            Limits {
                ramp_start: 0,
                ..limits
            }
            .cap_on(0),
            30
        );
    }
}
