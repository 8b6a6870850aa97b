//! The published JSON Schema of the ruleset format is generated from the Rust types;
//! this fails when the committed copy is stale.

use cailiang::raw::RawRuleset;

const PATH: &str = "docs/ruleset.schema.json";

#[test]
fn committed_schema_matches_the_types() {
    let schema = schemars::schema_for!(RawRuleset);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    if std::env::var_os("CAILIANG_UPDATE_SCHEMA").is_some() {
        std::fs::write(PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "{PATH} is stale: regenerate it with `CAILIANG_UPDATE_SCHEMA=1 cargo test --all-features schema`"
    );
}
