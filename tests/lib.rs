//! One integration-test binary: every module below links against the library once.

mod cli;
mod engine;
mod errors;
mod general;
mod rulesets;
#[cfg(feature = "schema")]
mod schema;
