//! The key that seals mailbox passwords at rest: XChaCha20-Poly1305 (RustCrypto), 256 bits. It
//! comes from `MAILBOX_KEY` (base64), or, on SQLite, from a key file made beside the database on
//! first start (`mailbox.key`, readable by its owner only), so README command 1 needs nothing.
//! On PostgreSQL (several servers) the key must be a setting every server shares: without it
//! the server refuses to start. A sealed value is bound to what it belongs to (`context`, such
//! as the mailbox's id), so it cannot be moved to another row and opened there.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

/// Why the key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "MAILBOX_KEY is not valid: it must be 32 bytes in base64 (make one with `openssl rand -base64 32`)"
    )]
    Invalid,
    #[error(
        "MAILBOX_KEY is required on PostgreSQL: every server must seal and open mailbox passwords with the same key (make one with `openssl rand -base64 32`)"
    )]
    Missing,
    #[error("the mailbox key file {path} could not be read or made: {reason}")]
    File { path: PathBuf, reason: String },
}

/// A sealed value could not be opened: another key, another row, or altered.
#[derive(Debug, thiserror::Error)]
#[error("a sealed mailbox secret could not be opened (another key, or altered)")]
pub struct OpenError;

/// The server's mailbox key.
#[derive(Clone)]
pub struct MailboxKey(XChaCha20Poly1305, [u8; 32]);

impl std::fmt::Debug for MailboxKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MailboxKey(..)")
    }
}

impl MailboxKey {
    /// The key from `setting` (`MAILBOX_KEY`), else, for a SQLite database at `sqlite_file`, from
    /// the key file beside it (made now if there is none).
    pub fn load(
        setting: Option<&SecretString>,
        sqlite_file: Option<&Path>,
    ) -> Result<Self, KeyError> {
        if let Some(encoded) = setting {
            return Self::from_base64(encoded.expose_secret()).ok_or(KeyError::Invalid);
        }
        let Some(database) = sqlite_file else {
            return Err(KeyError::Missing);
        };
        let path = database.with_file_name("mailbox.key");
        let failed = |reason: std::io::Error| KeyError::File {
            path: path.clone(),
            reason: reason.to_string(),
        };
        match std::fs::read_to_string(&path) {
            Ok(encoded) => Self::from_base64(encoded.trim()).ok_or(KeyError::File {
                path: path.clone(),
                reason: "it does not hold a 32-byte key in base64".into(),
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).expect("the operating system's random source");
                write_private(&path, &STANDARD.encode(bytes)).map_err(failed)?;
                Ok(Self::from_bytes(bytes))
            }
            Err(err) => Err(failed(err)),
        }
    }

    fn from_base64(encoded: &str) -> Option<Self> {
        let bytes: [u8; 32] = STANDARD.decode(encoded.trim()).ok()?.try_into().ok()?;
        Some(Self::from_bytes(bytes))
    }

    /// The cipher, and a second key derived from the same bytes for the links' tags.
    fn from_bytes(bytes: [u8; 32]) -> Self {
        use hmac::{Hmac, Mac};
        let links = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&bytes)
            .expect("HMAC takes any key length")
            .chain_update(b"coldcopy: unsubscribe links")
            .finalize()
            .into_bytes();
        Self(XChaCha20Poly1305::new(&bytes.into()), links.into())
    }

    /// A tag only this key makes for `text` (128 bits of HMAC-SHA256, hex): the unsubscribe
    /// links carry one, so nothing about them is stored and none can be guessed.
    pub fn tag(&self, text: &str) -> String {
        use hmac::{Hmac, Mac};
        let mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.1)
            .expect("HMAC takes any key length")
            .chain_update(text.as_bytes())
            .finalize()
            .into_bytes();
        hex::encode(&mac[..16])
    }

    /// True when `tag` is this key's tag for `text` (compared in constant time).
    pub fn tag_matches(&self, text: &str, tag: &str) -> bool {
        use hmac::{Hmac, Mac};
        let Ok(given) = hex::decode(tag) else {
            return false;
        };
        if given.len() != 16 {
            return false;
        }
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.1)
            .expect("HMAC takes any key length")
            .chain_update(text.as_bytes())
            .verify_truncated_left(&given)
            .is_ok()
    }

    /// `secret` sealed for `context`: a fresh 192-bit nonce and the ciphertext, in base64.
    pub fn seal(&self, secret: &str, context: &str) -> String {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system's random source");
        let sealed = self
            .0
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("sealing in memory cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        STANDARD.encode(out)
    }

    /// What `seal` sealed for this same `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, OpenError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() < 24 + 16 {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let plain = self
            .0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| OpenError)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| OpenError)
    }
}

/// Writes `text` to a new file only its owner can read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> MailboxKey {
        MailboxKey::from_base64(&STANDARD.encode([7u8; 32])).unwrap()
    }

    #[test]
    fn a_sealed_password_opens_only_with_its_key_and_context() {
        let (key, other) = (
            key(),
            MailboxKey::from_base64(&STANDARD.encode([8u8; 32])).unwrap(),
        );
        let sealed = key.seal("app password 1234", "mailbox-a");
        assert!(!sealed.contains("1234"));
        assert_ne!(
            sealed,
            key.seal("app password 1234", "mailbox-a"),
            "a fresh nonce each time"
        );
        assert_eq!(
            key.open(&sealed, "mailbox-a").unwrap().expose_secret(),
            "app password 1234"
        );
        assert!(
            key.open(&sealed, "mailbox-b").is_err(),
            "moved to another row"
        );
        assert!(other.open(&sealed, "mailbox-a").is_err(), "another key");
        let mut altered = STANDARD.decode(&sealed).unwrap();
        *altered.last_mut().unwrap() ^= 1;
        assert!(key.open(&STANDARD.encode(altered), "mailbox-a").is_err());
        assert!(key.open("short", "mailbox-a").is_err());
    }

    #[test]
    fn the_key_comes_from_the_setting_else_a_private_file_beside_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("coldcopy.db");
        let first = MailboxKey::load(None, Some(&db)).unwrap();
        let file = dir.path().join("data").join("mailbox.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The next start reads the same key.
        let sealed = first.seal("pw", "m");
        let again = MailboxKey::load(None, Some(&db)).unwrap();
        assert_eq!(again.open(&sealed, "m").unwrap().expose_secret(), "pw");
        // PostgreSQL needs the setting; a bad one is refused.
        assert!(matches!(
            MailboxKey::load(None, None),
            Err(KeyError::Missing)
        ));
        let bad = SecretString::from("too short");
        assert!(matches!(
            MailboxKey::load(Some(&bad), None),
            Err(KeyError::Invalid)
        ));
        let good = SecretString::from(STANDARD.encode([1u8; 32]));
        assert!(MailboxKey::load(Some(&good), None).is_ok());
    }
}
