//! A typed client for the three Stripe calls ColdCopy makes (create and retrieve a Checkout
//! Session, create a billing-portal session), on reqwest, form-encoded as Stripe expects.
//! The webhook's signature check is `billing::signature`.
//!
//! async-stripe covers the whole API and is far heavier than these calls need.

use std::{collections::HashMap, time::Duration};

use reqwest::{StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::{ids::SessionId, session::Plan};
use crate::server::platform::config::sections::StripeSettings;

/// How a Checkout Session charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutMode {
    /// One payment (Starter).
    Payment,
    /// A subscription (Pro).
    Subscription,
}

impl CheckoutMode {
    fn as_str(self) -> &'static str {
        match self {
            CheckoutMode::Payment => "payment",
            CheckoutMode::Subscription => "subscription",
        }
    }
}

/// What a new Checkout Session is for.
#[derive(Debug, Clone)]
pub struct NewCheckout<'a> {
    pub mode: CheckoutMode,
    pub price_id: &'a str,
    pub plan: Plan,
    /// Our session id: Stripe hands it back as `client_reference_id`.
    pub session_id: &'a SessionId,
    /// Must contain `{CHECKOUT_SESSION_ID}`, which Stripe fills in.
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    /// The same key on a retry makes Stripe answer with the session it already created.
    pub idempotency_key: &'a str,
    /// A signed-in buyer's address: Checkout's email field starts filled in with it.
    pub customer_email: Option<&'a str>,
}

/// A Checkout Session, with the fields ColdCopy reads.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    /// Where to send the visitor to pay (present while the session is open).
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    /// `open`, `complete` or `expired`.
    #[serde(default)]
    pub status: Option<String>,
    /// `paid`, `unpaid` or `no_payment_required`.
    #[serde(default)]
    pub payment_status: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default, deserialize_with = "id_or_object")]
    pub customer: Option<String>,
    #[serde(default, deserialize_with = "id_or_object")]
    pub subscription: Option<String>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

impl CheckoutSession {
    /// True once the money is in (a card payment, or a delayed one that succeeded).
    pub fn is_paid(&self) -> bool {
        matches!(
            self.payment_status.as_deref(),
            Some("paid" | "no_payment_required")
        )
    }

    /// The plan we put in the metadata when creating the session.
    pub fn plan(&self) -> Option<Plan> {
        self.metadata.get("plan").and_then(|p| Plan::parse(p))
    }
}

/// Stripe sends a related object as its id unless asked to expand it; accept both.
pub(crate) fn id_or_object<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IdOrObject {
        Id(String),
        Object { id: String },
    }
    Ok(Option::<IdOrObject>::deserialize(d)?.map(|v| match v {
        IdOrObject::Id(id) | IdOrObject::Object { id } => id,
    }))
}

/// Why a Stripe call failed.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("cannot reach Stripe: {0}")]
    Connection(#[source] reqwest::Error),
    #[error("Stripe answered {status}: {kind}: {message}")]
    Api {
        status: StatusCode,
        kind: String,
        message: String,
    },
    #[error("Stripe's answer could not be read: {0}")]
    Decode(String),
}

impl StripeError {
    /// A lookup of something Stripe does not have (a made-up session id).
    pub fn is_not_found(&self) -> bool {
        matches!(self, StripeError::Api { status, .. } if *status == StatusCode::NOT_FOUND)
    }
}

/// The client: one `reqwest::Client`, the API base and the secret key.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    base: Url,
    secret_key: SecretString,
}

