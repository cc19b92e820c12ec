//! Connecting a mailbox: the form read and refused by field, the provider's servers (or the ones
//! typed for "other"), "test connection" run, and the mailbox stored only when both servers
//! signed in.

use secrecy::SecretString;

use super::check::{self, Report, Security, Server};
use super::mailboxes::{self, Endpoint, NewMailbox};
use crate::domain::error::{AppError, FieldError};
use crate::domain::i18n::Lang;
use crate::domain::mailbox::ConnectForm;
use crate::domain::{address, mailbox};
use crate::server::internal;
use crate::server::platform::state::AppState;

/// What connecting did.
#[derive(Debug)]
pub enum Connected {
    /// Both servers signed in; the mailbox is stored under this id.
    Saved(String),
    /// A server refused or could not be reached: nothing was stored.
    Failed(Report),
}

/// A field's message, in the interface language.
fn say(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        Lang::Zh => zh.to_owned(),
    }
}

/// The form as a mailbox to check, or every field that is wrong.
pub fn read(form: &ConnectForm, lang: Lang) -> Result<NewMailbox, AppError> {
    let mut fields = Vec::new();
    let mut wrong = |field: &str, message: String| {
        fields.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let preset = mailbox::preset(form.provider.trim());
    if preset.is_none() {
        wrong(
            "provider",
            say(
                lang,
                "Provider: choose one from the list.",
                "邮件服务商：请从列表中选择一个。",
            ),
        );
    }
    let address = address::canonical(&form.address)
        .map_err(|refusal| wrong("address", refusal.message(lang).to_owned()))
        .unwrap_or_default();
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 80 {
        wrong(
            "name",
            say(
                lang,
                "Sender name: write the name your leads see, up to 80 characters.",
                "发件人名称：请填写线索看到的名字，最多 80 个字符。",
            ),
        );
    }
    if form.password.is_empty() || form.password.len() > 512 {
        wrong(
            "password",
            say(
                lang,
                "App password: paste the app password your provider made for ColdCopy.",
                "应用专用密码：请粘贴邮件服务商为 ColdCopy 生成的应用专用密码。",
            ),
        );
    }
    if form.signature.chars().count() > 1_000 {
        wrong(
            "signature",
            say(
                lang,
                "Signature: keep it under 1,000 characters.",
                "签名：请少于 1,000 个字符。",
            ),
        );
    }
    let mut endpoint = |prefix: &str,
                        host: &str,
                        port: &str,
                        security: &str,
                        preset: Option<(&str, u16, bool)>| {
        if let Some((host, port, tls)) = preset.filter(|(host, _, _)| !host.is_empty()) {
            return Endpoint {
                host: host.to_owned(),
                port,
                security: if tls {
                    Security::Tls
                } else {
                    Security::StartTls
                },
            };
        }
        let host = host.trim().to_lowercase();
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
            wrong(
                &format!("{prefix}_host"),
                match prefix {
                    "smtp" => say(
                        lang,
                        "SMTP server: write its host name, such as smtp.example.com.",
                        "SMTP 服务器：请填写主机名，例如 smtp.example.com。",
                    ),
                    _ => say(
                        lang,
                        "IMAP server: write its host name, such as imap.example.com.",
                        "IMAP 服务器：请填写主机名，例如 imap.example.com。",
                    ),
                },
            );
        }
        let port = port.trim().parse::<u16>().ok().filter(|p| *p > 0);
        if port.is_none() {
            wrong(
                &format!("{prefix}_port"),
                say(
                    lang,
                    "Port: a number from 1 to 65535 (465 or 587 for SMTP, 993 or 143 for IMAP).",
                    "端口：1 到 65535 之间的数字（SMTP 用 465 或 587，IMAP 用 993 或 143）。",
                ),
            );
        }
        Endpoint {
            host,
            port: port.unwrap_or(0),
            security: if security == "tls" {
                Security::Tls
            } else {
                Security::StartTls
            },
        }
    };
    let smtp = endpoint(
        "smtp",
        &form.smtp_host,
        &form.smtp_port,
        &form.smtp_security,
        preset.map(|p| p.smtp),
    );
    let imap = endpoint(
        "imap",
        &form.imap_host,
        &form.imap_port,
        &form.imap_security,
        preset.map(|p| p.imap),
    );
    if !fields.is_empty() {
        return Err(AppError::Invalid { fields });
    }
    let username = match form.username.trim() {
        "" => address.clone(),
        typed => typed.to_owned(),
    };
    Ok(NewMailbox {
        provider: form.provider.trim().to_owned(),
        address,
        name,
        signature: form.signature.trim().to_owned(),
        username,
        password: SecretString::from(form.password.clone()),
        smtp,
        imap,
    })
}

/// Checks the mailbox the form describes and stores it for `account_id` when both servers
/// signed in.
pub async fn connect(
    state: &AppState,
    account_id: &str,
    form: &ConnectForm,
    lang: Lang,
) -> Result<Connected, AppError> {
    let new = read(form, lang)?;
    let server = |e: &Endpoint| Server {
        host: e.host.clone(),
        port: e.port,
        security: e.security,
        username: new.username.clone(),
        password: new.password.clone(),
    };
    let report = check::check(
        &server(&new.smtp),
        &server(&new.imap),
        &state.mailboxes.trust,
    )
    .await;
    if !report.ok() {
        tracing::info!(
            smtp_ok = report.smtp.is_ok(),
            imap_ok = report.imap.is_ok(),
            "a mailbox did not connect"
        );
        return Ok(Connected::Failed(report));
    }
    let id = mailboxes::insert(
        &state.writer,
        &state.mailboxes.key,
        account_id,
        &new,
        &report,
    )
    .await
    .map_err(internal("storing a mailbox"))?
    .ok_or_else(|| AppError::Invalid {
        fields: vec![FieldError {
            field: "address".into(),
            message: say(
                lang,
                "Email address: this mailbox is connected already.",
                "邮箱地址：这个邮箱已经连接过了。",
            ),
        }],
    })?;
    tracing::info!("a mailbox was connected");
    Ok(Connected::Saved(id))
}
