//! One lead's first line: one unstreamed call that forces the `write_first_line` tool, after
//! the outbound limiter has room (bulk work waits; visitors do not). Claude is told to quote the
//! fact it used and to answer "no signal" rather than invent; the grounding check in
//! `server/leads/writer.rs` decides whether the answer is kept.

use std::time::Instant;

use serde::Deserialize;
use serde_json::{Value, json};

use super::error::ClaudeError;
use super::wire::MessageResponse;
use super::{ClaudeClient, Failure};
use crate::domain::{form::SequenceRequest, hidden, leads::rows::LeadData, sequence::Sequence};
use crate::server::platform::metrics::ClaudeCall;

/// The tool Claude is made to call for a lead.
pub(crate) const FIRST_LINE_TOOL: &str = "write_first_line";
/// Room for one line and its fact.
const FIRST_LINE_MAX_TOKENS: u32 = 300;
/// What a first-line call is booked at on the limiter before its usage is known.
pub(crate) const FIRST_LINE_TOKENS: u32 = 1_200;

/// Claude's answer for one lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstLine {
    /// A line and the fact from the lead's data it quotes.
    Line { line: String, fact: String },
    /// Nothing specific in the lead's data.
    NoSignal,
}

/// A first line and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLineReply {
    pub answer: FirstLine,
    pub model: String,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub attempts: u32,
}

#[derive(Deserialize)]
struct ToolInput {
    signal: bool,
    #[serde(default)]
    line: String,
    #[serde(default)]
    fact: String,
}

/// The lead's data as the prompt shows it: one `Label: value` line each.
pub(crate) fn lead_block(lead: &LeadData) -> String {
    let mut block = String::new();
    for (label, value) in [
        ("First name", &lead.first_name),
        ("Last name", &lead.last_name),
        ("Company", &lead.company),
        ("Job title", &lead.title),
        ("Website", &lead.website),
    ] {
        if !value.is_empty() {
            block.push_str(&format!("{label}: {value}\n"));
        }
    }
    for (label, value) in &lead.facts {
        block.push_str(&format!("{label}: {}\n", value.replace('\n', " ")));
    }
    block
}

fn system_prompt() -> &'static str {
    "You write the first line of a cold email for one lead: one sentence, at most 30 words, \
     that shows the sender knows something true and specific about this lead. Rules you always \
     follow:\n\
     - Use only what the lead's data says. Never invent a post, an event, a number, a name or \
     a date. Every name and number in the line must be in the lead's data or the brief.\n\
     - Copy into `fact` the exact words of the lead's data the line is built on.\n\
     - When the data holds nothing specific (only a name, a title, a generic description), \
     set `signal` to false and leave `line` and `fact` empty.\n\
     - No flattery (impressive, amazing, love what you do), no \"I came across your profile\", \
     no question (the email's call to action asks the only question), no merge tags."
}

fn user_prompt(
    request: &SequenceRequest,
    sequence: &Sequence,
    lead: &LeadData,
    problems: &[String],
) -> String {
    let first = sequence
        .emails
        .first()
        .map_or("", |email| email.body.as_str());
    let mut prompt = format!(
        "The sender's brief:\nCompany: {}\nSelling to: {}\nProblem: {}\nProduct: {}\nBenefit: {}\n\n\
         The first email of the sequence (your line goes right after its greeting):\n<email>\n{}\n</email>\n\n\
         The lead's data, as the sender knows it:\n<lead>\n{}</lead>\n\n\
         Write the line in {}, the language of the email.\n",
        request.company(),
        request.job_title(),
        request.problem(),
        request.product(),
        request.benefit(),
        first,
        lead_block(lead),
        request.language().english_name(),
    );
    if !problems.is_empty() {
        prompt.push_str(&format!(
            "\nA line you wrote for this lead was refused: it {}. Write it again within the rules, \
             or answer no signal.\n",
            problems.join("; it ")
        ));
    }
    prompt
}

