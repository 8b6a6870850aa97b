//! Error messages, pinned: what an agency's author or a citizen reads when something
//! is wrong, with the stable code and the path of the field.

use std::collections::BTreeMap;

use cailiang::date::Date;
use cailiang::raw::FactInput;
use cailiang::{Request, Ruleset};

const HEAD: &str = r#"
[ruleset]
id = "errors"
title = "错误示例"
authority = "测试"
jurisdiction = { name = "全国", code = "100000" }
version = "1"
effective_from = "2021-04-29"
sources = [{ title = "消防法", version = "2021-04-29", kind = "law" }]
"#;

const VIOLATION: &str = r#"
[[violations]]
id = "fire-exit"
name = "占用疏散通道"
violates = [{ law = "消防法", version = "2021-04-29", article = "第二十八条", text = "不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。" }]
punishes = { law = "消防法", version = "2021-04-29", article = "第六十条", text = "处五千元以上五万元以下罚款" }
penalties = [{ kind = "fine", mode = "must" }]
fine = { range = { min = "5000", max = "50000" } }
"#;

fn problems(toml: &str) -> String {
    match Ruleset::from_toml(toml) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn toml_that_does_not_parse() {
    insta::assert_snapshot!(problems("[ruleset\nid = 1"));
}

#[test]
fn unknown_fields_name_their_path() {
    let text = format!(
        "{HEAD}{VIOLATION}\n[[violations.examples]]\nname = \"x\"\ndecided_on = \"2024-01-01\"\nexpect = {{ outcom = \"ordinary\" }}\n"
    );
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = format!(
        r#"{HEAD}
[[violations]]
id = "bad"
name = "错误"
violates = []
punishes = {{ law = "消防法", version = "2021-04-29", article = "第六十条", text = "" }}
penalties = [{{ kind = "fine", mode = "must", when = "goods_value > 1" }}]
fine = {{ range = {{ min = "5000", max = "5,000" }} }}

[[violations.facts]]
name = "count"
type = "integer"
label = "次数"

[[violations.model.fact_bands]]
text = "2次以下"
fact = "count"
to = "2"
fine = {{ range = {{ min = "10000", max = "50000" }} }}

[[violations.model.fact_bands]]
text = "4次以上"
fact = "count"
from = "4"
fine = {{ range = {{ min = "40000", max = "60000" }} }}

[[violations.circumstances]]
id = "c"
text = "情节"
when = "count >> 2"
effect = "heavier"
basis = {{ law = "广告法", version = "2021-04-29", article = "第五十五条", text = "广告费用三倍以上五倍以下" }}
"#
    );
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn overlapping_bands_and_dates_out_of_order() {
    let head = HEAD.replace("sources =", "effective_until = \"2020-01-01\"\nsources =");
    let text = format!(
        r#"{head}{VIOLATION}
[[violations.facts]]
name = "tonnes"
type = "decimal"
label = "日排放量"

[violations.model.weights]
start = "7%"
floor = "120%"

[[violations.model.weights.factors]]
name = "日排放量"
fact = "tonnes"
levels = [
  {{ text = "50吨以下", to = "50", weight = "0%" }},
  {{ text = "40吨以上", from = "40", weight = "3%" }},
]
"#
    );
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn tiers_chosen_by_the_circumstances_rise() {
    let text = format!(
        r#"{HEAD}{VIOLATION}
[[violations.model.tiers]]
tier = "lighter"
text = "从轻"
fine = {{ range = {{ min = "5000", max = "20000" }} }}

[[violations.model.tiers]]
tier = "ordinary"
text = "一般"
fine = {{ range = {{ min = "10000", max = "30000" }} }}

[[violations.model.tiers]]
tier = "heavier"
text = "从重"
fine = {{ range = {{ min = "8000", max = "50000" }} }}
"#
    );
    insta::assert_snapshot!(problems(&text));
}

fn assess_problems(pairs: &[(&str, FactInput)]) -> String {
    let ruleset = Ruleset::from_toml(&format!("{HEAD}{VIOLATION}")).unwrap();
    let facts: BTreeMap<String, FactInput> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let request = Request {
        violations: vec!["fire-exit".into()],
        facts,
        decided_on: Date::parse("2024-01-01").unwrap(),
    };
    match ruleset.assess(&request) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| format!("{} | {}", p, p.message_zh))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn bad_facts_are_named_in_both_languages() {
    insta::assert_snapshot!(assess_problems(&[
        ("party", FactInput::Text("company".into())),
        ("age", FactInput::Text("16.5".into())),
        ("violation_date", FactInput::Text("2024-02-30".into())),
        ("goods_value", FactInput::Text("100".into())),
        ("mitigation", FactInput::List(vec!["sorry".into()])),
        ("first_offence", FactInput::Text("yes".into())),
    ]));
}

#[test]
fn dates_that_contradict_each_other() {
    insta::assert_snapshot!(assess_problems(&[
        ("violation_date", FactInput::Text("2024-02-01".into())),
        ("violation_end_date", FactInput::Text("2024-01-01".into())),
        ("discovered_date", FactInput::Text("2023-12-01".into())),
    ]));
}

#[test]
fn an_unknown_violation() {
    let ruleset = Ruleset::from_toml(&format!("{HEAD}{VIOLATION}")).unwrap();
    let request = Request {
        violations: vec!["nope".into()],
        facts: BTreeMap::new(),
        decided_on: Date::parse("2024-01-01").unwrap(),
    };
    insta::assert_snapshot!(ruleset.assess(&request).unwrap_err().to_string());
}
