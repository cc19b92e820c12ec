//! "Rewrite this email" and "Fix with Claude": one email of a saved sequence written again,
//! with the rest of the sequence as context, on paid plans only; saved as the founder's edit, so
//! "Revert to the original" still brings back what was first written.

use crate::domain::{
    error::AppError,
    ids::SequenceId,
    lint::{fix_instruction, lint_email_in},
    sequence::{Rewritten, Source, parse_instruction},
};
use crate::server::generation::composer;
use crate::server::generation::pipeline::upstream_error;
use crate::server::internal;
use crate::server::platform::state::AppState;
use crate::server::quota;
use crate::server::sequences::{edits, store};
use crate::server::sessions::Session;

/// What to do with the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite as the instruction (if any) says.
    Rewrite,
    /// Rewrite to clear the lint's warnings (and follow the instruction, if any).
    Fix,
}

/// Rewrites email `step` of sequence `id` for `session`, in this order: it must own the
/// sequence (404), be on a paid plan (402), give a usable instruction (400), and be within the
/// rewrite rate limit (429); then Claude (or the offline composer) writes and the result is
/// saved as an edit.
pub(crate) async fn rewrite(
    state: &AppState,
    session: &Session,
    id: &SequenceId,
    step: u8,
    instruction: &str,
    mode: Mode,
    t: &'static crate::domain::i18n::Messages,
) -> Result<Rewritten, AppError> {
    let (request, saved) = store::find_owned_with_brief(&state.reader, id, &session.id)
        .await
        .map_err(internal("loading a sequence to rewrite"))?
        .ok_or(AppError::NotFound)?;
    let current = saved
        .sequence
        .emails
        .iter()
        .find(|e| e.step == step)
        .cloned()
        .ok_or(AppError::NotFound)?;
    quota::require_paid(state, session)?;
    // A bad instruction is sent back before it can count against the limit.
    let asked = parse_instruction(instruction, t).map_err(|field| AppError::Invalid {
        fields: vec![field],
    })?;
    quota::check_rewrite_rate(state, session).await?;
    let instruction = match mode {
        Mode::Rewrite => asked.clone(),
        Mode::Fix => {
            // Claude is told in English what the lint finds, with the checks of the email's
            // own language.
            let language = crate::domain::options::Language::from_english_name(&saved.language);
            let lint = lint_email_in(&current, language, crate::domain::i18n::Lang::En.t());
            let fixes = fix_instruction(&lint)
                .unwrap_or_else(|| "Every check passes; make it sharper.".to_owned());
            [fixes, asked.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        }
    };

    let rewritten = match &state.claude {
        // The composer writes to its own lint, so a fix needs only the founder's words.
        None => {
            let offline = composer::rewrite(&request, &current, &asked, t);
            Rewritten {
                email: offline.email,
                source: Source::Offline,
                note: Some(offline.note),
            }
        }
        Some(client) => {
            let reply = client
                .rewrite_email(&request, &saved.sequence, &current, &instruction)
                .await
                .map_err(upstream_error)?;
            tracing::info!(
                model = %reply.model,
                input_tokens = reply.input_tokens,
                output_tokens = reply.output_tokens,
                attempts = reply.attempts,
                "email rewritten"
            );
            Rewritten {
                email: reply.email,
                source: Source::Claude,
                note: None,
            }
        }
    };
    edits::save_edit(&state.writer, id, &rewritten.email)
        .await
        .map_err(internal("saving a rewrite"))?;
    Ok(rewritten)
}
