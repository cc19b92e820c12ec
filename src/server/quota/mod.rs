//! Who may generate, and how often. [`admit`] runs every check a generation must pass, in the
//! order the product promises: the off switch → the session (within the client IP's daily cap
//! on new sessions) → the burst limits → the allowance (one conditional UPDATE, `allowance`) →
//! the client IP's daily cap on free generations. The limiters themselves are in `limits`; the
//! paid-plan and rewrite checks are here too.

pub mod allowance;
pub(crate) mod counters;
pub(crate) mod limits;

use std::net::IpAddr;

use axum::http::HeaderMap;

use crate::domain::{error::AppError, ids::SessionId, session::Plan};
use crate::server::internal;
use crate::server::platform::state::AppState;
use crate::server::sessions::{self, Session};
use limits::{Decision, retry_after_secs};

/// A generation that passed every check: its session and the reservation it holds.
pub struct Admitted {
    pub session: Session,
    pub reservation: allowance::Reservation,
}

/// Runs the checks before any writing, in order; `on_new_session` is called with the id of a
/// session created here (the caller sets its cookie), even when a later check refuses.
pub async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    ip: IpAddr,
    on_new_session: impl FnOnce(&SessionId),
) -> Result<Admitted, AppError> {
    check_enabled(state)?;
    let (session, created) = session_for(state, headers, ip).await?;
    if created {
        on_new_session(&session.id);
    }
    check_rate(state, &session, ip).await?;
    let reservation = reserve(state, &session, ip).await?;
    Ok(Admitted {
        session,
        reservation,
    })
}

/// The session named by the request's cookie, or a new one, within the client IP's daily cap
/// on new sessions. The second value is true when the session was created here (the caller
/// must then set the cookie).
pub async fn session_for(
    state: &AppState,
    headers: &HeaderMap,
    ip: IpAddr,
) -> Result<(Session, bool), AppError> {
    if let Some(session) = sessions::from_cookie(&state.reader, headers)
        .await
        .map_err(internal("looking up a session"))?
    {
        return Ok((session, false));
    }
    if let Decision::Limited { .. } = state.limits.new_sessions_per_ip.hit(&ip.to_string()).await {
        tracing::info!(limit = "new sessions per IP", "daily cap reached");
        return Err(AppError::DailyLimitReached);
    }
    let session = sessions::create(&state.writer, state.settings.limits.free_sequences)
        .await
        .map_err(internal("creating a session"))?;
    Ok((session, true))
}

/// Refuses generation while it is switched off (`GENERATION_ENABLED=false`).
/// Whether writing is paused, as the form and `/api/session` say it: switched off, or today's
/// ceiling reached. Every page render asks (the header reads the session), so today's count is
/// kept in memory for up to `limits::TODAY_TTL`, and forgotten at once whenever this server
/// reserves or gives back a generation: its own form is never behind its own writes. The ceiling
/// itself is enforced inside the reservation's transaction, not here.
pub(crate) async fn is_paused(state: &AppState) -> Result<bool, AppError> {
    let limits = &state.settings.limits;
    if !limits.generation_enabled {
        return Ok(true);
    }
    let today = state
        .limits
        .generations_today
        .try_get_with((), allowance::generations_today(&state.reader))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "counting today's generations");
            AppError::Internal
        })?;
    Ok(today >= i64::from(limits.daily_ceiling))
}

fn check_enabled(state: &AppState) -> Result<(), AppError> {
    if state.settings.limits.generation_enabled {
        Ok(())
    } else {
        state.metrics.quota_denied("switched_off");
        Err(AppError::GenerationPaused)
    }
}

/// Counts one generation attempt against the session's and the IP's burst limits.
async fn check_rate(state: &AppState, session: &Session, ip: IpAddr) -> Result<(), AppError> {
    for (limiter, key, what) in [
        (&state.limits.per_session, session.id.to_string(), "session"),
        (&state.limits.per_ip, ip.to_string(), "client IP"),
    ] {
        if let Decision::Limited { retry_after } = limiter.hit(&key).await {
            tracing::info!(limit = what, "generation rate-limited");
            return Err(AppError::RateLimited {
                retry_after: retry_after_secs(retry_after),
            });
        }
    }
    Ok(())
}

/// Reserves one generation: 402 when the allowance is used up, 429 past Pro's fair use or the
/// client IP's daily cap on free generations (counted only for a generation that would go
/// ahead), 503 past the server's daily ceiling.
async fn reserve(
    state: &AppState,
    session: &Session,
    ip: IpAddr,
) -> Result<allowance::Reservation, AppError> {
    let reservation = reserve_allowance(state, session).await?;
    if session.plan == Plan::Free
        && let Decision::Limited { .. } = state.limits.free_per_ip.hit(&ip.to_string()).await
    {
        tracing::info!(limit = "free generations per IP", "daily cap reached");
        give_back(state, &reservation).await;
        return Err(AppError::DailyLimitReached);
    }
    Ok(reservation)
}

async fn reserve_allowance(
    state: &AppState,
    session: &Session,
) -> Result<allowance::Reservation, AppError> {
    let limit = state.settings.plans.pro_daily_limit;
    let ceiling = state.settings.limits.daily_ceiling;
    let reserved = allowance::reserve(&state.writer, &session.id, limit, ceiling).await;
    state.limits.generations_today.invalidate(&()).await;
    match reserved.map_err(internal("reserving a generation"))? {
        allowance::Reserved::CeilingReached => {
            state.metrics.quota_denied("daily_ceiling");
            tracing::warn!(ceiling, "the daily generation ceiling is reached");
            Err(AppError::GenerationPaused)
        }
        allowance::Reserved::Yes(reservation) => Ok(reservation),
        allowance::Reserved::AllowanceUsed => {
            state.metrics.quota_denied("allowance_used");
            Err(AppError::QuotaExceeded)
        }
        allowance::Reserved::FairUseReached { limit } => {
            state.metrics.quota_denied("fair_use");
            tracing::info!(limit, "Pro fair-use limit reached");
            Err(AppError::FairUseReached { limit })
        }
    }
}

/// Gives a reservation back (a refused or failed generation spends nothing).
pub(crate) async fn give_back(state: &AppState, reservation: &allowance::Reservation) {
    if let Err(err) = allowance::release(&state.writer, reservation).await {
        // The stale-reservation sweep gives it back later.
        tracing::error!(error = %err, "could not give a reservation back");
    }
    state.limits.generations_today.invalidate(&()).await;
}

/// Rewriting is for the paid plans (402 on the free plan).
pub(crate) fn require_paid(state: &AppState, session: &Session) -> Result<(), AppError> {
    if session.plan == Plan::Free {
        state.metrics.quota_denied("paid_plan_required");
        return Err(AppError::PaidPlanRequired);
    }
    Ok(())
}

/// Counts one rewrite against the session's rewrite limit.
pub(crate) async fn check_rewrite_rate(
    state: &AppState,
    session: &Session,
) -> Result<(), AppError> {
    if let Decision::Limited { retry_after } = state.limits.rewrites.hit(session.id.as_str()).await
    {
        tracing::info!(limit = "rewrite", "rewrite rate-limited");
        return Err(AppError::RateLimited {
            retry_after: retry_after_secs(retry_after),
        });
    }
    Ok(())
}
