//! Property tests of the core. A panic in WebAssembly kills the widget, so whatever the
//! ruleset or the facts, validation and assessment return `Ok` or `Err`, never panic;
//! and on the rulesets of `rulesets/` an assessment keeps its invariants: the fine lies
//! within the statutory range, 减轻 stays at or below the statutory minimum, the same
//! request gives the same answer, and an aggravating fact never lowers the fine.
#![cfg(feature = "cli")]

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::OnceLock;

use cailiang::assessment::FineRange;
use cailiang::date::Date;
use cailiang::raw::{
    Effect, FactInput, FactKind, Offset, Outcome, PenaltyKind, PenaltyMode, RawBands, RawChoice,
    RawCircumstance, RawCitation, RawCoefficients, RawConventions, RawFact, RawFactor, RawFine,
    RawFineCase, RawJurisdiction, RawLevel, RawMeta, RawModel, RawNoLenience, RawNoPenalty,
    RawPenalty, RawRounding, RawRow, RawRuleset, RawSource, RawThresholds, RawTier, RawViolation,
    RawWeights, RoundingMode, SourceKind, Str, Tier, UnknownFactor,
};
use cailiang::ruleset::raw_from_toml;
use cailiang::{Assessment, Request, Ruleset};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::test_runner::{Config, TestCaseResult, TestRunner};
use rust_decimal::Decimal;

/// Cases per property: the whole file runs in a few seconds in a debug build.
const CASES: u32 = 256;

/// Runs a property and panics with proptest's minimal failing input. `PROPTEST_CASES`
/// overrides the number of cases, e.g. for a longer search.
fn check<S: Strategy>(cases: u32, strategy: &S, test: impl Fn(S::Value) -> TestCaseResult) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// The rulesets of `rulesets/`

/// A ruleset file that loads, in both forms.
struct Loaded {
    file: String,
    raw: RawRuleset<'static>,
    ruleset: Ruleset,
}

/// Every `rulesets/*.toml` that loads; files being written and not yet valid are skipped.
fn real() -> &'static [Loaded] {
    static LOADED: OnceLock<Vec<Loaded>> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir("rulesets")
            .expect("rulesets/ is readable")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                // The cache borrows from the texts, which live as long as the test run.
                let text: &'static str = Box::leak(text.into_boxed_str());
                let raw = raw_from_toml(text).ok()?;
                let ruleset = Ruleset::from_raw(raw.clone()).ok()?;
                Some(Loaded {
                    file: path.display().to_string(),
                    raw,
                    ruleset,
                })
            })
            .collect()
    })
}

/// Every (ruleset, violation) pair of the loaded rulesets.
fn real_violations() -> Vec<(usize, usize)> {
    real()
        .iter()
        .enumerate()
        .flat_map(|(i, l)| (0..l.raw.violations.len()).map(move |j| (i, j)))
        .collect()
}

/// Every loaded version of the ruleset with the id of `real()[i]` (第三十七条).
fn versions_of(i: usize) -> Vec<&'static Ruleset> {
    let id = real()[i].ruleset.id();
    real()
        .iter()
        .map(|l| &l.ruleset)
        .filter(|r| r.id() == id)
        .collect()
}

/// The facts of 行政处罚法 that every ruleset shares, with their types and choices.
const GENERAL: &[(&str, FactKind, &[&str])] = &[
    ("party", FactKind::Choice, &["individual", "organization"]),
    ("age", FactKind::Integer, &[]),
    (
        "mental_capacity",
        FactKind::Choice,
        &["full", "limited", "none"],
    ),
    ("violation_date", FactKind::Date, &[]),
    ("violation_end_date", FactKind::Date, &[]),
    ("discovered_date", FactKind::Date, &[]),
    ("first_offence", FactKind::Boolean, &[]),
    ("corrected_promptly", FactKind::Boolean, &[]),
    ("harm", FactKind::Choice, &["none", "minor", "some"]),
    ("no_fault_proven", FactKind::Boolean, &[]),
    (
        "mitigation",
        FactKind::Choices,
        &["eliminated_harm", "coerced", "confessed", "meritorious"],
    ),
    ("endangers_life_health_or_finance", FactKind::Boolean, &[]),
    ("minor_violation", FactKind::Boolean, &[]),
];

/// A fact a user may enter: its name, type and choices.
#[derive(Debug, Clone)]
struct Spec {
    name: String,
    kind: FactKind,
    choices: Vec<String>,
}

/// The general facts, the ruleset's facts and the violation's facts.
fn specs(raw: &RawRuleset<'static>, violation: &RawViolation<'static>) -> Vec<Spec> {
    let general = GENERAL.iter().map(|(name, kind, choices)| Spec {
        name: (*name).to_owned(),
        kind: *kind,
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
    });
    let declared = raw.facts.iter().chain(&violation.facts).map(|f| Spec {
        name: f.name.to_string(),
        kind: f.kind,
        choices: f.choices.iter().map(|c| c.value.to_string()).collect(),
    });
    general.chain(declared).collect()
}

// ---------------------------------------------------------------------------------------
// Fact values

/// Texts that are odd as amounts, numbers, dates or choices.
const ODD_TEXTS: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "79228162514264337593543950336",
    "99999999999999999999.99999999",
    "99999999999999999999.99",
    "0.000000001",
    "0.00000001",
    "1.005",
    "1e5",
    "1,000",
    "-0",
    "+1",
    "-1",
    "0",
    "",
    " ",
    ".5",
    "5.",
    "NaN",
    "１２３",
    "7%",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2022-1-1",
    "2022-01-01T00:00",
    "organization",
    "individual",
    "none",
    "minor",
    "limited",
    "true",
];

fn odd_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(ODD_TEXTS).prop_map(str::to_owned),
        2 => "-?[0-9]{1,30}(\\.[0-9]{1,12})?",
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => ".{0,12}",
    ]
    .boxed()
}

/// Any value of any type, declared choices among the texts.
fn any_input(choices: &[String]) -> BoxedStrategy<FactInput> {
    let text = if choices.is_empty() {
        odd_text()
    } else {
        prop_oneof![odd_text(), select(choices.to_vec())].boxed()
    };
    prop_oneof![
        any::<bool>().prop_map(FactInput::Bool),
        any::<i64>().prop_map(FactInput::Integer),
        (-3i64..200).prop_map(FactInput::Integer),
        text.clone().prop_map(FactInput::Text),
        vec(text, 0..4).prop_map(FactInput::List),
    ]
    .boxed()
}

fn date_text() -> BoxedStrategy<String> {
    (2019i32..2026, 1u8..=12, 1u8..=28)
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .boxed()
}

fn decided_on() -> BoxedStrategy<Date> {
    prop_oneof![
        10 => date_text().prop_map(|t| Date::parse(&t).expect("generated dates are valid")),
        1 => Just(Date::new(1, 1, 1).expect("0001-01-01")),
        1 => Just(Date::new(9999, 12, 31).expect("9999-12-31")),
    ]
    .boxed()
}

/// A value of the fact's own type (it may still break the fact's `min`/`max`). The
/// general facts that end a case before the model runs (不予处罚) are mostly off, so
/// that most cases reach the model.
fn typed_input(spec: &Spec) -> BoxedStrategy<FactInput> {
    let flag = |p: f64| {
        proptest::bool::weighted(p)
            .prop_map(FactInput::Bool)
            .boxed()
    };
    match spec.name.as_str() {
        "no_fault_proven" => return flag(0.05),
        "minor_violation" => return flag(0.2),
        "mental_capacity" => {
            return prop_oneof![
                8 => Just(FactInput::Text("full".into())),
                1 => Just(FactInput::Text("limited".into())),
                1 => Just(FactInput::Text("none".into())),
            ]
            .boxed();
        }
        "age" => {
            return prop_oneof![
                1 => (0i64..14).prop_map(FactInput::Integer),
                2 => (14i64..18).prop_map(FactInput::Integer),
                8 => (18i64..90).prop_map(FactInput::Integer),
            ]
            .boxed();
        }
        _ => {}
    }
    match spec.kind {
        FactKind::Money => prop_oneof![
            4 => (0u64..2_000_000).prop_map(|n| FactInput::Text(n.to_string())),
            2 => (0u64..100_000_000, 0u8..100)
                .prop_map(|(y, f)| FactInput::Text(format!("{y}.{f:02}"))),
            1 => (0i64..1_000_000).prop_map(FactInput::Integer),
            1 => Just(FactInput::Text("99999999999999999999.99".into())),
        ]
        .boxed(),
        FactKind::Decimal => prop_oneof![
            2 => (-10i64..1000).prop_map(FactInput::Integer),
            3 => (0i64..1000, 0u32..10_000)
                .prop_map(|(w, f)| FactInput::Text(format!("{w}.{f:04}"))),
            1 => (-1000i64..0, 0u32..100)
                .prop_map(|(w, f)| FactInput::Text(format!("{w}.{f:02}"))),
            1 => Just(FactInput::Text("99999999999999999999.99999999".into())),
        ]
        .boxed(),
        FactKind::Integer => prop_oneof![
            8 => (0i64..12).prop_map(FactInput::Integer),
            2 => (0i64..1000).prop_map(|n| FactInput::Text(n.to_string())),
            1 => any::<i64>().prop_map(FactInput::Integer),
        ]
        .boxed(),
        FactKind::Boolean => any::<bool>().prop_map(FactInput::Bool).boxed(),
        FactKind::Choice if !spec.choices.is_empty() => select(spec.choices.clone())
            .prop_map(FactInput::Text)
            .boxed(),
        FactKind::Choices => {
            let n = spec.choices.len();
            subsequence(spec.choices.clone(), 0..=n)
                .prop_map(FactInput::List)
                .boxed()
        }
        FactKind::Choice => Just(FactInput::Text(String::new())).boxed(),
        FactKind::Date => date_text().prop_map(FactInput::Text).boxed(),
    }
}

