//! The account's postal address, the last lines of every campaign email when set (the US's
//! CAN-SPAM and similar laws ask a commercial email for one). Set on the account page.

use axum::{body::Bytes, extract::State, http::HeaderMap};

use super::routes::{Answer, pairs, see_other, signed_in, unavailable};
use crate::server::platform::db::{ReadPool, WritePool, on_engine};
use crate::server::platform::state::AppState;

/// The longest address kept, in characters, and its most lines.
pub const MAX_CHARS: usize = 300;
pub const MAX_LINES: usize = 5;

/// Why an address was refused; each names the field in the page's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooLong,
    TooManyLines,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooLong => "too_long",
            Self::TooManyLines => "lines",
        }
    }
}

/// The address as typed, tidied: lines trimmed, blank ones and control characters dropped;
/// `None` when nothing is left (the address removed).
pub fn read(typed: &str) -> Result<Option<String>, Refused> {
    let lines: Vec<String> = typed
        .lines()
        .map(|line| {
            line.chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    if lines.len() > MAX_LINES {
        return Err(Refused::TooManyLines);
    }
    let address = lines.join("\n");
    if address.chars().count() > MAX_CHARS {
        return Err(Refused::TooLong);
    }
    Ok(Some(address))
}

/// The account's address, if set.
pub async fn load(pool: &ReadPool, account_id: &str) -> Result<Option<String>, sqlx::Error> {
    let found: Option<Option<String>> = on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT postal_address FROM accounts WHERE id = $1"
    )
    .bind(account_id)
    .fetch_optional(p)
    .await?);
    Ok(found.flatten())
}

/// Keeps `address` (or removes it, `None`) for the account.
pub async fn save(
    pool: &WritePool,
    account_id: &str,
    address: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE accounts SET postal_address = $1 WHERE id = $2"
    )
    .bind(address)
    .bind(account_id)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// `POST /account/address`: the account page's form (`postal_address`); back to the page, with
/// what was wrong when it was refused.
pub(super) async fn post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let (_, account) = signed_in(&state, &headers).await?;
    let fields = pairs(&body);
    let typed = fields
        .iter()
        .find(|(k, _)| k == "postal_address")
        .map_or("", |(_, v)| v.as_str());
    match read(typed) {
        Ok(address) => {
            save(&state.writer, &account, address.as_deref())
                .await
                .map_err(unavailable)?;
            Ok(see_other("/account?address=saved#address"))
        }
        Err(refused) => Ok(see_other(&format!(
            "/account?address_error={}#address",
            refused.code()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_tidied_and_kept_within_bounds() {
        assert_eq!(
            read("  Ledgerly SAS \r\n\r\n 12 rue de la Paix\u{7}\n75002 Paris, France \n"),
            Ok(Some(
                "Ledgerly SAS\n12 rue de la Paix\n75002 Paris, France".to_owned()
            ))
        );
        assert_eq!(read(" \n \n"), Ok(None));
        assert_eq!(read(&"a\n".repeat(6)), Err(Refused::TooManyLines));
        assert_eq!(read(&"x".repeat(301)), Err(Refused::TooLong));
        assert_eq!(read(&"北".repeat(300)), Ok(Some("北".repeat(300))));
    }
}