impl StripeClient {
    /// A client when a secret key is configured; `None` means payments are off.
    pub fn from_settings(settings: &StripeSettings) -> Option<Self> {
        let secret_key = settings.secret_key.clone()?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .user_agent(concat!("coldcopy/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds");
        Some(Self {
            http,
            base: settings.api_base.clone(),
            secret_key,
        })
    }

    fn url(&self, path: &str) -> Url {
        self.base
            .join(path)
            .expect("a http(s) base URL joins a relative path")
    }

    /// `POST /v1/checkout/sessions`.
    pub async fn create_checkout(
        &self,
        new: &NewCheckout<'_>,
    ) -> Result<CheckoutSession, StripeError> {
        let mut form: Vec<(&str, &str)> = vec![
            ("mode", new.mode.as_str()),
            ("line_items[0][price]", new.price_id),
            ("line_items[0][quantity]", "1"),
            ("success_url", new.success_url),
            ("cancel_url", new.cancel_url),
            ("client_reference_id", new.session_id.as_str()),
            ("metadata[plan]", new.plan.as_str()),
            ("metadata[coldcopy_session]", new.session_id.as_str()),
        ];
        match new.mode {
            // The subscription's own events then name our session too.
            CheckoutMode::Subscription => form.extend([
                ("subscription_data[metadata][plan]", new.plan.as_str()),
                (
                    "subscription_data[metadata][coldcopy_session]",
                    new.session_id.as_str(),
                ),
            ]),
            // A customer record, so a later portal or receipt can find the buyer.
            CheckoutMode::Payment => form.push(("customer_creation", "always")),
        }
        if let Some(email) = new.customer_email {
            form.push(("customer_email", email));
        }
        let request = self
            .http
            .post(self.url("v1/checkout/sessions"))
            .header("Idempotency-Key", new.idempotency_key)
            .form(&form);
        self.send(request).await
    }

    /// `GET /v1/checkout/sessions/{id}`.
    pub async fn retrieve_checkout(&self, id: &str) -> Result<CheckoutSession, StripeError> {
        let mut url = self.url("v1/checkout/sessions/");
        url.path_segments_mut()
            .expect("a http(s) URL has path segments")
            .pop_if_empty()
            .push(id);
        self.send(self.http.get(url)).await
    }

    /// `POST /v1/billing_portal/sessions`: the portal's address for this customer.
    pub async fn create_portal(
        &self,
        customer_id: &str,
        return_url: &str,
    ) -> Result<String, StripeError> {
        #[derive(Deserialize)]
        struct Portal {
            url: String,
        }
        let request = self
            .http
            .post(self.url("v1/billing_portal/sessions"))
            .form(&[("customer", customer_id), ("return_url", return_url)]);
        let portal: Portal = self.send(request).await?;
        Ok(portal.url)
    }

    /// Sends with the secret key; one retry (same request, same idempotency key) after a
    /// connection error, a 429 or a 5xx.
    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let request = request.bearer_auth(self.secret_key.expose_secret());
        let retry = request.try_clone();
        match self.send_once(request).await {
            Err(err) if is_transient(&err) => match retry {
                Some(retry) => {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    self.send_once(retry).await
                }
                None => Err(err),
            },
            result => result,
        }
    }

    async fn send_once<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let response = request.send().await.map_err(StripeError::Connection)?;
        let status = response.status();
        let body = response.bytes().await.map_err(StripeError::Connection)?;
        if !status.is_success() {
            #[derive(Deserialize)]
            struct Envelope {
                error: ApiError,
            }
            #[derive(Deserialize)]
            struct ApiError {
                #[serde(rename = "type", default)]
                kind: String,
                #[serde(default)]
                message: String,
            }
            let (kind, message) = match serde_json::from_slice::<Envelope>(&body) {
                Ok(Envelope { error }) => (error.kind, error.message),
                Err(_) => (
                    "unknown".into(),
                    String::from_utf8_lossy(&body).into_owned(),
                ),
            };
            return Err(StripeError::Api {
                status,
                kind,
                message,
            });
        }
        serde_json::from_slice(&body).map_err(|err| StripeError::Decode(err.to_string()))
    }
}

fn is_transient(err: &StripeError) -> bool {
    match err {
        StripeError::Connection(_) => true,
        StripeError::Api { status, .. } => {
            *status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
        }
        StripeError::Decode(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_objects_are_read_as_ids_or_expanded() {
        let plain: CheckoutSession = serde_json::from_str(
            r#"{"id":"cs_1","customer":"cus_1","subscription":null,"payment_status":"paid","metadata":{"plan":"pro"}}"#,
        )
        .unwrap();
        assert_eq!(plain.customer.as_deref(), Some("cus_1"));
        assert!(plain.is_paid());
        assert_eq!(plain.plan(), Some(Plan::Pro));
        let expanded: CheckoutSession = serde_json::from_str(
            r#"{"id":"cs_1","customer":{"id":"cus_2","object":"customer"},"payment_status":"unpaid"}"#,
        )
        .unwrap();
        assert_eq!(expanded.customer.as_deref(), Some("cus_2"));
        assert!(!expanded.is_paid());
    }
}
