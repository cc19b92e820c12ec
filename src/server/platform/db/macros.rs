//! The two macros that run one statement on whichever engine a pool or transaction holds, for
//! SQL that reads the same on both.

/// Runs `$body` with `$p` bound to whichever engine's pool `$db` holds, for a statement that
/// reads the same on both (`$n` parameters are SQLite's too; BIGINT columns on PostgreSQL).
macro_rules! on_engine {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::server::platform::db::Db::Sqlite($p) => $body,
            $crate::server::platform::db::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_engine;

/// Runs `$body` with `$c` bound to the connection of the transaction `$tx` (a `&mut WriteTx`),
/// for a statement that reads the same on both engines.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::server::platform::db::WriteTx::Sqlite(t, _) => {
                let $c = &mut **t;
                $body
            }
            $crate::server::platform::db::WriteTx::Postgres(t, _) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;
