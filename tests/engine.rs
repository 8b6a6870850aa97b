//! The engine on a small fixture: the general part of 行政处罚法 around a bands model.

use std::collections::BTreeMap;
use std::sync::Mutex;

use cailiang::assessment::{Applies, PenaltyStatus, Reason};
use cailiang::date::Date;
use cailiang::raw::{FactInput, Outcome, PenaltyKind};
use cailiang::{Assessment, Code, Error, Request, Ruleset};

/// A ruleset loaded once; assessments borrow from it.
fn load(path: &str) -> &'static Ruleset {
    static LOADED: Mutex<BTreeMap<String, &'static Ruleset>> = Mutex::new(BTreeMap::new());
    let mut loaded = LOADED.lock().unwrap();
    loaded.entry(path.to_owned()).or_insert_with(|| {
        let text = std::fs::read_to_string(path).unwrap();
        Box::leak(Box::new(Ruleset::from_toml(&text).unwrap()))
    })
}

fn fixture() -> &'static Ruleset {
    load("tests/fixtures/fire.toml")
}

fn text(s: &str) -> FactInput {
    FactInput::Text(s.to_owned())
}

fn facts(pairs: &[(&str, FactInput)]) -> BTreeMap<String, FactInput> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn run(violations: &[&str], pairs: &[(&str, FactInput)]) -> Result<Assessment<'static>, Error> {
    let request = Request {
        violations: violations.iter().map(|v| (*v).to_owned()).collect(),
        facts: facts(pairs),
        decided_on: Date::parse("2024-06-01").unwrap(),
    };
    fixture().assess(&request)
}

fn fine(a: &Assessment) -> (String, Option<String>) {
    let f = a.fine.expect("a fine");
    (f.min.0.to_string(), f.max.map(|m| m.0.to_string()))
}

fn amounts(min: &str, max: &str) -> (String, Option<String>) {
    (min.to_owned(), Some(max.to_owned()))
}

fn cites(a: &Assessment, article: &str) -> bool {
    a.basis.iter().any(|b| &*b.citation.article == article)
}

#[test]
fn bands_follow_the_circumstances() {
    // 5000 + 30 % × 45000 = 18500; 5000 + 70 % × 45000 = 36500.
    let ordinary = run(&["fire-exit"], &[("party", text("organization"))]).unwrap();
    assert_eq!(
        (ordinary.outcome, ordinary.mandatory),
        (Outcome::Ordinary, true)
    );
    assert_eq!(fine(&ordinary), amounts("18500", "36500"));
    let heavier = run(
        &["fire-exit"],
        &[
            ("party", text("organization")),
            ("refused_correction", FactInput::Bool(true)),
        ],
    )
    .unwrap();
    assert_eq!(heavier.outcome, Outcome::Heavier);
    assert_eq!(fine(&heavier), amounts("36500", "50000"));
}

#[test]
fn the_shape_is_chosen_by_the_party() {
    // 个人: 五百元以下, bands of 0–500: 150 to 350; 当场处罚 up to 200 元.
    let a = run(&["fire-exit"], &[("party", text("individual"))]).unwrap();
    assert_eq!(fine(&a), amounts("150", "350"));
    let kinds: Vec<PenaltyKind> = a.penalties.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PenaltyKind::Warning, PenaltyKind::Fine]);
    assert_eq!(a.procedure.summary_procedure.applies, Applies::IfFineAtMost);
    assert_eq!(
        a.procedure
            .summary_procedure
            .threshold
            .map(|t| t.0.to_string())
            .as_deref(),
        Some("200")
    );
}

#[test]
fn a_thirteen_year_old_is_not_penalised_and_nothing_else_is_asked() {
    let a = run(&["fire-exit"], &[("age", FactInput::Integer(13))]).unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::NoPenalty, true));
    assert!(a.fine.is_none() && a.penalties.is_empty());
    assert!(cites(&a, "第三十条"));
}

