//! Engine benchmarks: loading a large ruleset, and single assessments on real ones.
//!
//! - `load_1000`: parse and validate a generated 1,000-violation ruleset (TOML text to
//!   a validated [`Ruleset`]). Target: under 10 ms. Its halves are measured too, without
//!   a target: `load_1000_parse` (TOML to the raw model) and `load_1000_validate`, and
//!   the floor under the first: `load_1000_syntax`, the `toml` crate reading the text
//!   into its own tree of tables, which any TOML load must do.
//! - `load_1000_json`: the same as the browser loads it (JSON to the raw model, then
//!   validated), and its first half alone, `load_1000_json_parse`.
//! - `load_largest` and `load_largest_json`: the largest real ruleset of `rulesets/`
//!   loaded the same two ways, for scale. No target.
//! - `assess_one`: one assessment of the 广东 生态环境 worked example (水污染防治法
//!   第八十三条第二项, 权重累加, 170,000 元) on the 广东 water ruleset (`rulesets/gd-ecology*.toml`).
//!   Target: under 2 µs. `assess_one_json` is the same with the assessment written out
//!   as JSON (the reasons and notes are written in both languages only then).
//! - `assess_food_safety`: one assessment on `rulesets/food-safety.toml` (货值3万元,
//!   情节严重: fine chosen by cases, multiple of the goods value, 从重 tier). Same target.
//!
//! `script/bench` runs these and prints the table of medians; `script/bench
//! --instructions` counts the instructions of one assessment and one load instead,
//! which, unlike times, do not move with the machine's load.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use cailiang::date::Date;
use cailiang::raw::FactInput;
use cailiang::ruleset::raw_from_toml;
use cailiang::{Request, Ruleset};
use criterion::{BatchSize, Criterion, criterion_group};

/// The laws the generated ruleset cites; every citation's `law` is among them.
const LAWS: &[&str] = &[
    "水污染防治法",
    "大气污染防治法",
    "环境保护法",
    "固体废物污染环境防治法",
];

/// A realistic ruleset of `count` violations as TOML: each with its facts, statutory
/// fine, penalties, citations and a discretion model (tiers, weights or fact bands, in
/// turn), some with a circumstance or a no-penalty entry.
fn generated_ruleset(count: usize) -> String {
    let mut out = String::with_capacity(count * 2_600);
    out.push_str(
        r#"[ruleset]
id = "bench-generated"
title = "生成的裁量基准（基准测试）"
authority = "基准测试机关"
jurisdiction = { name = "广东省", code = "440000" }
version = "2022-01-01"
effective_from = "2022-01-01"

[[ruleset.sources]]
title = "生态环境行政处罚裁量基准"
version = "2022-01-01"
kind = "benchmark"
"#,
    );
    for law in LAWS {
        let _ = write!(
            out,
            "\n[[ruleset.sources]]\ntitle = \"{law}\"\nversion = \"2020-01-01\"\nkind = \"law\"\n"
        );
    }
    out.push_str(
        r#"
[conventions]
above_includes_bound = true
below_includes_bound = false
unknown_factor = "lowest"

[[facts]]
name = "like_violations_2y"
type = "integer"
unit = "次"
label = "近二年同类违法行为次数（含本次）"
min = "1"
"#,
    );
    for i in 0..count {
        violation(&mut out, i);
    }
    out
}

