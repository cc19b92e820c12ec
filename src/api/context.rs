//! What a server function needs from the request it is answering.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::ConnectInfo,
    http::{
        header::{ACCEPT, HOST, SET_COOKIE},
        request::Parts,
    },
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::domain::error::AppError;
use crate::server::platform::state::AppState;
use crate::server::quota::limits;
use crate::server::sessions;

/// The state, the request's parts and the response being built.
pub struct RequestContext {
    pub state: AppState,
    pub parts: Parts,
    response: ResponseOptions,
}

impl RequestContext {
    /// The context of the server function being run.
    pub fn current() -> Result<Self, AppError> {
        match (
            use_context::<AppState>(),
            use_context::<Parts>(),
            use_context::<ResponseOptions>(),
        ) {
            (Some(state), Some(parts), Some(response)) => Ok(Self {
                state,
                parts,
                response,
            }),
            _ => {
                tracing::error!("a server function ran without its request context");
                Err(AppError::Internal)
            }
        }
    }

    /// The interface language of the request (platform::language): its messages follow it.
    pub fn t(&self) -> &'static crate::domain::i18n::Messages {
        self.lang().t()
    }

    /// The interface language of the request.
    pub fn lang(&self) -> crate::domain::i18n::Lang {
        crate::server::platform::language::from_headers(&self.parts.headers)
    }

    /// The visitor's time zone, once a page with islands has reported it
    /// (`platform::time_zone`).
    pub fn time_zone(&self) -> Option<jiff::tz::TimeZone> {
        crate::server::platform::time_zone::from_headers(&self.parts.headers)
    }

    /// The client's IP, per the trusted-proxy setting.
    pub fn client_ip(&self) -> IpAddr {
        let peer = self
            .parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        limits::client_ip(
            peer,
            &self.parts.headers,
            self.state.settings.limits.trusted_proxy,
        )
    }

    /// Sends the session cookie for `session_id`.
    pub fn set_session_cookie(&self, session_id: &crate::domain::ids::SessionId) {
        self.response.insert_header(
            SET_COOKIE,
            sessions::set_cookie_value(session_id, self.state.settings.cookie_secure),
        );
    }

    /// Signs this browser in: the login cookie, and the anonymous session cookie forgotten (the
    /// work it named is the account's now, reached only through the login).
    pub fn sign_in_browser(&self, login_token: &str) {
        let secure = self.state.settings.cookie_secure;
        self.response.append_header(
            SET_COOKIE,
            crate::server::accounts::logins::set_cookie_value(login_token, secure),
        );
        self.response
            .append_header(SET_COOKIE, sessions::clear_cookie_value(secure));
    }

    /// Signs this browser out: its login cookie forgotten.
    pub fn sign_out_browser(&self) {
        self.response.append_header(
            SET_COOKIE,
            crate::server::accounts::logins::clear_cookie_value(self.state.settings.cookie_secure),
        );
    }

    /// The request's `User-Agent`, as sent.
    pub fn user_agent(&self) -> &str {
        self.parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The site's address as the visitor sees it, without a trailing slash: `PUBLIC_URL`, or
    /// the request's `Host` (https when cookies are marked secure).
    pub fn public_base(&self) -> String {
        if let Some(url) = &self.state.settings.public_url {
            return url.as_str().trim_end_matches('/').to_owned();
        }
        let host = self
            .parts
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty() && !h.contains(['/', ' ', '@']))
            .map(str::to_owned)
            .unwrap_or_else(|| self.state.leptos_options.site_addr.to_string());
        let scheme = if self.state.settings.cookie_secure {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    }

    /// True for a plain HTML form post (JavaScript off): answers are redirects, not JSON.
    pub fn is_form_post(&self) -> bool {
        self.parts
            .headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// For a plain form post (JavaScript off), sends the browser on: to `ok`'s address when the
    /// call worked, to `failed`'s (back to the form, with the error) when it did not. The
    /// hydrated page gets the result itself, so nothing is done for it.
    pub fn redirect_form_post<T>(
        &self,
        result: &Result<T, AppError>,
        ok: impl FnOnce(&T) -> String,
        failed: impl FnOnce(&AppError) -> String,
    ) {
        if self.is_form_post() {
            let to = match result {
                Ok(value) => ok(value),
                Err(err) => failed(err),
            };
            leptos_axum::redirect(&to);
        }
    }

    /// For a plain form post (JavaScript off), sends the browser on to `to`: a call that
    /// cannot fail once it got here.
    pub fn redirect_form_post_to(&self, to: &str) {
        if self.is_form_post() {
            leptos_axum::redirect(to);
        }
    }

    /// The path of the page a form was posted from (its `Referer`, on this site), if any.
    pub fn referring_path(&self) -> Option<String> {
        self.parts
            .headers
            .get(axum::http::header::REFERER)
            .and_then(|r| r.to_str().ok())
            .and_then(|r| reqwest::Url::parse(r).ok())
            .map(|url| url.path().to_owned())
            .filter(|path| path.starts_with('/') && !path.starts_with("//"))
    }

    /// The session named by the cookie, if the database knows it (never creates one); looked
    /// up once for a page's whole render (`sessions::SessionOnce`).
    pub async fn existing_session(&self) -> Result<Option<sessions::Session>, AppError> {
        let (reader, headers) = (&self.state.reader, &self.parts.headers);
        let session = match self.parts.extensions.get::<sessions::SessionOnce>() {
            Some(once) => once.get(reader, headers).await,
            None => sessions::from_cookie(reader, headers).await,
        }
        .map_err(crate::server::internal("looking up a session"))?;
        if let Some(me) = session.as_ref().and_then(|s| s.account.as_ref()) {
            crate::server::accounts::logins::note_seen(&self.state.writer, me);
        }
        Ok(session)
    }
}
