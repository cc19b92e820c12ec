//! Anthropic's Message Batches API, for big lead lists (half the price per token): create a
//! batch of first-line requests, retrieve it until it has ended, read its results (JSONL, one
//! line per request, matched by `custom_id`). Each call is one attempt; the lead worker polls
//! again on its next round, so a failure here only delays the batch.

use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::{ClaudeError, status_error};
use super::first_line::{FirstLineReply, read_first_line};
use super::wire::MessageResponse;
use super::{ANTHROPIC_VERSION, ClaudeClient};

/// A batch as the API describes it (the parts we read).
#[derive(Debug, Clone, Deserialize)]
pub struct Batch {
    pub id: String,
    /// `in_progress`, `canceling` or `ended`.
    pub processing_status: String,
    #[serde(default)]
    pub results_url: Option<String>,
}

impl Batch {
    pub fn ended(&self) -> bool {
        self.processing_status == "ended"
    }
}

/// What came of one request of a batch.
#[derive(Debug, Clone)]
pub enum BatchResult {
    Succeeded(FirstLineReply),
    /// Errored, expired or canceled (the words say which), or an answer we could not read.
    Unanswered(String),
}

#[derive(Deserialize)]
struct ResultLine {
    custom_id: String,
    result: ResultBody,
}

#[derive(Deserialize)]
struct ResultBody {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
}

impl ClaudeClient {
    fn batches_url(&self, tail: &str) -> reqwest::Url {
        self.messages_url
            .join(&format!("messages/batches{tail}"))
            .expect("the batches path joins the messages URL")
    }

    /// One call: `request` is built on the client leased for it.
    async fn send(
        &self,
        request: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<String, ClaudeError> {
        let exchange = async {
            let lease = self.http.lease();
            let response = request(lease.client())
                .header("x-api-key", self.api_key.expose_secret())
                .header("anthropic-version", ANTHROPIC_VERSION)
                .send()
                .await
                .map_err(ClaudeError::Transport)?;
            self.metrics.claude_response(response.version());
            let status = response.status();
            let headers = response.headers().clone();
            let text = response.text().await.map_err(ClaudeError::Transport)?;
            if !status.is_success() {
                return Err(status_error(status, &headers, &text));
            }
            Ok(text)
        };
        tokio::time::timeout(self.timeout * 4, exchange)
            .await
            .map_err(|_| ClaudeError::Timeout(self.timeout * 4))?
    }

    /// Creates a batch of `(custom_id, params)` requests.
    pub async fn create_batch(&self, requests: &[(String, Value)]) -> Result<Batch, ClaudeError> {
        let requests: Vec<Value> = requests
            .iter()
            .map(|(id, params)| json!({"custom_id": id, "params": params}))
            .collect();
        let text = self
            .send(|http| {
                http.post(self.batches_url(""))
                    .json(&json!({ "requests": requests }))
            })
            .await?;
        serde_json::from_str(&text).map_err(|e| ClaudeError::Malformed(format!("batch: {e}")))
    }

    /// The batch `id` as it stands.
    pub async fn retrieve_batch(&self, id: &str) -> Result<Batch, ClaudeError> {
        let text = self
            .send(|http| http.get(self.batches_url(&format!("/{id}"))))
            .await?;
        serde_json::from_str(&text).map_err(|e| ClaudeError::Malformed(format!("batch: {e}")))
    }

    /// An ended batch's results, by `custom_id`.
    pub async fn batch_results(
        &self,
        batch: &Batch,
    ) -> Result<Vec<(String, BatchResult)>, ClaudeError> {
        let url = match &batch.results_url {
            Some(url) => reqwest::Url::parse(url)
                .map_err(|e| ClaudeError::Malformed(format!("results_url: {e}")))?,
            None => self.batches_url(&format!("/{}/results", batch.id)),
        };
        let text = self.send(|http| http.get(url)).await?;
        let mut results = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(line) = serde_json::from_str::<ResultLine>(line) else {
                continue;
            };
            let result = match (line.result.kind.as_str(), line.result.message) {
                ("succeeded", Some(message)) => {
                    match serde_json::from_value::<MessageResponse>(message)
                        .map_err(|e| ClaudeError::Malformed(format!("message: {e}")))
                        .and_then(read_first_line)
                    {
                        Ok(reply) => BatchResult::Succeeded(reply),
                        Err(err) => BatchResult::Unanswered(err.to_string()),
                    }
                }
                (kind, _) => BatchResult::Unanswered(match line.result.error {
                    Some(error) => format!(
                        "{kind}: {}",
                        error["error"]["type"].as_str().unwrap_or("error")
                    ),
                    None => kind.to_owned(),
                }),
            };
            results.push((line.custom_id, result));
        }
        Ok(results)
    }
}