#[test]
fn statutory_mitigation_gives_lighter_and_mitigated() {
    // 从轻: 5000 up to the lighter band's top, 5000 + 30 % × 45000 = 18500.
    // 减轻: below 5000, not below the 50 % floor, 2500.
    let a = run(
        &["fire-exit"],
        &[
            ("party", text("organization")),
            ("mitigation", FactInput::List(vec!["confessed".into()])),
        ],
    )
    .unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::Lighter, true));
    assert_eq!(fine(&a), amounts("5000", "18500"));
    let mitigated = &a.alternatives[0];
    assert_eq!(mitigated.outcome, Outcome::Mitigated);
    let f = mitigated.fine.unwrap();
    assert_eq!(
        (f.min.0.to_string(), f.max.unwrap().0.to_string()),
        ("2500".into(), "5000".into())
    );
    assert!(cites(&a, "第三十二条"));
}

#[test]
fn limited_capacity_is_discretionary() {
    let a = run(
        &["fire-exit"],
        &[
            ("party", text("individual")),
            ("mental_capacity", text("limited")),
        ],
    )
    .unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::Lighter, false));
}

#[test]
fn two_years_limit_unless_life_or_health_is_harmed() {
    let late = [
        ("party", text("organization")),
        ("violation_date", text("2020-01-01")),
        ("discovered_date", text("2022-01-02")),
    ];
    let a = run(&["fire-exit"], &late).unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::NoPenalty, true));
    assert!(cites(&a, "第三十六条"));

    let on_the_day = [
        late[0].clone(),
        late[1].clone(),
        ("discovered_date", text("2022-01-01")),
    ];
    assert_eq!(
        run(&["fire-exit"], &on_the_day).unwrap().outcome,
        Outcome::Ordinary
    );

    let mut grave = late.to_vec();
    grave.push(("endangers_life_health_or_finance", FactInput::Bool(true)));
    grave.push(("harm", text("some")));
    assert_eq!(
        run(&["fire-exit"], &grave).unwrap().outcome,
        Outcome::Ordinary
    );

    let mut continuing = late.to_vec();
    continuing.push(("violation_end_date", text("2021-06-01")));
    assert_eq!(
        run(&["fire-exit"], &continuing).unwrap().outcome,
        Outcome::Ordinary
    );
}

#[test]
fn first_offence_may_go_unpunished_and_shows_the_fine_otherwise() {
    let a = run(
        &["fire-exit"],
        &[
            ("party", text("organization")),
            ("first_offence", FactInput::Bool(true)),
            ("harm", text("minor")),
            ("corrected_promptly", FactInput::Bool(true)),
        ],
    )
    .unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::NoPenalty, false));
    let otherwise = &a.alternatives[0];
    assert_eq!(otherwise.outcome, Outcome::Ordinary);
    assert_eq!(
        otherwise.fine.map(|f| f.min.0.to_string()).as_deref(),
        Some("18500")
    );
}

#[test]
fn minor_corrected_harmless_is_not_penalised() {
    let a = run(
        &["fire-exit"],
        &[
            ("minor_violation", FactInput::Bool(true)),
            ("harm", text("none")),
            ("corrected_promptly", FactInput::Bool(true)),
        ],
    )
    .unwrap();
    assert_eq!((a.outcome, a.mandatory), (Outcome::NoPenalty, true));
}

#[test]
fn a_needed_fact_is_asked_for_by_name() {
    let error = run(&["fire-exit"], &[]).unwrap_err();
    let problems = error.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].code, problems[0].path.as_str()),
        (Code::MissingFact, "facts.party")
    );
    assert_eq!(problems[0].message_zh, "请填写：当事人类型");
}

#[test]
fn one_act_under_two_provisions_takes_the_higher_fine() {
    let a = run(
        &["fire-exit", "unlicensed-venue"],
        &[("party", text("organization"))],
    )
    .unwrap();
    assert_eq!(a.violation.id, "unlicensed-venue");
    assert_eq!(fine(&a), amounts("30000", "300000"));
    assert_eq!(a.also.len(), 1);
    assert!(cites(&a, "第二十九条"));
}

