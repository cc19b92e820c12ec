//! The visitor's plan and allowance, loaded on every page (a finished generation always ends
//! on a new page, so the header is current after it).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::session::session;
use crate::domain::{error::AppError, session::SessionInfo};

/// The visitor's session as a view reads it: loaded for the page (a server component), or
/// given to an island with its props (an island in the browser has no context from the page).
#[derive(Clone, Copy)]
pub struct SessionState(Source);

#[derive(Clone, Copy)]
enum Source {
    Loaded(Resource<Result<SessionInfo, AppError>>),
    Given(StoredValue<Option<SessionInfo>>),
}

impl SessionState {
    /// Provides the session state to everything below; call once, inside the router.
    /// It loads again on every navigation.
    pub fn provide() -> Self {
        let path = use_location().pathname;
        let state = SessionState(Source::Loaded(Resource::new(
            move || path.get(),
            |_| session(),
        )));
        provide_context(state);
        state
    }

    /// Provides the session an island was given (the page loaded it: `loaded`).
    pub fn provide_given(info: Option<SessionInfo>) -> Self {
        let state = SessionState(Source::Given(StoredValue::new(info)));
        provide_context(state);
        state
    }

    /// The loaded session, if it has loaded and the load succeeded (tracks the resource).
    pub fn current(&self) -> Option<SessionInfo> {
        match self.0 {
            Source::Loaded(info) => info.get().and_then(Result::ok),
            Source::Given(info) => info.get_value(),
        }
    }

    /// The session as the page loaded it, to give to an island (waits for the load).
    pub async fn loaded(&self) -> Option<SessionInfo> {
        match self.0 {
            Source::Loaded(info) => info.await.ok(),
            Source::Given(info) => info.get_value(),
        }
    }
}

/// The session state provided by `App` (or by an island: `SessionState::provide_given`).
pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

/// "1 free sequence left", in the header, linking to the plans.
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
                            // A link to the plans: on a phone it stands in for the Pricing link.
                            <a class="plan-badge" href="/pricing" data-plan=info.plan.as_str()>
                                <span class="plan-badge__plan">{info.plan.name(t)}</span>
                                <span class="plan-badge__left">{info.remaining_label(t)}</span>
                            </a>
                        }
                    })
            }}
        </Transition>
    }
}

/// "Sign in", or "Account" once this browser is signed in, in the header.
#[component]
pub fn AccountLink() -> impl IntoView {
    let state = use_session();
    let t = crate::components::i18n::use_t();
    view! {
        <Transition fallback=|| ()>
            {move || {
                state
                    .current()
                    .map(|info| {
                        let (href, label) = if info.signed_in {
                            ("/account", t.nav_account)
                        } else {
                            ("/signin", t.nav_sign_in)
                        };
                        view! { <a class="site-nav__link site-nav__account" href=href>{label}</a> }
                    })
            }}
        </Transition>
    }
}