fn violation(out: &mut String, i: usize) {
    let law = LAWS[i % LAWS.len()];
    let article = 50 + i % 80;
    // Statutory range: min from 1万 to 10万, max ten times the min.
    let min = 10_000 * (1 + i % 10);
    let max = min * 10;
    let _ = write!(
        out,
        r#"
[[violations]]
id = "v{i:04}"
name = "生成的违法行为{i}"
category = "类别{cat}"
keywords = ["关键词{i}", "排污"]

[[violations.violates]]
law = "{law}"
version = "2020-01-01"
article = "第{article}条"
text = "排放污染物，不得超过国家或者地方规定的排放标准。"

[violations.punishes]
law = "{law}"
version = "2020-01-01"
article = "第{penalty_article}条"
item = {item}
text = "违反本法规定的，由生态环境主管部门责令改正，处{min}元以上{max}元以下的罚款；情节严重的，责令停业、关闭。"

[[violations.benchmark]]
law = "生态环境行政处罚裁量基准"
version = "2022-01-01"
article = "§{i}"
text = "按本表裁量。"

[[violations.facts]]
name = "amount_over"
type = "decimal"
unit = "倍"
label = "超标倍数"
min = "0"

[[violations.facts]]
name = "area"
type = "choice"
label = "所在区域"
choices = [
  {{ value = "general", label = "一般区域" }},
  {{ value = "sensitive", label = "敏感区域" }},
  {{ value = "protected", label = "保护区" }},
]

[[violations.facts]]
name = "serious"
type = "boolean"
label = "情节严重"

[[violations.penalties]]
kind = "fine"
mode = "must"

[[violations.penalties]]
kind = "close"
mode = "must"
when = "serious"
text = "情节严重的，责令停业、关闭"

[violations.fine.range]
min = "{min}"
max = "{max}"
"#,
        cat = i % 12,
        penalty_article = article + 30,
        item = 1 + i % 5,
    );
    match i % 3 {
        0 => {
            let (a, b, c) = (min * 3, min * 6, max);
            let _ = write!(
                out,
                r#"
[[violations.model.tiers]]
tier = "lighter"
when = "amount_over < 1 and area == 'general'"
text = "超标1倍以下，一般区域"
fine = {{ range = {{ min = "{min}", max = "{a}" }} }}

[[violations.model.tiers]]
tier = "heavier"
when = "amount_over >= 3 or area == 'protected' or like_violations_2y >= 3"
text = "超标3倍以上，或者位于保护区，或者二年内3次以上"
fine = {{ range = {{ min = "{b}", max = "{c}" }} }}

[[violations.model.tiers]]
tier = "ordinary"
text = "其他情形"
fine = {{ range = {{ min = "{a}", max = "{b}" }} }}
"#
            );
        }
        1 => {
            let _ = write!(
                out,
                r#"
[violations.model.weights]
start = "{start}%"
floor = "10%"

[[violations.model.weights.factors]]
name = "超标倍数"
fact = "amount_over"
levels = [
  {{ text = "1倍以下", weight = "0%", to = "1" }},
  {{ text = "1倍以上3倍以下", weight = "5%", from = "1", to = "3" }},
  {{ text = "3倍以上", weight = "15%", from = "3" }},
]

[[violations.model.weights.factors]]
name = "所在区域"
fact = "area"
levels = [
  {{ text = "一般区域", weight = "0%", equals = "general" }},
  {{ text = "敏感区域", weight = "8%", equals = "sensitive" }},
  {{ text = "保护区", weight = "20%", equals = "protected" }},
]

[[violations.model.weights.factors]]
name = "近二年同类违法行为"
fact = "like_violations_2y"
levels = [
  {{ text = "1次", weight = "0%", equals = "1" }},
  {{ text = "2次", weight = "5%", equals = "2" }},
  {{ text = "3次以上", weight = "15%", from = "3" }},
]
"#,
                start = 5 + i % 10,
            );
        }
        _ => {
            let (a, b) = (min * 4, min * 7);
            let _ = write!(
                out,
                r#"
[[violations.model.fact_bands]]
text = "近二年1次"
fact = "like_violations_2y"
to = "2"
tier = "lighter"
fine = {{ range = {{ min = "{min}", max = "{a}" }} }}

[[violations.model.fact_bands]]
text = "近二年2次"
fact = "like_violations_2y"
equals = "2"
fine = {{ range = {{ min = "{a}", max = "{b}" }} }}

[[violations.model.fact_bands]]
text = "近二年3次以上"
fact = "like_violations_2y"
from = "3"
tier = "heavier"
fine = {{ range = {{ min = "{b}", max = "{max}" }} }}
"#
            );
        }
    }
    if i % 4 == 0 {
        let _ = write!(
            out,
            r#"
[[violations.circumstances]]
id = "refused-inspection-{i}"
text = "拒绝、阻挠监督检查的"
when = "serious"
effect = "heavier"

[violations.circumstances.basis]
law = "生态环境行政处罚裁量基准"
version = "2022-01-01"
article = "§{i}"
text = "拒绝、阻挠监督检查的，从重处罚。"
"#
        );
    }
    if i % 5 == 0 {
        let _ = write!(
            out,
            r#"
[[violations.no_penalty]]
text = "首次违法、超标0.1倍以下并及时改正的，不予处罚"
when = "first_offence and corrected_promptly and amount_over < 0.1"

[violations.no_penalty.basis]
law = "生态环境行政处罚裁量基准"
version = "2022-01-01"
article = "§{i}"
text = "不予处罚。"
"#
        );
    }
}