#[test]
fn heavy_kinds_bring_a_hearing_and_legal_review() {
    let a = run(&["unlicensed-venue"], &[("party", text("organization"))]).unwrap();
    assert_eq!(a.procedure.hearing.applies, Applies::Yes);
    assert_eq!(a.procedure.legal_review.applies, Applies::Conditional);
    assert_eq!(a.procedure.summary_procedure.applies, Applies::No);
}

#[test]
fn a_penalty_on_an_unknown_condition_is_conditional() {
    let a = run(&["smoking"], &[("party", text("individual"))]).unwrap();
    let detention = a
        .penalties
        .iter()
        .find(|p| p.kind == PenaltyKind::Detention)
        .unwrap();
    assert_eq!(detention.status, PenaltyStatus::Conditional);
    let serious = run(
        &["smoking"],
        &[
            ("party", text("individual")),
            ("serious", FactInput::Bool(true)),
        ],
    )
    .unwrap();
    let detention = serious
        .penalties
        .iter()
        .find(|p| p.kind == PenaltyKind::Detention)
        .unwrap();
    assert_eq!(detention.status, PenaltyStatus::Applies);
    let not = run(
        &["smoking"],
        &[
            ("party", text("individual")),
            ("serious", FactInput::Bool(false)),
        ],
    )
    .unwrap();
    assert!(
        not.penalties
            .iter()
            .all(|p| p.kind != PenaltyKind::Detention)
    );
}

#[test]
fn the_explanation_is_pinned() {
    let a = run(
        &["fire-exit"],
        &[
            ("party", text("organization")),
            ("refused_correction", FactInput::Bool(true)),
            (
                "mitigation",
                FactInput::List(vec!["eliminated_harm".into()]),
            ),
            ("violation_date", text("2024-01-10")),
            ("discovered_date", text("2024-02-01")),
        ],
    )
    .unwrap();
    insta::assert_yaml_snapshot!(a);
}

fn shapes(violation: &str, pairs: &[(&str, FactInput)]) -> Assessment<'static> {
    let request = Request {
        violations: vec![violation.to_owned()],
        facts: facts(pairs),
        decided_on: Date::parse("2024-06-01").unwrap(),
    };
    load("tests/fixtures/shapes.toml").assess(&request).unwrap()
}

#[test]
fn coefficients_add_up_clamp_and_round() {
    let amount = |pairs: &[(&str, FactInput)]| {
        let a = shapes("coefficients", pairs);
        (a.outcome, a.fine.unwrap().amount.unwrap().0.to_string())
    };
    let yes = FactInput::Bool(true);
    // 20000 × 1 = 20000.
    assert_eq!(amount(&[]), (Outcome::Ordinary, "20000".into()));
    // 20000 × (1 + 1 + 0.5) = 50000.
    assert_eq!(
        amount(&[("repeat", yes.clone()), ("refused", yes.clone())]),
        (Outcome::Heavier, "50000".into())
    );
    // 20000 × (1 − 0.2) = 16000.
    assert_eq!(
        amount(&[("remedied", yes.clone())]),
        (Outcome::Lighter, "16000".into())
    );
    // 20000 × (1 + 1 + 0.5 − 0.2) = 46000.
    let all = [
        ("repeat", yes.clone()),
        ("refused", yes.clone()),
        ("remedied", yes),
    ];
    assert_eq!(amount(&all).1, "46000");
}

#[test]
fn a_minimum_only_fine_has_no_maximum() {
    let a = shapes("minimum-only", &[("serious", FactInput::Bool(false))]);
    let statutory = a.statutory_fine.unwrap();
    assert_eq!(
        (statutory.min.0.to_string(), statutory.max),
        ("10000".into(), None)
    );
    assert_eq!(fine(&a), amounts("20000", "20000"));
    let serious = shapes("minimum-only", &[("serious", FactInput::Bool(true))]);
    assert_eq!(
        (serious.outcome, fine(&serious)),
        (Outcome::Heavier, amounts("50000", "50000"))
    );
}

