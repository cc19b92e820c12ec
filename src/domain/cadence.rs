//! The shape of a sequence: on which days its emails go out, and what each step is for. Claude's
//! prompt asks for it and the offline composer follows it.

/// Send days for a sequence of `n` emails (n from 3 to 7).
pub fn cadence(n: u8) -> &'static [u16] {
    const DAYS: [u16; 7] = [0, 3, 7, 14, 21, 28, 35];
    &DAYS[..usize::from(n.clamp(1, 7))]
}

/// What each step is for, for a sequence of `n` emails.
pub fn step_purposes(n: u8) -> Vec<&'static str> {
    let all: &[&str] = match n {
        3 => &["opener", "value", "breakup"],
        4 => &["opener", "value", "proof", "breakup"],
        5 => &["opener", "value", "proof", "objection", "breakup"],
        6 => &[
            "opener",
            "value",
            "proof",
            "use case",
            "objection",
            "breakup",
        ],
        _ => &[
            "opener",
            "value",
            "proof",
            "use case",
            "objection",
            "quick question",
            "breakup",
        ],
    };
    all.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadence_and_purposes_fit_every_allowed_length() {
        for n in 3..=7u8 {
            assert_eq!(cadence(n).len(), usize::from(n));
            assert_eq!(cadence(n)[0], 0);
            assert_eq!(step_purposes(n).len(), usize::from(n));
            assert_eq!(step_purposes(n).last(), Some(&"breakup"));
        }
    }
}
