//! Sign-in links: asked for with an email address, mailed, opened once. Only the token's hash is
//! stored; the link is consumed by one conditional UPDATE, so of two servers (or two tabs)
//! confirming the same link at once exactly one signs in.

use std::time::Duration;

use super::tokens;
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// What opening a link finds, before anything is changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    /// It works: confirming signs in as this address.
    Valid { email: String },
    /// Older than its lifetime.
    Expired,
    /// Already used to sign in.
    Used,
    /// Not a link we sent (mistyped, truncated, or made up).
    Unknown,
}

/// Stores a new link for `email` (lower-cased by the caller) and answers its token, the only
/// time the token exists outside the email. Links that ended a day ago are swept here.
pub async fn create(
    pool: &WritePool,
    email: &str,
    lifetime: Duration,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    let hash = tokens::hash(&token);
    let lifetime = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2);
    match *pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query!("DELETE FROM sign_in_links WHERE expires_at < unixepoch('now') - 86400")
                .execute(pool)
                .await?;
            sqlx::query!(
                "INSERT INTO sign_in_links (token_sha256, email, expires_at)
                 VALUES (?, ?, unixepoch() + ?)",
                hash,
                email,
                lifetime
            )
            .execute(pool)
            .await?;
        }
        Db::Postgres(pool) => {
            sqlx::query!(
                "DELETE FROM sign_in_links WHERE expires_at < unixepoch() - 86400::BIGINT"
            )
            .execute(pool)
            .await?;
            sqlx::query!(
                "INSERT INTO sign_in_links (token_sha256, email, expires_at)
                 VALUES ($1, $2, unixepoch() + $3)",
                hash,
                email,
                lifetime
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(token)
}

/// Where a link stands, read only: opening a link (a mail scanner's prefetch too) changes nothing.
pub async fn peek(pool: &ReadPool, token: &str) -> Result<LinkState, sqlx::Error> {
    if !tokens::well_formed(token) {
        return Ok(LinkState::Unknown);
    }
    let hash = tokens::hash(token);
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            r#"SELECT email, used_at IS NOT NULL AS "used!: bool",
                      expires_at <= unixepoch() AS "expired!: bool"
               FROM sign_in_links WHERE token_sha256 = ?"#,
            hash
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.email, r.used, r.expired)),
        Db::Postgres(pool) => sqlx::query!(
            r#"SELECT email, used_at IS NOT NULL AS "used!",
                      expires_at <= unixepoch() AS "expired!"
               FROM sign_in_links WHERE token_sha256 = $1"#,
            hash
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.email, r.used, r.expired)),
    };
    Ok(match row {
        None => LinkState::Unknown,
        Some((_, true, _)) => LinkState::Used,
        Some((_, _, true)) => LinkState::Expired,
        Some((email, false, false)) => LinkState::Valid { email },
    })
}

/// Uses the link: answers its address when this call is the one that used it, `None` when it
/// was unknown, expired or used already (by this browser, another, or another server).
pub async fn consume(pool: &WritePool, token: &str) -> Result<Option<String>, sqlx::Error> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    let hash = tokens::hash(token);
    match *pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "UPDATE sign_in_links SET used_at = unixepoch()
                 WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > unixepoch()
                 RETURNING email",
                hash
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                "UPDATE sign_in_links SET used_at = unixepoch()
                 WHERE token_sha256 = $1 AND used_at IS NULL AND expires_at > unixepoch()
                 RETURNING email",
                hash
            )
            .fetch_optional(pool)
            .await
        }
    }
}
