//! One saved email the founder can edit in place (saved server-side), revert, or have
//! rewritten: the card with its footer, or the edit form while editing.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use super::draft::{self, Draft};
use crate::api::sequence::{RevertEmail, SaveEmail, revert_email, save_email};
use crate::components::i18n::use_t;
use crate::components::lint::use_email_language;
use crate::components::{
    email_card::EmailCard,
    hydrated::keep_typed,
    lint::LintPanel,
    raw_text::raw_text,
    rewrite::{PaywallCall, RewriteControls, RewriteState},
};
use crate::domain::lint::{EmailLint, lint_email_in};
use crate::domain::{
    error::AppError,
    i18n::fill,
    sequence::{Email, MAX_BODY_CHARS, MAX_SUBJECT_CHARS},
};

/// One email's state on the page: as it reads now, and the draft while it is being edited.
#[derive(Clone, Copy)]
struct EmailEditor {
    id: StoredValue<String>,
    step: u8,
    day: u16,
    /// The email as it reads now (the sequence's summary reads it too).
    current: RwSignal<Email>,
    /// Its checks (the summary and the Fix button read the same memo).
    lint: Memo<EmailLint>,
    edited: RwSignal<bool>,
    editing: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
    subject_a: RwSignal<String>,
    subject_b: RwSignal<String>,
    body: RwSignal<String>,
    /// The draft was kept in the browser from before a reload, and is open again.
    restored: RwSignal<bool>,
}

impl EmailEditor {
    /// The draft starts as the email reads now.
    fn load_draft(self) {
        self.current.with_untracked(|e| {
            self.subject_a.set(e.subject_a.clone());
            self.subject_b.set(e.subject_b.clone());
            self.body.set(e.body.clone());
        })
    }

    /// The draft as the editor holds it now.
    fn draft(self) -> Draft {
        Draft {
            subject_a: self.subject_a.get(),
            subject_b: self.subject_b.get(),
            body: self.body.get(),
        }
    }

    /// Forgets the draft kept in the browser (saved or discarded).
    fn forget_draft(self) {
        draft::keep(&self.id.get_value(), self.step, None);
        self.restored.set(false);
    }

    /// Saves the draft; on success the card shows it, marked Edited.
    fn save(self) {
        self.pending.set(true);
        let (a, b, text) = (
            self.subject_a.get_untracked(),
            self.subject_b.get_untracked(),
            self.body.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let result = save_email(self.id.get_value(), self.step.to_string(), a, b, text).await;
            self.pending.set(false);
            match result {
                Ok(email) => {
                    self.current.set(email);
                    self.edited.set(true);
                    self.editing.set(false);
                    self.error.set(None);
                    self.forget_draft();
                }
                Err(err) => self.error.set(Some(err)),
            }
        });
    }

    /// Goes back to the email as it was written.
    fn revert(self) {
        leptos::task::spawn_local(async move {
            if let Ok(email) = revert_email(self.id.get_value(), self.step.to_string()).await {
                self.current.set(email);
                self.edited.set(false);
            }
        });
    }

    /// The server's message for one field of the draft.
    fn message(self, field: &'static str) -> impl Fn() -> Option<String> + Copy {
        move || {
            self.error.with(|e| {
                e.as_ref()
                    .and_then(|e| e.field_message(field).map(str::to_owned))
            })
        }
    }
}

/// One saved email that the founder can edit in place (saved server-side) and revert.
#[component]
pub(super) fn EditableEmail(
    sequence_id: String,
    /// The email as it reads now (the sequence's summary reads it too).
    current: RwSignal<Email>,
    lint: Memo<EmailLint>,
    edited: bool,
    /// Open in its edit form (`?edit={step}` without JavaScript).
    open: bool,
    error: Option<AppError>,
    hydrated: ReadSignal<bool>,
    rewrite: RewriteState,
    paywall: PaywallCall,
) -> impl IntoView {
    let (step, day) = current.with_untracked(|e| (e.step, e.day));
    let editor = EmailEditor {
        id: StoredValue::new(sequence_id),
        step,
        day,
        current,
        lint,
        edited: RwSignal::new(edited),
        editing: RwSignal::new(open),
        error: RwSignal::new(error),
        pending: RwSignal::new(false),
        subject_a: RwSignal::new(String::new()),
        subject_b: RwSignal::new(String::new()),
        body: RwSignal::new(String::new()),
        restored: RwSignal::new(false),
    };
    editor.load_draft();
    // An edit left unsaved before a reload opens again (in the browser, once hydrated).
    Effect::new(move |_| {
        let kept = draft::load(&editor.id.get_value(), step);
        if let Some(kept) = kept.filter(|d| current.with_untracked(|e| d.differs_from(e))) {
            editor.subject_a.set(kept.subject_a);
            editor.subject_b.set(kept.subject_b);
            editor.body.set(kept.body);
            editor.restored.set(true);
            editor.editing.set(true);
        }
    });

    move || {
        if editor.editing.get() {
            view! { <EmailEditForm editor /> }.into_any()
        } else {
            let footer = ViewFn::from(move || view! { <EmailFooter editor rewrite paywall /> });
            view! { <EmailCard email=current.get() hydrated footer /> }.into_any()
        }
    }
}

