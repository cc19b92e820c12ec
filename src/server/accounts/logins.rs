//! Browsers signed in to an account. Each holds a `coldcopy_login` cookie with a token of its
//! own (kept as a SHA-256), made at sign-in: the anonymous session id the browser had before is
//! never promoted (no fixation). Every request reads the login from the database, so signing a
//! browser out, here or on any other server, takes effect on its next request.

use axum::http::{HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite, time::Duration as CookieDuration};

use super::tokens;
use crate::server::platform::db::{Db, ReadPool, WritePool};
use crate::server::sessions::{Session, SessionRow, SignedIn};

/// The login cookie's name.
pub const COOKIE_NAME: &str = "coldcopy_login";
/// How long a browser stays signed in without being used.
pub const COOKIE_MAX_AGE_DAYS: i64 = 180;
/// How often a login's "last seen" is written, at most.
pub const SEEN_EVERY_SECS: i64 = 300;

/// One signed-in browser, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub id: String,
    pub agent: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The `Set-Cookie` value that signs this browser in with `token`.
pub fn set_cookie_value(token: &str, secure: bool) -> HeaderValue {
    cookie_value(token, CookieDuration::days(COOKIE_MAX_AGE_DAYS), secure)
}

/// The `Set-Cookie` value that forgets the login on this browser.
pub fn clear_cookie_value(secure: bool) -> HeaderValue {
    cookie_value("", CookieDuration::ZERO, secure)
}

fn cookie_value(token: &str, max_age: CookieDuration, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((COOKIE_NAME, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .secure(secure)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a token cookie is a valid header value")
}

/// The login token in the request's cookies, when it has our tokens' shape.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    crate::server::platform::cookies::value(headers, COOKIE_NAME)
        .filter(|token| tokens::well_formed(token))
}

/// A signed-in browser's row, as both engines read it.
struct Row {
    id: String,
    plan: String,
    generations_used: i64,
    max_generations: i64,
    latest: Option<String>,
    account_id: String,
    email: String,
    login_id: String,
    last_seen_at: i64,
}

/// The account session of the browser whose login cookie this is, if the login still exists.
pub async fn session_of(
    pool: &ReadPool,
    headers: &HeaderMap,
) -> Result<Option<Session>, sqlx::Error> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let hash = tokens::hash(&token);
    let row =
        match pool.db() {
            Db::Sqlite(pool) => sqlx::query_as!(
                Row,
                r#"SELECT s.id, p.plan AS "plan!: String", s.generations_used, s.max_generations,
                 (SELECT q.id FROM sequences q WHERE q.session_id = s.id
                  ORDER BY q.created_at DESC, q.rowid DESC LIMIT 1) AS "latest?: String",
                 a.id AS account_id, a.email, l.id AS login_id, l.last_seen_at
               FROM logins l JOIN accounts a ON a.id = l.account_id
               JOIN sessions s ON s.id = a.session_id
               JOIN session_plans p ON p.session_id = s.id
               WHERE l.token_sha256 = ?"#,
                hash
            )
            .fetch_optional(pool)
            .await?,
            Db::Postgres(pool) => {
                sqlx::query_as!(
                    Row,
                    r#"SELECT s.id, p.plan AS "plan!", s.generations_used, s.max_generations,
                 (SELECT q.id FROM sequences q WHERE q.session_id = s.id
                  ORDER BY q.created_at DESC, q.position DESC LIMIT 1) AS "latest?",
                 a.id AS account_id, a.email, l.id AS login_id, l.last_seen_at
               FROM logins l JOIN accounts a ON a.id = l.account_id
               JOIN sessions s ON s.id = a.session_id
               JOIN session_plans p ON p.session_id = s.id
               WHERE l.token_sha256 = $1"#,
                    hash
                )
                .fetch_optional(pool)
                .await?
            }
        };
    Ok(row.map(|row| {
        let me = SignedIn {
            account_id: row.account_id,
            email: row.email,
            login_id: row.login_id,
            last_seen_at: row.last_seen_at,
        };
        SessionRow {
            id: row.id,
            plan: row.plan,
            generations_used: row.generations_used,
            max_generations: row.max_generations,
            latest: row.latest,
        }
        .into_session(Some(me))
    }))
}

/// Signs a browser in to `account_id`: answers the token its cookie will hold.
pub async fn create(
    pool: &WritePool,
    account_id: &str,
    agent: &str,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    let hash = tokens::hash(&token);
    let id = uuid::Uuid::new_v4().to_string();
    match *pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query!(
                "INSERT INTO logins (token_sha256, id, account_id, agent) VALUES (?, ?, ?, ?)",
                hash,
                id,
                account_id,
                agent
            )
            .execute(pool)
            .await?;
        }
        Db::Postgres(pool) => {
            sqlx::query!(
                "INSERT INTO logins (token_sha256, id, account_id, agent) VALUES ($1, $2, $3, $4)",
                hash,
                id,
                account_id,
                agent
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(token)
}

/// The account's signed-in browsers, the most recently seen first.
pub async fn list(pool: &ReadPool, account_id: &str) -> Result<Vec<Login>, sqlx::Error> {
    Ok(match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                Login,
                "SELECT id, agent, created_at, last_seen_at FROM logins WHERE account_id = ?
             ORDER BY last_seen_at DESC, created_at DESC",
                account_id
            )
            .fetch_all(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_as!(
                Login,
                "SELECT id, agent, created_at, last_seen_at FROM logins WHERE account_id = $1
             ORDER BY last_seen_at DESC, created_at DESC",
                account_id
            )
            .fetch_all(pool)
            .await?
        }
    })
}

/// Signs out the account's browsers: the one named `login_id`, or with `except`, every one but
/// that one. Answers how many were signed out.
pub async fn end(pool: &WritePool, account_id: &str, which: Which<'_>) -> Result<u64, sqlx::Error> {
    let (only, except) = match which {
        Which::Only(id) => (Some(id), None),
        Which::AllBut(id) => (None, Some(id)),
    };
    Ok(match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM logins WHERE account_id = ?1
               AND (?2 IS NULL OR id = ?2) AND (?3 IS NULL OR id <> ?3)",
            account_id,
            only,
            except
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM logins WHERE account_id = $1
               AND ($2::TEXT IS NULL OR id = $2) AND ($3::TEXT IS NULL OR id <> $3)",
            account_id,
            only,
            except
        )
        .execute(pool)
        .await?
        .rows_affected(),
    })
}

/// Which logins [`end`] signs out.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    Only(&'a str),
    AllBut(&'a str),
}

/// Notes that a login was used now, when it was last noted more than `SEEN_EVERY_SECS` ago.
pub async fn seen(pool: &WritePool, login_id: &str) -> Result<(), sqlx::Error> {
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE logins SET last_seen_at = unixepoch() WHERE id = ? AND last_seen_at < unixepoch() - ?",
            login_id,
            SEEN_EVERY_SECS
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE logins SET last_seen_at = unixepoch() WHERE id = $1 AND last_seen_at < unixepoch() - $2",
            login_id,
            SEEN_EVERY_SECS
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// Notes, without making the visitor wait, that a signed-in browser was used (at most every
/// `SEEN_EVERY_SECS`: the account page's "last used").
pub fn note_seen(writer: &WritePool, me: &SignedIn) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if now - me.last_seen_at < SEEN_EVERY_SECS {
        return;
    }
    let (writer, login) = (writer.clone(), me.login_id.clone());
    tokio::spawn(async move {
        if let Err(err) = seen(&writer, &login).await {
            tracing::warn!(error = %err, "could not note a login as seen");
        }
    });
}