/// Facts over the given names: each present or not; well typed or of any type; and
/// sometimes a name no ruleset declares.
fn facts(specs: &[Spec], typed: bool) -> BoxedStrategy<BTreeMap<String, FactInput>> {
    let each: Vec<BoxedStrategy<Option<(String, FactInput)>>> = specs
        .iter()
        .map(|spec| {
            let value = if typed {
                typed_input(spec)
            } else {
                prop_oneof![typed_input(spec), any_input(&spec.choices)].boxed()
            };
            let name = spec.name.clone();
            option::weighted(0.7, value.prop_map(move |v| (name.clone(), v))).boxed()
        })
        .collect();
    let unknown = if typed {
        Just(None).boxed()
    } else {
        option::weighted(
            0.1,
            (
                prop_oneof![Just("zz_unknown".to_owned()), ".{0,8}"],
                any_input(&[]),
            ),
        )
        .boxed()
    };
    (each, unknown)
        .prop_map(move |(each, unknown)| {
            let mut facts: BTreeMap<String, FactInput> =
                each.into_iter().chain([unknown]).flatten().collect();
            if typed {
                in_date_order(&mut facts);
            }
            facts
        })
        .boxed()
}

/// Puts the dates given in their natural order: committed, ended, discovered.
fn in_date_order(facts: &mut BTreeMap<String, FactInput>) {
    const ORDER: [&str; 3] = ["violation_date", "violation_end_date", "discovered_date"];
    let present: Vec<&str> = ORDER
        .into_iter()
        .filter(|n| matches!(facts.get(*n), Some(FactInput::Text(_))))
        .collect();
    let mut dates: Vec<FactInput> = present.iter().filter_map(|n| facts.remove(*n)).collect();
    dates.sort_by(|a, b| match (a, b) {
        (FactInput::Text(a), FactInput::Text(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    for (name, date) in present.into_iter().zip(dates) {
        facts.insert(name.to_owned(), date);
    }
}

// ---------------------------------------------------------------------------------------
// Helpers on results

fn json(a: &Assessment) -> String {
    serde_json::to_string(a).expect("an assessment serializes")
}

/// Orders an optional maximum with "no maximum" above every amount.
fn max_key(range: &FineRange) -> (bool, Decimal) {
    match range.max {
        Some(m) => (false, m.0),
        None => (true, Decimal::ZERO),
    }
}

fn range_text(range: &FineRange) -> String {
    let max = range
        .max
        .map_or_else(|| "∞".to_owned(), |m| m.0.to_string());
    format!("{}..{max}", range.min.0)
}

/// A fine range is no negative amount and runs upwards.
fn well_formed(what: &str, range: Option<&FineRange>) -> TestCaseResult {
    let Some(range) = range else { return Ok(()) };
    prop_assert!(
        range.min.0 >= Decimal::ZERO,
        "{what} {} is negative",
        range_text(range)
    );
    prop_assert!(
        range.max.is_none_or(|m| range.min.0 <= m.0),
        "{what} {} runs downwards",
        range_text(range)
    );
    Ok(())
}

/// The invariants every `Ok` assessment keeps.
fn invariants(a: &Assessment) -> TestCaseResult {
    well_formed("fine", a.fine.as_ref())?;
    well_formed("statutory fine", a.statutory_fine.as_ref())?;
    for alt in &a.alternatives {
        well_formed("alternative fine", alt.fine.as_ref())?;
    }
    if !matches!(a.outcome, Outcome::Mitigated | Outcome::NoPenalty)
        && let (Some(fine), Some(statutory)) = (&a.fine, &a.statutory_fine)
    {
        prop_assert!(
            fine.min.0 >= statutory.min.0,
            "{:?}: fine {} starts below the statutory {}",
            a.outcome,
            range_text(fine),
            range_text(statutory)
        );
        if let Some(smax) = statutory.max {
            prop_assert!(
                fine.max.is_some_and(|m| m.0 <= smax.0),
                "{:?}: fine {} ends above the statutory {}",
                a.outcome,
                range_text(fine),
                range_text(statutory)
            );
        }
    }
    for alt in &a.alternatives {
        if alt.outcome != Outcome::Mitigated {
            continue;
        }
        let fine = alt.fine.as_ref();
        prop_assert!(fine.is_some(), "a mitigated alternative without a fine");
        let fine = fine.expect("checked above");
        prop_assert!(
            fine.min.0 >= Decimal::ZERO,
            "mitigated fine {}",
            range_text(fine)
        );
        if let Some(statutory) = &a.statutory_fine {
            prop_assert!(
                fine.max.is_some_and(|m| m.0 <= statutory.min.0),
                "mitigated fine {} above the statutory minimum {}",
                range_text(fine),
                statutory.min.0
            );
        }
    }
    Ok(())
}

/// A fine to compare for aggravation: only where a fine is actually imposed.
fn imposed(a: &Assessment) -> Option<FineRange> {
    (a.outcome != Outcome::NoPenalty)
        .then_some(a.fine)
        .flatten()
}

fn not_lower(before: &Assessment, after: &Assessment, what: &str) -> TestCaseResult {
    let (Some(old), Some(new)) = (imposed(before), imposed(after)) else {
        return Ok(());
    };
    // Under 第二十九条 the provision with the higher fine applies: ranges are compared
    // by their maximum, then their minimum, so an aggravated act may move to a provision
    // whose range reaches higher but starts lower.
    let several = !before.also.is_empty() || !after.also.is_empty();
    let higher = (max_key(&new), new.min.0) >= (max_key(&old), old.min.0);
    prop_assert!(
        (several && higher) || (new.min.0 >= old.min.0 && max_key(&new) >= max_key(&old)),
        "{what} lowered the fine from {} ({:?}) to {} ({:?})",
        range_text(&old),
        before.outcome,
        range_text(&new),
        after.outcome
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Properties on the rulesets of `rulesets/`

#[test]
fn real_rulesets_load() {
    assert!(
        !real().is_empty(),
        "no ruleset of rulesets/ loads: the properties below would test nothing"
    );
    for l in real() {
        assert!(!l.raw.violations.is_empty(), "{}", l.file);
    }
}

/// A request on a loaded ruleset: its index, the violations named, facts, decision date.
type RealRequest = (usize, Vec<String>, BTreeMap<String, FactInput>, Date);

/// (ruleset, violations named, facts, decision date) on the loaded rulesets.
fn real_request(typed: bool) -> BoxedStrategy<RealRequest> {
    select(real_violations())
        .prop_flat_map(move |(i, j)| {
            let l = &real()[i];
            let id = l.raw.violations[j].id.to_string();
            let mut others: Vec<String> =
                l.raw.violations.iter().map(|v| v.id.to_string()).collect();
            others.push("no-such-violation".to_owned());
            let names = if typed {
                Just(vec![id]).boxed()
            } else {
                prop_oneof![
                    6 => Just(vec![id.clone()]),
                    2 => select(others).prop_map(move |o| vec![id.clone(), o]),
                    1 => Just(Vec::new()),
                ]
                .boxed()
            };
            (
                Just(i),
                names,
                facts(&specs(&l.raw, &l.raw.violations[j]), typed),
                decided_on(),
            )
        })
        .boxed()
}

#[test]
fn random_facts_on_real_rulesets_never_panic() {
    assert!(!real().is_empty());
    let strategy = real_request(false);
    check(
        CASES * 2,
        &strategy,
        |(i, violations, facts, decided_on)| {
            let request = Request {
                violations,
                facts,
                decided_on,
            };
            for result in [
                real()[i].ruleset.assess(&request),
                cailiang::assess(&versions_of(i), &request),
            ] {
                match result {
                    Ok(a) => prop_assert!(!json(&a).is_empty()),
                    Err(e) => prop_assert!(!e.problems().is_empty(), "an error without problems"),
                }
            }
            Ok(())
        },
    );
}

#[test]
fn real_rulesets_keep_their_invariants() {
    assert!(!real().is_empty());
    let ok = Cell::new(0u32);
    let strategy = real_request(true);
    check(CASES, &strategy, |(i, violations, facts, decided_on)| {
        let request = Request {
            violations,
            facts,
            decided_on,
        };
        let ruleset = &real()[i].ruleset;
        let Ok(first) = ruleset.assess(&request) else {
            return Ok(());
        };
        ok.set(ok.get() + 1);
        invariants(&first)?;
        let second = ruleset.assess(&request).expect("succeeds again");
        prop_assert_eq!(json(&first), json(&second), "assessing twice differs");
        let versions = versions_of(i);
        if versions.len() > 1
            && let Ok(chosen) = cailiang::assess(&versions, &request)
        {
            invariants(&chosen)?;
            let again = cailiang::assess(&versions, &request).expect("succeeds again");
            prop_assert_eq!(json(&chosen), json(&again), "assessing twice differs");
        }
        Ok(())
    });
    assert!(
        ok.get() >= CASES / 8,
        "only {} of {CASES} well-typed requests assessed: the invariants were barely tested",
        ok.get()
    );
}

/// The ruleset reduced to its violation `j`, as it is and with a `heavier` circumstance
/// that always holds; `None` where either does not validate.
fn with_heavier(raw: &RawRuleset<'static>, j: usize) -> Option<(Ruleset, Ruleset)> {
    let mut raw = raw.clone();
    raw.violations = vec![raw.violations.swap_remove(j)];
    let plain = Ruleset::from_raw(raw.clone()).ok()?;
    let v = &mut raw.violations[0];
    v.circumstances.push(RawCircumstance {
        id: "property-always-heavier".into(),
        text: "从重情节（属性测试）".into(),
        when: "true".into(),
        effect: Effect::Heavier,
        mandatory: true,
        coefficient: None,
        basis: v.punishes.clone(),
    });
    Some((plain, Ruleset::from_raw(raw).ok()?))
}

#[test]
fn a_heavier_circumstance_never_lowers_the_fine() {
    let pairs = real_violations();
    let built: RefCell<BTreeMap<usize, Option<(Ruleset, Ruleset)>>> = RefCell::default();
    let strategy = (0..pairs.len()).prop_flat_map(|k| {
        let (i, j) = real_violations()[k];
        let l = &real()[i];
        (
            Just(k),
            facts(&specs(&l.raw, &l.raw.violations[j]), true),
            decided_on(),
        )
    });
    check(CASES, &strategy, |(k, facts, decided_on)| {
        let (i, j) = pairs[k];
        let l = &real()[i];
        let mut built = built.borrow_mut();
        let Some((plain, heavier)) = built.entry(k).or_insert_with(|| with_heavier(&l.raw, j))
        else {
            return Ok(());
        };
        let request = Request {
            violations: vec![l.raw.violations[j].id.to_string()],
            facts,
            decided_on,
        };
        if let (Ok(before), Ok(after)) = (plain.assess(&request), heavier.assess(&request)) {
            not_lower(&before, &after, "a heavier circumstance")?;
        }
        Ok(())
    });
    assert!(
        built.borrow().values().any(Option::is_some),
        "adding a `heavier` circumstance with `when = \"true\"` makes no ruleset load"
    );
}

/// Boolean facts that alone make a `heavier` circumstance hold (`when = "fact"`).
fn aggravating_flags() -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, j) in real_violations() {
        let raw = &real()[i].raw;
        let v = &raw.violations[j];
        for c in raw.circumstances.iter().chain(&v.circumstances) {
            let name = c.when.trim();
            let boolean = raw
                .facts
                .iter()
                .chain(&v.facts)
                .any(|f| f.name == name && f.kind == FactKind::Boolean);
            if c.effect == Effect::Heavier && boolean {
                out.push((i, j, name.to_owned()));
            }
        }
    }
    out
}

#[test]
fn an_aggravating_fact_never_lowers_the_fine() {
    let flags = aggravating_flags();
    if flags.is_empty() {
        return;
    }
    let strategy = select(flags).prop_flat_map(|(i, j, flag)| {
        let l = &real()[i];
        (
            Just((i, j, flag)),
            facts(&specs(&l.raw, &l.raw.violations[j]), true),
            decided_on(),
        )
    });
    check(CASES, &strategy, |((i, j, flag), mut facts, decided_on)| {
        let l = &real()[i];
        let mut request = Request {
            violations: vec![l.raw.violations[j].id.to_string()],
            facts: BTreeMap::new(),
            decided_on,
        };
        facts.insert(flag.clone(), FactInput::Bool(false));
        request.facts.clone_from(&facts);
        let before = l.ruleset.assess(&request);
        facts.insert(flag.clone(), FactInput::Bool(true));
        request.facts = facts;
        let after = l.ruleset.assess(&request);
        if let (Ok(before), Ok(after)) = (before, after) {
            not_lower(&before, &after, &format!("`{flag} = true`"))?;
        }
        Ok(())
    });
}

/// A weights factor whose levels rise: lowest first, weights never falling, no extra
/// conditions. Raising its fact moves to the same or a later level.
#[derive(Debug, Clone)]
struct RisingFactor {
    ruleset: usize,
    violation: usize,
    fact: Spec,
    /// For a choice fact, its values in the order of the levels.
    order: Vec<String>,
    /// For a number fact, a span that covers every band bound.
    top: i64,
}

fn rising_factors() -> Vec<RisingFactor> {
    let mut out = Vec::new();
    for (i, j) in real_violations() {
        let raw = &real()[i].raw;
        let v = &raw.violations[j];
        let Some(RawModel::Weights(w)) = &v.model else {
            continue;
        };
        for f in &w.factors {
            let Some(name) = &f.fact else { continue };
            let Some(spec) = specs(raw, v).into_iter().find(|s| s.name == name.as_str()) else {
                continue;
            };
            let weights: Vec<Option<Decimal>> = f
                .levels
                .iter()
                .map(|l| l.weight.trim_end_matches('%').parse().ok())
                .collect();
            let rising = f.levels.iter().all(|l| l.when.is_none())
                && weights.iter().all(Option::is_some)
                && weights.windows(2).all(|w| w[0] <= w[1]);
            if !rising {
                continue;
            }
            let numeric = matches!(
                spec.kind,
                FactKind::Integer | FactKind::Decimal | FactKind::Money
            );
            let lower = |l: &RawLevel<'static>| -> Option<Decimal> {
                l.from.as_ref().or(l.equals.as_ref())?.parse().ok()
            };
            let bounds_rise = f.levels.iter().skip(1).all(|l| lower(l).is_some())
                && f.levels
                    .windows(2)
                    .all(|p| lower(&p[0]).is_none_or(|a| lower(&p[1]).is_some_and(|b| a <= b)));
            if numeric && bounds_rise {
                let top = f
                    .levels
                    .iter()
                    .flat_map(|l| [&l.from, &l.to, &l.equals])
                    .flatten()
                    .filter_map(|t| t.parse::<Decimal>().ok())
                    .max()
                    .unwrap_or(Decimal::TEN);
                let top = i64::try_from(top.trunc().mantissa()).unwrap_or(1000);
                out.push(RisingFactor {
                    ruleset: i,
                    violation: j,
                    fact: spec,
                    order: Vec::new(),
                    top: top.clamp(1, 1_000_000) * 2 + 2,
                });
            } else if matches!(spec.kind, FactKind::Choice)
                && f.levels.iter().all(|l| l.equals.is_some())
            {
                let order = f
                    .levels
                    .iter()
                    .filter_map(|l| l.equals.clone().map(Str::into_owned))
                    .collect();
                out.push(RisingFactor {
                    ruleset: i,
                    violation: j,
                    fact: spec,
                    order,
                    top: 0,
                });
            }
        }
    }
    out
}

/// Two values of a rising factor's fact, the second at least as high.
fn raised_pair(factor: &RisingFactor) -> BoxedStrategy<(FactInput, FactInput)> {
    if factor.order.is_empty() {
        let top = factor.top;
        let kind = factor.fact.kind;
        (0..=top, 0..=top, 0u32..100)
            .prop_map(move |(a, b, cents)| {
                let (lo, hi) = (a.min(b), a.max(b));
                match kind {
                    FactKind::Integer => (FactInput::Integer(lo), FactInput::Integer(hi)),
                    _ if cents % 2 == 0 => (
                        FactInput::Text(format!("{lo}.{cents:02}")),
                        FactInput::Text(format!("{hi}.{cents:02}")),
                    ),
                    _ => (
                        FactInput::Text(lo.to_string()),
                        FactInput::Text(hi.to_string()),
                    ),
                }
            })
            .boxed()
    } else {
        let order = factor.order.clone();
        let n = order.len();
        (0..n, 0..n)
            .prop_map(move |(a, b)| {
                (
                    FactInput::Text(order[a.min(b)].clone()),
                    FactInput::Text(order[a.max(b)].clone()),
                )
            })
            .boxed()
    }
}

#[test]
fn raising_a_weight_factor_never_lowers_the_fine() {
    let factors = rising_factors();
    if factors.is_empty() {
        return;
    }
    let compared = Cell::new(0u32);
    let strategy = select(factors).prop_flat_map(|f| {
        let l = &real()[f.ruleset];
        let pair = raised_pair(&f);
        (
            Just(f.clone()),
            facts(&specs(&l.raw, &l.raw.violations[f.violation]), true),
            pair,
            decided_on(),
        )
    });
    check(
        CASES,
        &strategy,
        |(f, mut facts, (low, high), decided_on)| {
            let l = &real()[f.ruleset];
            let mut request = Request {
                violations: vec![l.raw.violations[f.violation].id.to_string()],
                facts: BTreeMap::new(),
                decided_on,
            };
            facts.insert(f.fact.name.clone(), low);
            request.facts.clone_from(&facts);
            let before = l.ruleset.assess(&request);
            facts.insert(f.fact.name.clone(), high.clone());
            request.facts = facts;
            let after = l.ruleset.assess(&request);
            if let (Ok(before), Ok(after)) = (before, after) {
                compared.set(compared.get() + 1);
                not_lower(
                    &before,
                    &after,
                    &format!("raising `{}` to {high:?}", f.fact.name),
                )?;
            }
            Ok(())
        },
    );
    assert!(compared.get() > 0, "no pair of assessments was compared");
}

/// The 广东 worked example still assesses, so the properties above reach the weights model.
#[test]
fn the_worked_weights_example_assesses() {
    let Some(l) = real().iter().find(|l| {
        l.raw
            .violations
            .iter()
            .any(|v| v.id == "water-over-standard")
    }) else {
        return;
    };
    let facts: BTreeMap<String, FactInput> = [
        ("party", FactInput::Text("organization".into())),
        ("violation_date", FactInput::Text("2022-03-01".into())),
        ("pollutant_count", FactInput::Integer(2)),
        ("pollutant_class", FactInput::Text("b".into())),
        ("outlet_area", FactInput::Text("general".into())),
        ("daily_discharge", FactInput::Text("100".into())),
        ("exceedance", FactInput::Text("below_3x".into())),
        ("like_violations_2y", FactInput::Integer(1)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let request = Request {
        violations: vec!["water-over-standard".into()],
        facts,
        decided_on: Date::parse("2022-06-01").expect("a date"),
    };
    let a = l
        .ruleset
        .assess(&request)
        .expect("the worked example assesses");
    let fine = a.fine.expect("the worked example has a fine");
    assert_eq!(fine.amount.map(|m| m.0), Some(Decimal::from(170_000)));
}

// ---------------------------------------------------------------------------------------
// Random rulesets

/// The facts random rulesets may declare: name, type, choices.
const POOL: &[(&str, FactKind, &[&str])] = &[
    ("m1", FactKind::Money, &[]),
    ("m2", FactKind::Money, &[]),
    ("d1", FactKind::Decimal, &[]),
    ("n1", FactKind::Integer, &[]),
    ("b1", FactKind::Boolean, &[]),
    ("c1", FactKind::Choice, &["x", "y", "z"]),
    ("cs1", FactKind::Choices, &["x", "y"]),
    ("t1", FactKind::Date, &[]),
];

const LAW: &str = "测试法";
const LAW_VERSION: &str = "2020-01-01";

/// A no-penalty entry (不予处罚) when `when` holds.
fn no_penalty_entry((when, mandatory): (String, bool)) -> RawNoPenalty<'static> {
    RawNoPenalty {
        text: "不予处罚".into(),
        when: when.into(),
        mandatory,
        basis: citation(),
    }
}

/// A rule that the provisions allowing no penalty do not apply when `when` holds.
fn lenience(when: String) -> RawNoLenience<'static> {
    RawNoLenience {
        text: "不适用不予处罚".into(),
        when: when.into(),
        basis: citation(),
    }
}

fn citation() -> RawCitation<'static> {
    RawCitation {
        law: LAW.into(),
        version: LAW_VERSION.into(),
        article: "第一条".into(),
        paragraph: None,
        item: None,
        text: "测试条文".into(),
    }
}

const AMOUNTS: &[&str] = &[
    "0",
    "0.01",
    "1",
    "200",
    "3000",
    "50000",
    "100000",
    "1000000",
    "99999999999999999999.99",
    "79228162514264337593543950335",
    "-5",
    "1.005",
    "abc",
    "",
];

fn amount() -> BoxedStrategy<String> {
    prop_oneof![
        2 => select(AMOUNTS).prop_map(str::to_owned),
        3 => (0u64..2_000_000).prop_map(|n| n.to_string()),
        1 => (0u64..100_000, 0u8..100).prop_map(|(y, f)| format!("{y}.{f:02}")),
    ]
    .boxed()
}

fn multiple() -> BoxedStrategy<String> {
    prop_oneof![
        select(
            &[
                "0",
                "0.5",
                "1",
                "1.5",
                "3",
                "10",
                "20",
                "-1",
                "99999999999999999999",
                "x"
            ][..]
        )
        .prop_map(str::to_owned),
        (0u32..30).prop_map(|n| n.to_string()),
    ]
    .boxed()
}

fn share() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (0u32..=100).prop_map(|n| format!("{n}%")),
        1 => (0u32..100, 0u32..10).prop_map(|(n, f)| format!("{n}.{f}%")),
        1 => select(&["150%", "-10%", "7", "abc%", "99999999999999999999%", "100.00000001%"][..])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (0i64..300).prop_map(|n| n.to_string()),
        1 => (-100i64..100, 0u32..100).prop_map(|(n, f)| format!("{n}.{f:02}")),
        1 => select(&["79228162514264337593543950335", "x", "true", "2", "-0.5"][..])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

fn number_expr() -> BoxedStrategy<String> {
    select(
        &[
            "m1",
            "m2",
            "d1",
            "n1",
            "age",
            "m1 * m2",
            "d1 / n1",
            "m1 - m2",
            "-d1",
            "n1 + 1",
            "m1 * 79228162514264337593543950335",
            "d1 * d1 * d1 * d1",
            "(m1 + m2) / 0.001",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed()
}

fn condition() -> BoxedStrategy<String> {
    let cmp = select(&["==", "!=", "<", "<=", ">", ">=", "="][..]);
    let leaf = prop_oneof![
        select(
            &[
                "true",
                "false",
                "b1",
                "first_offence",
                "corrected_promptly",
                "known(m1)",
                "not known(d1)",
                "c1 in ['x', 'y']",
                "cs1 contains 'x'",
                "harm in ['none', 'minor']",
                "party == 'organization'",
                "mental_capacity != 'full'",
                "t1 < '2022-01-01'",
                "violation_date >= t1",
                "n1 in [1, 2, 3]",
                "mitigation contains 'coerced'",
                "b1 == first_offence",
            ][..]
        )
        .prop_map(str::to_owned),
        (number_expr(), cmp, number_text()).prop_map(|(a, op, k)| format!("{a} {op} {k}")),
        select(&["x", "y", "z", "w"][..]).prop_map(|c| format!("c1 == '{c}'")),
        ".{0,10}",
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

fn fine() -> BoxedStrategy<RawFine<'static>> {
    let leaf = prop_oneof![
        amount().prop_map(|a| RawFine::Fixed(a.into())),
        (option::of(amount()), option::of(amount())).prop_map(|(min, max)| RawFine::Range {
            min: min.map(Str::from),
            max: max.map(Str::from),
        }),
        (0u64..1_000_000, 0u64..1_000_000).prop_map(|(a, b)| RawFine::Range {
            min: Some(a.min(b).to_string().into()),
            max: Some(a.max(b).to_string().into()),
        }),
        (
            select(&["m1", "m2", "d1", "nope"][..]),
            option::of(multiple()),
            option::of(multiple())
        )
            .prop_map(|(of, min, max)| RawFine::Multiple {
                of: of.into(),
                min: min.map(Str::from),
                max: max.map(Str::from),
            }),
    ];
    leaf.prop_recursive(3, 8, 3, |inner| {
        prop_oneof![
            vec((option::of(condition()), inner.clone()), 0..3).prop_map(|cases| {
                RawFine::Cases(
                    cases
                        .into_iter()
                        .map(|(when, fine)| RawFineCase {
                            when: when.map(Str::from),
                            text: "情形".into(),
                            fine,
                        })
                        .collect(),
                )
            }),
            (inner.clone(), inner.clone(), option::of(condition())).prop_map(
                |(primary, fallback, fallback_when)| RawFine::Either {
                    primary: Box::new(primary),
                    fallback: Box::new(fallback),
                    fallback_when: fallback_when.map(Str::from),
                    fallback_text: "无法计算的".into(),
                }
            ),
            (
                select(&["n1", "m1", "nope"][..]),
                inner,
                option::of(Just("车次".to_owned()))
            )
                .prop_map(|(days, daily, unit)| RawFine::PerDay {
                    days: days.into(),
                    daily: Box::new(daily),
                    unit: unit.map(Str::from),
                }),
        ]
    })
    .boxed()
}

/// A fine inside a simple statutory fine (so that validation often passes), or any fine.
fn fine_within(statutory: Option<&RawFine<'static>>) -> BoxedStrategy<RawFine<'static>> {
    let parse = |t: &Option<Str<'static>>| t.as_ref().and_then(|t| t.parse::<u64>().ok());
    match statutory {
        Some(RawFine::Range { min, max }) => {
            let (Some(lo), Some(hi)) = (parse(min).or(Some(0)), parse(max)) else {
                return fine();
            };
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            let width = hi - lo;
            prop_oneof![
                3 => (0..=100u64, 0..=100u64).prop_map(move |(a, b)| {
                    let (a, b) = (a.min(b), a.max(b));
                    RawFine::Range {
                        min: Some((lo + width * a / 100).to_string().into()),
                        max: Some((lo + width * b / 100).to_string().into()),
                    }
                }),
                1 => (0..=100u64).prop_map(move |a| RawFine::Fixed((lo + width * a / 100).to_string().into())),
                1 => fine(),
            ]
            .boxed()
        }
        Some(RawFine::Multiple { of, min, max }) => {
            let of = of.clone();
            let (min, max) = (min.clone(), max.clone());
            prop_oneof![
                3 => Just(RawFine::Multiple { of, min, max }),
                1 => fine(),
            ]
            .boxed()
        }
        Some(other) => prop_oneof![3 => Just(other.clone()), 1 => fine()].boxed(),
        None => fine(),
    }
}

fn tier() -> BoxedStrategy<Tier> {
    select(
        &[
            Tier::Mitigated,
            Tier::Lighter,
            Tier::Ordinary,
            Tier::Heavier,
        ][..],
    )
    .boxed()
}

fn penalty() -> BoxedStrategy<RawPenalty<'static>> {
    let kinds = [
        PenaltyKind::Warning,
        PenaltyKind::Criticism,
        PenaltyKind::Fine,
        PenaltyKind::ConfiscateGains,
        PenaltyKind::SuspendLicence,
        PenaltyKind::RevokeLicence,
        PenaltyKind::SuspendBusiness,
        PenaltyKind::Close,
        PenaltyKind::Detention,
        PenaltyKind::Other,
    ];
    let modes = [PenaltyMode::Must, PenaltyMode::May, PenaltyMode::Either];
    (
        select(kinds.to_vec()),
        select(modes.to_vec()),
        option::weighted(0.3, condition()),
    )
        .prop_map(|(kind, mode, when)| RawPenalty {
            kind,
            mode,
            when: when.map(Str::from),
            text: Some("处罚".into()),
        })
        .boxed()
}

/// Three bands that meet (often valid), or three of anything.
fn bands() -> BoxedStrategy<RawBands<'static>> {
    prop_oneof![
        3 => vec(0u32..=100, 4).prop_map(|mut v| {
            v.sort_unstable();
            let s = |n: u32| Str::from(format!("{n}%"));
            RawBands {
                lighter: [s(v[0]), s(v[1])],
                ordinary: [s(v[1]), s(v[2])],
                heavier: [s(v[2]), s(v[3])],
            }
        }),
        1 => vec(0u64..2_000_000, 4).prop_map(|mut v| {
            v.sort_unstable();
            RawBands {
                lighter: [v[0].to_string().into(), v[1].to_string().into()],
                ordinary: [v[1].to_string().into(), v[2].to_string().into()],
                heavier: [v[2].to_string().into(), v[3].to_string().into()],
            }
        }),
        1 => vec(prop_oneof![share(), amount()], 6).prop_map(|v| RawBands {
            lighter: [v[0].clone().into(), v[1].clone().into()],
            ordinary: [v[2].clone().into(), v[3].clone().into()],
            heavier: [v[4].clone().into(), v[5].clone().into()],
        }),
    ]
    .boxed()
}

/// `from`, `to`, `equals` and `when` of a level or row.
type Bounds = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn matcher_fields() -> BoxedStrategy<Bounds> {
    (
        option::weighted(0.4, number_text()),
        option::weighted(0.4, number_text()),
        option::weighted(
            0.3,
            prop_oneof![
                number_text(),
                select(&["x", "y", "w", "true", "false"][..]).prop_map(str::to_owned)
            ],
        ),
        option::weighted(0.2, condition()),
    )
        .boxed()
}

fn factor_fact() -> BoxedStrategy<Option<String>> {
    option::weighted(
        0.8,
        select(
            &[
                "n1", "d1", "m1", "c1", "b1", "t1", "cs1", "nope", "age", "harm",
            ][..],
        )
        .prop_map(str::to_owned),
    )
    .boxed()
}

fn weights() -> BoxedStrategy<RawWeights<'static>> {
    let level =
        (share(), matcher_fields()).prop_map(|(weight, (from, to, equals, when))| RawLevel {
            text: "档次".into(),
            weight: weight.into(),
            from: from.map(Str::from),
            to: to.map(Str::from),
            equals: equals.map(Str::from),
            when: when.map(Str::from),
        });
    let factor = (factor_fact(), vec(level, 0..4)).prop_map(|(fact, levels)| RawFactor {
        name: "要素".into(),
        fact: fact.map(Str::from),
        levels,
    });
    (
        share(),
        option::weighted(0.3, amount()),
        option::weighted(0.3, share()),
        option::weighted(0.3, share()),
        vec(factor, 0..4),
    )
        .prop_map(|(start, base, cap, floor, factors)| RawWeights {
            start: start.into(),
            base: base.map(Str::from),
            cap: cap.map(Str::from),
            floor: floor.map(Str::from),
            factors,
        })
        .boxed()
}

fn rows(statutory: Option<&RawFine<'static>>) -> BoxedStrategy<Vec<RawRow<'static>>> {
    let row = (
        factor_fact(),
        matcher_fields(),
        option::of(tier()),
        fine_within(statutory),
        vec(penalty(), 0..2),
    )
        .prop_map(
            |(fact, (from, to, equals, when), tier, fine, penalties)| RawRow {
                text: "情形".into(),
                fact: fact.map(Str::from),
                from: from.map(Str::from),
                to: to.map(Str::from),
                equals: equals.map(Str::from),
                when: when.map(Str::from),
                tier,
                fine,
                penalties,
            },
        );
    vec(row, 0..4).boxed()
}

fn model(statutory: Option<&RawFine<'static>>) -> BoxedStrategy<RawModel<'static>> {
    let tiers = vec(
        (
            tier(),
            option::weighted(0.5, condition()),
            fine_within(statutory),
            vec(penalty(), 0..2),
        )
            .prop_map(|(tier, when, fine, penalties)| RawTier {
                tier,
                when: when.map(Str::from),
                text: "档次".into(),
                fine,
                penalties,
            }),
        0..4,
    );
    let base = match statutory {
        Some(RawFine::Range {
            min,
            max: Some(max),
        }) => {
            let lo = min.clone().map_or_else(|| "0".into(), Str::into_owned);
            prop_oneof![Just(lo), Just(max.to_string()), amount()].boxed()
        }
        _ => amount(),
    };
    prop_oneof![
        tiers.prop_map(RawModel::Tiers),
        bands().prop_map(RawModel::Bands),
        weights().prop_map(RawModel::Weights),
        rows(statutory).prop_map(RawModel::FactBands),
        rows(statutory).prop_map(RawModel::FixedBands),
        base.prop_map(|base| RawModel::Coefficients(RawCoefficients { base: base.into() })),
    ]
    .boxed()
}

fn circumstance() -> BoxedStrategy<RawCircumstance<'static>> {
    (
        select(&["c-a", "c-b", "c-c", "c-d"][..]),
        condition(),
        select(&[Effect::Lighter, Effect::Heavier, Effect::LighterOrMitigated][..]),
        any::<bool>(),
        option::weighted(
            0.5,
            select(
                &[
                    "0.5",
                    "-0.2",
                    "1",
                    "-1.5",
                    "-0.99",
                    "abc",
                    "79228162514264337593543950335",
                ][..],
            )
            .prop_map(str::to_owned),
        ),
    )
        .prop_map(
            |(id, when, effect, mandatory, coefficient)| RawCircumstance {
                id: id.into(),
                text: "情节".into(),
                when: when.into(),
                effect,
                mandatory,
                coefficient: coefficient.map(Str::from),
                basis: citation(),
            },
        )
        .boxed()
}

fn violation(
    index: usize,
    own_facts: Vec<RawFact<'static>>,
) -> BoxedStrategy<RawViolation<'static>> {
    option::weighted(0.9, fine())
        .prop_flat_map(move |statutory| {
            let model = option::weighted(0.8, model(statutory.as_ref()));
            let no_penalty = vec(
                (condition(), any::<bool>()).prop_map(|(when, mandatory)| RawNoPenalty {
                    text: "不予处罚".into(),
                    when: when.into(),
                    mandatory,
                    basis: citation(),
                }),
                0..2,
            );
            (
                Just(statutory),
                model,
                vec(penalty(), 0..3),
                vec(circumstance(), 0..3),
                no_penalty,
                0u8..20,
                option::weighted(0.3, condition()),
            )
        })
        .prop_map(
            move |(fine, model, mut penalties, circumstances, no_penalty, quirk, no_lenience)| {
                if fine.is_some() && quirk != 0 {
                    penalties.push(must_fine());
                }
                RawViolation {
                    id: if quirk == 1 {
                        "v0".into()
                    } else {
                        format!("v{index}").into()
                    },
                    penalties,
                    fine,
                    model,
                    no_penalty,
                    circumstances,
                    no_lenience: no_lenience.map(lenience),
                    ..bare_violation(index, own_facts.clone())
                }
            },
        )
        .boxed()
}

/// Violation `v{index}` with its facts, cited provisions and nothing else: the
/// strategies fill in the penalties, the fine and the model.
fn bare_violation(index: usize, facts: Vec<RawFact<'static>>) -> RawViolation<'static> {
    RawViolation {
        id: format!("v{index}").into(),
        name: format!("违法行为{index}").into(),
        name_en: None,
        category: None,
        keywords: Vec::new(),
        description: None,
        violates: vec![citation()],
        punishes: citation(),
        benchmark: Vec::new(),
        facts,
        penalties: Vec::new(),
        fine: None,
        model: None,
        no_penalty: Vec::new(),
        circumstances: Vec::new(),
        no_lenience: None,
        examples: Vec::new(),
    }
}

/// A fine that must be imposed, unconditionally.
fn must_fine() -> RawPenalty<'static> {
    RawPenalty {
        kind: PenaltyKind::Fine,
        mode: PenaltyMode::Must,
        when: None,
        text: None,
    }
}

fn declared_fact(name: &str, kind: FactKind, choices: &[&str]) -> BoxedStrategy<RawFact<'static>> {
    let name = name.to_owned();
    let choices: Vec<RawChoice<'static>> = choices
        .iter()
        .map(|c| RawChoice {
            value: (*c).to_owned().into(),
            label: (*c).to_owned().into(),
            label_en: None,
        })
        .collect();
    let limit = option::weighted(
        0.2,
        prop_oneof![number_text(), date_text(), Just("x".to_owned())],
    );
    (limit.clone(), limit)
        .prop_map(move |(min, max)| RawFact {
            name: name.clone().into(),
            kind,
            unit: None,
            label: name.clone().into(),
            label_en: None,
            help: None,
            help_en: None,
            min: min.map(Str::from),
            max: max.map(Str::from),
            choices: choices.clone(),
        })
        .boxed()
}

/// Where a pool fact is declared.
#[derive(Debug, Clone, Copy)]
enum Place {
    Ruleset,
    Violations,
    Nowhere,
}

/// Rounding conventions with units drawn from `units`, in every mode.
fn roundings(units: &'static [&'static str]) -> BoxedStrategy<Option<RawRounding<'static>>> {
    let modes = &[
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::Down,
        RoundingMode::Up,
    ][..];
    option::weighted(
        0.4,
        (select(units), select(modes)).prop_map(|(unit, mode)| RawRounding {
            unit: unit.into(),
            mode,
        }),
    )
    .boxed()
}