#[test]
fn no_penalty_when_the_penalty_own_condition_fails() {
    let not_yet = shapes("after-deadline", &[("overdue", FactInput::Bool(false))]);
    assert_eq!(
        (not_yet.outcome, not_yet.mandatory, not_yet.fine),
        (Outcome::NoPenalty, true, None)
    );
    assert!(
        not_yet
            .reasons
            .iter()
            .any(|r| r.zh().contains("逾期不改正")),
        "{:?}",
        not_yet.reasons
    );
    let overdue = shapes("after-deadline", &[("overdue", FactInput::Bool(true))]);
    assert_eq!(
        (overdue.outcome, fine(&overdue)),
        (Outcome::Ordinary, amounts("500", "2000"))
    );
}

#[test]
fn an_unknown_band_fact_counts_at_the_lowest_row_when_the_issuer_says_so() {
    let a = shapes("by-count", &[]);
    assert_eq!(fine(&a), amounts("10000", "50000"));
    assert!(
        a.reasons
            .iter()
            .any(|r| r.zh().contains("近二年同类违法次数”无法查明"))
    );
    let twice = shapes("by-count", &[("count", FactInput::Integer(2))]);
    assert_eq!(fine(&twice), amounts("50000", "100000"));
}

#[test]
fn fines_per_unit_say_their_unit() {
    let a = shapes("per-vehicle", &[("trips", FactInput::Integer(3))]);
    assert_eq!(fine(&a), amounts("1500", "1500"));
    assert!(
        a.reasons.iter().any(|r| r.zh() == "按车次计罚，共3车次"),
        "{:?}",
        a.reasons
    );
}

#[test]
fn a_ruleset_wide_no_penalty_entry_applies_to_every_violation() {
    for violation in ["by-count", "per-vehicle", "coefficients"] {
        let a = shapes(violation, &[("warned_on_the_spot", FactInput::Bool(true))]);
        assert_eq!(
            (a.outcome, a.mandatory),
            (Outcome::NoPenalty, true),
            "{violation}"
        );
    }
}

#[test]
fn points_do_not_bar_an_on_the_spot_decision() {
    let a = shapes("by-count", &[("party", text("organization"))]);
    assert!(a.penalties.iter().any(|p| p.kind == PenaltyKind::Points));
    assert_eq!(a.procedure.summary_procedure.applies, Applies::No);
    assert!(
        a.procedure
            .summary_procedure
            .note
            .to_string()
            .contains("罚款超过3000元"),
        "{}",
        a.procedure.summary_procedure.note
    );
}

fn versions(violation: &str, committed: &str, decided: &str) -> Assessment<'static> {
    let (v1, v2) = (
        load("tests/fixtures/versions/v1.toml"),
        load("tests/fixtures/versions/v2.toml"),
    );
    let request = Request {
        violations: vec![violation.to_owned()],
        facts: facts(&[
            ("party", text("individual")),
            ("violation_date", text(committed)),
        ]),
        decided_on: Date::parse(decided).unwrap(),
    };
    cailiang::assess(&[v1, v2], &request).unwrap()
}

#[test]
fn the_version_in_force_at_the_act_applies_unless_the_new_one_is_lighter() {
    let lighter = versions("lighter-later", "2022-06-01", "2023-03-01");
    assert_eq!(
        (lighter.ruleset.version.as_str(), fine(&lighter)),
        ("v2", amounts("500", "2000"))
    );
    assert!(cites(&lighter, "第三十七条"));
    let heavier = versions("heavier-later", "2022-06-01", "2023-03-01");
    assert_eq!(
        (heavier.ruleset.version.as_str(), fine(&heavier)),
        ("v1", amounts("500", "1000"))
    );
    let same_time = versions("heavier-later", "2023-02-01", "2023-03-01");
    assert_eq!(
        (same_time.ruleset.version.as_str(), fine(&same_time)),
        ("v2", amounts("1000", "3000"))
    );
}

