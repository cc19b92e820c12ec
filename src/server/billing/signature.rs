//! The webhook signature check: HMAC-SHA256 over `t.body` with the endpoint's secret, compared
//! in constant time, within Stripe's default tolerance.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How old a signed webhook may be (Stripe's default tolerance).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Why a webhook's `Stripe-Signature` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing")]
    Missing,
    #[error("the Stripe-Signature header has no timestamp or no v1 signature")]
    Malformed,
    #[error("the signature is {0} seconds away from now, more than the tolerance")]
    Stale(i64),
    #[error("no v1 signature matches the body")]
    Mismatch,
}

/// Checks a `Stripe-Signature` header (`t=…,v1=…[,v1=…][,v0=…]`) against the raw body: one of
/// the `v1` values must be the HMAC-SHA256 of `t.body` under `secret`, compared in constant
/// time, and `t` must be within `tolerance` seconds of `now`.
pub fn verify_signature(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: i64,
    tolerance: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let age = now.saturating_sub(timestamp);
    if age.abs() > tolerance {
        return Err(SignatureError::Stale(age));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    // `verify_slice` compares in constant time.
    if signatures
        .iter()
        .any(|signature| mac.clone().verify_slice(signature).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The `Stripe-Signature` value Stripe would send for `body` at time `t` (tests and tools).
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"checkout.session.completed"}"#;

    #[test]
    fn a_signature_made_with_the_secret_verifies() {
        let header = sign(SECRET, 1_700_000_000, BODY);
        assert_eq!(
            verify_signature(SECRET, Some(&header), BODY, 1_700_000_010, 300),
            Ok(())
        );
    }

    #[test]
    fn a_signature_computed_elsewhere_verifies() {
        // Python: hmac.new(b"whsec_test_secret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
        let header =
            "t=1700000000,v1=a13d4b1f9003bc2fb6c06224e878b6056185eaa50d40e1e7dc05517f8af41d7b";
        assert_eq!(
            verify_signature(SECRET, Some(header), BODY, 1_700_000_000, 300),
            Ok(())
        );
        assert_eq!(sign(SECRET, 1_700_000_000, BODY), header);
    }

    #[test]
    fn every_v1_is_tried_and_v0_is_ignored() {
        let good = sign(SECRET, 1_700_000_000, BODY);
        let v1 = good.split_once("v1=").unwrap().1;
        let header = format!("t=1700000000,v0={v1},v1={},v1={v1}", "ab".repeat(32));
        assert_eq!(
            verify_signature(SECRET, Some(&header), BODY, 1_700_000_000, 300),
            Ok(())
        );
        let only_v0 = format!("t=1700000000,v0={v1}");
        assert_eq!(
            verify_signature(SECRET, Some(&only_v0), BODY, 1_700_000_000, 300),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn bad_signatures_are_refused() {
        let good = sign(SECRET, 1_700_000_000, BODY);
        let now = 1_700_000_000;
        let check = |secret: &[u8], header: Option<&str>, body: &[u8], now| {
            verify_signature(secret, header, body, now, 300)
        };
        assert_eq!(check(SECRET, None, BODY, now), Err(SignatureError::Missing));
        assert_eq!(
            check(SECRET, Some("v1=abc"), BODY, now),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(SECRET, Some("t=soon,v1=ab"), BODY, now),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            check(b"whsec_other", Some(&good), BODY, now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check(SECRET, Some(&good), b"{\"id\":\"evt_2\"}", now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check(SECRET, Some(&good), BODY, now + 301),
            Err(SignatureError::Stale(301))
        );
        assert_eq!(
            check(SECRET, Some(&good), BODY, now - 301),
            Err(SignatureError::Stale(-301))
        );
        assert_eq!(check(SECRET, Some(&good), BODY, now + 300), Ok(()));
    }
}
