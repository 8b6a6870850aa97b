//! Runs tests/properties.rs alone (temporary).
#[path = "properties.rs"]
mod properties;
