//! Which backups are kept: the newest of each of the last `daily` days that have one, and the
//! newest of each of the last `weekly` ISO weeks that have one (a copy can be both). Only
//! backups ColdCopy made are ever considered: those with a manifest it wrote (`files`).

use std::collections::BTreeSet;

use super::slots::day_and_week;

/// The start times of the backups to delete, of `taken` (any order).
pub fn expired(taken: &[i64], daily: u32, weekly: u32) -> Vec<i64> {
    let mut newest_first: Vec<i64> = taken.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    newest_first.dedup();
    let mut keep = BTreeSet::new();
    let mut newest_of = |period: fn(i64) -> i64, how_many: u32| {
        let mut seen = BTreeSet::new();
        for &at in &newest_first {
            if seen.len() >= how_many as usize {
                break;
            }
            if seen.insert(period(at)) {
                keep.insert(at);
            }
        }
    };
    newest_of(|at| day_and_week(at).0, daily);
    newest_of(|at| day_and_week(at).1, weekly);
    newest_first
        .into_iter()
        .filter(|at| !keep.contains(at))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    /// 2026-12-07 03:00 UTC, a Monday.
    const MONDAY_3AM: i64 = 1_796_601_600 + 3 * 3_600;

    #[test]
    fn the_newest_days_and_weeks_are_kept() {
        // Sixty daily backups, the newest on a Monday.
        let taken: Vec<i64> = (0..60).map(|i| MONDAY_3AM - i * DAY).collect();
        let gone = expired(&taken, 7, 4);
        let kept: Vec<i64> = taken
            .iter()
            .copied()
            .filter(|t| !gone.contains(t))
            .collect();
        // Days 0–6 (this Monday back to last Tuesday); for the four weeks, this one (today),
        // last week (yesterday, a Sunday), and the Sundays 8 and 15 days back.
        let mut want: Vec<i64> = [0, 1, 2, 3, 4, 5, 6, 8, 15]
            .iter()
            .map(|i| MONDAY_3AM - i * DAY)
            .collect();
        want.sort_unstable();
        let mut kept = kept;
        kept.sort_unstable();
        assert_eq!(kept, want);
        assert_eq!(gone.len(), 51);
    }

    #[test]
    fn several_a_day_keep_the_days_newest() {
        let taken: Vec<i64> = (0..12).map(|i| MONDAY_3AM - i * 6 * 3_600).collect();
        let gone = expired(&taken, 2, 0);
        let kept: Vec<i64> = taken
            .iter()
            .copied()
            .filter(|t| !gone.contains(t))
            .collect();
        assert_eq!(kept, [MONDAY_3AM, MONDAY_3AM - 6 * 3_600]);
        assert!(expired(&[], 7, 4).is_empty());
        assert!(expired(&[MONDAY_3AM], 1, 0).is_empty());
    }
}
