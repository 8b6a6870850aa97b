//! The `cailiang` command: exit codes, output shapes, escaping.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn cailiang(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const FIXTURE: &str = "tests/fixtures/fire.toml";

#[test]
fn check_passes_the_fixture_and_counts() {
    let out = cailiang(&["check", FIXTURE], "");
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stdout(&out).lines().last(),
        Some("rulesets: 1, violations: 3, examples: 0")
    );
}

#[test]
fn check_lists_every_problem_and_fails() {
    let dir = std::env::temp_dir().join(format!("cailiang-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::fs::read_to_string(FIXTURE).unwrap();
    let broken = fixture
        .replace("../../rulesets/laws", &format!("{}/rulesets/laws", env!("CARGO_MANIFEST_DIR")))
        .replace("不得占用、堵塞、封闭疏散通道", "不得占用、堵塞疏散通道")
        .replace("id = \"smoking\"", "id = \"smoking\"\nexamples = [{ name = \"wrong\", decided_on = \"2024-01-01\", facts = { party = \"individual\" }, expect = { max = \"400\" } }]");
    std::fs::write(dir.join("broken.toml"), broken).unwrap();
    let out = cailiang(&["check", dir.to_str().unwrap()], "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("violations[0].violates[0].text: [citation_mismatch]"),
        "{text}"
    );
    assert!(text.contains("violations[2].examples[0]: [example_failed] example \"wrong\": max: expected 400, got 500"), "{text}");
    assert_eq!(
        text.lines().last(),
        Some("rulesets: 1, violations: 3, examples: 1")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn assess_prints_the_assessment_json() {
    let out = cailiang(
        &[
            "assess",
            FIXTURE,
            "--violation",
            "fire-exit",
            "--decided-on",
            "2024-06-01",
            "--facts",
            "-",
        ],
        r#"{"party": "organization"}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "ordinary");
    assert_eq!(json["fine"]["min"], "18500");
    assert_eq!(json["fine"]["max"], "36500");
    assert_eq!(json["statutory_fine"]["max"], "50000");
    assert_eq!(json["ruleset"]["id"], "test-fire");
    assert_eq!(json["ruleset"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(json["procedure"]["summary_procedure"]["applies"], "no");
    for key in ["penalties", "basis", "reasons", "alternatives"] {
        assert!(json[key].is_array(), "{key}");
    }
}

#[test]
fn assess_with_bad_facts_exits_2_naming_each_field() {
    let out = cailiang(
        &[
            "assess",
            FIXTURE,
            "--violation",
            "fire-exit",
            "--facts",
            "-",
        ],
        r#"{"party": "firm", "age": 1.5, "nonsense": true}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("facts.age: [invalid_fact]"),
        "{}",
        stderr(&out)
    );

    let out = cailiang(
        &[
            "assess",
            FIXTURE,
            "--violation",
            "fire-exit",
            "--facts",
            "-",
        ],
        r#"{"party": "firm", "nonsense": true}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("facts.party: [invalid_fact]"), "{err}");
    assert!(err.contains("facts.nonsense: [unknown_fact]"), "{err}");
}

#[test]
fn assess_takes_several_violations_of_one_act() {
    let out = cailiang(
        &[
            "assess",
            FIXTURE,
            "--violation",
            "fire-exit",
            "--violation",
            "unlicensed-venue",
            "--facts",
            "-",
        ],
        r#"{"party": "organization"}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["violation"]["id"], "unlicensed-venue");
    assert_eq!(json["also"][0]["violation"]["id"], "fire-exit");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cailiang(&[], "").status.code(), Some(2));
    assert_eq!(cailiang(&["assess", FIXTURE], "").status.code(), Some(2));
    assert_eq!(
        cailiang(
            &[
                "assess",
                FIXTURE,
                "--violation",
                "x",
                "--decided-on",
                "2024-13-01"
            ],
            ""
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn list_gives_violations_with_their_penalty_provision() {
    let out = cailiang(&["list", FIXTURE, "--json"], "");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    assert_eq!(json[0]["punishes"]["article"], "第六十条");
    let plain = stdout(&cailiang(&["list", FIXTURE], ""));
    assert!(plain.lines().next().unwrap().starts_with("fire-exit\t"));
}

#[test]
fn table_escapes_every_string() {
    let dir = std::env::temp_dir().join(format!("cailiang-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace(
            "占用、堵塞、封闭疏散通道、安全出口\"",
            "<script>alert(1)</script>\"",
        )
        .replace(
            "title = \"消防行政处罚裁量测试用例\"",
            "title = \"<img src=x onerror=alert(1)>\"",
        );
    let path = dir.join("hostile.toml");
    std::fs::write(&path, hostile).unwrap();
    let out = cailiang(&["table", path.to_str().unwrap(), "--format", "html"], "");
    let html = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = stdout(&cailiang(
        &["table", path.to_str().unwrap(), "--format", "md"],
        "",
    ));
    assert!(md.contains("| 处罚依据 |") && !md.contains("<script>"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn export_matches_the_fixture() {
    let out = cailiang(&["export", FIXTURE], "");
    assert!(out.status.success());
    let committed = std::fs::read_to_string("tests/fixtures/fire.json").unwrap();
    assert!(
        stdout(&out) == committed,
        "tests/fixtures/fire.json is stale: run `cargo run -q -- export tests/fixtures/fire.toml > tests/fixtures/fire.json`"
    );
}

#[test]
fn cases_give_each_example_its_request_and_result() {
    let out = cailiang(&["cases", "rulesets"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let cases: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 60);
    let weights = cases
        .iter()
        .find(|c| c["result"]["fine"]["amount"] == "170000")
        .expect("the 170000 example");
    assert_eq!(weights["request"]["violations"][0], "water-over-standard");
    assert!(
        cases
            .iter()
            .all(|c| c["result"].is_object() && c["request"]["decided_on"].is_string())
    );
}

#[test]
fn a_refinement_must_stay_within_its_parent() {
    let out = cailiang(&["check", "tests/fixtures/refine"], "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[outside_parent]"))
        .collect();
    assert_eq!(
        problems,
        [
            "tests/fixtures/refine/child.toml: violations[0].model.tiers[2].fine: [outside_parent] this tier leaves the parent's 从重 tier"
        ]
    );
    let alone = cailiang(&["check", "tests/fixtures/refine/child.toml"], "");
    assert!(stdout(&alone).contains(
        "ruleset.parent: [outside_parent] parent `test-city` is not among the rulesets checked"
    ));
}
