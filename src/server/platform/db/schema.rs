//! The migrations each engine carries, and whether the database is ready to serve.

use super::{Db, Engine, ReadPool, WritePool};

/// The engine's migrations. A migration applied that this binary does not carry (a newer
/// release ran on the database) is no error: migrations only add, so the previous release runs
/// on a database the next one migrated, and a deploy can be rolled back (docs/DEPLOY.md).
fn migrator(engine: Engine) -> sqlx::migrate::Migrator {
    let mut migrator = match engine {
        Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
    };
    migrator.set_ignore_missing(true);
    migrator
}

/// Applies every migration for the database's engine (embedded in the binary). On PostgreSQL
/// sqlx takes an advisory lock, so servers starting together migrate once.
pub async fn migrate(pool: &WritePool) -> Result<(), sqlx::migrate::MigrateError> {
    match *pool.db() {
        Db::Sqlite(pool) => migrator(Engine::Sqlite).run(pool).await,
        Db::Postgres(pool) => migrator(Engine::Postgres).run(pool).await,
    }
}

/// True when the database answers a query.
pub async fn is_healthy(pool: &ReadPool) -> bool {
    match pool.db() {
        // Each engine's own catalogue, so the two statements differ (see sqlx-prepare.sh).
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM sqlite_schema"#)
                .fetch_one(pool)
                .await
                .is_ok()
        }
        Db::Postgres(pool) => sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM pg_namespace"#)
            .fetch_one(pool)
            .await
            .is_ok(),
    }
}

/// Why the server is not ready to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// The database cannot take a write lock or answer a read (read-only, locked up, or gone).
    Unavailable,
    /// A migration this binary carries has not been applied.
    MigrationsPending,
}

/// Ready when the writer takes a write transaction, the readers answer, and every embedded
/// migration is applied.
pub async fn readiness(reader: &ReadPool, writer: &WritePool) -> Result<(), NotReady> {
    let tx = writer.begin().await.map_err(|_| NotReady::Unavailable)?;
    tx.rollback().await.map_err(|_| NotReady::Unavailable)?;
    // The migrations table is sqlx's own, so this query is not checked at compile time.
    let sql = "SELECT version FROM _sqlx_migrations WHERE success";
    let applied: Vec<i64> = match reader.db() {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .map_err(|_| NotReady::Unavailable)?;
    let all_applied = migrator(reader.engine())
        .iter()
        .all(|migration| applied.contains(&migration.version));
    if all_applied {
        Ok(())
    } else {
        Err(NotReady::MigrationsPending)
    }
}

/// How many migrations this binary carries for `engine`.
pub fn migration_count(engine: Engine) -> usize {
    migrator(engine).iter().count()
}
