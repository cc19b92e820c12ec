//! The one-email rewrite: one unstreamed call that forces the one-email tool, retried like a
//! sequence.

use std::time::Instant;

use serde_json::{Value, json};

use super::error::ClaudeError;
use super::wire::RewriteInput;
use super::{ClaudeClient, Failure, RewriteReply, prompt};
use crate::domain::{
    form::SequenceRequest,
    sequence::{Email, Sequence},
};
use crate::server::platform::metrics::ClaudeCall;

/// Room for one email.
const REWRITE_MAX_TOKENS: u32 = 1_024;

impl ClaudeClient {
    /// Rewrites one email of a sequence (`original`, as it reads now), with the rest of the
    /// sequence as context and the founder's instruction; one unstreamed call that forces the
    /// one-email tool, retried like `write_sequence`.
    pub async fn rewrite_email(
        &self,
        request: &SequenceRequest,
        sequence: &Sequence,
        original: &Email,
        instruction: &str,
    ) -> Result<RewriteReply, Failure> {
        let deadline = Instant::now() + self.deadline;
        let body = json!({
            "model": self.model,
            "max_tokens": REWRITE_MAX_TOKENS,
            "system": prompt::system_prompt(),
            "messages": [{
                "role": "user",
                "content": prompt::rewrite_prompt(request, sequence, original.step, instruction),
            }],
            "tools": [prompt::rewrite_tool()],
            "tool_choice": {"type": "tool", "name": prompt::REWRITE_TOOL_NAME},
        });
        let mut attempts = 0;
        let mut retries = 0;
        let mut answer_retried = false;
        loop {
            if Instant::now() >= deadline {
                return Err(Failure {
                    error: ClaudeError::Timeout(self.deadline),
                    attempts,
                });
            }
            attempts += 1;
            self.limiter.take_now(1_500);
            let started = Instant::now();
            let answer = self.call_rewrite(&body, original, deadline).await;
            let tokens = answer
                .as_ref()
                .ok()
                .map(|r| (r.input_tokens, r.output_tokens));
            self.record_attempt(ClaudeCall::Rewrite, started, tokens);
            let error = match answer {
                Ok(reply) => return Ok(RewriteReply { attempts, ..reply }),
                Err(error) => error,
            };
            let Some(wait) = self.wait_before_retry(
                ClaudeCall::Rewrite,
                &error,
                attempts,
                &mut retries,
                &mut answer_retried,
                deadline,
            ) else {
                return Err(Failure { error, attempts });
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// One unstreamed call for a rewrite; the answer must be the tool call with usable texts.
    async fn call_rewrite(
        &self,
        body: &Value,
        original: &Email,
        deadline: Instant,
    ) -> Result<RewriteReply, ClaudeError> {
        let message = self.post_message(body, deadline).await?;
        let input = message
            .content
            .into_iter()
            .find(|block| {
                block.kind == "tool_use" && block.name.as_deref() == Some(prompt::REWRITE_TOOL_NAME)
            })
            .and_then(|block| block.input)
            .ok_or_else(|| ClaudeError::Malformed("no write_email tool call".into()))?;
        let texts: RewriteInput = serde_json::from_value(input)
            .map_err(|e| ClaudeError::Malformed(format!("tool input: {e}")))?;
        let email = original
            .edited(
                &texts.subject_a,
                &texts.subject_b,
                &texts.body,
                crate::domain::i18n::Lang::En.t(),
            )
            .map_err(|problems| {
                let fields: Vec<_> = problems.into_iter().map(|p| p.message).collect();
                ClaudeError::Malformed(format!("rewritten email: {}", fields.join(" ")))
            })?;
        Ok(RewriteReply {
            email,
            model: message.model,
            input_tokens: message.usage.input_tokens,
            output_tokens: message.usage.output_tokens,
            attempts: 1,
        })
    }
}