#[test]
fn no_penalty_when_the_act_is_no_longer_or_not_yet_punishable() {
    let repealed = versions("repealed", "2022-06-01", "2023-03-01");
    assert_eq!(
        (
            repealed.outcome,
            repealed.mandatory,
            repealed.ruleset.version.as_str()
        ),
        (Outcome::NoPenalty, true, "v2")
    );
    assert!(
        repealed
            .reasons
            .iter()
            .all(|r| !r.zh().contains("一般处罚")),
        "{:?}",
        repealed.reasons
    );
    let new_duty = versions("new-duty", "2022-06-01", "2023-03-01");
    assert_eq!(
        (new_duty.outcome, new_duty.ruleset.version.as_str()),
        (Outcome::NoPenalty, "v1")
    );
    assert!(new_duty.reasons[0].zh().contains("未对该行为规定行政处罚"));
    assert_eq!(
        fine(&versions("new-duty", "2023-02-01", "2023-03-01")),
        amounts("300", "300")
    );
}

#[test]
fn a_ruleset_can_set_aside_the_discretionary_no_penalty() {
    let first = [
        ("count", FactInput::Integer(1)),
        ("first_offence", FactInput::Bool(true)),
        ("harm", text("minor")),
        ("corrected_promptly", FactInput::Bool(true)),
    ];
    let lenient = shapes("by-count", &first);
    assert_eq!(
        (lenient.outcome, lenient.mandatory),
        (Outcome::NoPenalty, false)
    );
    let mut sensitive = first.to_vec();
    sensitive.push(("sensitive_area", FactInput::Bool(true)));
    let strict = shapes("by-count", &sensitive);
    assert_eq!(
        (strict.outcome, fine(&strict)),
        (Outcome::Ordinary, amounts("10000", "50000"))
    );
    assert!(
        strict
            .reasons
            .iter()
            .any(|r| r.zh().contains("不适用可以不予处罚的规定"))
    );
}

#[test]
fn a_heavy_kind_among_alternatives_bars_the_on_the_spot_decision() {
    let source = std::fs::read_to_string("tests/fixtures/fire.toml").unwrap().replace(
        "  { kind = \"warning\", mode = \"either\" },\n  { kind = \"fine\", mode = \"either\" },",
        "  { kind = \"warning\", mode = \"either\" },\n  { kind = \"suspend_business\", mode = \"either\" },\n  { kind = \"fine\", mode = \"either\" },",
    );
    let ruleset = Ruleset::from_toml(&source).unwrap();
    let request = Request {
        violations: vec!["smoking".into()],
        facts: facts(&[
            ("party", text("individual")),
            ("serious", FactInput::Bool(false)),
        ]),
        decided_on: Date::parse("2024-06-01").unwrap(),
    };
    let a = ruleset.assess(&request).unwrap();
    assert_eq!(a.procedure.summary_procedure.applies, Applies::No);
}

#[test]
fn a_benchmark_range_excludes_its_maximum_where_the_issuer_says_so() {
    let source = std::fs::read_to_string("tests/fixtures/refine/parent.toml")
        .unwrap()
        .replacen(
            "[[violations]]",
            "[conventions]\nbelow_includes_bound = false\n\n[[violations]]",
            1,
        );
    let ruleset = Ruleset::from_toml(&source).unwrap();
    let request = |pairs: &[(&str, FactInput)]| Request {
        violations: vec!["fire-exit".into()],
        facts: facts(pairs),
        decided_on: Date::parse("2024-06-01").unwrap(),
    };
    let a = ruleset.assess(&request(&[])).unwrap();
    let f = a.fine.unwrap();
    assert_eq!(
        (
            f.min.0.to_string(),
            f.max.unwrap().0.to_string(),
            f.max_excluded
        ),
        ("15000".into(), "35000".into(), true)
    );
    assert!(!a.statutory_fine.unwrap().max_excluded);
    assert!(
        a.reasons.iter().any(|r| r.zh().contains("（不含35000元）")),
        "{:?}",
        a.reasons
    );
}

