//! The one error type every server function returns.
//!
//! Variants a user can act on carry their detail; every infrastructure failure becomes the
//! opaque `Internal` after the server has logged the full chain, so no internal text reaches
//! a client. The HTTP status of each variant is decided here, in one place.

use serde::{Deserialize, Serialize};

use super::i18n::{Messages, fill};
use server_fn_error::{FromServerFnError, ServerFnErrorErr, codec::JsonEncoding};

/// Re-exported names from `leptos::server_fn`, kept in one spot.
mod server_fn_error {
    pub use leptos::server_fn::codec;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

/// One field's problem, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the form (`company`, `job_title`, …).
    pub field: String,
    /// What is wrong, as a sentence naming the field.
    pub message: String,
}

/// Everything that can go wrong, as a client may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    /// The input did not parse; one entry per field that is wrong.
    #[error("Please correct the highlighted fields.")]
    Invalid { fields: Vec<FieldError> },
    /// Too many requests in a short time; try again after `retry_after` seconds.
    #[error("Too many tries in a short time. You can try again in {retry_after} seconds.")]
    RateLimited { retry_after: u64 },
    /// The plan's allowance is used up.
    #[error(
        "You have used every sequence your plan includes. Choose a plan to write more; everything you wrote stays saved."
    )]
    QuotaExceeded,
    /// Pro's fair-use limit: this many sequences in the last 24 hours.
    #[error(
        "You have written {limit} sequences in the last 24 hours, the Pro plan's fair-use limit. You can write again as the first of them turns a day old."
    )]
    FairUseReached { limit: u32 },
    /// This client IP has used its free sequences (or new sessions) for today.
    #[error(
        "Your network has used today's free sequences. Please come back tomorrow, or choose a plan to write more now."
    )]
    DailyLimitReached,
    /// Generation is switched off, or the server's daily ceiling is reached.
    #[error(
        "Writing new sequences is paused on this server for now. Your saved sequences are all still here; please try again later."
    )]
    GenerationPaused,
    /// A feature of the paid plans (rewriting one email), asked for on the free plan.
    #[error(
        "Rewriting an email is part of the Starter and Pro plans: choose one on the pricing page to use it."
    )]
    PaidPlanRequired,
    /// This server sells no plans (no Stripe keys).
    #[error(
        "Payments are not set up on this server, so plans cannot be bought here. Everything you wrote stays saved."
    )]
    PaymentsDisabled,
    /// Stripe failed or could not be reached.
    #[error("The payment service had a problem. Nothing was charged; please try again.")]
    PaymentFailed,
    /// Nothing here for this session.
    #[error(
        "We could not find that page. Your saved sequences are under \"Your sequences\" in the header."
    )]
    NotFound,
    /// The writing service failed or answered with something unusable.
    #[error("The writing service had a problem. Nothing was used up; please try again.")]
    UpstreamFailed,
    /// The writing service took too long.
    #[error("The writing service took too long to answer. Nothing was used up; please try again.")]
    UpstreamTimeout,
    /// A state-changing request sent from another site's page.
    #[error(
        "This request came from another site and was refused. Open ColdCopy directly and try again."
    )]
    CrossSite,
    /// The browser lost the connection to us (never sent by the server).
    #[error(
        "The connection to ColdCopy was lost. If your sequence was finished it is saved: reload the page to see it, or try again."
    )]
    ConnectionLost,
    /// This server sends no mail (no `SMTP_URL`), so nobody can sign in here.
    #[error(
        "Signing in is not set up on this server, because it cannot send email. Everything you wrote stays saved in this browser."
    )]
    SignInDisabled,
    /// The mail relay refused the message or could not be reached.
    #[error(
        "We could not send the email just now. Nothing was changed; please try again in a few minutes."
    )]
    MailFailed,
    /// Something failed on our side; details are in the server log only.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    /// What a visitor reads, in the interface language (`Display` is the English one, for
    /// the logs).
    pub fn message(&self, t: &Messages) -> String {
        match self {
            AppError::Invalid { .. } => t.error_invalid.to_owned(),
            AppError::RateLimited { retry_after } => {
                let clock = super::wait::local_clock_after(*retry_after);
                let when = super::wait::when(*retry_after, clock.as_deref(), t);
                fill(t.error_rate_limited, &[("when", &when)])
            }
            AppError::QuotaExceeded => t.error_quota_exceeded.to_owned(),
            AppError::FairUseReached { limit } => fill(t.error_fair_use, &[("limit", limit)]),
            AppError::DailyLimitReached => t.error_daily_limit.to_owned(),
            AppError::GenerationPaused => t.error_paused.to_owned(),
            AppError::PaidPlanRequired => t.error_paid_plan.to_owned(),
            AppError::PaymentsDisabled => t.error_payments_disabled.to_owned(),
            AppError::PaymentFailed => t.error_payment_failed.to_owned(),
            AppError::NotFound => t.error_not_found.to_owned(),
            AppError::UpstreamFailed => t.error_upstream_failed.to_owned(),
            AppError::UpstreamTimeout => t.error_upstream_timeout.to_owned(),
            AppError::CrossSite => t.error_cross_site.to_owned(),
            AppError::ConnectionLost => t.error_connection_lost.to_owned(),
            AppError::SignInDisabled => t.error_sign_in_disabled.to_owned(),
            AppError::MailFailed => t.error_mail_failed.to_owned(),
            AppError::Internal => t.error_internal.to_owned(),
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 400,
            AppError::NotFound => 404,
            AppError::QuotaExceeded => 402,
            AppError::PaidPlanRequired => 402,
            AppError::DailyLimitReached => 429,
            AppError::GenerationPaused => 503,
            AppError::RateLimited { .. } => 429,
            AppError::UpstreamFailed => 502,
            AppError::UpstreamTimeout => 504,
            AppError::Internal => 500,
            AppError::ConnectionLost => 503,
            AppError::CrossSite => 403,
            AppError::FairUseReached { .. } => 429,
            AppError::PaymentsDisabled => 503,
            AppError::PaymentFailed => 502,
            AppError::SignInDisabled => 503,
            AppError::MailFailed => 502,
        }
    }

    /// The error a redirect names by its tag (`?payment_error=payments_disabled`): only the
    /// variants without fields.
    pub fn from_tag(tag: &str) -> Option<AppError> {
        Some(match tag {
            "quota_exceeded" => AppError::QuotaExceeded,
            "paid_plan_required" => AppError::PaidPlanRequired,
            "daily_limit_reached" => AppError::DailyLimitReached,
            "generation_paused" => AppError::GenerationPaused,
            "not_found" => AppError::NotFound,
            "upstream_failed" => AppError::UpstreamFailed,
            "upstream_timeout" => AppError::UpstreamTimeout,
            "cross_site" => AppError::CrossSite,
            "connection_lost" => AppError::ConnectionLost,
            "payments_disabled" => AppError::PaymentsDisabled,
            "payment_failed" => AppError::PaymentFailed,
            "sign_in_disabled" => AppError::SignInDisabled,
            "mail_failed" => AppError::MailFailed,
            "internal" => AppError::Internal,
            _ => return None,
        })
    }

    /// The tag this error is named by in JSON and in redirects.
    pub fn tag(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "invalid",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::QuotaExceeded => "quota_exceeded",
            AppError::PaidPlanRequired => "paid_plan_required",
            AppError::DailyLimitReached => "daily_limit_reached",
            AppError::GenerationPaused => "generation_paused",
            AppError::FairUseReached { .. } => "fair_use_reached",
            AppError::PaymentsDisabled => "payments_disabled",
            AppError::PaymentFailed => "payment_failed",
            AppError::NotFound => "not_found",
            AppError::UpstreamFailed => "upstream_failed",
            AppError::UpstreamTimeout => "upstream_timeout",
            AppError::CrossSite => "cross_site",
            AppError::ConnectionLost => "connection_lost",
            AppError::SignInDisabled => "sign_in_disabled",
            AppError::MailFailed => "mail_failed",
            AppError::Internal => "internal",
        }
    }

    /// The message for one field, when this is an `Invalid` error that names it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Invalid { fields } => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message.as_str()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request could not be decoded: the client sent something malformed.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => AppError::Invalid {
                fields: vec![FieldError {
                    field: "request".into(),
                    message: "The request could not be read. Please reload the page and try again."
                        .into(),
                }],
            },
            // The browser could not send the request or read the answer.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::ConnectionLost
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_message_is_the_display_text() {
        let t = crate::domain::i18n::Lang::En.t();
        for err in [
            AppError::Invalid { fields: vec![] },
            AppError::RateLimited { retry_after: 3 },
            AppError::QuotaExceeded,
            AppError::FairUseReached { limit: 50 },
            AppError::DailyLimitReached,
            AppError::GenerationPaused,
            AppError::PaidPlanRequired,
            AppError::PaymentsDisabled,
            AppError::PaymentFailed,
            AppError::NotFound,
            AppError::UpstreamFailed,
            AppError::UpstreamTimeout,
            AppError::CrossSite,
            AppError::ConnectionLost,
            AppError::SignInDisabled,
            AppError::MailFailed,
            AppError::Internal,
        ] {
            assert_eq!(err.message(t), err.to_string());
        }
    }

    #[test]
    fn every_variant_maps_to_its_status() {
        let table = [
            (AppError::Invalid { fields: vec![] }, 400),
            (AppError::NotFound, 404),
            (AppError::QuotaExceeded, 402),
            (AppError::PaidPlanRequired, 402),
            (AppError::DailyLimitReached, 429),
            (AppError::GenerationPaused, 503),
            (AppError::RateLimited { retry_after: 3 }, 429),
            (AppError::UpstreamFailed, 502),
            (AppError::UpstreamTimeout, 504),
            (AppError::Internal, 500),
            (AppError::ConnectionLost, 503),
            (AppError::CrossSite, 403),
            (AppError::FairUseReached { limit: 50 }, 429),
            (AppError::PaymentsDisabled, 503),
            (AppError::PaymentFailed, 502),
        ];
        for (err, status) in table {
            assert_eq!(err.status(), status, "{err:?}");
        }
    }

    #[test]
    fn errors_serialise_with_a_snake_case_tag() {
        let json = serde_json::to_value(AppError::RateLimited { retry_after: 7 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": "rate_limited", "retry_after": 7})
        );
        let json = serde_json::to_value(AppError::QuotaExceeded).unwrap();
        assert_eq!(json, serde_json::json!({"error": "quota_exceeded"}));
    }

    #[test]
    fn unit_errors_round_trip_through_their_tags() {
        for err in [
            AppError::QuotaExceeded,
            AppError::PaidPlanRequired,
            AppError::DailyLimitReached,
            AppError::GenerationPaused,
            AppError::NotFound,
            AppError::UpstreamFailed,
            AppError::UpstreamTimeout,
            AppError::CrossSite,
            AppError::ConnectionLost,
            AppError::PaymentsDisabled,
            AppError::PaymentFailed,
            AppError::SignInDisabled,
            AppError::MailFailed,
            AppError::Internal,
        ] {
            assert_eq!(AppError::from_tag(err.tag()), Some(err.clone()));
            // The tag is the JSON one.
            assert_eq!(serde_json::to_value(&err).unwrap()["error"], err.tag());
        }
        for err in [
            AppError::Invalid { fields: vec![] },
            AppError::RateLimited { retry_after: 1 },
            AppError::FairUseReached { limit: 2 },
        ] {
            assert_eq!(serde_json::to_value(&err).unwrap()["error"], err.tag());
        }
        assert_eq!(AppError::from_tag("invalid"), None);
        assert_eq!(AppError::from_tag("<script>"), None);
    }

    #[test]
    fn decoding_failures_become_a_field_message_not_internal_text() {
        let err =
            AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `x`".into()));
        assert_eq!(err.status(), 400);
        assert!(
            !err.field_message("request")
                .unwrap()
                .contains("missing field")
        );
    }
}
