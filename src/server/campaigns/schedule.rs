//! When a campaign may send, in its own time zone (jiff, with the tz database bundled): the
//! weekdays and the daily window, the start of the local day the caps count from, the day a
//! follow-up is due. Every function takes the time as unix seconds, from the caller's clock.

use jiff::{Timestamp, ToSpan, civil::Date, tz::TimeZone};

/// A campaign's schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub zone: TimeZone,
    /// Minutes after local midnight: sending may start at `start` and stops before `end`.
    pub start: u16,
    pub end: u16,
    /// Bit 0 Monday … bit 6 Sunday.
    pub weekdays: u8,
}

/// All seven days.
pub const EVERY_DAY: u8 = 0b111_1111;
/// Monday to Friday.
pub const WORKDAYS: u8 = 0b001_1111;

fn zoned(zone: &TimeZone, unix: i64) -> jiff::ZonedDateTime {
    Timestamp::from_second(unix)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(zone.clone())
}

/// `date` at `minutes` after midnight in `zone`, as unix seconds (a time a DST change skips
/// is moved forward, as clocks are).
fn at(zone: &TimeZone, date: Date, minutes: u16) -> i64 {
    let (hour, minute) = ((minutes / 60) as i8, (minutes % 60) as i8);
    date.at(hour.min(23), minute, 0, 0)
        .to_zoned_datetime(zone.clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

impl Schedule {
    fn sends_on(&self, date: Date) -> bool {
        let bit = date.weekday().to_monday_zero_offset();
        self.weekdays & (1 << bit) != 0
    }

    /// True when `now` is inside the window on a sending day.
    pub fn open(&self, now: i64) -> bool {
        let local = zoned(&self.zone, now);
        let minute =
            u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0);
        self.sends_on(local.date()) && minute >= self.start && minute < self.end
    }

    /// The first moment at or after `after` when the window is open (`None` when no weekday is
    /// chosen).
    pub fn next_open(&self, after: i64) -> Option<i64> {
        let mut date = zoned(&self.zone, after).date();
        for _ in 0..8 {
            if self.sends_on(date) {
                let opens = at(&self.zone, date, self.start);
                let closes = if self.end >= 24 * 60 {
                    at(&self.zone, date.tomorrow().ok()?, 0)
                } else {
                    at(&self.zone, date, self.end)
                };
                let candidate = opens.max(after);
                if candidate < closes {
                    return Some(candidate);
                }
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The start of the local day `now` falls in: what the daily caps count from.
    pub fn day_start(&self, now: i64) -> i64 {
        zoned(&self.zone, now)
            .start_of_day()
            .map(|z| z.timestamp().as_second())
            .unwrap_or(now - now.rem_euclid(86_400))
    }

    /// Whole local days from `from` to `to` (0 on the same day): the ramp-up's day.
    pub fn days_between(&self, from: i64, to: i64) -> i64 {
        let (from, to) = (zoned(&self.zone, from).date(), zoned(&self.zone, to).date());
        to.duration_since(from).as_secs().div_euclid(86_400).max(0)
    }

    /// `days` local days after `first`, at the same local time: when a follow-up is due.
    pub fn days_after(&self, first: i64, days: u16) -> i64 {
        zoned(&self.zone, first)
            .checked_add(i64::from(days).days())
            .map(|z| z.timestamp().as_second())
            .unwrap_or(first + i64::from(days) * 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_second()
    }

    fn paris() -> Schedule {
        Schedule {
            zone: TimeZone::get("Europe/Paris").unwrap(),
            start: 9 * 60,
            end: 17 * 60,
            weekdays: WORKDAYS,
        }
    }

    #[test]
    fn the_window_is_local_time_on_the_chosen_days() {
        let s = paris();
        // Monday 7 December 2026: Paris is UTC+1.
        assert!(!s.open(ts("2026-12-07T07:59:00Z")));
        assert!(s.open(ts("2026-12-07T08:00:00Z")));
        assert!(s.open(ts("2026-12-07T15:59:00Z")));
        assert!(!s.open(ts("2026-12-07T16:00:00Z")));
        // Saturday.
        assert!(!s.open(ts("2026-12-12T10:00:00Z")));
    }

    #[test]
    fn the_next_opening_skips_the_night_and_the_weekend() {
        let s = paris();
        assert_eq!(
            s.next_open(ts("2026-12-07T10:00:00Z")),
            Some(ts("2026-12-07T10:00:00Z"))
        );
        assert_eq!(
            s.next_open(ts("2026-12-07T17:00:00Z")),
            Some(ts("2026-12-08T08:00:00Z"))
        );
        // Friday evening → Monday 09:00 Paris.
        assert_eq!(
            s.next_open(ts("2026-12-11T18:00:00Z")),
            Some(ts("2026-12-14T08:00:00Z"))
        );
        let never = Schedule {
            weekdays: 0,
            ..paris()
        };
        assert_eq!(never.next_open(ts("2026-12-07T10:00:00Z")), None);
    }

    #[test]
    fn daylight_saving_moves_the_window_with_the_local_clock() {
        let s = paris();
        // Friday 27 March 2026 (UTC+1), then Monday 30 March (UTC+2, after the change).
        assert_eq!(
            s.next_open(ts("2026-03-27T17:00:00Z")),
            Some(ts("2026-03-30T07:00:00Z"))
        );
        assert!(s.open(ts("2026-03-30T07:00:00Z")));
        assert!(!s.open(ts("2026-03-30T15:00:00Z")));
        // A follow-up three days after Friday 10:00 is Monday 10:00 local, 71 hours later.
        let friday = ts("2026-03-27T09:00:00Z");
        assert_eq!(s.days_after(friday, 3), ts("2026-03-30T08:00:00Z"));
        // The day the clocks change is 23 hours long; it still starts at local midnight.
        assert_eq!(
            s.day_start(ts("2026-03-29T12:00:00Z")),
            ts("2026-03-28T23:00:00Z")
        );
    }

    #[test]
    fn the_local_day_decides_the_caps_and_the_ramp() {
        let s = Schedule {
            zone: TimeZone::get("Asia/Shanghai").unwrap(),
            ..paris()
        };
        // 23:30 UTC on the 7th is 07:30 on the 8th in Shanghai.
        assert_eq!(
            s.day_start(ts("2026-12-07T23:30:00Z")),
            ts("2026-12-07T16:00:00Z")
        );
        assert_eq!(
            s.days_between(ts("2026-12-07T15:00:00Z"), ts("2026-12-07T17:00:00Z")),
            1
        );
        assert_eq!(
            s.days_between(ts("2026-12-07T01:00:00Z"), ts("2026-12-07T15:00:00Z")),
            0
        );
    }
}
