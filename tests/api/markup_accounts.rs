//! No text a visitor controls becomes markup on the account pages: the sign-in form shows back
//! the address typed (in the URL after a refusal), the link's page and a shared sequence take a
//! token from the path, and the account page reads its notices from the query.

use crate::accounts::{app_with_mail, sign_in};
use crate::helpers::mail::MailCatcher;
use crate::markup::{MANY_BROWSERS, PAYLOADS, assert_inert, control_value, query, url_segment};

#[tokio::test]
async fn hostile_values_stay_text_on_the_sign_in_and_account_pages() {
    let mail = MailCatcher::start().await;
    let app = app_with_mail(&mail, MANY_BROWSERS).await;
    let signed_in = app.another_browser();
    sign_in(&signed_in, &mail, "ana@ledgerly.test").await;
    for payload in PAYLOADS {
        let q = query(&[
            ("sent", payload),
            ("email", payload),
            ("error", "invalid"),
            ("ended", payload),
            ("delete_error", payload),
            ("welcome", payload),
            ("shared", payload),
        ]);
        let html = app.html(&format!("/signin?{q}")).await;
        assert_inert(&html, &format!("/signin with {payload:?}"));
        assert_eq!(
            control_value(&html, "email").as_deref(),
            Some(*payload),
            "/signin: the address does not read back"
        );
        let html = signed_in.html(&format!("/account?{q}")).await;
        assert_inert(&html, &format!("/account with {payload:?}"));
        let segment = url_segment(payload);
        let html = signed_in.html(&format!("/s/{segment}/share?{q}")).await;
        assert_inert(&html, &format!("/s/../share with {payload:?}"));
        for path in [format!("/signin/{segment}"), format!("/shared/{segment}")] {
            let html = app.html(&format!("{path}?{q}")).await;
            assert_inert(&html, &format!("{path} with {payload:?}"));
        }
    }
}