/// The JSON form loads into the same ruleset as the TOML file, whether the JSON reader
/// lends a string (most) or has to unescape it (here `占` written `\u5360`), and so
/// gives the same assessments.
#[test]
fn the_json_form_loads_the_same_ruleset() {
    let toml = std::fs::read_to_string("tests/fixtures/fire.toml").unwrap();
    let raw = cailiang::ruleset::raw_from_toml(&toml).unwrap();
    let json = serde_json::to_string(&raw)
        .unwrap()
        .replace("占用", "\\u5360用");
    assert!(json.contains("\\u5360用"));
    let from_json = Ruleset::from_json(&json).unwrap();
    let all: Vec<String> = fixture().violation_ids().map(str::to_owned).collect();
    for violations in [vec!["fire-exit".to_owned()], all] {
        let request = Request {
            violations,
            facts: facts(&[("party", text("organization"))]),
            decided_on: Date::parse("2024-06-01").unwrap(),
        };
        let expected = serde_json::to_string(&fixture().assess(&request).unwrap()).unwrap();
        let loaded = serde_json::to_string(&from_json.assess(&request).unwrap()).unwrap();
        assert_eq!(loaded, expected);
        assert!(expected.contains("占用"));
    }
    let broken = Ruleset::from_json(&json[..json.len() / 2]).unwrap_err();
    assert_eq!(broken.problems()[0].code, Code::Syntax);
}

/// “处一万元以上罚款” with no maximum; 一般 1万–5万, 从重 3万以上. The amounts are test
/// data, reduced from a random ruleset of the property tests.
const OPEN_TOP: &str = r#"
[ruleset]
id = "test-open-top"
title = "无上限罚款的从轻"
authority = "测试"
jurisdiction = { name = "全国", code = "100000" }
version = "test-1"
effective_from = "2021-04-29"
sources = [{ title = "测试数据", version = "2021-04-29", kind = "document", note = "test data" }]

[[violations]]
id = "open-top"
name = "只规定最低罚款"
violates = [{ law = "测试数据", version = "2021-04-29", article = "一", text = "测试" }]
punishes = { law = "测试数据", version = "2021-04-29", article = "三", text = "处一万元以上罚款" }
penalties = [{ kind = "fine", mode = "must" }]
fine = { range = { min = "10000" } }
facts = [{ name = "refused", type = "boolean", label = "拒不改正" }]

[[violations.model.tiers]]
tier = "ordinary"
text = "一般：一万元以上五万元以下"
fine = { range = { min = "10000", max = "50000" } }

[[violations.model.tiers]]
tier = "heavier"
text = "从重：三万元以上"
fine = { range = { min = "30000" } }

[[violations.circumstances]]
id = "refused"
text = "拒不改正"
when = "refused"
effect = "heavier"
basis = { law = "测试数据", version = "2021-04-29", article = "四", text = "从重" }
"#;

#[test]
fn a_statutory_ground_keeps_an_open_range_open() {
    // 第三十二条: 从轻 from the statutory minimum up to the fine that would otherwise
    // apply. With 从重 that is 3万以上, which has no maximum: capping 从轻 at the range's
    // minimum gave 1万–3万, below the 1万–5万 of the 一般 case, so one more aggravating
    // circumstance lowered the fine.
    let ruleset = Ruleset::from_toml(OPEN_TOP).unwrap();
    let assess = |refused: bool, confessed: bool| {
        let mut pairs = vec![("refused", FactInput::Bool(refused))];
        if confessed {
            pairs.push(("mitigation", FactInput::List(vec!["confessed".into()])));
        }
        let request = Request {
            violations: vec!["open-top".into()],
            facts: facts(&pairs),
            decided_on: Date::parse("2024-06-01").unwrap(),
        };
        let a = ruleset.assess(&request).unwrap();
        (
            a.outcome,
            fine(&a),
            a.reasons.iter().map(Reason::zh).collect::<Vec<_>>(),
        )
    };
    let (outcome, range, _) = assess(true, false);
    assert_eq!((outcome, range), (Outcome::Heavier, ("30000".into(), None)));
    let (outcome, range, _) = assess(false, true);
    assert_eq!(
        (outcome, range),
        (Outcome::Lighter, amounts("10000", "50000"))
    );
    let (outcome, range, reasons) = assess(true, true);
    assert_eq!((outcome, range), (Outcome::Lighter, ("10000".into(), None)));
    assert!(
        reasons
            .iter()
            .any(|r| r.ends_with("不高于本应适用的罚款：10000元以上")),
        "{reasons:?}"
    );
}

