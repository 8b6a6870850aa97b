//! The published rulesets: `cailiang check rulesets` validates them, checks every
//! citation against the law texts the project carries, and runs every worked example.

use std::process::Command;

#[test]
fn every_ruleset_checks_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(["check", "rulesets"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text.lines().last().unwrap_or_default();
    let count = |label: &str| -> usize {
        summary
            .split(", ")
            .find_map(|part| part.strip_prefix(label))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(count("rulesets: ") >= 3, "{summary}");
    assert!(
        count("examples: ") >= 2 * count("violations: "),
        "{summary}"
    );
}
