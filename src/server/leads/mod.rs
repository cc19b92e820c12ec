//! Lead lists: an uploaded list read (`import`), stored as a job waiting for its mapping and
//! then as leads (`jobs`, `queue`), each lead's first line decided (`writer`) by the worker
//! every server runs (`worker`), and the files for the sending tools (`export`). The routes
//! that take the upload and give the files are in `routes`.

pub(crate) mod batch;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod jobs;
pub(crate) mod queue;
pub(crate) mod routes;
pub(crate) mod worker;
pub(crate) mod writer;

/// A JSON column read back (a stored lead, mapping, header row…).
fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
