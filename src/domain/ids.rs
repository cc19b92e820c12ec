//! The ids the server makes, as types. A session's and a sequence's id are both UUIDs in text
//! (as stored), so a function that takes both cannot be handed them the wrong way round, and an
//! id from a URL, a form or a cookie is parsed once, at the boundary, before any lookup.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// An id from outside (a URL, a form, a cookie, the command line): a UUID, kept in
            /// the form the server stores (lowercase, hyphenated); `None` for anything else,
            /// which no stored row can have.
            pub fn parse(raw: &str) -> Option<Self> {
                let uuid = Uuid::try_parse(raw.trim()).ok()?;
                Some(Self(uuid.hyphenated().to_string()))
            }

            /// A new, random id.
            #[cfg(feature = "ssr")]
            pub fn new_random() -> Self {
                Self(Uuid::new_v4().to_string())
            }

            /// An id the database gave back: made by the server, so not checked again.
            pub fn from_stored(id: String) -> Self {
                Self(id)
            }

            /// The id as stored and as it appears in URLs.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

uuid_id!(
    /// An anonymous visitor's session (the `coldcopy_session` cookie's value).
    SessionId
);

uuid_id!(
    /// A saved sequence (`/s/{id}`).
    SequenceId
);

uuid_id!(
    /// A lead list's job (`/leads/{id}`).
    JobId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_parse_to_the_stored_form_and_nothing_else_does() {
        let id = "0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c";
        for raw in [
            id,
            " 0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c\n",
            "0B5E9C1E-3F2A-4D6B-9A8C-1D2E3F4A5B6C",
            "0b5e9c1e3f2a4d6b9a8c1d2e3f4a5b6c",
        ] {
            assert_eq!(SequenceId::parse(raw).unwrap().as_str(), id, "{raw}");
            assert_eq!(SessionId::parse(raw).unwrap().to_string(), id, "{raw}");
        }
        for raw in [
            "",
            "abc",
            "0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c/../x",
            "0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c?x=1",
            "1; DROP TABLE sessions",
        ] {
            assert_eq!(SequenceId::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn ids_travel_as_plain_strings() {
        let id = SequenceId::parse("0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0b5e9c1e-3f2a-4d6b-9a8c-1d2e3f4a5b6c\"");
        assert_eq!(serde_json::from_str::<SequenceId>(&json).unwrap(), id);
    }
}
