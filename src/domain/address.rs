//! An email address as a person types it into the sign-in form, checked and made canonical.

/// Why an address was refused (the page words each one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// Not of the shape name@domain.tld.
    Shape,
    TooLong,
}

impl Refusal {
    /// What the email field says, in the interface language.
    pub fn message(self, lang: crate::domain::i18n::Lang) -> &'static str {
        use crate::domain::i18n::Lang;
        match (lang, self) {
            (Lang::En, Refusal::Empty) => "Email: enter the address to send the sign-in link to.",
            (Lang::En, Refusal::Shape) => {
                "Email: this is not an email address; write it as name@company.com."
            }
            (Lang::En, Refusal::TooLong) => {
                "Email: this address is longer than an email address can be."
            }
            (Lang::Zh, Refusal::Empty) => "邮箱：请填写接收登录链接的邮箱地址。",
            (Lang::Zh, Refusal::Shape) => "邮箱：这不是邮箱地址，请写成 name@company.com 的形式。",
            (Lang::Zh, Refusal::TooLong) => "邮箱：这个地址超过了邮箱地址的最大长度。",
        }
    }
}

/// The address trimmed and lower-cased, or why it cannot be one. Deliberately plain: the link
/// itself proves the address works; this only catches what cannot be an address.
pub fn canonical(input: &str) -> Result<String, Refusal> {
    let address = input.trim();
    if address.is_empty() {
        return Err(Refusal::Empty);
    }
    if address.len() > 254 {
        return Err(Refusal::TooLong);
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(Refusal::Shape);
    };
    let plain = |part: &str| {
        !part.is_empty()
            && !part
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c))
    };
    let labels_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    if !plain(local) || !plain(domain) || !domain.contains('.') || !labels_ok || local.len() > 64 {
        return Err(Refusal::Shape);
    }
    Ok(address.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases_ordinary_addresses() {
        assert_eq!(
            canonical("  Ana@Ledgerly.TEST "),
            Ok("ana@ledgerly.test".into())
        );
        assert_eq!(
            canonical("a.b+c@mail.example.co.uk"),
            Ok("a.b+c@mail.example.co.uk".into())
        );
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        assert_eq!(canonical("   "), Err(Refusal::Empty));
        for bad in [
            "ana",
            "ana@",
            "@ledgerly.test",
            "ana@ledgerly",
            "ana@@ledgerly.test",
            "ana smith@ledgerly.test",
            "ana@ledgerly..test",
            "ana@-ledgerly.test",
            "Ana <ana@ledgerly.test>",
            "ana@ledgerly.test\r\nBcc: x@y.test",
            "ana\u{0}@ledgerly.test",
        ] {
            assert_eq!(canonical(bad), Err(Refusal::Shape), "{bad:?}");
        }
        let long = format!("{}@ledgerly.test", "a".repeat(250));
        assert_eq!(canonical(&long), Err(Refusal::TooLong));
    }
}