/// Under a saved email: its checks, Edit, Revert when edited, and the rewrite controls.
#[component]
fn EmailFooter(editor: EmailEditor, rewrite: RewriteState, paywall: PaywallCall) -> impl IntoView {
    let EmailEditor { id, step, .. } = editor;
    let t = use_t();
    let start = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        editor.load_draft();
        editor.error.set(None);
        editor.editing.set(true);
    };
    let revert = move |ev: SubmitEvent| {
        ev.prevent_default();
        editor.revert();
    };
    view! {
        <LintPanel lint=editor.lint.into() />
        <div class="email-card__edit">
            <a
                class="button button--small button--ghost"
                href=format!("/s/{}?edit={step}#email-{step}", id.get_value())
                on:click=start
            >
                {t.edit}
            </a>
            {move || editor.edited.get().then(|| view! {
                <span class="chip chip--edited">{t.edited}</span>
                <form action=RevertEmail::PATH method="post" on:submit=revert>
                    <input type="hidden" name="id" value=id.get_value() />
                    <input type="hidden" name="step" value=step.to_string() />
                    <button type="submit" class="button button--small button--ghost">
                        {t.revert}
                    </button>
                </form>
            })}
            <RewriteControls
                sequence_id=id
                step
                current=editor.current
                lint=editor.lint
                edited=editor.edited
                state=rewrite
                paywall
            />
        </div>
    }
}

/// The edit form: both subjects and the body, checked on every keystroke. `?edit={step}`
/// renders it on the server, and what is typed into it before hydration is what Save sends.
#[component]
fn EmailEditForm(editor: EmailEditor) -> impl IntoView {
    let EmailEditor {
        id,
        step,
        day,
        subject_a,
        subject_b,
        body,
        ..
    } = editor;
    let t = use_t();
    let language = use_email_language();
    let draft_lint = Memo::new(move |_| {
        lint_email_in(
            &Email {
                step,
                day,
                subject_a: subject_a.get(),
                subject_b: subject_b.get(),
                body: body.get(),
            },
            language,
            t,
        )
    });
    let other_error = move || {
        editor.error.with(|e| {
            e.as_ref()
                .filter(|e| !matches!(e, AppError::Invalid { .. }))
                .map(|e| e.message(t))
        })
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        editor.save();
    };
    let cancel = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        editor.forget_draft();
        editor.editing.set(false);
    };
    // Kept in the browser while it differs from the email; leaving the page then asks first.
    let dirty = move || editor.current.with(|e| editor.draft().differs_from(e));
    Effect::new(move |_| {
        // Only while the editor is open: a save closes it and forgets the draft, and this must
        // not write it back on its way out.
        let kept = (editor.editing.get_untracked() && dirty()).then(|| editor.draft());
        draft::keep(&id.get_value(), step, kept.as_ref());
    });
    draft::ask_before_leaving(move || editor.editing.get_untracked() && dirty());
    let edit_id = format!("edit-{step}");
    let body_ref = NodeRef::<leptos::html::Textarea>::new();
    keep_typed(body, move || body_ref.get().map(|el| el.value()));
    let labelled_by = edit_id.clone();
    view! {
        <li class="email-card email-card--editing" aria-labelledby=labelled_by>
            <form action=SaveEmail::PATH method="post" on:submit=save>
                <header class="email-card__head">
                    <h2 id=edit_id class="email-card__title">{fill(t.editing_title, &[("step", &step)])}</h2>
                </header>
                <input type="hidden" name="id" value=id.get_value() />
                <input type="hidden" name="step" value=step.to_string() />
                <SubjectField editor label=t.subject_a name="subject_a" value=subject_a />
                <SubjectField editor label=t.subject_b name="subject_b" value=subject_b />
                <label class="field__label" for=format!("body-{step}")>{t.body}</label>
                <textarea
                    id=format!("body-{step}")
                    name="body"
                    rows="12"
                    required=true
                    maxlength=MAX_BODY_CHARS.to_string()
                    node_ref=body_ref
                    on:input=move |ev| body.set(event_target_value(&ev))
                >
                    {raw_text(body.get_untracked())}
                </textarea>
                <p class="field__message">{editor.message("body")}</p>
                <LintPanel lint=draft_lint.into() />
                {move || editor.restored.get().then(|| view! {
                    <p class="notice" role="status">{t.draft_restored}</p>
                })}
                {move || other_error().map(|text| view! { <p class="alert alert--error" role="alert">{text}</p> })}
                <div class="email-card__actions">
                    <button type="submit" class="button button--small" disabled=move || editor.pending.get()>
                        {t.save}
                    </button>
                    <a class="button button--small button--ghost" href=format!("/s/{}", id.get_value()) on:click=cancel>
                        {t.cancel}
                    </a>
                </div>
            </form>
        </li>
    }
}

/// A subject's label, input and message.
#[component]
fn SubjectField(
    editor: EmailEditor,
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    let input_id = format!("{}-{}", name.replace('_', "-"), editor.step);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    keep_typed(value, move || input_ref.get().map(|el| el.value()));
    view! {
        <label class="field__label" for=input_id.clone()>{label}</label>
        <input
            id=input_id
            name=name
            required=true
            maxlength=MAX_SUBJECT_CHARS.to_string()
            value=value.get_untracked()
            node_ref=input_ref
            on:input=move |ev| value.set(event_target_value(&ev))
        />
        <p class="field__message">{editor.message(name)}</p>
    }
}
