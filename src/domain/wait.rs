//! "You can try again at 14:32 (in about 7 minutes)": a wait in words a person can act on, in
//! the interface language. The clock time is the visitor's own, so it is added only where the
//! visitor's clock is known (in the browser); the server says how long.

use super::i18n::{Messages, fill};

/// How long `secs` is, in words: "12 seconds", "about a minute", "about 7 minutes", "about 2
/// hours". Rounded up, so the visitor never comes back too early.
pub fn duration(secs: u64, t: &Messages) -> String {
    match secs {
        0..=1 => t.wait_second.to_owned(),
        2..=59 => fill(t.wait_seconds, &[("n", &secs)]),
        60..=89 => t.wait_minute.to_owned(),
        90..=5_399 => fill(t.wait_minutes, &[("n", &secs.div_ceil(60))]),
        _ => fill(t.wait_hours, &[("n", &secs.div_ceil(3_600))]),
    }
}

/// When the visitor can try again: "at 14:32 (in about 7 minutes)" with the local clock time
/// `clock`, else "in about 7 minutes".
pub fn when(secs: u64, clock: Option<&str>, t: &Messages) -> String {
    let wait = duration(secs, t);
    match clock {
        Some(clock) => fill(t.wait_at, &[("clock", &clock), ("wait", &wait)]),
        None => fill(t.wait_in, &[("wait", &wait)]),
    }
}

/// The visitor's clock `secs` from now, as "14:32" (in the browser; `None` on the server, which
/// does not know the visitor's time zone).
pub fn local_clock_after(secs: u64) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new_0();
        date.set_time(date.get_time() + secs as f64 * 1_000.0);
        Some(format!("{:02}:{:02}", date.get_hours(), date.get_minutes()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = secs;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Lang;

    #[test]
    fn waits_read_as_a_person_says_them() {
        let en = Lang::En.t();
        assert_eq!(duration(0, en), "a second");
        assert_eq!(duration(12, en), "12 seconds");
        assert_eq!(duration(75, en), "about a minute");
        assert_eq!(duration(390, en), "about 7 minutes");
        assert_eq!(duration(7_200, en), "about 2 hours");
        assert_eq!(
            when(390, Some("14:32"), en),
            "at 14:32 (in about 7 minutes)"
        );
        assert_eq!(when(390, None, en), "in about 7 minutes");
        let zh = Lang::Zh.t();
        assert_eq!(when(390, Some("14:32"), zh), " 14:32（大约 7 分钟后）");
        assert_eq!(when(390, None, zh), "大约 7 分钟后");
    }
}
