//! The WebAssembly bindings, run in Node by `wasm-bindgen-test-runner`: the same
//! assessment as the native engine, errors as JavaScript errors with code and path.

use cailiang::wasm::Calculator;
use js_sys::{JSON, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// `cailiang export tests/fixtures/fire.toml`; `cli::export_matches_the_fixture` keeps it current.
const FIRE: &str = include_str!("fixtures/fire.json");

fn calculator() -> Calculator {
    Calculator::new(JSON::parse(FIRE).unwrap()).unwrap()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let key = key
            .parse::<u32>()
            .map_or_else(|_| JsValue::from_str(key), JsValue::from);
        Reflect::get(&v, &key).unwrap_or(JsValue::UNDEFINED)
    })
}

fn text(value: &JsValue, path: &str) -> Option<String> {
    get(value, path).as_string()
}

fn request(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn info_lists_the_violations() {
    let info = calculator().info().unwrap();
    assert_eq!(text(&info, "id").as_deref(), Some("test-fire"));
    assert_eq!(text(&info, "violations.0.id").as_deref(), Some("fire-exit"));
    assert_eq!(
        text(&info, "violations.0.punishes.article").as_deref(),
        Some("第六十条")
    );
    assert_eq!(text(&info, "sha256").map(|s| s.len()), Some(64));
}

#[wasm_bindgen_test]
fn the_form_starts_with_the_general_facts() {
    let calc = calculator();
    let form = calc.form("fire-exit").unwrap();
    assert_eq!(text(&form, "facts.0.name").as_deref(), Some("party"));
    assert_eq!(
        text(&form, "facts.0.choices.1.value").as_deref(),
        Some("organization")
    );
    assert!(calc.form("nope").unwrap().is_null());
}

#[wasm_bindgen_test]
fn assesses_with_amounts_as_strings() {
    let a = calculator()
        .assess(request(r#"{"violations":["fire-exit"],"facts":{"party":"organization"},"decided_on":"2024-06-01"}"#))
        .unwrap();
    assert_eq!(text(&a, "outcome").as_deref(), Some("ordinary"));
    assert_eq!(text(&a, "fine.min").as_deref(), Some("18500"));
    assert_eq!(text(&a, "fine.max").as_deref(), Some("36500"));
    assert!(get(&a, "fine.amount").is_null() || get(&a, "fine.amount").is_undefined());
    assert_eq!(text(&a, "ruleset.version").as_deref(), Some("test-1"));
    assert_eq!(text(&a, "decided_on").as_deref(), Some("2024-06-01"));
}

#[wasm_bindgen_test]
fn bad_facts_become_errors_at_their_field() {
    let error = calculator()
        .assess(request(
            r#"{"violations":["fire-exit"],"facts":{"party":"firm","age":"x"}}"#,
        ))
        .unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid_fact"));
    assert_eq!(text(&error, "path").as_deref(), Some("facts.age"));
    assert_eq!(
        text(&error, "problems.1.path").as_deref(),
        Some("facts.party")
    );
    assert_eq!(
        text(&error, "problems.0.message_zh").as_deref(),
        Some("年龄（周岁）应为整数")
    );
}

#[wasm_bindgen_test]
fn a_missing_fact_is_asked_for() {
    let error = calculator()
        .assess(request(r#"{"violations":["fire-exit"]}"#))
        .unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("missing_fact"));
    assert_eq!(text(&error, "path").as_deref(), Some("facts.party"));
}

#[wasm_bindgen_test]
fn floats_are_refused() {
    let error = calculator()
        .assess(request(
            r#"{"violations":["fire-exit"],"facts":{"age":16.5}}"#,
        ))
        .unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("syntax"));
    assert_eq!(text(&error, "path").as_deref(), Some("facts.age"));
}

#[wasm_bindgen_test]
fn a_broken_ruleset_is_refused_with_its_path() {
    let broken = FIRE.replacen(r#""min":"5000""#, r#""min":"5千""#, 1);
    let error = Calculator::new(JSON::parse(&broken).unwrap())
        .err()
        .unwrap();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid_value"));
    assert_eq!(
        text(&error, "path").as_deref(),
        Some("violations[0].fine.cases[0].fine.min")
    );
}

#[wasm_bindgen_test]
fn another_ruleset_is_not_a_version() {
    let mut calc = calculator();
    let other = FIRE.replacen(r#""id":"test-fire""#, r#""id":"other""#, 1);
    let error = calc.add_version(JSON::parse(&other).unwrap()).unwrap_err();
    assert_eq!(text(&error, "path").as_deref(), Some("ruleset.id"));
}

#[wasm_bindgen_test]
fn the_table_is_escaped_html() {
    let hostile = FIRE.replacen(
        "占用、堵塞、封闭疏散通道、安全出口\"",
        "<script>alert(1)</script>\"",
        1,
    );
    let html = Calculator::new(JSON::parse(&hostile).unwrap())
        .unwrap()
        .table_html();
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
}
