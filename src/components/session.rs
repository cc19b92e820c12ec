//! The visitor's plan and allowance, loaded once per page and refreshed after a generation.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::session::session;
use crate::domain::{error::AppError, session::SessionInfo};

/// The session resource and the signal that refreshes it.
#[derive(Clone, Copy)]
pub struct SessionState {
    pub info: Resource<Result<SessionInfo, AppError>>,
    refresh: RwSignal<u32>,
}

impl SessionState {
    /// Provides the session state to everything below; call once, inside the router.
    /// It loads again on every navigation (a generation ends on a new page) and on `refresh`.
    pub fn provide() -> Self {
        let refresh = RwSignal::new(0);
        let path = use_location().pathname;
        let state = SessionState {
            info: Resource::new(move || (refresh.get(), path.get()), |_| session()),
            refresh,
        };
        provide_context(state);
        state
    }

    /// The loaded session, if it has loaded and the load succeeded (tracks the resource).
    pub fn current(&self) -> Option<SessionInfo> {
        self.info.get().and_then(Result::ok)
    }

    /// Loads the session again (after a generation used some of the allowance).
    pub fn refresh(&self) {
        self.refresh.update(|n| *n += 1);
    }
}

/// The session state provided by `App`.
pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

/// "1 free sequence left", in the header.
#[component]
pub fn PlanBadge() -> impl IntoView {
    let state = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || {
                state
                    .current()
                    .map(|info| {
                        view! {
                            <span class="plan-badge" data-plan=info.plan.as_str()>
                                <span class="plan-badge__plan">{info.plan.label()}</span>
                                <span class="plan-badge__left">{info.remaining_label()}</span>
                            </span>
                        }
                    })
            }}
        </Transition>
    }
}