/// How circumstances offset each other, or the default.
fn offsets() -> BoxedStrategy<Option<Offset>> {
    let all = &[
        Offset::Net,
        Offset::HeavierPrevails,
        Offset::LighterPrevails,
    ][..];
    option::of(select(all)).boxed()
}

/// How unknown factors count, or the default.
fn unknown_factors() -> BoxedStrategy<Option<UnknownFactor>> {
    option::of(select(
        &[UnknownFactor::Required, UnknownFactor::Lowest][..],
    ))
    .boxed()
}

fn conventions() -> BoxedStrategy<RawConventions<'static>> {
    let rounding = roundings(&["0.01", "1", "100", "0", "-1", "0.001", "1000000000000", "x"]);
    let thresholds = option::weighted(
        0.3,
        (amount(), amount()).prop_map(|(individual, organization)| RawThresholds {
            individual: individual.into(),
            organization: organization.into(),
            basis: Some(citation()),
        }),
    );
    (
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        rounding,
        option::weighted(0.3, bands()),
        option::weighted(0.3, share()),
        offsets(),
        unknown_factors(),
        thresholds.clone(),
        thresholds,
    )
        .prop_map(
            |(above, below, rounding, bands, floor, offset, unknown, hearing, summary)| {
                RawConventions {
                    above_includes_bound: above,
                    below_includes_bound: below,
                    rounding,
                    bands,
                    mitigated_floor: floor.map(Str::from),
                    offset,
                    unknown_factor: unknown,
                    hearing,
                    summary,
                    basis: vec![citation()],
                }
            },
        )
        .boxed()
}

