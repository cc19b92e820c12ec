//! A lead's email for one step, as it will be sent: the subject of its variant (a follow-up
//! answers the first email's subject, in its thread), every merge tag filled from the lead, the
//! first line (the lead's own when it still passes the grounding check, else the list's neutral
//! opener) at the top of the first email, the mailbox's signature, and the short opt-out line.
//! A tag that would go out empty or raw is refused, by name, before anything is sent.

use crate::domain::{
    export::ExportFormat,
    leads::{export::with_line_variable, rows::LeadData},
    options::Language,
    sequence::Sequence,
};

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// What fills a lead's merge tags.
pub struct Filling<'a> {
    pub lead: &'a LeadData,
    /// The first line (the lead's own, or the neutral opener).
    pub line: &'a str,
    pub sender_name: &'a str,
    /// (tag, text) for a tag the lead has no value for.
    pub fallbacks: &'a [(String, String)],
}

impl Filling<'_> {
    /// The text for tag `name` (either spelling), `None` when it would be empty or is unknown.
    fn value(&self, name: &str) -> Option<String> {
        let d = self.lead;
        let own = match name {
            "first_name" | "firstName" => Some(("first_name", d.first_name.as_str())),
            "last_name" | "lastName" => Some(("last_name", d.last_name.as_str())),
            "company_name" | "companyName" | "company" => {
                Some(("company_name", d.company.as_str()))
            }
            "title" | "job_title" | "jobTitle" => Some(("title", d.title.as_str())),
            "website" => Some(("website", d.website.as_str())),
            "sender_name" | "senderName" => Some(("sender_name", self.sender_name)),
            "first_line" | "firstLine" => Some(("first_line", self.line)),
            _ => None,
        };
        let (tag, value) = own?;
        let value = value.trim();
        if !value.is_empty() {
            return Some(value.to_owned());
        }
        self.fallbacks
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, text)| text.clone())
    }
}

/// `text` with every `{{tag}}` filled; the tags that could not be, as written.
pub fn fill(text: &str, filling: &Filling<'_>) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut missing = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            missing.push(rest[start..].chars().take(30).collect());
            rest = "";
            break;
        };
        let tag = &rest[start..start + 2 + end + 2];
        match filling.value(after[..end].trim()) {
            Some(value) => out.push_str(&value),
            None => {
                if !missing.iter().any(|m| m == tag) {
                    missing.push(tag.to_owned());
                }
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

/// The short line at the foot of every email, in the email's language.
pub fn opt_out_line(language: Language, url: &str) -> String {
    let words = match language {
        Language::Chinese => "不想再收到这类邮件？退订：",
        Language::Japanese => "今後の連絡が不要な場合は、こちらから配信停止できます：",
        Language::Spanish => "¿Prefiere no recibir más correos? Darse de baja: ",
        Language::German => "Keine weiteren E-Mails gewünscht? Abmelden: ",
        Language::French => "Vous préférez ne plus recevoir d'e-mails ? Se désabonner : ",
        Language::Portuguese => "Prefere não receber mais e-mails? Cancelar: ",
        Language::Italian => "Preferisce non ricevere altre email? Annulla l'iscrizione: ",
        Language::Dutch => "Liever geen e-mails meer? Afmelden: ",
        Language::English => "Not for you? Unsubscribe: ",
    };
    format!("{words}{url}")
}

/// How the email for `step` ends.
pub struct Footer<'a> {
    pub signature: &'a str,
    /// The opt-out line, when the campaign has it.
    pub opt_out: Option<String>,
    /// The account's postal address, last.
    pub address: Option<&'a str>,
}

/// Lead's email for `step` (1-based) in `variant` ('a' or 'b'). `thread` is the subject the
/// first email went with: a follow-up answers it (`Re: …`).
pub fn letter(
    sequence: &Sequence,
    step: u8,
    variant: char,
    filling: &Filling<'_>,
    thread: Option<&str>,
    footer: &Footer<'_>,
) -> Result<Letter, Vec<String>> {
    let with_line = with_line_variable(sequence, ExportFormat::Csv);
    let Some(email) = with_line.emails.iter().find(|e| e.step == step) else {
        return Err(vec![format!("step {step}")]);
    };
    let mut missing = Vec::new();
    let subject = match thread {
        Some(first) if step > 1 => Ok(reply_subject(first)),
        _ => fill(
            if variant == 'b' {
                &email.subject_b
            } else {
                &email.subject_a
            },
            filling,
        ),
    };
    let subject = subject.unwrap_or_else(|m| {
        missing.extend(m);
        String::new()
    });
    let body = fill(&email.body, filling).unwrap_or_else(|m| {
        missing.extend(m);
        String::new()
    });
    if !missing.is_empty() {
        missing.dedup();
        return Err(missing);
    }
    let mut body = body.trim_end().to_owned();
    let (gap, signature) = signature_after(&body, footer.signature);
    if !signature.is_empty() {
        body.push_str(gap);
        body.push_str(signature);
    }
    if let Some(line) = &footer.opt_out {
        body.push_str("\n\n");
        body.push_str(line);
    }
    if let Some(address) = footer.address {
        body.push_str("\n\n");
        body.push_str(address);
    }
    body.push('\n');
    Ok(Letter { subject, body })
}

/// The signature to add after `body`, and what goes between: when the body already ends with
/// the signature's first line (a sign-off with the sender's name, and a signature that opens
/// with it), the rest of the signature, right under it.
fn signature_after<'a>(body: &str, signature: &'a str) -> (&'static str, &'a str) {
    let signature = signature.trim();
    let last = body.lines().last().unwrap_or_default().trim();
    match signature.split_once('\n') {
        Some((first, rest)) if !last.is_empty() && first.trim() == last => ("\n", rest.trim()),
        None if !last.is_empty() && signature == last => ("", ""),
        _ => ("\n\n", signature),
    }
}

