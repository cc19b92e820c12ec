//! The sign-in email, in the interface language the link was asked for in: plain text and the
//! same words as HTML (escaped), no images, no tracking.

use crate::domain::i18n::{Lang, fill};
use crate::server::mail::Outgoing;

struct Words {
    subject: &'static str,
    greeting: &'static str,
    asked: &'static str,
    button: &'static str,
    once: &'static str,
    ignore: &'static str,
    signature: &'static str,
}

const EN: Words = Words {
    subject: "Your ColdCopy sign-in link",
    greeting: "Hello,",
    asked: "Someone, hopefully you, asked to sign in to ColdCopy as {email}. Open this link to sign in:",
    button: "Sign in to ColdCopy",
    once: "The link works once, for the next {minutes} minutes. The page it opens asks you to confirm, so a mail scanner opening it signs nobody in.",
    ignore: "If you did not ask for it, ignore this email: nobody can sign in without the link.",
    signature: "ColdCopy",
};

const ZH: Words = Words {
    subject: "你的 ColdCopy 登录链接",
    greeting: "你好，",
    asked: "有人（希望是你）请求以 {email} 登录 ColdCopy。打开下面的链接即可登录：",
    button: "登录 ColdCopy",
    once: "链接只能使用一次，{minutes} 分钟内有效。打开的页面会请你确认，所以邮件扫描程序打开链接不会让任何人登录。",
    ignore: "如果不是你本人请求的，请忽略这封邮件：没有这个链接，任何人都无法登录。",
    signature: "ColdCopy",
};

/// The message that carries `link` to `email`.
pub fn sign_in<'a>(email: &'a str, link: &str, minutes: u64, lang: Lang) -> Outgoing<'a> {
    let w = match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    };
    let asked = fill(w.asked, &[("email", &email)]);
    let once = fill(w.once, &[("minutes", &minutes)]);
    let text = format!(
        "{}\n\n{asked}\n\n{link}\n\n{once}\n\n{}\n\n{}\n",
        w.greeting, w.ignore, w.signature
    );
    let e = |s: &str| html_escape::encode_text(s).into_owned();
    let href = html_escape::encode_double_quoted_attribute(link).into_owned();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5\">\
         <p>{greeting}</p><p>{asked}</p>\
         <p><a href=\"{href}\" style=\"display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;text-decoration:none;border-radius:6px\">{button}</a></p>\
         <p style=\"word-break:break-all\">{link_text}</p><p>{once}</p><p>{ignore}</p><p>{signature}</p></body></html>",
        lang = lang.html_lang(),
        greeting = e(w.greeting),
        asked = e(&asked),
        button = e(w.button),
        link_text = e(link),
        once = e(&once),
        ignore = e(w.ignore),
        signature = e(w.signature),
    );
    Outgoing {
        to: email,
        subject: w.subject,
        text,
        html,
    }
}