/// A ruleset with valid metadata and nothing else yet.
fn wild_meta(from: &str, until: Option<&str>) -> RawRuleset<'static> {
    RawRuleset {
        ruleset: RawMeta {
            id: "property".into(),
            title: "属性测试".into(),
            title_en: None,
            authority: "测试机关".into(),
            document_number: None,
            jurisdiction: RawJurisdiction {
                name: "全国".into(),
                code: "100000".into(),
            },
            version: "1".into(),
            effective_from: from.to_owned().into(),
            effective_until: until.map(|u| u.to_owned().into()),
            parent: None,
            sources: vec![RawSource {
                title: LAW.into(),
                version: LAW_VERSION.into(),
                kind: SourceKind::Law,
                file: None,
                url: None,
                note: None,
            }],
            description: None,
        },
        conventions: RawConventions::default(),
        facts: Vec::new(),
        circumstances: Vec::new(),
        no_penalty: Vec::new(),
        violations: Vec::new(),
    }
}

/// A random ruleset of anything: most fail validation, in every way they can.
fn wild_ruleset() -> BoxedStrategy<RawRuleset<'static>> {
    let places = vec(
        select(
            &[
                Place::Ruleset,
                Place::Ruleset,
                Place::Violations,
                Place::Nowhere,
            ][..],
        ),
        POOL.len(),
    );
    let declared: Vec<BoxedStrategy<RawFact<'static>>> = POOL
        .iter()
        .map(|(name, kind, choices)| declared_fact(name, *kind, choices))
        .collect();
    (places, declared, 1usize..4)
        .prop_flat_map(|(places, declared, count)| {
            let mut shared = Vec::new();
            let mut own = Vec::new();
            for (place, fact) in places.into_iter().zip(declared) {
                match place {
                    Place::Ruleset => shared.push(fact),
                    Place::Violations => own.push(fact),
                    Place::Nowhere => {}
                }
            }
            let violations: Vec<_> = (0..count).map(|i| violation(i, own.clone())).collect();
            (
                Just(shared),
                conventions(),
                vec(circumstance(), 0..2),
                violations,
                select(&["2020-01-01", "2022-06-01", "2023-13-01"][..]),
                option::weighted(0.2, select(&["2024-12-31", "2019-01-01"][..])),
                vec((condition(), any::<bool>()), 0..2),
            )
        })
        .prop_map(
            |(facts, conventions, circumstances, violations, from, until, no_penalty)| {
                let mut raw = wild_meta(from, until);
                raw.conventions = conventions;
                raw.facts = facts;
                raw.circumstances = circumstances;
                raw.no_penalty = no_penalty.into_iter().map(no_penalty_entry).collect();
                raw.violations = violations;
                raw
            },
        )
        .boxed()
}

