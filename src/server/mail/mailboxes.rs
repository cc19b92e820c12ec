//! The founders' connected mailboxes: stored with their password sealed (`key`), listed,
//! checked again, removed. Every query names the account, so nobody reaches another's.

use secrecy::{ExposeSecret, SecretString};

use super::check::{Report, Security, Server};
use super::key::{MailboxKey, OpenError};
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// A server of a mailbox as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// A mailbox to connect, as the form gave it (checked already).
pub struct NewMailbox {
    pub provider: String,
    pub address: String,
    pub name: String,
    pub signature: String,
    pub username: String,
    pub password: SecretString,
    pub smtp: Endpoint,
    pub imap: Endpoint,
}

/// A stored mailbox, without its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub id: String,
    pub address: String,
    pub name: String,
    pub signature: String,
    pub provider: String,
    pub smtp: Endpoint,
    pub imap: Endpoint,
    pub username: String,
    pub sent_folder: Option<String>,
    pub checked_at: Option<i64>,
    /// The last check's report.
    pub report: Option<Report>,
}

struct Row {
    id: String,
    address: String,
    name: String,
    signature: String,
    provider: String,
    smtp_host: String,
    smtp_port: i64,
    smtp_security: String,
    imap_host: String,
    imap_port: i64,
    imap_security: String,
    username: String,
    password_sealed: String,
    sent_folder: Option<String>,
    checked_at: Option<i64>,
    check_json: Option<String>,
}

fn security(text: &str) -> Security {
    if text == "tls" {
        Security::Tls
    } else {
        Security::StartTls
    }
}

fn security_text(security: Security) -> &'static str {
    match security {
        Security::Tls => "tls",
        Security::StartTls => "start_tls",
    }
}

impl Row {
    fn into_mailbox(self) -> (Mailbox, String) {
        let mailbox = Mailbox {
            smtp: Endpoint {
                host: self.smtp_host,
                port: u16::try_from(self.smtp_port).unwrap_or(0),
                security: security(&self.smtp_security),
            },
            imap: Endpoint {
                host: self.imap_host,
                port: u16::try_from(self.imap_port).unwrap_or(0),
                security: security(&self.imap_security),
            },
            report: self
                .check_json
                .and_then(|json| serde_json::from_str(&json).ok()),
            id: self.id,
            address: self.address,
            name: self.name,
            signature: self.signature,
            provider: self.provider,
            username: self.username,
            sent_folder: self.sent_folder,
            checked_at: self.checked_at,
        };
        (mailbox, self.password_sealed)
    }
}

/// Stores a checked mailbox for `account_id`, its password sealed; answers its id, or `None`
/// when the account has that address connected already.
pub async fn insert(
    pool: &WritePool,
    key: &MailboxKey,
    account_id: &str,
    new: &NewMailbox,
    report: &Report,
) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let sealed = key.seal(new.password.expose_secret(), &id);
    let sent = report.imap.as_ref().ok().and_then(|f| f.sent.clone());
    let json = serde_json::to_string(report).expect("a report serialises");
    let (smtp_port, imap_port) = (i64::from(new.smtp.port), i64::from(new.imap.port));
    let (smtp_security, imap_security) = (
        security_text(new.smtp.security),
        security_text(new.imap.security),
    );
    let inserted = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO mailboxes (id, account_id, address, name, signature, provider,
                 smtp_host, smtp_port, smtp_security, imap_host, imap_port, imap_security,
                 username, password_sealed, sent_folder, checked_at, check_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, unixepoch(), ?)
             ON CONFLICT (account_id, address) DO NOTHING",
            id, account_id, new.address, new.name, new.signature, new.provider,
            new.smtp.host, smtp_port, smtp_security, new.imap.host, imap_port, imap_security,
            new.username, sealed, sent, json
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO mailboxes (id, account_id, address, name, signature, provider,
                 smtp_host, smtp_port, smtp_security, imap_host, imap_port, imap_security,
                 username, password_sealed, sent_folder, checked_at, check_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, unixepoch(), $16)
             ON CONFLICT (account_id, address) DO NOTHING",
            id, account_id, new.address, new.name, new.signature, new.provider,
            new.smtp.host, smtp_port, smtp_security, new.imap.host, imap_port, imap_security,
            new.username, sealed, sent, json
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok((inserted == 1).then_some(id))
}