fn facts(pairs: &[(&str, FactInput)]) -> BTreeMap<String, FactInput> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn text(s: &str) -> FactInput {
    FactInput::Text(s.to_owned())
}

fn load(path: &str) -> Ruleset {
    let toml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Ruleset::from_toml(&toml).unwrap_or_else(|e| panic!("{path} does not load: {e}"))
}

/// The ruleset of `rulesets/` that has violation `id` (the 广东 rulesets are split by
/// chapter, so the file is looked up rather than named).
fn ruleset_with(id: &str) -> Ruleset {
    let mut files: Vec<_> = std::fs::read_dir("rulesets")
        .expect("rulesets/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| Ruleset::from_toml(&std::fs::read_to_string(p).ok()?).ok())
        .find(|r| r.violation_ids().any(|v| v == id))
        .unwrap_or_else(|| panic!("no ruleset of rulesets/ has violation `{id}`"))
}

fn load_1000(c: &mut Criterion) {
    let toml = generated_ruleset(1000);
    let ruleset = Ruleset::from_toml(&toml)
        .unwrap_or_else(|e| panic!("the generated ruleset does not validate: {e}"));
    assert_eq!(ruleset.violation_ids().count(), 1000);
    c.bench_function("load_1000", |b| {
        b.iter(|| Ruleset::from_toml(black_box(&toml)));
    });
    // The two halves of `load_1000`, to see where its time goes.
    c.bench_function("load_1000_parse", |b| {
        b.iter(|| raw_from_toml(black_box(&toml)));
    });
    c.bench_function("load_1000_syntax", |b| {
        b.iter(|| toml::de::DeTable::parse(black_box(&toml)).is_ok());
    });
    let text: Arc<str> = Arc::from(toml.as_str());
    let raw = raw_from_toml(&text).expect("the generated ruleset parses");
    // Validation takes the raw model by value: each iteration validates a fresh clone,
    // made outside the time measured. Dropping the ruleset is measured, as in the
    // other loads.
    c.bench_function("load_1000_validate", |b| {
        b.iter_batched(
            || raw.clone(),
            |raw| drop(Ruleset::from_raw_in(black_box(raw), &text)),
            BatchSize::LargeInput,
        );
    });
    // The browser's path: the same ruleset as the JSON `cailiang export` publishes.
    let json = serde_json::to_string(&raw).expect("the ruleset serializes");
    c.bench_function("load_1000_json_parse", |b| {
        b.iter(|| serde_json::from_str::<cailiang::raw::RawRuleset>(black_box(&json)).is_ok());
    });
    c.bench_function("load_1000_json", |b| {
        b.iter(|| Ruleset::from_json(black_box(&json)));
    });
}

/// The largest ruleset of `rulesets/`, as the CLI reads it (TOML) and as the page
/// receives it (the JSON `cailiang export` publishes).
fn load_largest(c: &mut Criterion) {
    let largest = std::fs::read_dir("rulesets")
        .expect("rulesets/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .expect("rulesets/ has a ruleset");
    let toml = std::fs::read_to_string(&largest).expect("the largest ruleset is readable");
    let raw = raw_from_toml(&toml).expect("the largest ruleset parses");
    let json = serde_json::to_string(&raw).expect("the ruleset serializes");
    c.bench_function("load_largest", |b| {
        b.iter(|| Ruleset::from_toml(black_box(&toml)));
    });
    c.bench_function("load_largest_json", |b| {
        b.iter(|| Ruleset::from_json(black_box(&json)));
    });
}

/// The 广东 water row with the facts of the table's worked example, checked to give
/// 170,000 元.
fn water_case() -> (Ruleset, Request) {
    let ruleset = ruleset_with("water-over-standard");
    // The table's worked example (DOMAIN.md §4): 7% + 2% + 0 + 0 + 3% + 5% + 0 = 17%.
    let request = Request {
        violations: vec!["water-over-standard".into()],
        facts: facts(&[
            ("party", text("organization")),
            ("violation_date", text("2022-03-01")),
            ("discovered_date", text("2022-03-10")),
            ("pollutant_count", FactInput::Integer(2)),
            ("pollutant_class", text("b")),
            ("outlet_area", text("general")),
            ("daily_discharge", text("100")),
            ("exceedance", text("below_3x")),
            ("like_violations_2y", FactInput::Integer(1)),
            ("first_in_year", FactInput::Bool(true)),
            ("exceeded_item", text("pollutants")),
            ("exceed_multiple", text("2")),
        ]),
        decided_on: Date::parse("2022-06-01").expect("a date"),
    };
    let assessment = ruleset
        .assess(&request)
        .expect("the worked example assesses");
    let amount = assessment
        .fine
        .and_then(|f| f.amount)
        .map(|a| a.0.to_string());
    assert_eq!(
        amount.as_deref(),
        Some("170000"),
        "the worked example gives 170000"
    );
    (ruleset, request)
}

fn assess_one(c: &mut Criterion) {
    let (ruleset, request) = water_case();
    c.bench_function("assess_one", |b| {
        b.iter(|| ruleset.assess(black_box(&request)));
    });
    // The same with its JSON written out, as the CLI prints it: the reasons and notes
    // are written in both languages only here.
    c.bench_function("assess_one_json", |b| {
        b.iter(|| {
            let assessment = ruleset.assess(black_box(&request)).expect("it assesses");
            serde_json::to_string(&assessment).expect("it serializes")
        });
    });
}

/// `expired-food` of `rulesets/food-safety.toml` with 货值 30,000 元, checked to give
/// 300,000–600,000 元.
fn food_case() -> (Ruleset, Request) {
    let ruleset = load("rulesets/food-safety.toml");
    let request = Request {
        violations: vec!["expired-food".into()],
        facts: facts(&[
            ("party", text("organization")),
            ("violation_date", text("2022-05-01")),
            ("goods_value", text("30000")),
        ]),
        decided_on: Date::parse("2022-07-01").expect("a date"),
    };
    let fine = ruleset
        .assess(&request)
        .expect("the food-safety example assesses")
        .fine
        .expect("with a fine");
    assert_eq!(
        (fine.min.0.to_string(), fine.max.map(|m| m.0.to_string())),
        ("300000".to_owned(), Some("600000".to_owned()))
    );
    (ruleset, request)
}

fn assess_food_safety(c: &mut Criterion) {
    let (ruleset, request) = food_case();
    c.bench_function("assess_food_safety", |b| {
        b.iter(|| ruleset.assess(black_box(&request)));
    });
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

criterion_group! {
    name = engine;
    config = config();
    targets = load_1000, load_largest, assess_one, assess_food_safety
}
/// Measures with criterion; or, with `CAILIANG_BENCH_REPEAT=CASE:N`, runs one case N
/// times and measures nothing, so that `script/bench --instructions` can count its
/// instructions under callgrind. CASE is `assess_one`, `assess_food_safety` or
/// `load_1000_json`.
fn main() {
    if let Ok(spec) = std::env::var("CAILIANG_BENCH_REPEAT") {
        repeat(&spec);
        return;
    }
    engine();
    Criterion::default().configure_from_args().final_summary();
}

fn repeat(spec: &str) {
    let (case, times) = spec
        .split_once(':')
        .unwrap_or_else(|| panic!("CAILIANG_BENCH_REPEAT is CASE:N, not `{spec}`"));
    let times: usize = times.parse().expect("N is a count");
    let assess = |(ruleset, request): (Ruleset, Request)| {
        for _ in 0..times {
            black_box(ruleset.assess(black_box(&request)).is_ok());
        }
    };
    match case {
        "assess_one" => assess(water_case()),
        "assess_food_safety" => assess(food_case()),
        "load_1000_json" => {
            let toml = generated_ruleset(1000);
            let raw = raw_from_toml(&toml).expect("it parses");
            let json = serde_json::to_string(&raw).expect("the ruleset serializes");
            for _ in 0..times {
                black_box(Ruleset::from_json(black_box(&json)).is_ok());
            }
        }
        other => panic!("no case `{other}` to repeat"),
    }
}
