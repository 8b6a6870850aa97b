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

#[test]
fn every_violation_has_worked_examples_for_each_tier() {
    use cailiang::raw::RawModel;
    let mut short = Vec::new();
    for entry in std::fs::read_dir("rulesets").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let raw = cailiang::ruleset::raw_from_toml(&text).unwrap();
        for v in &raw.violations {
            let tiers = match &v.model {
                Some(RawModel::Tiers(t)) => t.len(),
                Some(RawModel::FactBands(r) | RawModel::FixedBands(r)) => r.len().min(2),
                _ => 0,
            };
            let needed = tiers.max(2);
            if v.examples.len() < needed {
                short.push(format!(
                    "{}: {} has {} of {needed}",
                    path.display(),
                    v.id,
                    v.examples.len()
                ));
            }
        }
    }
    assert!(
        short.is_empty(),
        "violations short of worked examples:\n{}",
        short.join("\n")
    );
}