// Random rulesets that mostly validate, so that assessment runs on them: every field
// valid on its own and consistent with the others, amounts still extreme.

/// Leaf conditions that compile in a violation's scope (every pool fact declared).
const SANE_LEAVES: &[&str] = &[
    "true",
    "false",
    "b1",
    "not b1",
    "first_offence",
    "corrected_promptly",
    "known(m1)",
    "not known(d1)",
    "c1 in ['x', 'y']",
    "c1 == 'z'",
    "cs1 contains 'x'",
    "harm in ['none', 'minor']",
    "party == 'organization'",
    "mental_capacity != 'full'",
    "t1 < '2022-01-01'",
    "violation_date >= t1",
    "n1 in [1, 2, 3]",
    "mitigation contains 'coerced'",
    "b1 == first_offence",
];

/// Leaf conditions over the general facts alone (a ruleset's own circumstances).
const GENERAL_LEAVES: &[&str] = &[
    "true",
    "false",
    "first_offence",
    "not corrected_promptly",
    "harm in ['none', 'minor']",
    "party == 'organization'",
    "age >= 16",
    "age * age > 200",
    "mitigation contains 'coerced'",
    "violation_date < '2022-01-01'",
    "known(discovered_date)",
];

fn sane_number() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (0i64..300).prop_map(|n| n.to_string()),
        1 => (-100i64..100, 0u32..100).prop_map(|(n, f)| format!("{n}.{f:02}")),
        1 => Just("79228162514264337593543950335".to_owned()),
    ]
    .boxed()
}

