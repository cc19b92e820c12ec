//! `/privacy` and `/terms`: what ColdCopy really stores and sends, and the rules of the plans.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::site::contact_email;

/// "write to hello@example.com", or to the operator when no address is configured.
#[component]
fn WriteTo() -> impl IntoView {
    let contact = Resource::new(|| (), |_| contact_email());
    view! {
        <Suspense fallback=|| "write to the operator of this ColdCopy">
            {move || Suspend::new(async move {
                match contact.await {
                    Ok(Some(email)) => view! {
                        "write to " <a href=format!("mailto:{email}")>{email.clone()}</a>
                    }
                    .into_any(),
                    _ => "write to the operator of this ColdCopy".into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/privacy`.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy" />
        <article class="container narrow prose">
            <p class="eyebrow">"Privacy"</p>
            <h1>"What ColdCopy stores, and why"</h1>
            <p class="lead">
                "ColdCopy has no accounts. It remembers your browser with one cookie and keeps "
                "only what it needs to write and show your sequences and to honour what you paid for."
            </p>

            <h2>"The session cookie"</h2>
            <p>
                "One cookie, " <code>"coldcopy_session"</code> ", holds a random identifier. It is "
                "HttpOnly (scripts cannot read it), sent only to this site, and kept for 90 days. "
                "It is how your plan, your allowance and your saved sequences find you. There are "
                "no analytics, advertising or third-party cookies."
            </p>

            <h2>"What you type and what is written"</h2>
            <p>
                "The form's answers (company, target job title, problem, product, benefit, call "
                "to action, tone, number of emails, language) are stored with the sequence written "
                "from them, so the sequence can be shown again. With each sequence we also store "
                "which model wrote it, how many tokens it used, how long it took and its estimated "
                "cost, for running the service."
            </p>
            <p>
                "To write a sequence, the form's answers are sent to Anthropic's Claude API. "
                "Anthropic processes them under its commercial terms, which do not allow training "
                "on API data. When a server has no Claude key, nothing leaves the server: the "
                "offline composer writes from templates."
            </p>

            <h2>"Lead lists"</h2>
            <p>
                "A lead list you upload is personal data about other people, and it stays yours. "
                "We store the rows you upload until you confirm the columns (or discard the upload), then, for each usable "
                "lead, its email, name, company, title, website and the columns you chose as what "
                "you know about it, with the first line written for it. Only the browser session "
                "that uploaded a list can see it. It is kept until you delete it (one button on the "
                "list's page deletes the list and every lead in it), or until its sequence or "
                "session is deleted."
            </p>
            <p>
                "To write a lead's first line, that lead's chosen columns, the form's answers and "
                "the sequence's first email are sent to Claude (one lead at a time, or a big list as one batch), under the "
                "same terms as above. Columns you did not choose never leave the server. Without a "
                "Claude key nothing leaves the server."
            </p>

            <h2>"Payments"</h2>
            <p>
                "Payments are handled by Stripe. You enter your card on Stripe's page, never on "
                "ours. ColdCopy sends Stripe the plan and an identifier of your session; Stripe "
                "sends back the payment's outcome, its customer identifier and, for Pro, the "
                "subscription's status and paid period. We store those, and never a card number. "
                "Stripe's own privacy policy covers what it keeps."
            </p>
            <p>
                "A restore link is stored only as a one-way hash; the link itself is shown to you "
                "once. Anyone holding a working link can use your plan, so keep it private and "
                "revoke it on the pricing page if it leaks."
            </p>

            <h2>"Logs"</h2>
            <p>
                "Server logs record requests (path, status, time) and errors. They do not contain "
                "the form's answers or the sequences."
            </p>
            <p>
                "To stop abuse, the server counts new sessions and free sequences per network "
                "address for a day. The counts are kept in memory only, never written to disk, "
                "and forgotten after 24 hours."
            </p>

            <h2>"Deletion and questions"</h2>
            <p>
                "To have your session, its sequences and its payment records deleted, " <WriteTo />
                " with the link of one of your sequences (it identifies your session). It is done "
                "within 30 days. Stripe keeps the payment records it is required to keep."
            </p>
        </article>
    }
}

/// `/terms`.
#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <Title text="Terms" />
        <article class="container narrow prose">
            <p class="eyebrow">"Terms"</p>
            <h1>"The rules of the plans"</h1>
            <h2>"Free"</h2>
            <p>
                "Each browser session gets a free sequence. Clearing your cookies starts a new "
                "session; please don't use that to get around the limit."
            </p>
            <h2>"Starter"</h2>
            <p>
                "One payment adds a batch of sequences to your session. They do not expire. A "
                "sequence is counted when it is written and saved; a failed attempt is not counted."
            </p>
            <h2>"Pro"</h2>
            <p>
                "A monthly subscription: as many sequences as you need within a fair-use limit per "
                "24 hours, which the pricing page states. It renews each month until you cancel in "
                "the billing portal; after cancelling you keep Pro until the end of the month "
                "already paid."
            </p>
            <h2>"Your sequences"</h2>
            <p>
                "What ColdCopy writes for you is yours to use. Check it before sending: you are "
                "responsible for the emails you send and for following the law on commercial email "
                "where your recipients live (for example CAN-SPAM, GDPR, CASL)."
            </p>
            <h2>"Refunds"</h2>
            <p>
                "If something went wrong with a payment, " <WriteTo />
                " within 14 days and it will be put right."
            </p>
            <p><a href="/privacy">"Privacy: what is stored"</a></p>
        </article>
    }
}
