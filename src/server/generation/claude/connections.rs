//! The connections to Claude. Over HTTP/2 (agreed by TLS toward `https://`, or without asking
//! toward an `http://` address when `ANTHROPIC_H2C` is set) many calls share one connection:
//! a call held open on HTTP/1.1 costs its own connection, about 35 KB (hyper's dispatch
//! channel, its write and read buffers), and a stream on a shared HTTP/2 connection a small
//! part of that.
//!
//! A server caps the streams on one connection (hyper's own default is 200; 100 is the least a
//! server should allow), and hyper's client does not open a second connection when the cap is
//! reached: calls over it wait in a queue. So calls are spread over several clients, each with
//! its own connection, at most [`STREAMS_PER_CONNECTION`] calls on each; one more client is made
//! when all are full. Over HTTP/1.1 (a server that does not speak HTTP/2) each client keeps its
//! own connections as before, one per call in flight.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};
use std::time::Duration;

/// The most calls one client (one HTTP/2 connection) carries at once.
pub(crate) const STREAMS_PER_CONNECTION: usize = 100;

/// Clients toward one API, each with its calls in flight.
pub(crate) struct Connections {
    h2c: bool,
    clients: Mutex<Vec<Slot>>,
}

struct Slot {
    client: reqwest::Client,
    in_flight: Arc<AtomicUsize>,
}

/// One call's hold on a client: the client counts it until the lease is dropped, so keep the
/// lease until the answer has been read to its end.
pub(crate) struct Lease {
    client: reqwest::Client,
    in_flight: Arc<AtomicUsize>,
}

impl Lease {
    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Connections {
    /// `h2c`: HTTP/2 without asking first, for an `http://` address that speaks it.
    pub(crate) fn new(h2c: bool) -> Self {
        Self {
            h2c,
            clients: Mutex::new(Vec::new()),
        }
    }

    /// The client with the fewest calls in flight, or a new one when every client carries
    /// [`STREAMS_PER_CONNECTION`].
    pub(crate) fn lease(&self) -> Lease {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let least = clients
            .iter()
            .min_by_key(|slot| slot.in_flight.load(Ordering::Relaxed))
            .filter(|slot| slot.in_flight.load(Ordering::Relaxed) < STREAMS_PER_CONNECTION);
        let slot = match least {
            Some(slot) => slot,
            None => {
                clients.push(Slot {
                    client: self.build(),
                    in_flight: Arc::new(AtomicUsize::new(0)),
                });
                clients.last().expect("just pushed")
            }
        };
        slot.in_flight.fetch_add(1, Ordering::Relaxed);
        Lease {
            client: slot.client.clone(),
            in_flight: slot.in_flight.clone(),
        }
    }

    /// How many clients there are (each one connection over HTTP/2).
    #[cfg(test)]
    fn clients(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Each client's calls in flight.
    #[cfg(test)]
    fn in_flight(&self) -> Vec<usize> {
        let clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .iter()
            .map(|slot| slot.in_flight.load(Ordering::Relaxed))
            .collect()
    }

    fn build(&self) -> reqwest::Client {
        let builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("coldcopy/", env!("CARGO_PKG_VERSION")));
        let builder = if self.h2c {
            builder.http2_prior_knowledge()
        } else {
            builder
        };
        builder.build().expect("the HTTP client builds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_spread_and_a_client_is_added_only_when_all_are_full() {
        let connections = Connections::new(false);
        let mut leases: Vec<Lease> = (0..STREAMS_PER_CONNECTION)
            .map(|_| connections.lease())
            .collect();
        assert_eq!(connections.clients(), 1);
        leases.push(connections.lease());
        assert_eq!(connections.clients(), 2);
        // The next calls go to the emptier client until both carry the same.
        leases.extend((0..STREAMS_PER_CONNECTION - 1).map(|_| connections.lease()));
        assert_eq!(connections.clients(), 2);
        // Both full: a finished call frees its place, and the next call takes it.
        leases.swap_remove(0);
        leases.push(connections.lease());
        assert_eq!(connections.clients(), 2);
        leases.push(connections.lease());
        assert_eq!(connections.clients(), 3);
        let counts = connections.in_flight();
        assert_eq!(counts, [STREAMS_PER_CONNECTION, STREAMS_PER_CONNECTION, 1]);
    }

    #[test]
    fn every_lease_returns_its_place() {
        let connections = Connections::new(true);
        let leases: Vec<Lease> = (0..250).map(|_| connections.lease()).collect();
        assert_eq!(connections.clients(), 3);
        drop(leases);
        let counts = connections.in_flight();
        assert_eq!(counts, [0, 0, 0]);
    }
}
