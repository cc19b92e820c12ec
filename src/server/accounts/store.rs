//! Accounts: found or made at sign-in, with the browser's anonymous work moved in; deleted with
//! everything they hold.

use crate::domain::ids::SessionId;
use crate::server::billing::restore::merge_into;
use crate::server::platform::db::{Db, ReadPool, WritePool};
use crate::server::sessions;

/// An account: its address and the session that holds its work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub session_id: SessionId,
}

/// The account for `email`, if there is one.
pub async fn find(pool: &ReadPool, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT id, email, session_id FROM accounts WHERE email = ?",
            email
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.email, r.session_id)),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT id, email, session_id FROM accounts WHERE email = $1",
            email
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.email, r.session_id)),
    };
    Ok(row.map(|(id, email, session_id)| Account {
        id,
        email,
        session_id: SessionId::from_stored(session_id),
    }))
}

/// The account whose work lives on `session_id`, if one does.
pub async fn of_session(
    pool: &ReadPool,
    session_id: &SessionId,
) -> Result<Option<String>, sqlx::Error> {
    let id = session_id.as_str();
    match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!("SELECT id FROM accounts WHERE session_id = ?", id)
                .fetch_optional(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!("SELECT id FROM accounts WHERE session_id = $1", id)
                .fetch_optional(pool)
                .await
        }
    }
}

/// What signing in did with the browser's anonymous work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub account: Account,
    /// True when the account was made now.
    pub new: bool,
    /// Sequences moved into an existing account.
    pub moved: u64,
}

/// The account for `email`, made now if there is none. A new account keeps the browser's own
/// session (`anonymous`), so its work is already the account's; an existing one takes that work
/// in (`merge_into`, as a restore link does). Nothing is lost either way.
pub async fn sign_in(
    reader: &ReadPool,
    writer: &WritePool,
    email: &str,
    anonymous: Option<&SessionId>,
    free_sequences: u32,
) -> Result<SignedIn, sqlx::Error> {
    // An existing account takes the browser's work in.
    let join = |account: Account| async move {
        let moved = merge_into(writer, anonymous, &account.session_id, free_sequences).await?;
        Ok::<_, sqlx::Error>(SignedIn {
            account,
            new: false,
            moved,
        })
    };
    if let Some(account) = find(reader, email).await? {
        return join(account).await;
    }
    let session_id = match anonymous {
        Some(id) => id.clone(),
        None => sessions::create(writer, free_sequences).await?.id,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = match *writer.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO accounts (id, email, session_id) VALUES (?, ?, ?)
             ON CONFLICT (email) DO NOTHING",
            id,
            email,
            session_id.as_str()
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO accounts (id, email, session_id) VALUES ($1, $2, $3)
             ON CONFLICT (email) DO NOTHING",
            id,
            email,
            session_id.as_str()
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    if inserted == 0 {
        // Made a moment ago by another sign-in (another link, another server): join it.
        let account = find(reader, email).await?.ok_or(sqlx::Error::RowNotFound)?;
        return join(account).await;
    }
    Ok(SignedIn {
        account: Account {
            id,
            email: email.to_owned(),
            session_id,
        },
        new: true,
        moved: 0,
    })
}

/// Deletes the account and everything it holds: its session row, and with it (by the schema's
/// cascades) its sequences, lead lists, purchases' records, logins and share links.
pub async fn delete(writer: &WritePool, session_id: &SessionId) -> Result<u64, sqlx::Error> {
    let id = session_id.as_str();
    Ok(match *writer.db() {
        Db::Sqlite(pool) => sqlx::query!("DELETE FROM sessions WHERE id = ?", id)
            .execute(pool)
            .await?
            .rows_affected(),
        Db::Postgres(pool) => sqlx::query!("DELETE FROM sessions WHERE id = $1", id)
            .execute(pool)
            .await?
            .rows_affected(),
    })
}
