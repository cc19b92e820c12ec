//! The secrets behind sign-in links, logins and share links: 256 random bits from the operating
//! system, written as 43 URL-safe characters, and kept in the database only as a SHA-256.

use base64::Engine;
use sha2::{Digest, Sha256};

/// A fresh token: 32 random bytes, base64url without padding.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// True for a string that could be one of our tokens: anything else is refused before any
/// lookup (a truncated link, a pasted fragment, a guess of another shape).
pub fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(well_formed(&a) && well_formed(&b), "{a} {b}");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&a)
            .unwrap();
        assert_eq!(bytes.len(), 32);
    }

    #[test]
    fn only_the_hash_is_kept_and_it_is_stable() {
        let token = new_token();
        assert_eq!(hash(&token), hash(&token));
        assert_eq!(hash(&token).len(), 64);
        assert!(!hash(&token).contains(&token));
    }

    #[test]
    fn truncated_or_foreign_tokens_are_not_well_formed() {
        let token = new_token();
        for bad in [
            &token[..42],
            &format!("{token}x"),
            "",
            "../../etc/passwd",
            &format!("{}=", &token[..42]),
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }
}
