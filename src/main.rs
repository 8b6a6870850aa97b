//! `cailiang`: check rulesets, list their violations, assess a case, render the
//! disclosure table. Only translation happens here: read files and arguments, call the
//! library, print.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use cailiang::date::Date;
use cailiang::raw::{FactInput, RawPublished, RawRuleset, RawSource};
use cailiang::ruleset::{check_citation_texts, raw_from_toml};
use cailiang::{Error, Request, Ruleset, assess, examples, table};
use sha2::{Digest, Sha256};

/// Writes to standard output, ignoring a closed pipe (`cailiang table … | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

const USAGE: &str = "\
usage:
  cailiang check [PATH...]                 validate rulesets and run their worked examples
  cailiang list RULESET [--json]           violations with their 处罚依据
  cailiang assess RULESET --violation ID [--violation ID...] [--facts FILE|-] [--decided-on YYYY-MM-DD]
  cailiang table RULESET --format html|md  the disclosure table (公示)
  cailiang export RULESET                  the ruleset as JSON, for the browser
  cailiang cases [PATH...]                 every worked example's request and assessment, as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("list") => list(&args[1..]),
        Some("assess") => assess_command(&args[1..]),
        Some("table") => table_command(&args[1..]),
        Some("export") => export(&args[1..]),
        Some("cases") => cases(&args[1..]),
        Some("-h" | "--help" | "help") => {
            outln!("{USAGE}");
            Ok(())
        }
        _ => Err(Failure::Usage("expected a command".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Ruleset(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Facts(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    /// Bad arguments: exit 2.
    Usage(String),
    /// A ruleset that cannot be loaded or does not check: exit 1.
    Ruleset(String),
    /// Facts that cannot be assessed: exit 2.
    Facts(String),
}

/// A ruleset file, loaded.
struct Loaded {
    path: PathBuf,
    ruleset: Ruleset,
}

/// A ruleset file as read: its text, from which the raw model and the ruleset take
/// their strings, and its SHA-256.
struct Read {
    path: PathBuf,
    text: Arc<str>,
    sha256: String,
}

impl Read {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// The raw model, not yet validated.
    fn raw(&self) -> Result<RawRuleset<'_>, Error> {
        raw_from_toml(&self.text).map_err(|e| e.within(&self.name()))
    }

    /// Validates the raw model read from this file.
    fn validate(&self, raw: RawRuleset) -> Result<Loaded, Error> {
        let ruleset = Ruleset::from_raw_in(raw, &self.text).map_err(|e| e.within(&self.name()))?;
        Ok(Loaded {
            path: self.path.clone(),
            ruleset: ruleset.with_sha256(self.sha256.clone()),
        })
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

fn read_ruleset(path: &Path) -> Result<Read, Error> {
    let text = read(path).map_err(|message| {
        Error::one(cailiang::Problem::new(
            cailiang::Code::Syntax,
            "",
            message.clone(),
            message,
        ))
    })?;
    let sha = Sha256::digest(text.as_bytes());
    let hex = sha.iter().fold(String::with_capacity(64), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    Ok(Read {
        path: path.to_owned(),
        text: Arc::from(text),
        sha256: hex,
    })
}

fn load(path: &Path) -> Result<Loaded, Error> {
    let read = read_ruleset(path)?;
    read.validate(read.raw()?)
}

fn load_one(path: &str) -> Result<Loaded, Failure> {
    load(Path::new(path)).map_err(|e| Failure::Ruleset(e.to_string()))
}

/// Ruleset files under the paths: `.toml` files, directories searched recursively.
fn ruleset_files(paths: &[String]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    if stack.is_empty() {
        stack.push(PathBuf::from("rulesets"));
    }
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path)
                .map_err(|e| Failure::Ruleset(format!("{}: {e}", path.display())))?;
            for entry in entries.flatten() {
                stack.push(entry.path());
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        } else if !path.exists() {
            return Err(Failure::Usage(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
    }
    files.sort();
    Ok(files)
}

/// The text of a source the project carries, relative to the ruleset's directory.
fn source_text(dir: &Path, source: &RawSource) -> Option<String> {
    let file = match &source.file {
        Some(file) => dir.join(file),
        None => dir
            .join("laws")
            .join(format!("{}({}).md", source.title, source.version)),
    };
    std::fs::read_to_string(file).ok()
}

fn check(args: &[String]) -> Result<(), Failure> {
    let files = ruleset_files(args)?;
    let mut problems: Vec<String> = Vec::new();
    let mut loaded = Vec::new();
    // The problems of each loaded file's citation texts, checked on the raw model
    // before validation takes it over.
    let mut cited = Vec::new();
    for file in &files {
        let checked = read_ruleset(file).and_then(|read| {
            let raw = read.raw()?;
            let dir = file.parent().unwrap_or(Path::new("."));
            let found = check_citation_texts(&raw, &|source| source_text(dir, source));
            Ok((read.validate(raw)?, found))
        });
        match checked {
            Ok((l, found)) => {
                loaded.push(l);
                cited.push(found);
            }
            Err(e) => problems.extend(e.problems().iter().map(ToString::to_string)),
        }
    }
    let (mut violations, mut examples_run) = (0, 0);
    for (l, mut found) in loaded.iter().zip(cited) {
        let name = l.path.display().to_string();
        let versions: Vec<&Ruleset> = loaded
            .iter()
            .filter(|o| o.ruleset.id() == l.ruleset.id())
            .map(|o| &o.ruleset)
            .collect();
        found.extend(examples::run(&l.ruleset, &versions));
        if let Some(parent_id) = l.ruleset.parent() {
            match loaded.iter().find(|o| o.ruleset.id() == parent_id) {
                Some(parent) => found.extend(l.ruleset.check_refines(&parent.ruleset)),
                None => problems.push(format!("{name}: ruleset.parent: [outside_parent] parent `{parent_id}` is not among the rulesets checked")),
            }
        }
        problems.extend(found.iter().map(|p| format!("{name}: {p}")));
        violations += l.ruleset.violation_ids().count();
        examples_run += l.ruleset.example_count();
    }
    for p in &problems {
        outln!("{p}");
    }
    outln!(
        "rulesets: {}, violations: {violations}, examples: {examples_run}",
        loaded.len()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Ruleset(format!(
            "{} problem(s) found",
            problems.len()
        )))
    }
}

fn list(args: &[String]) -> Result<(), Failure> {
    let (path, json) = match args {
        [path] => (path, false),
        [path, flag] if flag == "--json" => (path, true),
        _ => return Err(Failure::Usage("list takes RULESET [--json]".into())),
    };
    let loaded = load_one(path)?;
    let info = loaded.ruleset.info();
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&info.violations).unwrap_or_default()
        );
    } else {
        for entry in &info.violations {
            outln!("{}\t{}\t{}", entry.id, entry.name, entry.punishes.label());
        }
    }
    Ok(())
}

fn assess_command(args: &[String]) -> Result<(), Failure> {
    let Some((path, rest)) = args.split_first() else {
        return Err(Failure::Usage("assess takes RULESET".into()));
    };
    let mut violations = Vec::new();
    let mut facts_from = None;
    let mut decided_on = None;
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--violation" => violations.push(value()?),
            "--facts" => facts_from = Some(value()?),
            "--decided-on" => {
                let text = value()?;
                decided_on = Some(Date::parse(&text).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--decided-on: `{text}` is not a date written YYYY-MM-DD"
                    ))
                })?);
            }
            other => return Err(Failure::Usage(format!("unknown option {other}"))),
        }
    }
    if violations.is_empty() {
        return Err(Failure::Usage("assess needs --violation ID".into()));
    }
    let facts = read_facts(facts_from.as_deref())?;
    let loaded = load_one(path)?;
    let versions = sibling_versions(&loaded)?;
    let mut all: Vec<&Ruleset> = versions.iter().map(|l| &l.ruleset).collect();
    all.push(&loaded.ruleset);
    let request = Request {
        violations,
        facts,
        decided_on: decided_on.unwrap_or_else(today),
    };
    match assess(&all, &request) {
        Ok(assessment) => {
            outln!(
                "{}",
                serde_json::to_string_pretty(&assessment).unwrap_or_default()
            );
            Ok(())
        }
        Err(e) => Err(Failure::Facts(e.to_string())),
    }
}

