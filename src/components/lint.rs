//! The quality lint on the page: each email's checklist (live while editing, since the lint
//! runs in the browser too) and the sequence's summary.

use leptos::prelude::*;

use crate::domain::{
    lint::{Check, EmailLint, lint_email},
    sequence::Email,
};

/// One email's checks: the warnings in full, the passes folded away.
#[component]
pub fn LintPanel(lint: Signal<EmailLint>) -> impl IntoView {
    let total = move || lint.with(|l| l.checks.len());
    let warnings = move || lint.with(|l| l.warnings().cloned().collect::<Vec<_>>());
    let passes = move || {
        lint.with(|l| {
            l.checks
                .iter()
                .filter(|c| c.passed)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let step = lint.with_untracked(|l| l.step);

    view! {
        <section
            class="lint"
            class:lint--clean=move || lint.with(EmailLint::passes)
            aria-label=format!("Quality checks for email {step}")
            aria-live="polite"
        >
            <p class="lint__head">
                {move || {
                    let n = warnings().len();
                    let total = total();
                    if n == 0 {
                        format!("All {total} checks pass")
                    } else {
                        format!(
                            "{n} {} · {} of {total} checks pass",
                            if n == 1 { "suggestion" } else { "suggestions" },
                            total - n
                        )
                    }
                }}
            </p>
            <ul class="lint__list">
                {move || warnings().into_iter().map(|check| view! { <LintItem check /> }).collect_view()}
            </ul>
            <details class="lint__passes">
                <summary>{move || format!("Passing checks ({})", passes().len())}</summary>
                <ul class="lint__list">
                    {move || passes().into_iter().map(|check| view! { <LintItem check /> }).collect_view()}
                </ul>
            </details>
        </section>
    }
}

#[component]
fn LintItem(check: Check) -> impl IntoView {
    let (mark, label) = if check.passed {
        ("✓", "Pass")
    } else {
        ("!", "Suggestion")
    };
    view! {
        <li
            class="lint__item"
            class:lint__item--warn=!check.passed
            data-rule=check.rule.slug()
            data-passed=check.passed.to_string()
        >
            <span class="lint__mark" aria-label=label>{mark}</span>
            <span class="lint__text">
                <strong class="lint__rule">{check.rule.label()}</strong>
                " "
                {check.message}
            </span>
        </li>
    }
}

/// "3 of 5 emails pass every check", for the results page's head.
#[component]
pub fn QualitySummary(emails: Vec<RwSignal<Email>>) -> impl IntoView {
    let total = emails.len();
    let passing = Memo::new(move |_| {
        emails
            .iter()
            .filter(|email| email.with(|e| lint_email(e).passes()))
            .count()
    });
    view! {
        <p class="quality" class:quality--clean=move || passing.get() == total>
            <span class="quality__label">"Quality checks"</span>
            <span class="quality__score">
                {move || format!("{} of {total} emails pass every check", passing.get())}
            </span>
        </p>
    }
}
