//! `/privacy` and `/terms`: what ColdCopy really stores and sends, and the rules of the plans.

use leptos::prelude::*;

use crate::api::site::contact_email;
use crate::components::{i18n::use_t, page_head::PageHead};
use crate::pages::account::PrivacyAccounts;

/// "write to hello@example.com", or to the operator when no address is configured.
#[component]
fn WriteTo() -> impl IntoView {
    let t = use_t();
    let contact = Resource::new(|| (), |_| contact_email());
    view! {
        <Suspense fallback=move || t.legal_write_to_operator>
            {move || Suspend::new(async move {
                match contact.await {
                    Ok(Some(email)) => view! {
                        {t.legal_write_to} <a href=format!("mailto:{email}")>{email.clone()}</a>
                    }
                    .into_any(),
                    _ => t.legal_write_to_operator.into_any(),
                }
            })}
        </Suspense>
    }
}

/// When the installation names no operator (`CONTACT_EMAIL` unset), a plain notice that there is
/// no address to write to, rather than a promise nobody can keep.
#[component]
fn UnnamedOperator() -> impl IntoView {
    let t = use_t();
    let contact = Resource::new(|| (), |_| contact_email());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(contact.await, Ok(None)).then(|| view! {
                    <p class="notice notice--warn" role="note" id="no-operator">{t.legal_no_operator}</p>
                })
            })}
        </Suspense>
    }
}

/// `/privacy`.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_t();
    view! {
        <PageHead title=t.privacy_title description=t.privacy_description />
        <article class="container narrow prose">
            <p class="eyebrow">{t.privacy_title}</p>
            <h1>{t.privacy_heading}</h1>
            <p class="lead">{t.privacy_lead}</p>
            <UnnamedOperator />

            <h2>{t.privacy_cookie_title}</h2>
            <p>
                {t.privacy_cookie_before} <code>"coldcopy_session"</code>
                {t.privacy_cookie_after}
            </p>
            <p>
                {t.privacy_lang_cookie_before} <code>"coldcopy_lang"</code>
                {t.privacy_lang_cookie_after}
            </p>
            <p>
                {t.privacy_tz_cookie_before} <code>"coldcopy_tz"</code>
                {t.privacy_tz_cookie_after}
            </p>

            <h2>{t.privacy_form_title}</h2>
            <p>{t.privacy_form_text}</p>
            <p>{t.privacy_claude_text}</p>

            <h2>{t.privacy_leads_title}</h2>
            <p>{t.privacy_leads_text}</p>
            <p>{t.privacy_leads_claude_text}</p>

            <PrivacyAccounts />

            <h2>{t.privacy_payments_title}</h2>
            <p>{t.privacy_payments_text}</p>
            <p>{t.privacy_restore_text}</p>

            <h2>{t.privacy_logs_title}</h2>
            <p>{t.privacy_logs_text}</p>
            <p>{t.privacy_abuse_text}</p>

            <h2>{t.privacy_deletion_title}</h2>
            <p>{t.privacy_deletion_before} <WriteTo /> {t.privacy_deletion_after}</p>
        </article>
    }
}

/// `/terms`.
#[component]
pub fn TermsPage() -> impl IntoView {
    let t = use_t();
    view! {
        <PageHead title=t.terms_title description=t.terms_description />
        <article class="container narrow prose">
            <p class="eyebrow">{t.terms_title}</p>
            <h1>{t.terms_heading}</h1>
            <UnnamedOperator />
            <h2>{t.terms_free_title}</h2>
            <p>{t.terms_free_text}</p>
            <h2>{t.terms_starter_title}</h2>
            <p>{t.terms_starter_text}</p>
            <h2>{t.terms_pro_title}</h2>
            <p>{t.terms_pro_text}</p>
            <h2>{t.terms_yours_title}</h2>
            <p>{t.terms_yours_text}</p>
            <h2>{t.terms_refunds_title}</h2>
            <p>{t.terms_refunds_before} <WriteTo /> {t.terms_refunds_after}</p>
            <p>
                <a href="/privacy">{t.terms_privacy_link}</a>
            </p>
        </article>
    }
}
