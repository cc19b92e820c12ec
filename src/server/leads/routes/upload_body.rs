//! The upload's body, read whatever its size. Past the upload's limit nothing more is kept,
//! but the rest is still read and dropped, so the browser gets the refusal page rather than a
//! connection reset (a server that answers before reading what was sent closes on unread data,
//! and the browser may never show the answer). Past [`DRAIN_MAX`] the connection is given up.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use axum::body::{Body, Bytes};
use futures_util::StreamExt;

/// The most of an oversized upload that is read and dropped before the connection is closed:
/// no lead list is a gigabyte, and reading one costs about a second on loopback.
pub(super) const DRAIN_MAX: usize = 1 << 30;

/// Whether the body went past its limit, known once it has been read.
#[derive(Debug, Clone, Default)]
pub(super) struct Over(Arc<AtomicBool>);

impl Over {
    pub(super) fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// `body`, ending in an error once more than `limit` bytes have come (after the rest has been
/// drained), and the flag that says so.
pub(super) fn capped(body: Body, limit: usize) -> (Body, Over) {
    let over = Over::default();
    let flag = over.clone();
    let chunks = futures_util::stream::unfold(
        (body.into_data_stream(), 0usize, false),
        move |(mut inner, mut seen, ended)| {
            let flag = flag.clone();
            async move {
                if ended {
                    return None;
                }
                match inner.next().await? {
                    Err(err) => Some((Err(err.into_inner()), (inner, seen, true))),
                    Ok(chunk) if seen + chunk.len() <= limit => {
                        seen += chunk.len();
                        Some((Ok::<Bytes, _>(chunk), (inner, seen, false)))
                    }
                    Ok(chunk) => {
                        flag.0.store(true, Ordering::Relaxed);
                        seen += chunk.len();
                        while seen <= DRAIN_MAX {
                            match inner.next().await {
                                Some(Ok(chunk)) => seen += chunk.len(),
                                _ => break,
                            }
                        }
                        let err: axum::BoxError = "the upload is over its limit".into();
                        Some((Err(err), (inner, seen, true)))
                    }
                }
            }
        },
    );
    (Body::from_stream(chunks), over)
}
