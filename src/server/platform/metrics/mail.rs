//! ColdCopy's own mail: messages handed to the relay, and the ones it did not take.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::{counter::Counter, family::Family};
use prometheus_client::registry::Registry;

use super::registered;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct MailLabels {
    kind: &'static str,
    outcome: &'static str,
}

pub(super) struct MailMetrics {
    messages: Family<MailLabels, Counter>,
}

impl MailMetrics {
    pub(super) fn register(registry: &mut Registry) -> Self {
        Self {
            messages: registered(
                registry,
                "mail_messages",
                "ColdCopy's own mail by kind (sign_in) and outcome (sent: the relay took it; failed: refused or unreachable)",
                None,
                Family::default(),
            ),
        }
    }
}

impl super::Metrics {
    /// A message of `kind` was handed to the relay (`sent`) or not (`failed`).
    pub fn mail(&self, kind: &'static str, outcome: &'static str) {
        self.mail
            .messages
            .get_or_create(&MailLabels { kind, outcome })
            .inc();
    }
}
