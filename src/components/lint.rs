//! The quality lint on the page: each email's checklist (live while editing, since the lint
//! runs in the browser too) and the sequence's summary.

use leptos::prelude::*;

use crate::components::i18n::use_t;
use crate::domain::{
    i18n::fill,
    lint::{Check, EmailLint, lint_email_in, off_note},
    options::Language,
    sequence::Email,
};

/// The language the page's emails are written in (the results page provides it; the lint
/// checks each email by its own language's rules).
pub fn use_email_language() -> Language {
    use_context::<Language>().unwrap_or_default()
}

/// One email's checks: the warnings in full, the passes folded away.
#[component]
pub fn LintPanel(lint: Signal<EmailLint>) -> impl IntoView {
    let t = use_t();
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
            aria-label=fill(t.lint_panel_aria, &[("step", &step)])
            aria-live="polite"
        >
            <p class="lint__head">
                {move || {
                    let n = warnings().len();
                    let total = total();
                    let args: [(&str, &dyn std::fmt::Display); 3] =
                        [("n", &n), ("passed", &(total - n)), ("total", &total)];
                    match n {
                        0 => fill(t.lint_all_pass, &args),
                        1 => fill(t.lint_some_warn_one, &args),
                        _ => fill(t.lint_some_warn_many, &args),
                    }
                }}
            </p>
            <ul class="lint__list">
                {move || warnings().into_iter().map(|check| view! { <LintItem check /> }).collect_view()}
            </ul>
            <details class="lint__passes">
                <summary>{move || fill(t.lint_passing, &[("n", &passes().len())])}</summary>
                <ul class="lint__list">
                    {move || passes().into_iter().map(|check| view! { <LintItem check /> }).collect_view()}
                </ul>
                {move || lint.with(|l| off_note(l, t)).map(|note| view! {
                    <p class="lint__off">{note}</p>
                })}
            </details>
        </section>
    }
}

#[component]
fn LintItem(check: Check) -> impl IntoView {
    let t = use_t();
    let (mark, label) = if check.passed {
        ("✓", t.lint_pass)
    } else {
        ("!", t.lint_suggestion)
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
                <strong class="lint__rule">{check.rule.name(t)}</strong>
                " "
                {check.message}
            </span>
        </li>
    }
}

/// Each email's checks as it reads now, run once per change: the summary, the email's panel
/// and its "Fix with Claude" button all read this one memo (each used to run the whole lint,
/// on the server's render and again at hydration).
pub fn email_lint(current: RwSignal<Email>) -> Memo<EmailLint> {
    let t = use_t();
    let language = use_email_language();
    Memo::new(move |_| current.with(|e| lint_email_in(e, language, t)))
}

/// "3 of 5 emails pass every check", for the results page's head.
#[component]
pub fn QualitySummary(lints: Vec<Memo<EmailLint>>) -> impl IntoView {
    let t = use_t();
    let total = lints.len();
    let passing = Memo::new(move |_| {
        lints
            .iter()
            .filter(|lint| lint.with(EmailLint::passes))
            .count()
    });
    view! {
        <p class="quality" class:quality--clean=move || passing.get() == total>
            <span class="quality__label">{t.quality_label}</span>
            <span class="quality__score">
                {move || fill(t.quality_score, &[("passing", &passing.get()), ("total", &total)])}
            </span>
        </p>
    }
}