/// A condition that compiles: over the pool and general facts, or the general facts only.
fn sane_condition(pool: bool) -> BoxedStrategy<String> {
    let cmp = select(&["==", "!=", "<", "<=", ">", ">="][..]);
    let leaf = if pool {
        prop_oneof![
            3 => select(SANE_LEAVES).prop_map(str::to_owned),
            2 => (number_expr(), cmp, sane_number()).prop_map(|(a, op, k)| format!("{a} {op} {k}")),
        ]
        .boxed()
    } else {
        select(GENERAL_LEAVES).prop_map(str::to_owned).boxed()
    };
    leaf.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

fn dec(text: &str) -> Option<Decimal> {
    text.parse().ok()
}

fn text(amount: Decimal) -> String {
    amount.normalize().to_string()
}

fn sane_amount() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0u64..2_000_000).prop_map(|n| n.to_string()),
        1 => (0u64..100_000, 0u8..100).prop_map(|(y, f)| format!("{y}.{f:02}")),
        1 => select(&["0", "0.01", "99999999999999999999.99"][..]).prop_map(str::to_owned),
    ]
    .boxed()
}

fn sane_range() -> BoxedStrategy<RawFine<'static>> {
    (sane_amount(), sane_amount(), 0u8..10)
        .prop_map(|(a, b, shape)| {
            let (a, b) = if dec(&a) <= dec(&b) { (a, b) } else { (b, a) };
            match shape {
                0 => RawFine::Range {
                    min: None,
                    max: Some(b.into()),
                },
                1 => RawFine::Range {
                    min: Some(a.into()),
                    max: None,
                },
                _ => RawFine::Range {
                    min: Some(a.into()),
                    max: Some(b.into()),
                },
            }
        })
        .boxed()
}

/// A statutory fine of any shape that validates.
fn sane_statutory() -> BoxedStrategy<RawFine<'static>> {
    let multiples = (select(&["m1", "m2"][..]), 0u32..30, 0u32..30, any::<bool>()).prop_map(
        |(of, a, b, open)| RawFine::Multiple {
            of: of.into(),
            min: Some(a.min(b).to_string().into()),
            max: (!open).then(|| a.max(b).to_string().into()),
        },
    );
    let leaf = prop_oneof![
        6 => sane_range(),
        1 => sane_amount().prop_map(|a| RawFine::Fixed(a.into())),
        2 => multiples,
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (
                vec((sane_condition(true), inner.clone()), 0..2),
                inner.clone()
            )
                .prop_map(|(cases, last)| {
                    let case = |when, fine| RawFineCase {
                        when,
                        text: "情形".into(),
                        fine,
                    };
                    let mut out: Vec<RawFineCase<'static>> = cases
                        .into_iter()
                        .map(|(w, f)| case(Some(w.into()), f))
                        .collect();
                    out.push(case(None, last));
                    RawFine::Cases(out)
                }),
            (
                inner.clone(),
                inner.clone(),
                option::of(sane_condition(true))
            )
                .prop_map(|(primary, fallback, fallback_when)| RawFine::Either {
                    primary: Box::new(primary),
                    fallback: Box::new(fallback),
                    fallback_when: fallback_when.map(Str::from),
                    fallback_text: "无法计算的".into(),
                }),
            inner.prop_map(|daily| RawFine::PerDay {
                days: "n1".into(),
                daily: Box::new(daily),
                unit: None,
            }),
        ]
    })
    .boxed()
}

/// A fine that validation accepts inside `statutory`; a fixed amount when `fixed`.
fn sane_within(statutory: &RawFine<'static>, fixed: bool) -> BoxedStrategy<RawFine<'static>> {
    match statutory {
        RawFine::Range { min, max } => {
            let lo = min.as_deref().and_then(dec).unwrap_or(Decimal::ZERO);
            match max.as_deref().and_then(dec) {
                Some(hi) => (0..=100u32, 0..=100u32)
                    .prop_map(move |(a, b)| {
                        let at = |k: u32| {
                            let part = (hi - lo) * Decimal::from(k) / Decimal::ONE_HUNDRED;
                            text(
                                lo + part.round_dp_with_strategy(
                                    2,
                                    rust_decimal::RoundingStrategy::ToZero,
                                ),
                            )
                        };
                        if fixed {
                            RawFine::Fixed(at(a).into())
                        } else {
                            RawFine::Range {
                                min: Some(at(a.min(b)).into()),
                                max: Some(at(a.max(b)).into()),
                            }
                        }
                    })
                    .boxed(),
                None => (0u64..1_000_000, 0u64..1_000_000, any::<bool>())
                    .prop_map(move |(a, b, open)| {
                        let at = |k: u64| text(lo + Decimal::from(k));
                        if fixed {
                            RawFine::Fixed(at(a).into())
                        } else {
                            RawFine::Range {
                                min: Some(at(a.min(b)).into()),
                                max: (!open).then(|| at(a.max(b)).into()),
                            }
                        }
                    })
                    .boxed(),
            }
        }
        RawFine::Fixed(a) => Just(RawFine::Fixed(a.clone())).boxed(),
        RawFine::Multiple { of, min, max } if !fixed => {
            let (of, min, max) = (of.clone(), min.clone(), max.clone());
            (0u32..=100)
                .prop_map(move |k| {
                    let lo = min.as_deref().and_then(dec).unwrap_or(Decimal::ZERO);
                    let hi = max.as_deref().and_then(dec);
                    let mid = hi.map(|hi| lo + (hi - lo) * Decimal::from(k) / Decimal::ONE_HUNDRED);
                    RawFine::Multiple {
                        of: of.clone(),
                        min: Some(text(lo).into()),
                        max: mid.map(text).map(Str::from).or_else(|| max.clone()),
                    }
                })
                .boxed()
        }
        _ if fixed => sane_amount().prop_map(|a| RawFine::Fixed(a.into())).boxed(),
        other => prop_oneof![Just(other.clone()), sane_range()].boxed(),
    }
}

fn sane_penalty() -> BoxedStrategy<RawPenalty<'static>> {
    penalty()
        .prop_flat_map(|p| (Just(p), option::weighted(0.3, sane_condition(true))))
        .prop_map(|(p, when)| RawPenalty {
            when: when.map(Str::from),
            ..p
        })
        .boxed()
}