/// "Re: " before a subject that has none.
pub fn reply_subject(subject: &str) -> String {
    let trimmed = subject.trim();
    if trimmed
        .get(..3)
        .is_some_and(|start| start.eq_ignore_ascii_case("re:"))
    {
        trimmed.to_owned()
    } else {
        format!("Re: {trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sequence::Email;

    fn sequence() -> Sequence {
        Sequence {
            emails: vec![
                Email {
                    step: 1,
                    day: 0,
                    subject_a: "{{company_name}} and month-end".into(),
                    subject_b: "A faster close at {{company_name}}".into(),
                    body: "Hi {{first_name}},\n\nWe help finance teams close in two days.\n\n{{sender_name}}".into(),
                },
                Email {
                    step: 2,
                    day: 3,
                    subject_a: "Following up".into(),
                    subject_b: "Quick follow-up".into(),
                    body: "Hi {{first_name}}, any thoughts?".into(),
                },
            ],
        }
    }

    fn lead(first: &str) -> LeadData {
        LeadData {
            email: "maria@acme.test".into(),
            first_name: first.into(),
            company: "Acme".into(),
            ..LeadData::default()
        }
    }

    #[test]
    fn the_first_email_has_the_line_the_variant_and_the_footer() {
        let data = lead("Maria");
        let filling = Filling {
            lead: &data,
            line: "Congrats on the Series B.",
            sender_name: "Ana",
            fallbacks: &[],
        };
        let footer = Footer {
            signature: "Ana\nLedgerly",
            opt_out: Some(opt_out_line(Language::English, "https://cc.test/u/x")),
            address: Some("Ledgerly SAS\n12 rue de la Paix, Paris"),
        };
        let a = letter(&sequence(), 1, 'a', &filling, None, &footer).unwrap();
        assert_eq!(a.subject, "Acme and month-end");
        assert_eq!(
            a.body,
            "Hi Maria,\n\nCongrats on the Series B.\n\nWe help finance teams close in two days.\n\nAna\nLedgerly\n\nNot for you? Unsubscribe: https://cc.test/u/x\n\nLedgerly SAS\n12 rue de la Paix, Paris\n"
        );
        let b = letter(&sequence(), 1, 'b', &filling, None, &footer).unwrap();
        assert_eq!(b.subject, "A faster close at Acme");
        let follow = letter(&sequence(), 2, 'b', &filling, Some(&a.subject), &footer).unwrap();
        assert_eq!(follow.subject, "Re: Acme and month-end");
        assert!(follow.body.starts_with("Hi Maria, any thoughts?"));
    }

    #[test]
    fn an_empty_tag_takes_its_fallback_or_is_refused_by_name() {
        let data = lead("");
        let none = Filling {
            lead: &data,
            line: "x",
            sender_name: "Ana",
            fallbacks: &[],
        };
        let footer = Footer {
            signature: "",
            opt_out: None,
            address: None,
        };
        assert_eq!(
            letter(&sequence(), 2, 'a', &none, Some("Hi"), &footer),
            Err(vec!["{{first_name}}".to_owned()])
        );
        let fallbacks = [("first_name".to_owned(), "there".to_owned())];
        let with = Filling {
            fallbacks: &fallbacks,
            ..none
        };
        assert!(
            letter(&sequence(), 2, 'a', &with, Some("Hi"), &footer)
                .unwrap()
                .body
                .starts_with("Hi there,")
        );
        assert_eq!(
            fill("Hello {{favourite_colour}} and {{first_name", &with),
            Err(vec![
                "{{favourite_colour}}".to_owned(),
                "{{first_name".to_owned()
            ])
        );
    }

    #[test]
    fn a_reply_subject_is_not_doubled() {
        assert_eq!(reply_subject("Re: hello"), "Re: hello");
        assert_eq!(reply_subject("RE: hello"), "RE: hello");
        assert_eq!(reply_subject("Month-end"), "Re: Month-end");
        // Not a byte boundary at 3: an emoji, two Cyrillic letters.
        assert_eq!(reply_subject("\u{1F44B} Hi"), "Re: \u{1F44B} Hi");
        assert_eq!(reply_subject("Ян"), "Re: Ян");
    }
}
