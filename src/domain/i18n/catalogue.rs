//! `catalogue!`: the English file lists each message once, with its text; the macro makes the
//! `Messages` struct every language fills, English's own `MESSAGES`, and `entries()` for the
//! tests that compare the languages.

macro_rules! catalogue {
    ($($(#[$doc:meta])* $key:ident: $text:expr,)*) => {
        /// Every message of the interface, in one language.
        #[derive(Debug)]
        pub struct Messages {
            $($(#[$doc])* pub $key: &'static str,)*
        }

        /// The English messages.
        pub const MESSAGES: Messages = Messages {
            $($key: $text,)*
        };

        impl Messages {
            /// Every `(key, message)`, in catalogue order.
            pub fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
                [$((stringify!($key), self.$key),)*].into_iter()
            }
        }
    };
}
