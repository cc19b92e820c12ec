//! A visitor's plan and what it allows, as the header and `/api/session` show it.

use serde::{Deserialize, Serialize};

use super::i18n::{Messages, fill};
use super::ids::SequenceId;
use super::sequence::Source;

/// What a session has paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    #[default]
    Free,
    Starter,
    Pro,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Starter => "starter",
            Plan::Pro => "pro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Starter => "Starter",
            Plan::Pro => "Pro",
        }
    }

    /// The plan's name as the interface shows it (Starter and Pro are names in every language).
    pub fn name(self, t: &Messages) -> &'static str {
        match self {
            Plan::Free => t.plan_free,
            other => other.label(),
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "free" => Some(Plan::Free),
            "starter" => Some(Plan::Starter),
            "pro" => Some(Plan::Pro),
            _ => None,
        }
    }
}

/// A session's plan and allowance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub plan: Plan,
    /// Sequences generated (or being generated right now).
    pub used: u32,
    /// Sequences the plan allows in all.
    pub allowed: u32,
    /// Who writes the next sequence: Claude, or the offline composer when no key is set.
    pub writer: Source,
    /// The id of the newest saved sequence, if any.
    pub latest: Option<SequenceId>,
    /// Generation is switched off or today's server-wide ceiling is reached.
    #[serde(default)]
    pub paused: bool,
    /// This browser is signed in to an account.
    #[serde(default)]
    pub signed_in: bool,
}

impl SessionInfo {
    /// Sequences left; Pro has no allowance (its fair-use limit is checked when writing).
    pub fn remaining(&self) -> u32 {
        if self.plan == Plan::Pro {
            return u32::MAX;
        }
        self.allowed.saturating_sub(self.used)
    }

    /// True when the next sequence needs a paid plan (the paywall's moment).
    pub fn needs_plan(&self) -> bool {
        self.remaining() == 0
    }

    /// "1 free sequence left", "No free sequences left", "12 sequences left", "Unlimited".
    /// "1 free sequence left", in the interface language.
    pub fn remaining_label(&self, t: &Messages) -> String {
        if self.plan == Plan::Pro {
            return t.remaining_unlimited.to_owned();
        }
        let n = self.remaining();
        let free = self.plan == Plan::Free;
        let template = match (n, free) {
            (0, true) => t.remaining_free_none,
            (1, true) => t.remaining_free_one,
            (_, true) => t.remaining_free_many,
            (0, false) => t.remaining_none,
            (1, false) => t.remaining_one,
            (_, false) => t.remaining_many,
        };
        fill(template, &[("n", &n)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_labels() {
        let info = |plan, used, allowed| SessionInfo {
            plan,
            used,
            allowed,
            writer: Source::Claude,
            latest: None,
            paused: false,
            signed_in: false,
        };
        assert_eq!(
            info(Plan::Free, 0, 1).remaining_label(crate::domain::i18n::Lang::En.t()),
            "1 free sequence left"
        );
        assert_eq!(
            info(Plan::Free, 1, 1).remaining_label(crate::domain::i18n::Lang::En.t()),
            "No free sequences left"
        );
        assert_eq!(
            info(Plan::Starter, 3, 26).remaining_label(crate::domain::i18n::Lang::En.t()),
            "23 sequences left"
        );
        // A lowered allowance never shows a negative number.
        assert_eq!(info(Plan::Free, 3, 1).remaining(), 0);
        assert!(info(Plan::Starter, 26, 26).needs_plan());
        // Pro spends no allowance.
        assert_eq!(
            info(Plan::Pro, 40, 1).remaining_label(crate::domain::i18n::Lang::En.t()),
            "Unlimited sequences"
        );
        assert!(!info(Plan::Pro, 40, 1).needs_plan());
    }

    #[test]
    fn plans_round_trip_through_their_names() {
        for plan in [Plan::Free, Plan::Starter, Plan::Pro] {
            assert_eq!(Plan::parse(plan.as_str()), Some(plan));
        }
        assert_eq!(Plan::parse("gold"), None);
    }
}
