//! `/`: what ColdCopy is, a generic email beside a specific one, three benefits, and the way in.

use leptos::prelude::*;

use crate::components::page_head::PageHead;

/// The landing page.
#[component]
pub fn LandingPage() -> impl IntoView {
    view! {
        <PageHead
            title="Cold-email sequences that sound like you did your homework"
            description="Describe your SaaS and your buyer. ColdCopy writes a cold-email sequence with A/B subject lines, send days and merge tags, ready for lemlist, Instantly, Apollo or Smartlead."
        />
        <section class="hero">
            <div class="container hero__inner">
                <p class="eyebrow">"For B2B SaaS founders"</p>
                <h1 class="hero__title">
                    "Cold emails that sound like you did your homework."
                </h1>
                <p class="lead hero__lead">
                    "Describe your product and the buyer you want. ColdCopy writes a complete "
                    "sequence — five emails, two subject lines each, send days and merge tags — "
                    "ready to paste into lemlist, Instantly, Apollo or Smartlead."
                </p>
                <div class="actions">
                    <a class="button button--large" href="/generate">
                        "Write my sequence — free"
                    </a>
                    <a class="button button--ghost button--large" href="#compare">
                        "See the difference"
                    </a>
                </div>
                <p class="hero__note">"Your first sequence is free. No sign-up, no card."</p>
            </div>
        </section>

        <Comparison />

        <section class="benefits" aria-labelledby="benefits-title">
            <div class="container">
                <h2 id="benefits-title" class="section-title">"Why founders use ColdCopy"</h2>
                <ul class="benefit-grid">
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"◎"</span>
                        <h3>"Written for one buyer"</h3>
                        <p>
                            "Every email is built from the problem your buyer has and the result "
                            "you deliver — not from filler that fits any company."
                        </p>
                    </li>
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"⇄"</span>
                        <h3>"A/B subjects and a cadence"</h3>
                        <p>
                            "Two subject lines per email to test, short follow-ups that add "
                            "something new, and send days such as 0, 3, 7, 14 and 21."
                        </p>
                    </li>
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"↗"</span>
                        <h3>"Ready for your sending tool"</h3>
                        <p>
                            "Merge tags like " <code>"{{first_name}}"</code>
                            " come out in the spelling lemlist, Instantly, Apollo and Smartlead expect."
                        </p>
                    </li>
                </ul>
            </div>
        </section>

        <section class="cta-band">
            <div class="container cta-band__inner">
                <div>
                    <h2>"Your next sequence takes about a minute."</h2>
                    <p>"Seven short fields. One sequence you can send today."</p>
                </div>
                <a class="button button--large button--light" href="/generate">
                    "Write my sequence"
                </a>
            </div>
        </section>
    }
}

/// A generic AI email beside a specific one, with a switch that marks what makes the specific
/// one work. The switch is a checkbox styled by CSS (`.compare:has(:checked)`), so it works
/// before and without JavaScript and the landing page ships no wasm (`app::hydrates`).
#[component]
fn Comparison() -> impl IntoView {
    view! {
        <section id="compare" class="compare" aria-labelledby="compare-title">
            <div class="container">
                <h2 id="compare-title" class="section-title">"The same pitch, written two ways"</h2>
                <p class="section-lead">
                    "A finance-automation startup selling to controllers. On the left, what a "
                    "generic AI tool sends. On the right, what ColdCopy writes from the same brief."
                </p>
                <div class="compare__toolbar">
                    <label class="toggle">
                        <input type="checkbox" role="switch" class="toggle__input" />
                        <span class="toggle__dot" aria-hidden="true"></span>
                        "Highlight the specifics"
                    </label>
                </div>
                <div class="compare__grid">
                    <article class="email-sample email-sample--generic" aria-label="Generic AI email">
                        <p class="email-sample__label">"Generic AI email"</p>
                        <p class="email-sample__subject">
                            <span class="email-sample__key">"Subject"</span>
                            "Quick question"
                        </p>
                        <div class="email-sample__body">
                            <p>"Hi {{first_name}},"</p>
                            <p>
                                "I hope this email finds you well! I'm reaching out because our "
                                "innovative AI-powered platform helps businesses like yours "
                                "streamline operations and unlock growth."
                            </p>
                            <p>
                                "Would you be open to a 30-minute call next week to explore "
                                "potential synergies?"
                            </p>
                        </div>
                        <ul class="email-sample__verdict" aria-label="What is wrong with it">
                            <li>"Could be sent to anyone"</li>
                            <li>"No problem, no number, no proof"</li>
                            <li>"Asks for 30 minutes up front"</li>
                        </ul>
                    </article>
                    <article
                        class="email-sample email-sample--specific"
                        aria-label="ColdCopy email"
                    >
                        <p class="email-sample__label">"Written by ColdCopy"</p>
                        <p class="email-sample__subject">
                            <span class="email-sample__key">"Subject"</span>
                            "Month-end close at {{company_name}}"
                        </p>
                        <div class="email-sample__body">
                            <p>"Hi {{first_name}},"</p>
                            <p>
                                <mark data-note="1">
                                    "Most controllers at 50–200 person SaaS companies lose the first "
                                    "week of every month"
                                </mark>
                                " matching Stripe payouts to invoices by hand."
                            </p>
                            <p>
                                "Ledgerly matches them automatically, "
                                <mark data-note="2">"so the close takes two days instead of seven"</mark>
                                ". "
                                <mark data-note="3">"Brightwave's team closed March in 48 hours"</mark>
                                "."
                            </p>
                            <p>
                                <mark data-note="4">
                                    "Worth a 15-minute look at how they set it up?"
                                </mark>
                            </p>
                            <p>"— {{sender_name}}"</p>
                        </div>
                        <ol class="email-sample__notes" aria-label="What makes it specific">
                            <li>"A pain this role feels every month"</li>
                            <li>"A concrete outcome, in numbers"</li>
                            <li>"Proof from a similar company"</li>
                            <li>"One small, easy ask"</li>
                        </ol>
                    </article>
                </div>
            </div>
        </section>
    }
}
