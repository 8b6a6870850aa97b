//! Worked examples: every ruleset carries facts and the outcome they must give; this
//! runs them all and reports each one that does not hold.

use std::fmt::Write as _;

use crate::assessment::{Request, assess};
use crate::date::Date;
use crate::error::{Code, Problem};
use crate::money::parse_amount;
use crate::raw::{RawExample, RawExpect};
use crate::ruleset::{Ruleset, problem};
use crate::text::Text;

/// Runs the worked examples of `ruleset`; `versions` are all versions of its id (it
/// among them), so that examples can exercise 第三十七条.
#[must_use]
pub fn run(ruleset: &Ruleset, versions: &[&Ruleset]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, violation) in ruleset.violations.iter().enumerate() {
        for (j, example) in violation.examples.iter().enumerate() {
            let path = format!("violations[{i}].examples[{j}]");
            let Some(request) = request(&violation.id, example) else {
                continue;
            };
            let mismatches = compare(&example.expect, &request, versions);
            if !mismatches.is_empty() {
                problems.push(problem(
                    Code::ExampleFailed,
                    path,
                    format!("example \"{}\": {}", example.name, mismatches.join("; ")),
                ));
            }
        }
    }
    problems
}

/// The request a worked example of a violation stands for; `None` if its decision
/// date cannot be read (validation reports that).
#[must_use]
pub fn request(violation: &str, example: &RawExample) -> Option<Request> {
    let mut violations = vec![violation.to_owned()];
    violations.extend(example.also.iter().cloned());
    Some(Request {
        violations,
        facts: example.facts.clone(),
        decided_on: Date::parse(&example.decided_on)?,
    })
}

fn compare(expect: &RawExpect, request: &Request, versions: &[&Ruleset]) -> Vec<String> {
    let mut out = Vec::new();
    let result = assess(versions, request);
    let assessment = match (result, &expect.error) {
        (Err(e), Some(code)) => {
            if !e.problems().iter().any(|p| p.code.as_str() == code) {
                out.push(format!("expected error `{code}`, got: {e}"));
            }
            return out;
        }
        (Err(e), None) => {
            out.push(format!("assessment failed: {e}"));
            return out;
        }
        (Ok(a), Some(code)) => {
            out.push(format!(
                "expected error `{code}`, got outcome {:?}",
                a.outcome
            ));
            return out;
        }
        (Ok(a), None) => a,
    };
    if let Some(outcome) = expect.outcome {
        if assessment.outcome != outcome {
            out.push(format!(
                "outcome: expected {outcome:?}, got {:?}",
                assessment.outcome
            ));
        }
    }
    if let Some(mandatory) = expect.mandatory {
        if assessment.mandatory != mandatory {
            out.push(format!(
                "mandatory: expected {mandatory}, got {}",
                assessment.mandatory
            ));
        }
    }
    let fine = assessment.fine;
    let mut amount_check = |name: &str, expected: &Option<String>, got: Option<String>| {
        let Some(expected) = expected else { return };
        let want = if expected == "none" {
            None
        } else {
            parse_amount(expected).map(|d| d.normalize().to_string())
        };
        if expected != "none" && want.is_none() {
            out.push(format!("{name}: `{expected}` is not an amount"));
        } else if want != got {
            out.push(format!(
                "{name}: expected {expected}, got {}",
                got.as_deref().unwrap_or("none")
            ));
        }
    };
    amount_check(
        "min",
        &expect.min,
        fine.map(|f| f.min.0.normalize().to_string()),
    );
    amount_check(
        "max",
        &expect.max,
        fine.and_then(|f| f.max)
            .map(|m| m.0.normalize().to_string()),
    );
    amount_check(
        "amount",
        &expect.amount,
        fine.and_then(|f| f.amount)
            .map(|m| m.0.normalize().to_string()),
    );
    if expect.no_fine == Some(true) && fine.is_some() {
        out.push("expected no fine, got one".to_owned());
    }
    for wanted in &expect.penalties {
        let found = assessment.penalties.iter().any(|p| {
            p.kind.as_str() == wanted
                || p.text.is_some_and(|t| t.contains(wanted.as_str()))
                || p.name == wanted
        });
        if !found {
            let have: Vec<&str> = assessment
                .penalties
                .iter()
                .map(|p| p.text.map_or(p.name, Text::as_str))
                .collect();
            out.push(format!(
                "penalties: `{wanted}` not among {}",
                have.join("; ")
            ));
        }
    }
    for wanted in &expect.basis {
        let found = assessment.basis.iter().any(|b| {
            let label = b.citation.label();
            label.starts_with(wanted.as_str())
                || format!("{} {}", b.citation.law, b.citation.article) == *wanted
        });
        if !found {
            let mut have = String::new();
            for b in &assessment.basis {
                let _ = write!(have, "{}; ", b.citation.label());
            }
            out.push(format!(
                "basis: `{wanted}` not among {}",
                have.trim_end_matches("; ")
            ));
        }
    }
    if let Some(version) = &expect.version {
        if assessment.ruleset.version != version {
            out.push(format!(
                "version: expected {version}, got {}",
                assessment.ruleset.version
            ));
        }
    }
    out
}