/// The other versions of a ruleset: files beside it with the same id.
fn sibling_versions(loaded: &Loaded) -> Result<Vec<Loaded>, Failure> {
    let dir = loaded.path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    for file in ruleset_files(&[dir.display().to_string()])? {
        if file == loaded.path || file.parent() != Some(dir) {
            continue;
        }
        if let Ok(other) = load(&file) {
            if other.ruleset.id() == loaded.ruleset.id() {
                out.push(other);
            }
        }
    }
    Ok(out)
}

fn read_facts(from: Option<&str>) -> Result<BTreeMap<String, FactInput>, Failure> {
    let text = match from {
        None => return Ok(BTreeMap::new()),
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::Facts(format!("facts: cannot read standard input: {e}")))?;
            text
        }
        Some(file) => read(Path::new(file)).map_err(Failure::Facts)?,
    };
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| Failure::Facts(format!("facts.{}: [invalid_fact] {}", e.path(), e.inner())))
}

fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_unix_days(i64::try_from(seconds / 86_400).unwrap_or(0))
}

fn table_command(args: &[String]) -> Result<(), Failure> {
    let (path, format) = match args {
        [path, flag, format] if flag == "--format" => (path, format.as_str()),
        _ => {
            return Err(Failure::Usage(
                "table takes RULESET --format html|md".into(),
            ));
        }
    };
    let loaded = load_one(path)?;
    match format {
        "html" => out!("{}", table::html(&loaded.ruleset)),
        "md" => out!("{}", table::markdown(&loaded.ruleset)),
        other => {
            return Err(Failure::Usage(format!(
                "unknown format {other}: use html or md"
            )));
        }
    }
    Ok(())
}

