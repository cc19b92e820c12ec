//! Read-only share links to one sequence: a 256-bit token (kept as a SHA-256) that lets anyone
//! holding the link read the sequence, and nothing else (no edit, no export, no lead lists).
//! One live link per sequence: making a new one, or stopping sharing, revokes the old.

use crate::domain::ids::{SequenceId, SessionId};
use crate::server::accounts::tokens;
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// Makes a new link for sequence `id` (already checked to be the caller's), revoking any
/// earlier one; answers its token, shown once.
pub(crate) async fn create(pool: &WritePool, id: &SequenceId) -> Result<String, sqlx::Error> {
    revoke(pool, id).await?;
    let token = tokens::new_token();
    let hash = tokens::hash(&token);
    let id = id.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query!(
                "INSERT INTO share_links (token_sha256, sequence_id) VALUES (?, ?)",
                hash,
                id
            )
            .execute(pool)
            .await?;
        }
        Db::Postgres(pool) => {
            sqlx::query!(
                "INSERT INTO share_links (token_sha256, sequence_id) VALUES ($1, $2)",
                hash,
                id
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(token)
}

/// Stops sharing sequence `id`: its live link no longer opens. Answers how many were live.
pub(crate) async fn revoke(pool: &WritePool, id: &SequenceId) -> Result<u64, sqlx::Error> {
    let id = id.as_str();
    Ok(match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE share_links SET revoked_at = unixepoch() WHERE sequence_id = ? AND revoked_at IS NULL",
            id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE share_links SET revoked_at = unixepoch() WHERE sequence_id = $1 AND revoked_at IS NULL",
            id
        )
        .execute(pool)
        .await?
        .rows_affected(),
    })
}

/// When sequence `id`'s live link was made, if it has one.
pub(crate) async fn live_since(
    pool: &ReadPool,
    id: &SequenceId,
) -> Result<Option<i64>, sqlx::Error> {
    let id = id.as_str();
    match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT created_at FROM share_links WHERE sequence_id = ? AND revoked_at IS NULL",
                id
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                "SELECT created_at FROM share_links WHERE sequence_id = $1 AND revoked_at IS NULL",
                id
            )
            .fetch_optional(pool)
            .await
        }
    }
}

/// The sequence a live link opens, with the session that owns it.
pub(crate) async fn opened_by(
    pool: &ReadPool,
    token: &str,
) -> Result<Option<(SequenceId, SessionId)>, sqlx::Error> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    let hash = tokens::hash(token);
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT q.id, q.session_id FROM share_links l JOIN sequences q ON q.id = l.sequence_id
             WHERE l.token_sha256 = ? AND l.revoked_at IS NULL",
            hash
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.session_id)),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT q.id, q.session_id FROM share_links l JOIN sequences q ON q.id = l.sequence_id
             WHERE l.token_sha256 = $1 AND l.revoked_at IS NULL",
            hash
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.session_id)),
    };
    Ok(row.map(|(id, session)| (SequenceId::from_stored(id), SessionId::from_stored(session))))
}
