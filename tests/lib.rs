//! One integration-test binary: every module below links against the library once.
//! On wasm32 only the bindings' tests run (`wasm-bindgen-test-runner`, in Node).

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod errors;
#[cfg(not(target_arch = "wasm32"))]
mod general;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
#[cfg(not(target_arch = "wasm32"))]
mod rulesets;
#[cfg(all(feature = "schema", not(target_arch = "wasm32")))]
mod schema;
#[cfg(target_arch = "wasm32")]
mod wasm;