/// Two violations that both declare a fact `count`, at different places among their
/// own facts; only the second declares `extra`. The amounts are test data.
const SAME_NAMES: &str = r#"
[ruleset]
id = "test-same-names"
title = "同名事实"
authority = "测试"
jurisdiction = { name = "全国", code = "100000" }
version = "test-1"
effective_from = "2021-04-29"
sources = [{ title = "测试数据", version = "2021-04-29", kind = "document", note = "test data" }]

[[violations]]
id = "first"
name = "第一项"
violates = [{ law = "测试数据", version = "2021-04-29", article = "一", text = "测试" }]
punishes = { law = "测试数据", version = "2021-04-29", article = "二", text = "处一千元以上一万元以下罚款" }
penalties = [{ kind = "fine", mode = "must" }]
fine = { range = { min = "1000", max = "10000" } }
facts = [{ name = "count", type = "integer", label = "次数" }]

[[violations.model.tiers]]
tier = "heavier"
when = "count >= 3"
text = "三次以上"
fine = { range = { min = "5000", max = "10000" } }

[[violations.model.tiers]]
tier = "ordinary"
text = "其他"
fine = { range = { min = "1000", max = "5000" } }

[[violations]]
id = "second"
name = "第二项"
violates = [{ law = "测试数据", version = "2021-04-29", article = "三", text = "测试" }]
punishes = { law = "测试数据", version = "2021-04-29", article = "四", text = "处二千元以上二万元以下罚款" }
penalties = [{ kind = "fine", mode = "must" }]
fine = { range = { min = "2000", max = "20000" } }
facts = [
  { name = "extra", type = "boolean", label = "另有情节" },
  { name = "count", type = "integer", label = "次数" },
]

[[violations.model.tiers]]
tier = "heavier"
when = "count >= 3 and extra"
text = "三次以上且另有情节"
fine = { range = { min = "10000", max = "20000" } }

[[violations.model.tiers]]
tier = "ordinary"
text = "其他"
fine = { range = { min = "2000", max = "10000" } }
"#;

#[test]
fn a_fact_name_declared_by_several_violations_reads_into_each() {
    let ruleset = Ruleset::from_toml(SAME_NAMES).unwrap();
    let assess = |violations: &[&str], pairs: &[(&str, FactInput)]| {
        ruleset.assess(&Request {
            violations: violations.iter().map(|v| (*v).to_owned()).collect(),
            facts: facts(pairs),
            decided_on: Date::parse("2024-06-01").unwrap(),
        })
    };
    let given = [
        ("party", text("organization")),
        ("count", FactInput::Integer(5)),
        ("extra", FactInput::Bool(true)),
    ];
    let first = assess(&["first"], &given[..2]).unwrap();
    assert_eq!(
        (first.outcome, fine(&first)),
        (Outcome::Heavier, amounts("5000", "10000"))
    );
    let second = assess(&["second"], &given).unwrap();
    assert_eq!(
        (second.outcome, fine(&second)),
        (Outcome::Heavier, amounts("10000", "20000"))
    );
    let both = assess(&["first", "second"], &given).unwrap();
    assert_eq!(both.violation.id, "second");
    assert_eq!(fine(&both), amounts("10000", "20000"));
    let also: Vec<_> = both
        .also
        .iter()
        .map(|a| {
            let f = a.fine.expect("a fine");
            (f.min.0.to_string(), f.max.map(|m| m.0.to_string()))
        })
        .collect();
    assert_eq!(also, [amounts("5000", "10000")]);
    // `extra` is a fact of the second violation only.
    let error = assess(&["first"], &given).unwrap_err();
    assert_eq!(
        (error.problems()[0].code, error.problems()[0].path.as_str()),
        (Code::UnknownFact, "facts.extra")
    );
}
