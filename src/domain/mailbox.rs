//! The mail providers a founder picks from when connecting a mailbox: where each one's SMTP
//! submission and IMAP servers are. Every one signs in with an app password (the providers'
//! own rule once two-step sign-in is on); "other" takes the servers as typed.

/// One provider's servers: (host, port, implicit TLS). Implicit TLS is `true` for 465/993,
/// `false` for STARTTLS (587/143).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub slug: &'static str,
    pub name: &'static str,
    pub smtp: (&'static str, u16, bool),
    pub imap: (&'static str, u16, bool),
}

/// The providers offered, "other" last (its servers are typed in).
pub const PRESETS: [Preset; 5] = [
    Preset {
        slug: "google",
        name: "Google Workspace / Gmail",
        smtp: ("smtp.gmail.com", 465, true),
        imap: ("imap.gmail.com", 993, true),
    },
    Preset {
        slug: "fastmail",
        name: "Fastmail",
        smtp: ("smtp.fastmail.com", 465, true),
        imap: ("imap.fastmail.com", 993, true),
    },
    Preset {
        slug: "zoho",
        name: "Zoho Mail",
        smtp: ("smtp.zoho.com", 465, true),
        imap: ("imap.zoho.com", 993, true),
    },
    Preset {
        slug: "icloud",
        name: "iCloud Mail",
        smtp: ("smtp.mail.me.com", 587, false),
        imap: ("imap.mail.me.com", 993, true),
    },
    Preset {
        slug: "other",
        name: "",
        smtp: ("", 587, false),
        imap: ("", 993, true),
    },
];

/// The preset named `slug`.
pub fn preset(slug: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.slug == slug)
}

/// The connect form, as posted.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ConnectForm {
    pub provider: String,
    pub address: String,
    pub name: String,
    pub password: String,
    pub username: String,
    pub signature: String,
    pub smtp_host: String,
    pub smtp_port: String,
    pub smtp_security: String,
    pub imap_host: String,
    pub imap_port: String,
    pub imap_security: String,
}

impl ConnectForm {
    /// What the form keeps when it comes back refused (JavaScript off): every field but the
    /// password, as a query string.
    pub fn kept_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("provider", &self.provider),
            ("address", &self.address),
            ("name", &self.name),
            ("username", &self.username),
            ("signature", &self.signature),
            ("smtp_host", &self.smtp_host),
            ("smtp_port", &self.smtp_port),
            ("smtp_security", &self.smtp_security),
            ("imap_host", &self.imap_host),
            ("imap_port", &self.imap_port),
            ("imap_security", &self.imap_security),
        ] {
            query.append_pair(name, value);
        }
        query.finish()
    }
}