fn export(args: &[String]) -> Result<(), Failure> {
    let [path] = args else {
        return Err(Failure::Usage("export takes RULESET".into()));
    };
    let failure = |e: Error| Failure::Ruleset(e.to_string());
    let read = read_ruleset(Path::new(path)).map_err(failure)?;
    // The raw model is what is published, once it validates.
    let raw = read.raw().map_err(failure)?;
    let loaded = read.validate(raw.clone()).map_err(failure)?;
    let published = RawPublished {
        file: loaded
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: loaded.ruleset.sha256().unwrap_or_default().to_owned(),
        ruleset: raw,
    };
    outln!("{}", serde_json::to_string(&published).unwrap_or_default());
    Ok(())
}

/// Every worked example as the request a page sends and the assessment (or the
/// problems) the engine gives: the reference for comparing other builds of the engine.
fn cases(args: &[String]) -> Result<(), Failure> {
    let mut loaded = Vec::new();
    for file in ruleset_files(args)? {
        loaded.push(load(&file).map_err(|e| Failure::Ruleset(e.to_string()))?);
    }
    let mut out = Vec::new();
    for l in &loaded {
        let siblings: Vec<&Loaded> = loaded
            .iter()
            .filter(|o| o.ruleset.id() == l.ruleset.id())
            .collect();
        let versions: Vec<&Ruleset> = siblings.iter().map(|o| &o.ruleset).collect();
        let files: Vec<String> = siblings
            .iter()
            .map(|o| o.path.display().to_string())
            .collect();
        for (violation, example) in l.ruleset.examples() {
            let Some(request) = examples::request(violation, example) else {
                continue;
            };
            let result = match assess(&versions, &request) {
                Ok(a) => serde_json::to_value(&a),
                Err(e) => {
                    serde_json::to_value(e.problems()).map(|p| serde_json::json!({ "problems": p }))
                }
            }
            .unwrap_or_default();
            out.push(serde_json::json!({
                "file": l.path.display().to_string(),
                "versions": files,
                "example": example.name,
                "request": {
                    "violations": request.violations,
                    "facts": request.facts,
                    "decided_on": example.decided_on,
                },
                "result": result,
            }));
        }
    }
    outln!("{}", serde_json::to_string(&out).unwrap_or_default());
    Ok(())
}
