//! Sessions: the row that holds a visitor's plan and work, reached by the anonymous
//! `coldcopy_session` cookie or, for a browser signed in to an account, by its login
//! (`accounts::logins`). An account's session is never reached by the anonymous cookie.
//!
//! A cookie is only ever a key to look up: a value that is missing, malformed or unknown to the
//! database gets a brand-new row and a new cookie. Nothing is ever inserted under an id the
//! browser chose.

use crate::domain::ids::{SequenceId, SessionId};
use crate::domain::session::Plan;
use crate::server::platform::db::{Db, ReadPool, WritePool};
use axum::http::{HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite, time::Duration as CookieDuration};

/// The cookie's name.
pub const COOKIE_NAME: &str = "coldcopy_session";
/// How long the browser keeps the cookie.
pub const COOKIE_MAX_AGE_DAYS: i64 = 90;

/// A session row, with the plan it has now (derived from its purchases and subscriptions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub plan: Plan,
    pub used: u32,
    pub allowed: u32,
    /// Its newest sequence when it was looked up (the header links to it), read in the same
    /// query as the rest.
    pub latest: Option<SequenceId>,
    /// The account, when this browser is signed in.
    pub account: Option<SignedIn>,
}

/// Who a signed-in browser is: the account and this browser's login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub account_id: String,
    pub email: String,
    /// The login's public id (the account page names browsers by it).
    pub login_id: String,
    pub last_seen_at: i64,
}

/// The session id in the request's cookies, when it is a well-formed UUID.
pub fn cookie_session_id(headers: &HeaderMap) -> Option<SessionId> {
    crate::server::platform::cookies::value(headers, COOKIE_NAME)
        .and_then(|value| SessionId::parse(&value))
}

/// The session a page's render looks up, asked once per request: the header and the page each
/// ask for it, and on a page that writes nothing they share one answer.
/// `platform::islands::page` puts one in a page GET's extensions; requests without one (form
/// posts, server-function calls, pages that write) read the database each time.
#[derive(Clone, Default)]
pub struct SessionOnce(std::sync::Arc<tokio::sync::OnceCell<Option<Session>>>);

impl SessionOnce {
    /// The request's session, from the database the first time.
    pub async fn get(
        &self,
        pool: &ReadPool,
        headers: &HeaderMap,
    ) -> Result<Option<Session>, sqlx::Error> {
        self.0
            .get_or_try_init(|| from_cookie(pool, headers))
            .await
            .cloned()
    }
}

/// The `Set-Cookie` value for session `id`.
pub fn set_cookie_value(id: &SessionId, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE_NAME, id.as_str()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(COOKIE_MAX_AGE_DAYS))
        .secure(secure)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a UUID cookie is a valid header value")
}

/// The `Set-Cookie` value that forgets the anonymous session cookie (at sign-in).
pub fn clear_cookie_value(secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE_NAME, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::ZERO)
        .secure(secure)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("an empty cookie is a valid header value")
}

/// A session's row as both engines' `find` (and `accounts::logins`) read it.
pub(crate) struct SessionRow {
    pub id: String,
    pub plan: String,
    pub generations_used: i64,
    pub max_generations: i64,
    pub latest: Option<String>,
}

impl SessionRow {
    /// The session this row describes, reached anonymously or by `account`'s login.
    pub(crate) fn into_session(self, account: Option<SignedIn>) -> Session {
        Session {
            plan: Plan::parse(&self.plan).unwrap_or_default(),
            used: u32::try_from(self.generations_used).unwrap_or(0),
            allowed: u32::try_from(self.max_generations).unwrap_or(0),
            id: SessionId::from_stored(self.id),
            latest: self.latest.map(SequenceId::from_stored),
            account,
        }
    }
}

/// The session with this id, if the database knows it.
pub async fn find(pool: &ReadPool, id: &SessionId) -> Result<Option<Session>, sqlx::Error> {
    let id = id.as_str();
    let row =
        match pool.db() {
            Db::Sqlite(pool) => sqlx::query_as!(
                SessionRow,
                r#"SELECT s.id, p.plan AS "plan!: String", s.generations_used, s.max_generations,
                     (SELECT q.id FROM sequences q WHERE q.session_id = s.id
                      ORDER BY q.created_at DESC, q.rowid DESC LIMIT 1) AS "latest?: String"
                   FROM sessions s JOIN session_plans p ON p.session_id = s.id
                   WHERE s.id = ?1
                     AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.session_id = ?1)"#,
                id
            )
            .fetch_optional(pool)
            .await?,
            Db::Postgres(pool) => {
                sqlx::query_as!(
                    SessionRow,
                    r#"SELECT s.id, p.plan AS "plan!", s.generations_used, s.max_generations,
                     (SELECT q.id FROM sequences q WHERE q.session_id = s.id
                      ORDER BY q.created_at DESC, q.position DESC LIMIT 1) AS "latest?"
                   FROM sessions s JOIN session_plans p ON p.session_id = s.id
                   WHERE s.id = $1
                     AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.session_id = $1)"#,
                    id
                )
                .fetch_optional(pool)
                .await?
            }
        };
    Ok(row.map(|row| row.into_session(None)))
}

/// The session the request's cookies name: a signed-in browser's account, else the anonymous
/// cookie's session, if the database knows it. Never creates one. A login ended elsewhere
/// ("sign out everywhere", on any server) is gone from the database, so the next request finds
/// no account.
pub async fn from_cookie(
    pool: &ReadPool,
    headers: &HeaderMap,
) -> Result<Option<Session>, sqlx::Error> {
    if let Some(session) = crate::server::accounts::logins::session_of(pool, headers).await? {
        return Ok(Some(session));
    }
    match cookie_session_id(headers) {
        Some(id) => find(pool, &id).await,
        None => Ok(None),
    }
}

/// A new free session with `allowed` sequences, under a fresh server-made id.
pub async fn create(pool: &WritePool, allowed: u32) -> Result<Session, sqlx::Error> {
    let id = SessionId::new_random();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO sessions (id, max_generations) VALUES (?, ?)",
            id.as_str(),
            allowed
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO sessions (id, max_generations) VALUES ($1, $2)",
            id.as_str(),
            i64::from(allowed)
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(Session {
        id,
        plan: Plan::Free,
        used: 0,
        allowed,
        latest: None,
        account: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::server::platform::cookies::headers_with as headers;

    #[test]
    fn reads_a_well_formed_session_cookie_among_others() {
        let id = SessionId::new_random();
        let found = cookie_session_id(&headers(&format!("theme=dark; {COOKIE_NAME}={id}; x=1")));
        assert_eq!(found, Some(id));
    }

    #[test]
    fn ignores_missing_and_malformed_cookies() {
        for cookie in [
            "theme=dark",
            "coldcopy_session=",
            "coldcopy_session=not-a-uuid",
            "coldcopy_session=1; DROP TABLE sessions",
            "coldcopy_session=../../etc/passwd",
        ] {
            assert_eq!(cookie_session_id(&headers(cookie)), None, "{cookie}");
        }
        assert_eq!(cookie_session_id(&HeaderMap::new()), None);
    }

    #[test]
    fn the_cookie_has_the_required_attributes() {
        let id = SessionId::new_random();
        let value = set_cookie_value(&id, false);
        let text = value.to_str().unwrap();
        for part in [
            &format!("coldcopy_session={id}"),
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=7776000",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        assert!(!text.contains("Secure"));
        assert!(
            set_cookie_value(&id, true)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }
}
