//! `/`: what ColdCopy is, a generic email beside a specific one, three benefits, and the way in.

use leptos::prelude::*;

use crate::components::{i18n::use_t, page_head::PageHead};

/// The landing page.
#[component]
pub fn LandingPage() -> impl IntoView {
    let t = use_t();
    view! {
        <PageHead title=t.landing_title description=t.landing_description />
        <section class="hero">
            <div class="container hero__inner">
                <p class="eyebrow">{t.landing_eyebrow}</p>
                <h1 class="hero__title">{t.landing_heading}</h1>
                <p class="lead hero__lead">{t.landing_lead}</p>
                <div class="actions">
                    <a class="button button--large" href="/generate">
                        {t.landing_start}
                    </a>
                    <a class="button button--ghost button--large" href="#compare">
                        {t.landing_see_difference}
                    </a>
                </div>
                <p class="hero__note">{t.landing_free_note}</p>
            </div>
        </section>

        <Comparison />

        <section class="benefits" aria-labelledby="benefits-title">
            <div class="container">
                <h2 id="benefits-title" class="section-title">{t.landing_benefits_title}</h2>
                <ul class="benefit-grid">
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"◎"</span>
                        <h3>{t.landing_benefit_buyer_title}</h3>
                        <p>{t.landing_benefit_buyer_text}</p>
                    </li>
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"⇄"</span>
                        <h3>{t.landing_benefit_ab_title}</h3>
                        <p>{t.landing_benefit_ab_text}</p>
                    </li>
                    <li class="benefit">
                        <span class="benefit__icon" aria-hidden="true">"↗"</span>
                        <h3>{t.landing_benefit_tools_title}</h3>
                        <p>
                            {t.landing_benefit_tools_before} <code>"{{first_name}}"</code>
                            {t.landing_benefit_tools_after}
                        </p>
                    </li>
                </ul>
            </div>
        </section>

        <section class="cta-band">
            <div class="container cta-band__inner">
                <div>
                    <h2>{t.landing_cta_title}</h2>
                    <p>{t.landing_cta_text}</p>
                </div>
                <a class="button button--large button--light" href="/generate">
                    {t.landing_cta_button}
                </a>
            </div>
        </section>
    }
}

/// A generic AI email beside a specific one, with a switch that marks what makes the specific
/// one work. The switch is a checkbox styled by CSS (`.compare:has(:checked)`), so it works
/// before and without JavaScript and the landing page ships no wasm (`app::hydration`).
#[component]
fn Comparison() -> impl IntoView {
    let t = use_t();
    view! {
        <section id="compare" class="compare" aria-labelledby="compare-title">
            <div class="container">
                <h2 id="compare-title" class="section-title">{t.compare_title}</h2>
                <p class="section-lead">{t.compare_lead}</p>
                <div class="compare__toolbar">
                    <label class="toggle">
                        <input type="checkbox" role="switch" class="toggle__input" />
                        <span class="toggle__dot" aria-hidden="true"></span>
                        {t.compare_highlight}
                    </label>
                </div>
                <div class="compare__grid">
                    <article
                        class="email-sample email-sample--generic"
                        aria-label=t.compare_generic_label
                    >
                        <p class="email-sample__label">{t.compare_generic_label}</p>
                        <p class="email-sample__subject">
                            <span class="email-sample__key">{t.compare_subject}</span>
                            {t.compare_generic_subject}
                        </p>
                        <div class="email-sample__body">
                            <p>{t.compare_greeting}</p>
                            <p>{t.compare_generic_body}</p>
                            <p>{t.compare_generic_ask}</p>
                        </div>
                        <ul class="email-sample__verdict" aria-label=t.compare_generic_verdict>
                            <li>{t.compare_generic_flaw_anyone}</li>
                            <li>{t.compare_generic_flaw_proof}</li>
                            <li>{t.compare_generic_flaw_ask}</li>
                        </ul>
                    </article>
                    <article
                        class="email-sample email-sample--specific"
                        aria-label=t.compare_specific_aria
                    >
                        <p class="email-sample__label">{t.compare_specific_label}</p>
                        <p class="email-sample__subject">
                            <span class="email-sample__key">{t.compare_subject}</span>
                            {t.compare_specific_subject}
                        </p>
                        <div class="email-sample__body">
                            <p>{t.compare_greeting}</p>
                            <p>
                                <mark data-note="1">{t.compare_specific_pain}</mark>
                                {t.compare_specific_pain_rest}
                            </p>
                            <p>
                                {t.compare_specific_product}
                                <mark data-note="2">{t.compare_specific_outcome}</mark>
                                {t.compare_specific_between}
                                <mark data-note="3">{t.compare_specific_proof}</mark>
                                {t.compare_specific_end}
                            </p>
                            <p>
                                <mark data-note="4">{t.compare_specific_ask}</mark>
                            </p>
                            <p>{t.compare_specific_sign}</p>
                        </div>
                        <ol class="email-sample__notes" aria-label=t.compare_specific_notes>
                            <li>{t.compare_note_pain}</li>
                            <li>{t.compare_note_outcome}</li>
                            <li>{t.compare_note_proof}</li>
                            <li>{t.compare_note_ask}</li>
                        </ol>
                    </article>
                </div>
            </div>
        </section>
    }
}
