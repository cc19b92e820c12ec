//! How many emails a campaign sends each day of the next two weeks under its schedule and caps:
//! the sender's rules played forward a day at a time (follow-ups first, on their send days; then
//! new leads, up to the new-leads limit and what the mailboxes' caps, ramp-ups and gaps leave).
//! An estimate for the founder, not a promise: replies, bounces and opt-outs only lower it.

use jiff::{Timestamp, ToSpan, civil::Date};

use super::form::Limits;
use super::schedule::Schedule;

/// A lead as the forecast sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// The step due next (1 for a lead not yet written to).
    pub next_step: u8,
    /// When it is due (0 for a new lead).
    pub next_at: i64,
    /// When its first email went, for a lead under way.
    pub first_sent_at: Option<i64>,
}

/// A mailbox as the forecast sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sender {
    /// Sent today so far.
    pub sent_today: u32,
    /// Its first send ever (the ramp-up's day 0), if it has sent.
    pub first_send_at: Option<i64>,
}

/// One day of the forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: Date,
    pub first: u32,
    pub follow_ups: u32,
}

/// The next `days` local days from `now`'s, for leads `pending` of a sequence whose steps go on
/// `step_days` (days after the first email, step 1 first).
pub fn forecast(
    schedule: &Schedule,
    limits: &Limits,
    senders: &[Sender],
    pending: &[Pending],
    step_days: &[u16],
    now: i64,
    days: usize,
) -> Vec<Day> {
    let zone = &schedule.zone;
    let local = |unix: i64| {
        Timestamp::from_second(unix)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(zone.clone())
            .date()
    };
    let today = local(now);
    let index = |date: Date| -> i64 { date.duration_since(today).as_secs().div_euclid(86_400) };
    // Follow-ups due, by day index (a lead under way, or one whose first email goes in the
    // forecast): each step on its day after the first email.
    let mut follow_ups = vec![0u32; days];
    let mut new_leads = 0u32;
    let steps = step_days.len();
    // Counts steps `from_step..` of a lead whose first email goes on day `first_day`.
    let add_steps = |follow_ups: &mut Vec<u32>, first_day: i64, from_step: usize| {
        for offset in step_days.iter().skip(from_step.saturating_sub(1)) {
            let day = first_day + i64::from(*offset);
            if let Ok(day) = usize::try_from(day)
                && day < days
            {
                follow_ups[day] += 1;
            }
        }
    };
    for lead in pending {
        if lead.first_sent_at.is_none() || lead.next_step <= 1 {
            new_leads += 1;
            continue;
        }
        let step = usize::from(lead.next_step).min(steps).max(1);
        // The step due (today when overdue), then the later ones on their days.
        let due = index(local(lead.next_at.max(now)));
        let first_day = due - i64::from(step_days[step - 1]);
        add_steps(&mut follow_ups, first_day, step);
    }
    let window_minutes = i64::from(schedule.end.saturating_sub(schedule.start));
    let by_gap = if limits.gap_seconds == 0 {
        u32::MAX
    } else {
        u32::try_from(window_minutes * 60 / i64::from(limits.gap_seconds) + 1).unwrap_or(u32::MAX)
    };
    // Today counts only while its window is still to come or open.
    let open_today = schedule.next_open(now).is_some_and(|at| local(at) == today);
    let mut out = Vec::with_capacity(days);
    let mut waiting = 0u32;
    for i in 0..days {
        let date = today.checked_add((i as i64).days()).unwrap_or(today);
        let mut day = Day {
            date,
            first: 0,
            follow_ups: 0,
        };
        waiting += follow_ups[i];
        let weekday = date.weekday().to_monday_zero_offset();
        if schedule.weekdays & (1 << weekday) != 0 && (i > 0 || open_today) {
            let mut room: u32 = senders
                .iter()
                .map(|s| {
                    let ramp_day = s
                        .first_send_at
                        .map_or(i as i64, |f| i as i64 - index(local(f)));
                    let cap = limits.cap_on(ramp_day).min(by_gap);
                    if i == 0 {
                        cap.saturating_sub(s.sent_today)
                    } else {
                        cap
                    }
                })
                .sum();
            day.follow_ups = waiting.min(room);
            waiting -= day.follow_ups;
            room -= day.follow_ups;
            day.first = room.min(limits.new_per_day).min(new_leads);
            new_leads -= day.first;
            for _ in 0..day.first {
                add_steps(&mut follow_ups, i as i64, 2);
            }
        }
        out.push(day);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    fn ts(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_second()
    }

    fn limits(cap: u32) -> Limits {
        Limits {
            daily_cap: cap,
            ramp_start: 0,
            ramp_step: 0,
            gap_seconds: 600,
            jitter_seconds: 0,
            new_per_day: 100,
        }
    }

    fn schedule() -> Schedule {
        Schedule {
            zone: TimeZone::get("Europe/Paris").unwrap(),
            start: 9 * 60,
            end: 17 * 60,
            weekdays: super::super::schedule::WORKDAYS,
        }
    }

    fn plan(days: &[Day]) -> Vec<(u32, u32)> {
        days.iter().map(|d| (d.first, d.follow_ups)).collect()
    }

    #[test]
    fn follow_ups_come_first_on_their_days_and_the_caps_hold() {
        let new = Pending {
            next_step: 1,
            next_at: 0,
            first_sent_at: None,
        };
        // Monday 14 December 2026, 08:00 in Paris; three new leads, two emails a day, steps on
        // days 0 and 3.
        let days = forecast(
            &schedule(),
            &limits(2),
            &[Sender {
                sent_today: 0,
                first_send_at: None,
            }],
            &[new; 3],
            &[0, 3],
            ts("2026-12-14T07:00:00Z"),
            7,
        );
        assert_eq!(days[0].date.to_string(), "2026-12-14");
        // Mon: 2 new; Tue: 1 new; Thu: Monday's 2 follow-ups; Fri: Tuesday's; the weekend none.
        assert_eq!(
            plan(&days),
            vec![(2, 0), (1, 0), (0, 0), (0, 2), (0, 1), (0, 0), (0, 0)]
        );
    }

    #[test]
    fn the_ramp_up_the_gap_and_leads_under_way_shape_the_days() {
        let under_way = Pending {
            next_step: 2,
            next_at: ts("2026-12-15T08:00:00Z"),
            first_sent_at: Some(ts("2026-12-12T08:00:00Z")),
        };
        let new = Pending {
            next_step: 1,
            next_at: 0,
            first_sent_at: None,
        };
        let ramp = Limits {
            ramp_start: 1,
            ramp_step: 1,
            gap_seconds: 3 * 3600,
            ..limits(10)
        };
        let mut pending = vec![under_way];
        pending.extend([new; 10]);
        let days = forecast(
            &schedule(),
            &ramp,
            &[Sender {
                sent_today: 0,
                first_send_at: None,
            }],
            &pending,
            &[0, 3],
            ts("2026-12-14T07:00:00Z"),
            3,
        );
        // The gap allows 3 a day in an 8-hour window; the ramp 1, 2, 3. Tuesday's follow-up
        // takes Tuesday's first place.
        assert_eq!(plan(&days), vec![(1, 0), (1, 1), (3, 0)]);
    }

    #[test]
    fn a_day_whose_window_has_passed_sends_nothing_more() {
        let new = Pending {
            next_step: 1,
            next_at: 0,
            first_sent_at: None,
        };
        let one = [Sender {
            sent_today: 0,
            first_send_at: None,
        }];
        // Monday 18:00 in Paris: the window closed at 17:00; Tuesday takes the two.
        let days = forecast(
            &schedule(),
            &limits(2),
            &one,
            &[new; 2],
            &[0, 3],
            ts("2026-12-14T17:00:00Z"),
            2,
        );
        assert_eq!(plan(&days), vec![(0, 0), (2, 0)]);
    }
}