fn tool() -> Value {
    json!({
        "name": FIRST_LINE_TOOL,
        "description": "Give the lead's first line and the fact it quotes, or no signal.",
        "input_schema": {
            "type": "object",
            "properties": {
                "signal": {"type": "boolean", "description": "false when the data holds nothing specific"},
                "line": {"type": "string", "description": "one sentence, at most 30 words"},
                "fact": {"type": "string", "description": "the exact words of the lead's data the line uses"}
            },
            "required": ["signal", "line", "fact"]
        }
    })
}

impl ClaudeClient {
    /// Writes one lead's first line (`problems`: why the last one was refused, if it was);
    /// waits for the outbound limiter first, then calls and retries like a rewrite.
    pub async fn first_line(
        &self,
        request: &SequenceRequest,
        sequence: &Sequence,
        lead: &LeadData,
        problems: &[String],
    ) -> Result<FirstLineReply, Failure> {
        let deadline = Instant::now() + self.deadline;
        let body = self.first_line_params(request, sequence, lead, problems);
        let mut attempts = 0;
        let mut retries = 0;
        let mut answer_retried = false;
        loop {
            self.limiter.wait(FIRST_LINE_TOKENS).await;
            if Instant::now() >= deadline {
                return Err(Failure {
                    error: ClaudeError::Timeout(self.deadline),
                    attempts,
                });
            }
            attempts += 1;
            let started = Instant::now();
            let answer = self.call_first_line(&body, deadline).await;
            let tokens = answer
                .as_ref()
                .ok()
                .map(|r| (r.input_tokens, r.output_tokens));
            self.record_attempt(ClaudeCall::FirstLine, started, tokens);
            if let Some((input, output)) = tokens {
                self.limiter.settle(FIRST_LINE_TOKENS, input + output);
            }
            let error = match answer {
                Ok(reply) => return Ok(FirstLineReply { attempts, ..reply }),
                Err(error) => error,
            };
            let Some(wait) = self.wait_before_retry(
                ClaudeCall::FirstLine,
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

    /// The Messages API request for one lead's line (also a Message Batches API request's
    /// `params`).
    pub fn first_line_params(
        &self,
        request: &SequenceRequest,
        sequence: &Sequence,
        lead: &LeadData,
        problems: &[String],
    ) -> Value {
        json!({
            "model": self.model,
            "max_tokens": FIRST_LINE_MAX_TOKENS,
            "system": system_prompt(),
            "messages": [{"role": "user", "content": user_prompt(request, sequence, lead, problems)}],
            "tools": [tool()],
            "tool_choice": {"type": "tool", "name": FIRST_LINE_TOOL},
        })
    }

    async fn call_first_line(
        &self,
        body: &Value,
        deadline: Instant,
    ) -> Result<FirstLineReply, ClaudeError> {
        let message = self.post_message(body, deadline).await?;
        read_first_line(message)
    }
}

/// A first-line answer read: the tool call's line and fact, or no signal.
pub(super) fn read_first_line(message: MessageResponse) -> Result<FirstLineReply, ClaudeError> {
    let input = message
        .content
        .into_iter()
        .find(|block| block.kind == "tool_use" && block.name.as_deref() == Some(FIRST_LINE_TOOL))
        .and_then(|block| block.input)
        .ok_or_else(|| ClaudeError::Malformed("no write_first_line tool call".into()))?;
    let input: ToolInput = serde_json::from_value(input)
        .map_err(|e| ClaudeError::Malformed(format!("tool input: {e}")))?;
    let answer = if input.signal && !input.line.trim().is_empty() {
        FirstLine::Line {
            line: hidden::cleaned(input.line.trim()).trim().to_owned(),
            fact: hidden::cleaned(input.fact.trim()).trim().to_owned(),
        }
    } else {
        FirstLine::NoSignal
    };
    Ok(FirstLineReply {
        answer,
        model: message.model,
        input_tokens: message.usage.input_tokens,
        output_tokens: message.usage.output_tokens,
        attempts: 1,
    })
}
