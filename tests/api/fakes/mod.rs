//! Fakes of the services ColdCopy calls, on loopback, speaking their real wire formats (also
//! built as the examples the benchmark and the browser tests run).

pub mod claude;
pub mod stripe;