/// The account's mailbox `id` with its servers ready to sign in to (the password opened).
pub async fn servers(
    pool: &ReadPool,
    key: &MailboxKey,
    account_id: &str,
    id: &str,
) -> Result<Option<(Server, Server)>, MailboxError> {
    let row = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE id = ? AND account_id = ?",
            id,
            account_id
        )
            .fetch_optional(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE id = $1 AND account_id = $2",
            id,
            account_id
        )
            .fetch_optional(pool)
            .await?
        }
    };
    let Some((mailbox, sealed)) = row.map(Row::into_mailbox) else {
        return Ok(None);
    };
    let (smtp, imap) = opened(key, &mailbox, &sealed)?;
    Ok(Some((smtp, imap)))
}

/// The mailbox's servers with its password opened.
fn opened(
    key: &MailboxKey,
    mailbox: &Mailbox,
    sealed: &str,
) -> Result<(Server, Server), MailboxError> {
    let password = key.open(sealed, &mailbox.id)?;
    let server = |e: &Endpoint| Server {
        host: e.host.clone(),
        port: e.port,
        security: e.security,
        username: mailbox.username.clone(),
        password: password.clone(),
    };
    Ok((server(&mailbox.smtp), server(&mailbox.imap)))
}

/// Mailbox `id` for the sender (whichever account has it): itself, and its SMTP and IMAP
/// servers ready to sign in to.
pub async fn for_sending(
    pool: &ReadPool,
    key: &MailboxKey,
    id: &str,
) -> Result<Option<(Mailbox, Server, Server)>, MailboxError> {
    let row = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE id = ?",
            id
        )
            .fetch_optional(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE id = $1",
            id
        )
            .fetch_optional(pool)
            .await?
        }
    };
    let Some((mailbox, sealed)) = row.map(Row::into_mailbox) else {
        return Ok(None);
    };
    let (smtp, imap) = opened(key, &mailbox, &sealed)?;
    Ok(Some((mailbox, smtp, imap)))
}

/// The account's mailboxes, oldest first.
pub async fn list(pool: &ReadPool, account_id: &str) -> Result<Vec<Mailbox>, sqlx::Error> {
    let rows = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE account_id = ? ORDER BY created_at, address",
            account_id
        )
            .fetch_all(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_as!(
            Row,
            "SELECT id, address, name, signature, provider, smtp_host, smtp_port, smtp_security,
                    imap_host, imap_port, imap_security, username, password_sealed, sent_folder,
                    checked_at, check_json
             FROM mailboxes WHERE account_id = $1 ORDER BY created_at, address",
            account_id
        )
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows.into_iter().map(|row| row.into_mailbox().0).collect())
}

/// Why a stored mailbox could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Sealed(#[from] OpenError),
}

/// Records a new check of mailbox `id`.
pub async fn record_check(pool: &WritePool, id: &str, report: &Report) -> Result<(), sqlx::Error> {
    let sent = report.imap.as_ref().ok().and_then(|f| f.sent.clone());
    let json = serde_json::to_string(report).expect("a report serialises");
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE mailboxes SET checked_at = unixepoch(), check_json = ?,
                 sent_folder = coalesce(?, sent_folder) WHERE id = ?",
            json,
            sent,
            id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE mailboxes SET checked_at = unixepoch(), check_json = $1,
                 sent_folder = coalesce($2, sent_folder) WHERE id = $3",
            json,
            sent,
            id
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// Removes the account's mailbox `id`; answers whether there was one.
pub async fn delete(pool: &WritePool, account_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    // Its campaigns' leads whose thread is in it cannot go on from another mailbox: stopped,
    // and said why, rather than left waiting for a mailbox that is gone.
    crate::server::platform::db::on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE campaign_leads SET status = 'stopped', note = 'mailbox_removed'
         WHERE mailbox_id = $1 AND status IN ('active', 'unconfirmed')
           AND mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = $2)"
    )
    .bind(id)
    .bind(account_id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM mailboxes WHERE id = ? AND account_id = ?",
            id,
            account_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM mailboxes WHERE id = $1 AND account_id = $2",
            id,
            account_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
    } == 1)
}

/// Sending from mailbox `id` may go on (a check passed after a refusal paused it).
pub async fn unpause(pool: &WritePool, id: &str) -> Result<(), sqlx::Error> {
    crate::server::platform::db::on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE mailboxes SET paused_reason = NULL WHERE id = $1 AND paused_reason IS NOT NULL"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))
}
