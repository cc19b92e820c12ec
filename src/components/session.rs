//! The visitor's plan and allowance, loaded on every page (a finished generation always ends
//! on a new page, so the header is current after it).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::session::session;
use crate::domain::{error::AppError, session::SessionInfo};

/// The session resource.
#[derive(Clone, Copy)]
pub struct SessionState {
    pub info: Resource<Result<SessionInfo, AppError>>,
}

impl SessionState {
    /// Provides the session state to everything below; call once, inside the router.
    /// It loads again on every navigation.
    pub fn provide() -> Self {
        let path = use_location().pathname;
        let state = SessionState {
            info: Resource::new(move || path.get(), |_| session()),
        };
        provide_context(state);
        state
    }

    /// The loaded session, if it has loaded and the load succeeded (tracks the resource).
    pub fn current(&self) -> Option<SessionInfo> {
        self.info.get().and_then(Result::ok)
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
    let t = crate::components::i18n::use_t();
    view! {
        <Transition fallback=|| ()>
            {move || {
                state
                    .current()
                    .map(|info| {
                        view! {
                            <span class="plan-badge" data-plan=info.plan.as_str()>
                                <span class="plan-badge__plan">{info.plan.name(t)}</span>
                                <span class="plan-badge__left">{info.remaining_label(t)}</span>
                            </span>
                        }
                    })
            }}
        </Transition>
    }
}
