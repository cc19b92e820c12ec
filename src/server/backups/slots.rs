//! When backups are due: slots start at `BACKUP_HOUR_UTC` and every `BACKUP_INTERVAL_HOURS`
//! after it, in UTC. A slot is named by its start (`2026-12-07T03`), so every server names it
//! the same and the database lets one take it (`runs`).

use crate::domain::sequence::utc_label;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// The schedule: the first slot's hour of the day and the hours between slots (a divisor of 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub hour_utc: u32,
    pub interval_hours: u32,
}

impl Schedule {
    /// The start (Unix seconds) of the latest slot that has begun at `now`.
    pub fn current(self, now: i64) -> i64 {
        let interval = i64::from(self.interval_hours.clamp(1, 24)) * HOUR;
        let offset = (i64::from(self.hour_utc) * HOUR).rem_euclid(interval);
        (now - offset).div_euclid(interval) * interval + offset
    }

    /// The start of the slot after the current one.
    pub fn next(self, now: i64) -> i64 {
        self.current(now) + i64::from(self.interval_hours.clamp(1, 24)) * HOUR
    }
}

/// A slot's name: its start in UTC to the hour, `2026-12-07T03`.
pub fn name(start: i64) -> String {
    utc_label(start)[..13].replace(' ', "T")
}

/// The UTC day (days since 1970-01-01) and ISO week (weeks since the Monday 1969-12-29) of `at`,
/// for retention.
pub fn day_and_week(at: i64) -> (i64, i64) {
    let day = at.div_euclid(DAY);
    (day, (day + 3).div_euclid(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07 00:00 UTC, a Monday.
    const MONDAY: i64 = 1_796_601_600;

    #[test]
    fn slots_start_at_the_hour_and_every_interval_after_it() {
        assert_eq!(name(MONDAY), "2026-12-07T00");
        let daily = Schedule {
            hour_utc: 3,
            interval_hours: 24,
        };
        assert_eq!(daily.current(MONDAY + 3 * HOUR), MONDAY + 3 * HOUR);
        assert_eq!(
            daily.current(MONDAY + 3 * HOUR - 1),
            MONDAY - DAY + 3 * HOUR
        );
        assert_eq!(daily.current(MONDAY + 23 * HOUR), MONDAY + 3 * HOUR);
        assert_eq!(daily.next(MONDAY + 5 * HOUR), MONDAY + DAY + 3 * HOUR);
        let six = Schedule {
            hour_utc: 3,
            interval_hours: 6,
        };
        assert_eq!(
            six.current(MONDAY + HOUR),
            MONDAY - 3 * HOUR,
            "21:00 the day before"
        );
        assert_eq!(six.current(MONDAY + 10 * HOUR), MONDAY + 9 * HOUR);
        assert_eq!(name(six.next(MONDAY + 10 * HOUR)), "2026-12-07T15");
    }

    #[test]
    fn days_and_iso_weeks() {
        let (day, week) = day_and_week(MONDAY);
        assert_eq!(day_and_week(MONDAY + DAY - 1), (day, week));
        assert_eq!(
            day_and_week(MONDAY - 1),
            (day - 1, week - 1),
            "Sunday is last week"
        );
        assert_eq!(
            day_and_week(MONDAY + 6 * DAY).1,
            week,
            "the next Sunday is this week"
        );
        assert_eq!(day_and_week(MONDAY + 7 * DAY).1, week + 1);
    }
}