/// Three share bands that meet.
fn sane_bands() -> BoxedStrategy<RawBands<'static>> {
    vec(0u32..=100, 4)
        .prop_map(|mut v| {
            v.sort_unstable();
            let s = |n: u32| Str::from(format!("{n}%"));
            RawBands {
                lighter: [s(v[0]), s(v[1])],
                ordinary: [s(v[1]), s(v[2])],
                heavier: [s(v[2]), s(v[3])],
            }
        })
        .boxed()
}

/// What levels or rows match on: bands of a number fact that meet (`[a, b)` under the
/// conventions of sane rulesets), the choices of `c1`, `b1`, or conditions.
#[derive(Debug, Clone)]
enum Split {
    Bands(&'static str, Vec<u32>),
    Choices,
    Flag,
    Conditions(Vec<String>),
}

impl Split {
    /// The fact, and the `from`, `to`, `equals` and `when` of each part.
    fn parts(&self) -> (Option<String>, Vec<Bounds>) {
        match self {
            Split::Bands(fact, points) => {
                let mut points = points.clone();
                points.sort_unstable();
                points.dedup();
                let n = points.len();
                let parts = (0..=n)
                    .map(|k| {
                        let from = (k > 0).then(|| points[k - 1].to_string());
                        let to = (k < n).then(|| points[k].to_string());
                        (from, to, None, None)
                    })
                    .collect();
                (Some((*fact).to_owned()), parts)
            }
            Split::Choices => (
                Some("c1".into()),
                ["x", "y", "z"]
                    .iter()
                    .map(|c| (None, None, Some((*c).to_owned()), None))
                    .collect(),
            ),
            Split::Flag => (
                Some("b1".into()),
                ["false", "true"]
                    .iter()
                    .map(|c| (None, None, Some((*c).to_owned()), None))
                    .collect(),
            ),
            Split::Conditions(conditions) => (
                None,
                conditions
                    .iter()
                    .map(|c| (None, None, None, Some(c.clone())))
                    .chain([(None, None, None, None)])
                    .collect(),
            ),
        }
    }
}

fn split() -> BoxedStrategy<Split> {
    prop_oneof![
        3 => (select(&["n1", "d1", "m1"][..]), vec(0u32..300, 0..3))
            .prop_map(|(fact, points)| Split::Bands(fact, points)),
        1 => Just(Split::Choices),
        1 => Just(Split::Flag),
        1 => vec(sane_condition(true), 1..3).prop_map(Split::Conditions),
    ]
    .boxed()
}

fn sane_weights(statutory: &RawFine<'static>) -> BoxedStrategy<RawWeights<'static>> {
    let needs_base = !matches!(
        statutory,
        RawFine::Range { max: Some(_), .. } | RawFine::Fixed(_)
    );
    let factor = (split(), vec(0u32..=30, 4)).prop_map(|(split, weights)| {
        let (fact, parts) = split.parts();
        RawFactor {
            name: "要素".into(),
            fact: fact.map(Str::from),
            levels: parts
                .into_iter()
                .zip(weights.into_iter().cycle())
                .map(|((from, to, equals, when), w)| RawLevel {
                    text: "档次".into(),
                    weight: format!("{w}%").into(),
                    from: from.map(Str::from),
                    to: to.map(Str::from),
                    equals: equals.map(Str::from),
                    when: when.map(Str::from),
                })
                .collect(),
        }
    });
    (
        0u32..=100,
        if needs_base {
            sane_amount().prop_map(Some).boxed()
        } else {
            option::weighted(0.3, sane_amount()).boxed()
        },
        option::of((0u32..=100, 0u32..=100)),
        any::<bool>(),
        vec(factor, 0..4),
    )
        .prop_map(|(start, base, limits, floor, factors)| {
            let (cap, floor) = match limits {
                Some((a, b)) => (
                    Some(format!("{}%", a.max(b))),
                    floor.then(|| format!("{}%", a.min(b))),
                ),
                None => (None, None),
            };
            RawWeights {
                start: format!("{start}%").into(),
                base: base.map(Str::from),
                cap: cap.map(Str::from),
                floor: floor.map(Str::from),
                factors,
            }
        })
        .boxed()
}

fn sane_rows(statutory: &RawFine<'static>, fixed: bool) -> BoxedStrategy<Vec<RawRow<'static>>> {
    let payload = (
        option::of(tier()),
        sane_within(statutory, fixed),
        vec(sane_penalty(), 0..2),
    );
    (split(), vec(payload, 4))
        .prop_map(|(split, payloads)| {
            let (fact, parts) = split.parts();
            parts
                .into_iter()
                .zip(payloads.into_iter().cycle())
                .map(
                    |((from, to, equals, when), (tier, fine, penalties))| RawRow {
                        text: "情形".into(),
                        fact: fact.clone().map(Str::from),
                        from: from.map(Str::from),
                        to: to.map(Str::from),
                        equals: equals.map(Str::from),
                        when: when.map(Str::from),
                        tier,
                        fine,
                        penalties,
                    },
                )
                .collect()
        })
        .boxed()
}

/// A tier's fine where its shape states the amounts without the facts: the money fact
/// of a multiple (none for yuan), the minimum, the maximum (none: no maximum).
type TierBounds = (Option<Str<'static>>, Decimal, Option<Decimal>);

/// Makes the tiers that the circumstances choose (从轻, 一般, 从重, without `when`) rise
/// with their labels: the n-th lowest minimum and the n-th lowest maximum go to the n-th
/// label. 从轻 and 从重 mean a lighter and a heavier penalty than would otherwise be given
/// within the statutory range, and a benchmark's 从轻/一般/从重 tiers run upwards in that
/// order (国办发〔2022〕27号). A random 从重 tier below the 一般 one (or 从轻 above it)
/// describes no benchmark; the engine applies a ruleset as written, so with it a heavier
/// circumstance lowers the fine by the ruleset's own choice, which the invariant below
/// cannot allow for. Shapes whose amounts depend on the facts (cases, either, per day)
/// become one shape for every such tier.
fn rising(tiers: &mut [RawTier<'static>]) {
    let rank = |t: Tier| match t {
        Tier::Lighter => 0,
        Tier::Ordinary => 1,
        Tier::Heavier => 2,
        Tier::Mitigated => 3,
    };
    let mut chosen: Vec<usize> = (0..tiers.len())
        .filter(|&i| tiers[i].when.is_none() && tiers[i].tier != Tier::Mitigated)
        .collect();
    chosen.sort_by_key(|&i| rank(tiers[i].tier));
    let Some(&first) = chosen.first() else {
        return;
    };
    // (multiple of, minimum, maximum) of each fine, where the shape states them.
    let bounds: Option<Vec<TierBounds>> = chosen
        .iter()
        .map(|&i| {
            let (of, min, max) = match &tiers[i].fine {
                RawFine::Fixed(a) => (None, Some(a), Some(a)),
                RawFine::Range { min, max } => (None, min.as_ref(), max.as_ref()),
                RawFine::Multiple { of, min, max } => {
                    (Some(of.clone()), min.as_ref(), max.as_ref())
                }
                _ => return None,
            };
            let min = min.map_or(Some(Decimal::ZERO), |m| dec(m))?;
            let max = match max {
                Some(m) => Some(dec(m)?),
                None => None,
            };
            Some((of, min, max))
        })
        .collect();
    match bounds {
        Some(b) if b.iter().all(|(of, _, _)| *of == b[0].0) => {
            let of = b[0].0.clone();
            let mut mins: Vec<Decimal> = b.iter().map(|x| x.1).collect();
            let mut maxes: Vec<Option<Decimal>> = b.iter().map(|x| x.2).collect();
            mins.sort_unstable();
            // No maximum is the highest.
            maxes.sort_unstable_by_key(|m| (m.is_none(), *m));
            for ((&i, min), max) in chosen.iter().zip(mins).zip(maxes) {
                let (min, max) = (Some(Str::from(text(min))), max.map(|m| Str::from(text(m))));
                tiers[i].fine = match &of {
                    Some(of) => RawFine::Multiple {
                        of: of.clone(),
                        min,
                        max,
                    },
                    None => RawFine::Range { min, max },
                };
            }
        }
        _ => {
            let fine = tiers[first].fine.clone();
            for &i in &chosen {
                tiers[i].fine = fine.clone();
            }
        }
    }
}

fn sane_model(statutory: &RawFine<'static>) -> BoxedStrategy<RawModel<'static>> {
    let tiers = vec(
        (
            tier(),
            option::weighted(0.5, sane_condition(true)),
            sane_within(statutory, false),
            vec(sane_penalty(), 0..2),
        ),
        1..4,
    )
    .prop_map(|tiers| {
        let mut out: Vec<RawTier<'static>> = Vec::new();
        for (tier, when, fine, penalties) in tiers {
            let twin = out.iter().any(|t| t.when.is_none() && t.tier == tier);
            if when.is_some() || !twin {
                out.push(RawTier {
                    tier,
                    when: when.map(Str::from),
                    text: "档次".into(),
                    fine,
                    penalties,
                });
            }
        }
        rising(&mut out);
        RawModel::Tiers(out)
    });
    let shares = matches!(
        statutory,
        RawFine::Range { max: Some(_), .. }
            | RawFine::Multiple { max: Some(_), .. }
            | RawFine::Cases(_)
            | RawFine::Either { .. }
            | RawFine::PerDay { .. }
    );
    let base = sane_within(statutory, true).prop_map(|f| match f {
        RawFine::Fixed(a) => a,
        _ => "0".into(),
    });
    let mut models = vec![
        (2, tiers.boxed()),
        (
            2,
            sane_weights(statutory).prop_map(RawModel::Weights).boxed(),
        ),
        (
            2,
            sane_rows(statutory, false)
                .prop_map(RawModel::FactBands)
                .boxed(),
        ),
        (
            1,
            sane_rows(statutory, true)
                .prop_map(RawModel::FixedBands)
                .boxed(),
        ),
        (
            1,
            base.prop_map(|base| RawModel::Coefficients(RawCoefficients { base }))
                .boxed(),
        ),
    ];
    if shares {
        models.push((2, sane_bands().prop_map(RawModel::Bands).boxed()));
    }
    proptest::strategy::Union::new_weighted(models).boxed()
}

fn sane_circumstances(
    pool: bool,
    prefix: &'static str,
    count: std::ops::Range<usize>,
) -> BoxedStrategy<Vec<RawCircumstance<'static>>> {
    let one = (
        sane_condition(pool),
        select(&[Effect::Lighter, Effect::Heavier, Effect::LighterOrMitigated][..]),
        any::<bool>(),
        select(&["0.5", "-0.2", "1", "-1.5", "-0.99", "0", "2.25"][..]),
    );
    vec(one, count)
        .prop_map(move |all| {
            all.into_iter()
                .enumerate()
                .map(|(i, (when, effect, mandatory, k))| RawCircumstance {
                    id: format!("{prefix}-{i}").into(),
                    text: "情节".into(),
                    when: when.into(),
                    effect,
                    mandatory,
                    coefficient: Some(k.into()),
                    basis: citation(),
                })
                .collect()
        })
        .boxed()
}

fn sane_violation(
    index: usize,
    own_facts: Vec<RawFact<'static>>,
) -> BoxedStrategy<RawViolation<'static>> {
    sane_statutory()
        .prop_flat_map(|statutory| {
            let no_penalty = vec(
                (sane_condition(true), any::<bool>()).prop_map(|(when, mandatory)| RawNoPenalty {
                    text: "不予处罚".into(),
                    when: when.into(),
                    mandatory,
                    basis: citation(),
                }),
                0..2,
            );
            (
                option::weighted(0.9, sane_model(&statutory)),
                Just(statutory),
                vec(sane_penalty(), 0..3),
                sane_circumstances(true, "v", 1..3),
                no_penalty,
                option::weighted(0.3, sane_condition(true)),
            )
        })
        .prop_map(
            move |(model, fine, mut penalties, circumstances, no_penalty, no_lenience)| {
                penalties.push(must_fine());
                RawViolation {
                    penalties,
                    fine: Some(fine),
                    model,
                    no_penalty,
                    circumstances,
                    no_lenience: no_lenience.map(lenience),
                    ..bare_violation(index, own_facts.clone())
                }
            },
        )
        .boxed()
}

fn sane_fact(name: &str, kind: FactKind, choices: &[&str]) -> BoxedStrategy<RawFact<'static>> {
    let limits = match kind {
        FactKind::Money | FactKind::Decimal | FactKind::Integer => {
            option::weighted(0.2, (Just("0".to_owned()), Just("1000000".to_owned()))).boxed()
        }
        FactKind::Date => option::weighted(
            0.2,
            (Just("2015-01-01".to_owned()), Just("2030-12-31".to_owned())),
        )
        .boxed(),
        _ => Just(None).boxed(),
    };
    let name = name.to_owned();
    let choices: Vec<RawChoice<'static>> = choices
        .iter()
        .map(|c| RawChoice {
            value: (*c).to_owned().into(),
            label: (*c).to_owned().into(),
            label_en: None,
        })
        .collect();
    limits
        .prop_map(move |limits| RawFact {
            name: name.clone().into(),
            kind,
            unit: None,
            label: name.clone().into(),
            label_en: None,
            help: None,
            help_en: None,
            min: limits.as_ref().map(|l| l.0.clone().into()),
            max: limits.map(|l| l.1.into()),
            choices: choices.clone(),
        })
        .boxed()
}

fn sane_conventions() -> BoxedStrategy<RawConventions<'static>> {
    let rounding = roundings(&["0.01", "1", "100", "10000"]);
    let thresholds = option::weighted(
        0.3,
        (sane_amount(), sane_amount()).prop_map(|(individual, organization)| RawThresholds {
            individual: individual.into(),
            organization: organization.into(),
            basis: Some(citation()),
        }),
    );
    (
        option::of(Just(true)),
        rounding,
        option::weighted(0.3, sane_bands()),
        option::weighted(0.3, (0u32..=100).prop_map(|n| format!("{n}%"))),
        offsets(),
        unknown_factors(),
        thresholds.clone(),
        thresholds,
    )
        .prop_map(
            |(above, rounding, bands, floor, offset, unknown, hearing, summary)| RawConventions {
                above_includes_bound: above,
                below_includes_bound: Some(false),
                rounding,
                bands,
                mitigated_floor: floor.map(Str::from),
                offset,
                unknown_factor: unknown,
                hearing,
                summary,
                basis: vec![citation()],
            },
        )
        .boxed()
}

/// A random ruleset that is valid but for what the generators cannot see (a fine shape
/// the validator rejects for a reason not modelled here).
fn sane_ruleset() -> BoxedStrategy<RawRuleset<'static>> {
    let places = vec(select(&[Place::Ruleset, Place::Violations][..]), POOL.len());
    let declared: Vec<BoxedStrategy<RawFact<'static>>> = POOL
        .iter()
        .map(|(name, kind, choices)| sane_fact(name, *kind, choices))
        .collect();
    (places, declared, 1usize..4)
        .prop_flat_map(|(places, declared, count)| {
            let mut shared = Vec::new();
            let mut own = Vec::new();
            for (place, fact) in places.into_iter().zip(declared) {
                match place {
                    Place::Violations => own.push(fact),
                    _ => shared.push(fact),
                }
            }
            let violations: Vec<_> = (0..count).map(|i| sane_violation(i, own.clone())).collect();
            (
                Just(shared),
                sane_conventions(),
                sane_circumstances(false, "r", 0..2),
                violations,
                select(&["2020-01-01", "2022-06-01"][..]),
                option::weighted(0.2, Just("2024-12-31")),
                vec((sane_condition(false), any::<bool>()), 0..2),
            )
        })
        .prop_map(
            |(facts, conventions, circumstances, violations, from, until, no_penalty)| {
                let mut raw = wild_meta(from, until);
                raw.conventions = conventions;
                raw.facts = facts;
                raw.circumstances = circumstances;
                raw.no_penalty = no_penalty.into_iter().map(no_penalty_entry).collect();
                raw.violations = violations;
                raw
            },
        )
        .boxed()
}

/// Specs of every fact a random ruleset may declare, and of the general facts.
fn pool_specs() -> Vec<Spec> {
    GENERAL
        .iter()
        .chain(POOL)
        .map(|(name, kind, choices)| Spec {
            name: (*name).to_owned(),
            kind: *kind,
            choices: choices.iter().map(|c| (*c).to_owned()).collect(),
        })
        .collect()
}

/// A later version of a ruleset: it starts in 2023 and drops its last violation.
fn later_version(raw: &RawRuleset<'static>) -> RawRuleset<'static> {
    let mut next = raw.clone();
    next.ruleset.version = "2".into();
    next.ruleset.effective_from = "2023-01-01".into();
    next.ruleset.effective_until = None;
    if next.violations.len() > 1 {
        next.violations.pop();
    }
    next
}

#[test]
fn random_rulesets_never_panic() {
    let loaded = Cell::new(0u32);
    let strategy = (
        prop_oneof![1 => wild_ruleset(), 3 => sane_ruleset()],
        vec(select(&["v0", "v1", "v2", "nope"][..]), 0..3),
        prop_oneof![facts(&pool_specs(), true), facts(&pool_specs(), false)],
        decided_on(),
    );
    check(CASES * 2, &strategy, |(raw, names, facts, decided_on)| {
        let next = later_version(&raw);
        let Ok(ruleset) = Ruleset::from_raw(raw) else {
            return Ok(());
        };
        loaded.set(loaded.get() + 1);
        let request = Request {
            violations: names.into_iter().map(str::to_owned).collect(),
            facts,
            decided_on,
        };
        match ruleset.assess(&request) {
            Ok(a) => prop_assert!(!json(&a).is_empty()),
            Err(e) => prop_assert!(!e.problems().is_empty()),
        }
        if let Ok(next) = Ruleset::from_raw(next) {
            match cailiang::assess(&[&ruleset, &next], &request) {
                Ok(a) => prop_assert!(!json(&a).is_empty()),
                Err(e) => prop_assert!(!e.problems().is_empty()),
            }
        }
        Ok(())
    });
    assert!(
        loaded.get() >= CASES / 10,
        "only {} of {} random rulesets validated: assessment was barely reached",
        loaded.get(),
        CASES * 2
    );
}

/// The invariants of the rulesets of `rulesets/`, on random valid rulesets: 减轻 tiers
/// stay below the minimum and are not lifted by statutory grounds, day counts are not
/// negative, and multiples round both bounds alike.
#[test]
fn random_rulesets_keep_the_invariants() {
    let strategy = (
        sane_ruleset(),
        vec(select(&["v0", "v0", "v1"][..]), 1..3),
        facts(&pool_specs(), true),
        decided_on(),
    );
    check(CASES * 4, &strategy, |(raw, names, facts, decided_on)| {
        let Ok(ruleset) = Ruleset::from_raw(raw.clone()) else {
            return Ok(());
        };
        let request = Request {
            violations: names.into_iter().map(str::to_owned).collect(),
            facts,
            decided_on,
        };
        let Ok(first) = ruleset.assess(&request) else {
            return Ok(());
        };
        invariants(&first)?;
        let second = ruleset.assess(&request).expect("succeeds again");
        prop_assert_eq!(json(&first), json(&second), "assessing twice differs");
        let mut heavier = raw.clone();
        for v in &mut heavier.violations {
            v.circumstances.push(RawCircumstance {
                id: "property-always-heavier".into(),
                text: "从重情节（属性测试）".into(),
                when: "true".into(),
                effect: Effect::Heavier,
                mandatory: true,
                coefficient: Some("0".into()),
                basis: citation(),
            });
        }
        if let Ok(ruleset) = Ruleset::from_raw(heavier) {
            if let Ok(after) = ruleset.assess(&request) {
                not_lower(&first, &after, "a heavier circumstance")?;
            }
        }
        Ok(())
    });
}
