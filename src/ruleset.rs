//! The validated ruleset: built once from a [`RawRuleset`], with every amount parsed,
//! every condition compiled against the declared facts and every reference checked.
//! Evaluation never sees an unchecked ruleset.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::citation::Citation;
use crate::date::Date;
use crate::error::{Code, Error, Problem};
use crate::expr::{Condition, FactId, FactRef};
use crate::facts::{self, FactDecl};
use crate::money::{Percent, Rounding, parse_amount, parse_decimal, parse_share};
use crate::raw::{
    Effect, FactKind, Offset, PenaltyKind, PenaltyMode, RawBands, RawCircumstance, RawCitation,
    RawConventions, RawExample, RawFine, RawMeta, RawPenalty, RawRuleset, RawSource, RawThresholds,
    RawViolation, Tier, UnknownFactor,
};
use crate::text::{Str, Text};

/// A validated ruleset.
#[derive(Debug, Clone)]
pub struct Ruleset {
    pub(crate) meta: Meta,
    pub(crate) conventions: Conventions,
    /// General facts, then the ruleset's own; a violation's facts follow these.
    pub(crate) facts: Vec<FactDecl>,
    pub(crate) circumstances: Vec<Circumstance>,
    /// No-penalty entries that apply to every violation.
    pub(crate) no_penalty: Vec<NoPenalty>,
    pub(crate) violations: Vec<Violation>,
    pub(crate) sha256: Option<String>,
    index: Index,
}

/// The ruleset's facts and violations by name, for lookups while assessing.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Where each fact is declared.
    facts: HashMap<Arc<str>, Declared, BuildHasherDefault<Fx>>,
    /// Positions of the violations.
    violations: HashMap<Arc<str>, usize, BuildHasherDefault<Fx>>,
}

/// Where a fact name is declared: a name is declared once in any one scope, so it is
/// either one of the ruleset's facts or a fact of some of its violations.
#[derive(Debug, Clone)]
pub(crate) enum Declared {
    /// One of the ruleset's facts (the general ones among them), with its id.
    Shared(FactId),
    /// A fact of violations: the positions of those that declare it, rising, each
    /// with the fact's id in that violation's scope.
    Own(Vec<(usize, FactId)>),
}

impl Declared {
    /// The fact's id in the scope of the violation at position `at`, if it is declared
    /// there.
    pub(crate) fn id_in(&self, at: usize) -> Option<FactId> {
        match self {
            Declared::Shared(id) => Some(*id),
            Declared::Own(violations) => {
                let i = violations.binary_search_by_key(&at, |&(v, _)| v).ok()?;
                violations.get(i).map(|&(_, id)| id)
            }
        }
    }
}

impl Index {
    fn new(facts: &[FactDecl], violations: &[Violation]) -> Index {
        let mut names: HashMap<Arc<str>, Declared, BuildHasherDefault<Fx>> = facts
            .iter()
            .enumerate()
            .map(|(id, f)| (f.name.clone(), Declared::Shared(id)))
            .collect();
        for (at, v) in violations.iter().enumerate() {
            for (i, f) in v.facts.iter().enumerate() {
                let declared = names
                    .entry(f.name.clone())
                    .or_insert_with(|| Declared::Own(Vec::new()));
                if let Declared::Own(declared) = declared {
                    declared.push((at, facts.len() + i));
                }
            }
        }
        let ids = violations
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.clone(), i));
        Index {
            facts: names,
            violations: ids.collect(),
        }
    }
}

/// The index's hash, after rustc's `FxHasher`: its keys are short names that the
/// ruleset's author chose, looked up on every assessment, where `SipHash` would cost more
/// than the rest of the lookup; nothing is at stake if an author makes names collide.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Eight bytes at a time, then four, two and one, as rustc's hasher does.
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            rest = tail;
        }
        if let Some((word, tail)) = rest.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*word)));
            rest = tail;
        }
        if let Some((word, tail)) = rest.split_first_chunk::<2>() {
            self.add(u64::from(u16::from_le_bytes(*word)));
            rest = tail;
        }
        if let Some(byte) = rest.first() {
            self.add(u64::from(*byte));
        }
    }

    /// One byte (the mark that ends a string) as one word, without the loop of
    /// [`Fx::write`].
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// Metadata, validated.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub id: Text,
    pub title: Text,
    pub title_en: Option<Text>,
    pub authority: Text,
    pub document_number: Option<Text>,
    pub jurisdiction_name: Text,
    pub jurisdiction_code: Text,
    pub version: Text,
    pub effective_from: Date,
    pub effective_until: Option<Date>,
    pub parent: Option<Text>,
    pub sources: Vec<RawSource>,
    pub description: Option<Text>,
}

/// The issuer's conventions, validated.
#[derive(Debug, Clone)]
pub(crate) struct Conventions {
    pub above_inclusive: bool,
    pub below_inclusive: bool,
    pub rounding: Rounding,
    pub bands: Option<Bands>,
    /// Share of the statutory minimum that 减轻 may not go below.
    pub mitigated_floor: Decimal,
    pub offset: Offset,
    pub unknown_factor: UnknownFactor,
    pub hearing: Option<Thresholds>,
    pub summary: Thresholds,
    pub basis: Vec<Citation>,
}

/// Amount thresholds for individuals and organisations.
#[derive(Debug, Clone)]
pub(crate) struct Thresholds {
    pub individual: Decimal,
    pub organization: Decimal,
    pub basis: Option<Citation>,
}

/// A bound of a band: a share of the statutory range or an amount. Written as the
/// benchmark writes it: `30%`, `5000元`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandBound {
    /// A share of the statutory range (0.3 for 30%).
    Share(Decimal),
    /// An amount in yuan.
    Amount(Decimal),
}

impl fmt::Display for BandBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BandBound::Share(s) => fmt::Display::fmt(&Percent(s), f),
            BandBound::Amount(a) => write!(f, "{}元", a.normalize()),
        }
    }
}

/// The three ordinary bands.
#[derive(Debug, Clone)]
pub(crate) struct Bands {
    pub lighter: [BandBound; 2],
    pub ordinary: [BandBound; 2],
    pub heavier: [BandBound; 2],
}

impl Bands {
    pub fn get(&self, tier: Tier) -> Option<[BandBound; 2]> {
        match tier {
            Tier::Lighter => Some(self.lighter),
            Tier::Ordinary => Some(self.ordinary),
            Tier::Heavier => Some(self.heavier),
            Tier::Mitigated => None,
        }
    }
}

/// A violation, validated.
#[derive(Debug, Clone)]
pub(crate) struct Violation {
    /// Looked up on every assessment: a string of its own, like a fact's name.
    pub id: Arc<str>,
    pub name: Text,
    pub name_en: Option<Text>,
    pub category: Option<Text>,
    pub keywords: Vec<Text>,
    pub description: Option<Text>,
    pub violates: Vec<Citation>,
    pub punishes: Citation,
    pub benchmark: Vec<Citation>,
    pub facts: Vec<FactDecl>,
    pub penalties: Vec<Penalty>,
    pub fine: Option<Fine>,
    pub model: Option<Model>,
    pub no_penalty: Vec<NoPenalty>,
    pub circumstances: Vec<Circumstance>,
    /// When the discretionary no-penalty provisions do not apply.
    pub no_lenience: Option<NoPenalty>,
    pub examples: Vec<RawExample>,
}

/// A statutory or tier penalty kind.
#[derive(Debug, Clone)]
pub(crate) struct Penalty {
    pub kind: PenaltyKind,
    pub mode: PenaltyMode,
    pub when: Option<Condition>,
    pub text: Option<Text>,
}

/// A fine shape, validated.
#[derive(Debug, Clone)]
pub(crate) enum Fine {
    Fixed(Decimal),
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    Multiple {
        of: FactId,
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    Cases(Vec<FineCase>),
    Either {
        primary: Box<Fine>,
        fallback: Box<Fine>,
        when: Option<Condition>,
        text: Text,
    },
    PerDay {
        days: FactId,
        daily: Box<Fine>,
        unit: Text,
    },
}

/// One case of a fine chosen by facts.
#[derive(Debug, Clone)]
pub(crate) struct FineCase {
    pub when: Option<Condition>,
    pub text: Text,
    pub fine: Fine,
}

/// A discretion model, validated.
#[derive(Debug, Clone)]
pub(crate) enum Model {
    Tiers(Vec<TierRule>),
    Bands(Bands),
    Weights(Weights),
    FactBands(Vec<Row>),
    FixedBands(Vec<Row>),
    Coefficients { base: Decimal },
}

/// One tier of a tiers model.
#[derive(Debug, Clone)]
pub(crate) struct TierRule {
    pub tier: Tier,
    pub when: Option<Condition>,
    pub text: Text,
    pub fine: Fine,
    pub penalties: Vec<Penalty>,
}

/// The weight-accumulation model.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pub start: Decimal,
    pub base: Option<Decimal>,
    pub cap: Decimal,
    pub floor: Option<Decimal>,
    pub factors: Vec<Factor>,
}

/// A factor of a weight-accumulation model.
#[derive(Debug, Clone)]
pub(crate) struct Factor {
    pub name: Text,
    pub levels: Vec<Level>,
}

/// A level of a factor.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub text: Text,
    pub weight: Decimal,
    pub matcher: Matcher,
}

/// Which cases a level or row covers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    pub fact: Option<FactId>,
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
    pub equals: Option<Equals>,
    pub when: Option<Condition>,
}

/// An exact value a band matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Equals {
    Number(Decimal),
    /// A choice, or `true`/`false`: compared on every assessment, so a string of its own.
    Text(Arc<str>),
}

/// A row of a fact-bands or fixed-bands model.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub text: Text,
    pub matcher: Matcher,
    pub tier: Tier,
    pub fine: Fine,
    pub penalties: Vec<Penalty>,
}

/// A circumstance, validated.
#[derive(Debug, Clone)]
pub(crate) struct Circumstance {
    pub id: Text,
    pub text: Text,
    pub when: Condition,
    pub effect: Effect,
    pub mandatory: bool,
    pub coefficient: Option<Decimal>,
    pub basis: Citation,
}

/// A no-penalty list entry, validated.
#[derive(Debug, Clone)]
pub(crate) struct NoPenalty {
    pub text: Text,
    pub when: Condition,
    pub mandatory: bool,
    pub basis: Citation,
}

impl Ruleset {
    /// Reads and validates a ruleset from TOML.
    #[cfg(feature = "cli")]
    pub fn from_toml(text: &str) -> Result<Ruleset, Error> {
        let text: Arc<str> = Arc::from(text);
        Ruleset::from_raw_in(raw_from_toml(&text)?, &text)
    }

    /// Reads and validates a ruleset from its JSON form (the `ruleset` of what
    /// `cailiang export` publishes).
    #[cfg(feature = "cli")]
    pub fn from_json(text: &str) -> Result<Ruleset, Error> {
        let text: Arc<str> = Arc::from(text);
        let raw = serde_json::from_str(&text).map_err(|e| {
            let message = e.to_string();
            Error::one(Problem::new(
                Code::Syntax,
                "",
                message.clone(),
                format!("文件格式有误：{message}"),
            ))
        })?;
        Ruleset::from_raw_in(raw, &text)
    }

    /// Validates a raw ruleset, reporting every problem found. Each string of the
    /// ruleset is copied out of the raw model; [`Ruleset::from_raw_in`] copies none.
    pub fn from_raw(raw: RawRuleset) -> Result<Ruleset, Error> {
        Validator::default().validate(raw)
    }

    /// Validates a raw ruleset read from `text`. The ruleset keeps `text` and refers to
    /// each string the raw model borrowed from it by its place there, instead of
    /// copying it. Copied are only the strings that are not in `text` as they are (JSON
    /// strings with escapes) and the names looked up on every assessment (violation
    /// ids, fact names, choice values), which are kept as strings of their own.
    pub fn from_raw_in(raw: RawRuleset, text: &Arc<str>) -> Result<Ruleset, Error> {
        Validator {
            file: Some(Arc::clone(text)),
            ..Validator::default()
        }
        .validate(raw)
    }

    /// Records the SHA-256 of the file as published (hex), reported with every assessment.
    #[must_use]
    pub fn with_sha256(mut self, sha256: String) -> Ruleset {
        self.sha256 = Some(sha256);
        self
    }

    /// The SHA-256 of the file as published, if recorded.
    #[must_use]
    pub fn sha256(&self) -> Option<&str> {
        self.sha256.as_deref()
    }

    /// The ruleset id, shared by its versions.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The version label.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.meta.version
    }

    /// The title.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    /// The id of the ruleset this one refines, if any.
    #[must_use]
    pub fn parent(&self) -> Option<&str> {
        self.meta.parent.as_deref()
    }

    /// First day in force.
    #[must_use]
    pub fn effective_from(&self) -> Date {
        self.meta.effective_from
    }

    /// Whether the ruleset is in force on a date.
    #[must_use]
    pub fn in_force_on(&self, date: Date) -> bool {
        self.meta.effective_from <= date
            && self.meta.effective_until.is_none_or(|until| date <= until)
    }

    /// Ids of the violations, in order.
    pub fn violation_ids(&self) -> impl Iterator<Item = &str> {
        self.violations.iter().map(|v| &*v.id)
    }

    /// How many worked examples the ruleset carries.
    #[must_use]
    pub fn example_count(&self) -> usize {
        self.violations.iter().map(|v| v.examples.len()).sum()
    }

    /// The worked examples, each with the id of its violation, in the file's order.
    pub fn examples(&self) -> impl Iterator<Item = (&str, &RawExample)> {
        self.violations
            .iter()
            .flat_map(|v| v.examples.iter().map(|e| (&*v.id, e)))
    }

    pub(crate) fn violation(&self, id: &str) -> Option<&Violation> {
        self.violation_at(id).map(|(_, v)| v)
    }

    /// A violation by id, with its position.
    pub(crate) fn violation_at(&self, id: &str) -> Option<(usize, &Violation)> {
        let at = *self.index.violations.get(id)?;
        Some((at, self.violations.get(at)?))
    }

    /// Where a fact is declared, by name.
    pub(crate) fn declared(&self, name: &str) -> Option<&Declared> {
        self.index.facts.get(name)
    }

    /// The declaration of a fact in a violation's scope.
    pub(crate) fn fact<'a>(&'a self, violation: &'a Violation, id: FactId) -> Option<&'a FactDecl> {
        self.facts
            .get(id)
            .or_else(|| violation.facts.get(id.checked_sub(self.facts.len())?))
    }
}

/// Reads the TOML form of a ruleset, with the path of a structural error.
#[cfg(feature = "cli")]
pub fn raw_from_toml(text: &str) -> Result<RawRuleset<'_>, Error> {
    use serde::Deserialize as _;
    let parse = || toml::Deserializer::parse(text).map_err(|e| syntax_error("", &e));
    // Tracking the path of every field is slow, so the path is only sought, by a
    // second pass, when there is an error to report.
    let error = match RawRuleset::deserialize(parse()?) {
        Ok(raw) => return Ok(raw),
        Err(error) => error,
    };
    match serde_path_to_error::deserialize::<_, RawRuleset>(parse()?) {
        Err(e) => {
            let path = e.path().to_string();
            Err(syntax_error(
                if path == "." { "" } else { &path },
                e.inner(),
            ))
        }
        Ok(_) => Err(syntax_error("", &error)),
    }
}

#[cfg(feature = "cli")]
fn syntax_error(path: &str, error: &toml::de::Error) -> Error {
    let mut message = error.message().to_owned();
    if let Some(span) = error.span() {
        message = format!("{message} (at byte {})", span.start);
    }
    Error::one(Problem::new(
        Code::Syntax,
        path,
        message.trim_end_matches('.').to_owned(),
        format!("文件格式有误：{message}"),
    ))
}

/// Where a field is, as the validator descends: written out only for a problem, since
/// most fields have none.
#[derive(Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    /// A path from the top of the file, e.g. `violations` or `conventions.hearing`.
    fn root(path: &'a str) -> At<'a> {
        At {
            parent: None,
            step: Step::Field(path),
        }
    }

    /// `self.name`.
    fn field(&'a self, name: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Field(name),
        }
    }

    /// `self[i]`.
    fn index(&'a self, i: usize) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Index(i),
        }
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.step {
            Step::Field(name) if self.parent.is_some() => write!(f, ".{name}"),
            Step::Field(name) => f.write_str(name),
            Step::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Calls `f` with every citation of a raw ruleset and its path.
fn each_citation<'r>(raw: &'r RawRuleset, mut f: impl FnMut(&At, &'r RawCitation)) {
    let conventions = At::root("conventions");
    let basis = conventions.field("basis");
    for (i, c) in raw.conventions.basis.iter().enumerate() {
        f(&basis.index(i), c);
    }
    for (name, t) in [
        ("hearing", &raw.conventions.hearing),
        ("summary", &raw.conventions.summary),
    ] {
        if let Some(c) = t.as_ref().and_then(|t| t.basis.as_ref()) {
            f(&conventions.field(name).field("basis"), c);
        }
    }
    let circumstances = At::root("circumstances");
    for (i, c) in raw.circumstances.iter().enumerate() {
        f(&circumstances.index(i).field("basis"), &c.basis);
    }
    let no_penalty = At::root("no_penalty");
    for (i, n) in raw.no_penalty.iter().enumerate() {
        f(&no_penalty.index(i).field("basis"), &n.basis);
    }
    let violations = At::root("violations");
    for (i, v) in raw.violations.iter().enumerate() {
        let at = violations.index(i);
        let violates = at.field("violates");
        for (j, c) in v.violates.iter().enumerate() {
            f(&violates.index(j), c);
        }
        f(&at.field("punishes"), &v.punishes);
        let benchmark = at.field("benchmark");
        for (j, c) in v.benchmark.iter().enumerate() {
            f(&benchmark.index(j), c);
        }
        let no_penalty = at.field("no_penalty");
        for (j, n) in v.no_penalty.iter().enumerate() {
            f(&no_penalty.index(j).field("basis"), &n.basis);
        }
        let circumstances = at.field("circumstances");
        for (j, c) in v.circumstances.iter().enumerate() {
            f(&circumstances.index(j).field("basis"), &c.basis);
        }
        if let Some(n) = &v.no_lenience {
            f(&at.field("no_lenience").field("basis"), &n.basis);
        }
    }
}

/// The problems of the citations of a file: each needs its text and article, and cites
/// a listed source.
fn citation_problems(raw: &RawRuleset) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |code, path: At, message: String| {
        problems.push(problem(code, path.to_string(), message));
    };
    each_citation(raw, |path, c| {
        if c.text.chars().all(char::is_whitespace) {
            push(
                Code::MissingCitation,
                path.field("text"),
                "a citation needs the verbatim text of the provision".into(),
            );
        }
        if c.article.chars().all(char::is_whitespace) {
            push(
                Code::MissingCitation,
                path.field("article"),
                "a citation needs its article or row".into(),
            );
        }
        let listed = raw
            .ruleset
            .sources
            .iter()
            .any(|s| *s.title == *c.law && *s.version == *c.version);
        let general = c.law == crate::general::LAW && c.version == crate::general::VERSION;
        if !listed && !general {
            push(
                Code::MissingCitation,
                path.field("law"),
                format!("`{}` ({}) is not among ruleset.sources", c.law, c.version),
            );
        }
    });
    problems
}

pub(crate) fn problem(code: Code, path: impl Into<String>, message: impl Into<String>) -> Problem {
    let message = message.into();
    let zh = format!("{}：{message}", title_zh(code));
    Problem::new(code, path, message, zh)
}

fn title_zh(code: Code) -> &'static str {
    match code {
        Code::Syntax => "文件格式有误",
        Code::InvalidValue => "数值无法识别",
        Code::UnknownFact => "未声明的事实",
        Code::BadCondition => "条件有误",
        Code::Duplicate => "重复",
        Code::OutOfRange => "超出法定幅度",
        Code::Overlap => "区间重叠",
        Code::Gap => "区间有缺口",
        Code::OutsideParent => "超出上级基准",
        Code::MissingCitation => "缺少依据",
        Code::CitationMismatch => "依据原文不符",
        Code::DateOrder => "日期顺序有误",
        Code::ExampleFailed => "算例不符",
        Code::UnknownViolation => "没有该违法行为",
        Code::MissingFact => "缺少事实",
        Code::InvalidFact => "事实有误",
        Code::NotInForce => "没有有效版本",
        Code::NoRuleApplies => "没有适用的裁量情形",
        Code::Arithmetic => "计算溢出",
    }
}

/// Walks a raw ruleset once, collecting every problem and building the validated one.
#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    /// The text the ruleset was read from, in which its strings are found.
    file: Option<Arc<str>>,
    /// The title and version of each source, shared by the citations of it.
    sources: Vec<(Arc<str>, Arc<str>)>,
}

/// Facts visible at one place: general and ruleset facts, then a violation's.
struct Scope<'a> {
    shared: &'a [FactDecl],
    own: &'a [FactDecl],
}

impl Scope<'_> {
    fn lookup(&self, name: &str) -> Option<FactRef> {
        if let Some(i) = self.shared.iter().position(|f| *f.name == *name) {
            return Some(self.shared[i].reference(i));
        }
        let i = self.own.iter().position(|f| *f.name == *name)?;
        Some(self.own[i].reference(self.shared.len() + i))
    }

    fn get(&self, id: FactId) -> Option<&FactDecl> {
        self.shared
            .get(id)
            .or_else(|| self.own.get(id.checked_sub(self.shared.len())?))
    }
}

impl Validator {
    fn validate(mut self, raw: RawRuleset) -> Result<Ruleset, Error> {
        let ruleset = self.ruleset(raw);
        match Error::from_problems(self.problems) {
            Some(error) => Err(error),
            None => Ok(ruleset),
        }
    }

    fn push(&mut self, code: Code, path: impl fmt::Display, message: impl Into<String>) {
        self.problems.push(problem(code, path.to_string(), message));
    }

    /// A string of the ruleset, found in the text it was read from.
    fn text(&self, s: Str) -> Text {
        Text::within(self.file.as_ref(), s)
    }

    fn texts(&self, s: Option<Str>) -> Option<Text> {
        s.map(|s| self.text(s))
    }

    fn ruleset(&mut self, raw: RawRuleset) -> Ruleset {
        self.sources = raw
            .ruleset
            .sources
            .iter()
            .map(|s| (Arc::from(s.title.as_str()), Arc::from(s.version.as_str())))
            .collect();
        // The checks that look across the whole file run before its parts are moved
        // out; their problems are reported where they always were, after the
        // conventions'.
        let citation_problems = citation_problems(&raw);
        let duplicate_violations = duplicate_ids(raw.violations.iter().map(|v| v.id.as_str()));
        let RawRuleset {
            ruleset: raw_meta,
            conventions: raw_conventions,
            facts: raw_facts,
            circumstances: raw_circumstances,
            no_penalty: raw_no_penalty,
            violations: raw_violations,
        } = raw;
        let meta = self.meta(raw_meta);
        let conventions = self.conventions(raw_conventions);
        self.problems.extend(citation_problems);
        let mut facts = facts::general_facts();
        let mut declared = Vec::with_capacity(raw_facts.len());
        self.declare(raw_facts, &At::root("facts"), &facts, &mut declared);
        facts.extend(declared);
        let (circumstances, no_penalty) = {
            let scope = Scope {
                shared: &facts,
                own: &[],
            };
            (
                self.circumstances(raw_circumstances, &At::root("circumstances"), &scope),
                self.no_penalty(raw_no_penalty, &At::root("no_penalty"), &scope),
            )
        };
        let no_violations = raw_violations.is_empty();
        let mut violations = Vec::with_capacity(raw_violations.len());
        let all = At::root("violations");
        for (i, v) in raw_violations.into_iter().enumerate() {
            let path = all.index(i);
            if duplicate_violations.contains(&i) {
                self.push(
                    Code::Duplicate,
                    path.field("id"),
                    format!("violation id `{}` is used twice", v.id),
                );
            }
            violations.push(self.violation(v, &path, &facts, &circumstances, &conventions));
        }
        if no_violations {
            self.push(
                Code::InvalidValue,
                "violations",
                "a ruleset needs at least one violation",
            );
        }
        Ruleset {
            index: Index::new(&facts, &violations),
            meta,
            conventions,
            facts,
            circumstances,
            no_penalty,
            violations,
            sha256: None,
        }
    }

    /// A citation; the strings of its source are shared with the other citations of it.
    fn citation(&self, raw: RawCitation) -> Citation {
        let source = self
            .sources
            .iter()
            .find(|(law, version)| **law == *raw.law && **version == *raw.version);
        match source {
            Some((law, version)) => Citation::with_source(
                Arc::clone(law),
                Arc::clone(version),
                raw,
                self.file.as_ref(),
            ),
            None => Citation::from_raw(raw, self.file.as_ref()),
        }
    }

    fn date(&mut self, path: &At, text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| {
            self.push(
                Code::InvalidValue,
                path,
                format!("`{text}` is not a date written YYYY-MM-DD"),
            );
            Date::new(1970, 1, 1).unwrap_or_else(|| Date::from_unix_days(0))
        })
    }

    fn meta(&mut self, raw: RawMeta) -> Meta {
        if !is_id(&raw.id) {
            self.push(
                Code::InvalidValue,
                "ruleset.id",
                format!(
                    "`{}` is not an id: use lowercase ASCII letters, digits and -",
                    raw.id
                ),
            );
        }
        let code = &raw.jurisdiction.code;
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            self.push(
                Code::InvalidValue,
                "ruleset.jurisdiction.code",
                format!("`{code}` is not a six-digit administrative division code"),
            );
        }
        let effective_from = self.date(&At::root("ruleset.effective_from"), &raw.effective_from);
        let effective_until = raw
            .effective_until
            .as_ref()
            .map(|u| self.date(&At::root("ruleset.effective_until"), u));
        if effective_until.is_some_and(|until| until < effective_from) {
            self.push(
                Code::DateOrder,
                "ruleset.effective_until",
                "the ruleset ends before it starts",
            );
        }
        if raw.sources.is_empty() {
            self.push(
                Code::MissingCitation,
                "ruleset.sources",
                "a ruleset must name the documents its numbers come from",
            );
        }
        for (i, s) in raw.sources.iter().enumerate() {
            if Date::parse(&s.version).is_none() {
                self.push(
                    Code::InvalidValue,
                    format!("ruleset.sources[{i}].version"),
                    format!("`{}` is not a date written YYYY-MM-DD", s.version),
                );
            }
        }
        Meta {
            id: self.text(raw.id),
            title: self.text(raw.title),
            title_en: self.texts(raw.title_en),
            authority: self.text(raw.authority),
            document_number: self.texts(raw.document_number),
            jurisdiction_name: self.text(raw.jurisdiction.name),
            jurisdiction_code: self.text(raw.jurisdiction.code),
            version: self.text(raw.version),
            effective_from,
            effective_until,
            parent: self.texts(raw.parent),
            sources: raw.sources,
            description: self.texts(raw.description),
        }
    }

    fn conventions(&mut self, c: RawConventions) -> Conventions {
        let rounding = match &c.rounding {
            None => Rounding::default(),
            Some(r) => Rounding::from_raw(r).unwrap_or_else(|| {
                self.push(
                    Code::InvalidValue,
                    "conventions.rounding.unit",
                    format!("`{}` is not a positive amount", r.unit),
                );
                Rounding::default()
            }),
        };
        let bands = c
            .bands
            .as_ref()
            .map(|b| self.bands(b, &At::root("conventions.bands")));
        let mitigated_floor = match &c.mitigated_floor {
            None => Decimal::ZERO,
            Some(text) => self.share(&At::root("conventions.mitigated_floor"), text),
        };
        let summary = match c.summary {
            Some(t) => self.thresholds(t, &At::root("conventions.summary")),
            None => Thresholds {
                individual: Decimal::from(200),
                organization: Decimal::from(3000),
                basis: Some(crate::general::Provision::Summary.citation()),
            },
        };
        Conventions {
            above_inclusive: c.above_includes_bound.unwrap_or(true),
            below_inclusive: c.below_includes_bound.unwrap_or(true),
            rounding,
            bands,
            mitigated_floor,
            offset: c.offset.unwrap_or(Offset::Net),
            unknown_factor: c.unknown_factor.unwrap_or(UnknownFactor::Required),
            hearing: c
                .hearing
                .map(|t| self.thresholds(t, &At::root("conventions.hearing"))),
            summary,
            basis: c.basis.into_iter().map(|c| self.citation(c)).collect(),
        }
    }

    fn thresholds(&mut self, raw: RawThresholds, path: &At) -> Thresholds {
        Thresholds {
            individual: self.amount(&path.field("individual"), &raw.individual),
            organization: self.amount(&path.field("organization"), &raw.organization),
            basis: raw.basis.map(|c| self.citation(c)),
        }
    }

    fn amount(&mut self, path: &At, text: &str) -> Decimal {
        parse_amount(text).unwrap_or_else(|| {
            self.push(
                Code::InvalidValue,
                path,
                format!(
                    "`{text}` is not an amount in yuan (a decimal string with at most two places)"
                ),
            );
            Decimal::ZERO
        })
    }

    fn number(&mut self, path: &At, text: &str) -> Decimal {
        parse_decimal(text).unwrap_or_else(|| {
            self.push(
                Code::InvalidValue,
                path,
                format!("`{text}` is not a decimal number"),
            );
            Decimal::ZERO
        })
    }

    fn share(&mut self, path: &At, text: &str) -> Decimal {
        match parse_share(text) {
            Some(s) if s >= Decimal::ZERO && s <= Decimal::ONE => s,
            _ => {
                self.push(
                    Code::InvalidValue,
                    path,
                    format!("`{text}` is not a share between 0% and 100%"),
                );
                Decimal::ZERO
            }
        }
    }

    fn bands(&mut self, raw: &RawBands, path: &At) -> Bands {
        let bound = |v: &mut Validator, name: &str, i: usize, text: &str| {
            let field = path.field(name);
            let at = field.index(i);
            if text.ends_with('%') {
                BandBound::Share(v.share(&at, text))
            } else {
                BandBound::Amount(v.amount(&at, text))
            }
        };
        let pair = |v: &mut Validator, name: &str, texts: &[Str; 2]| {
            [bound(v, name, 0, &texts[0]), bound(v, name, 1, &texts[1])]
        };
        let bands = Bands {
            lighter: pair(self, "lighter", &raw.lighter),
            ordinary: pair(self, "ordinary", &raw.ordinary),
            heavier: pair(self, "heavier", &raw.heavier),
        };
        let all = [bands.lighter, bands.ordinary, bands.heavier];
        let kinds_mixed = all
            .iter()
            .flatten()
            .any(|b| matches!(b, BandBound::Share(_)))
            && all
                .iter()
                .flatten()
                .any(|b| matches!(b, BandBound::Amount(_)));
        if kinds_mixed {
            self.push(
                Code::InvalidValue,
                path,
                "bands are either all shares (\"30%\") or all amounts",
            );
            return bands;
        }
        let value = |b: BandBound| match b {
            BandBound::Share(d) | BandBound::Amount(d) => d,
        };
        for (name, [from, to]) in [
            ("lighter", bands.lighter),
            ("ordinary", bands.ordinary),
            ("heavier", bands.heavier),
        ] {
            if value(from) > value(to) {
                self.push(
                    Code::InvalidValue,
                    path.field(name),
                    "a band's start is above its end",
                );
            }
        }
        for (name, [a, b]) in [
            ("ordinary", [bands.lighter, bands.ordinary]),
            ("heavier", [bands.ordinary, bands.heavier]),
        ] {
            match value(b[0]).cmp(&value(a[1])) {
                std::cmp::Ordering::Greater => self.push(
                    Code::Gap,
                    path.field(name).index(0),
                    "this band does not start where the one below ends",
                ),
                std::cmp::Ordering::Less => self.push(
                    Code::Overlap,
                    path.field(name).index(0),
                    "this band starts below the end of the one below",
                ),
                std::cmp::Ordering::Equal => {}
            }
        }
        bands
    }

    /// Declares facts into `into`; a name already in `outer` or `into` is a problem.
    fn declare(
        &mut self,
        raw: Vec<crate::raw::RawFact>,
        path: &At,
        outer: &[FactDecl],
        into: &mut Vec<FactDecl>,
    ) {
        for (i, f) in raw.into_iter().enumerate() {
            let at = path.index(i);
            if let Some(other) = outer.iter().chain(into.iter()).find(|d| *d.name == *f.name) {
                let what = if other.general {
                    "a general fact"
                } else {
                    "another fact"
                };
                self.push(
                    Code::Duplicate,
                    at.field("name"),
                    format!("`{}` is already {what}", f.name),
                );
                continue;
            }
            match facts::declare(f, false, self.file.as_ref()) {
                Ok(decl) => into.push(decl),
                Err(problems) => {
                    for (field, message) in problems {
                        self.push(Code::InvalidValue, at.field(&field), message);
                    }
                }
            }
        }
    }

    fn condition(&mut self, path: &At, source: Str, scope: &Scope) -> Option<Condition> {
        let source = self.text(source);
        match Condition::compile(source.clone(), &|name| scope.lookup(name)) {
            Ok(c) => Some(c),
            Err(e) => {
                let code = if e.message.starts_with("unknown fact") {
                    Code::UnknownFact
                } else {
                    Code::BadCondition
                };
                self.push(code, path, format!("{e}: `{source}`"));
                None
            }
        }
    }

    fn circumstances(
        &mut self,
        raw: Vec<RawCircumstance>,
        path: &At,
        scope: &Scope,
    ) -> Vec<Circumstance> {
        let duplicates = duplicate_ids(raw.iter().map(|c| c.id.as_str()));
        let mut out = Vec::with_capacity(raw.len());
        for (i, c) in raw.into_iter().enumerate() {
            let at = path.index(i);
            if duplicates.contains(&i) {
                self.push(
                    Code::Duplicate,
                    at.field("id"),
                    format!("circumstance id `{}` is used twice", c.id),
                );
            }
            let coefficient = c
                .coefficient
                .as_ref()
                .map(|t| self.number(&at.field("coefficient"), t));
            if let Some(when) = self.condition(&at.field("when"), c.when, scope) {
                out.push(Circumstance {
                    id: self.text(c.id),
                    text: self.text(c.text),
                    when,
                    effect: c.effect,
                    mandatory: c.mandatory,
                    coefficient,
                    basis: self.citation(c.basis),
                });
            }
        }
        out
    }

    fn violation(
        &mut self,
        raw: RawViolation,
        path: &At,
        shared: &[FactDecl],
        ruleset_circumstances: &[Circumstance],
        conventions: &Conventions,
    ) -> Violation {
        let mut own = Vec::with_capacity(raw.facts.len());
        self.declare(raw.facts, &path.field("facts"), shared, &mut own);
        let scope = Scope { shared, own: &own };
        if raw.violates.is_empty() {
            self.push(
                Code::MissingCitation,
                path.field("violates"),
                "a violation needs the provision it breaks (违法依据)",
            );
        }
        let no_penalties = raw.penalties.is_empty();
        let has_fine = raw.penalties.iter().any(|p| p.kind == PenaltyKind::Fine);
        let penalties = self.penalties(raw.penalties, &path.field("penalties"), &scope);
        if no_penalties {
            self.push(
                Code::InvalidValue,
                path.field("penalties"),
                "a violation needs its statutory penalty kinds",
            );
        }
        let fine_given = raw.fine.is_some();
        let fine = raw
            .fine
            .and_then(|f| self.fine(f, &path.field("fine"), &scope));
        match (has_fine, fine_given) {
            (true, false) => self.push(
                Code::InvalidValue,
                path.field("fine"),
                "the penalties include a fine but the fine is not given",
            ),
            (false, true) => self.push(
                Code::InvalidValue,
                path.field("penalties"),
                "a fine is given but the penalties do not include kind `fine`",
            ),
            _ => {}
        }
        let circumstances =
            self.circumstances(raw.circumstances, &path.field("circumstances"), &scope);
        let model_given = raw.model.is_some();
        let model = raw.model.and_then(|m| {
            self.model(
                m,
                &path.field("model"),
                &scope,
                fine.as_ref(),
                conventions,
                ruleset_circumstances.iter().chain(&circumstances),
            )
        });
        if model_given && !fine_given {
            self.push(
                Code::InvalidValue,
                path.field("model"),
                "a discretion model needs the statutory fine it divides",
            );
        }
        let no_lenience = raw.no_lenience.and_then(|n| {
            let when = self.condition(&path.field("no_lenience").field("when"), n.when, &scope)?;
            Some(NoPenalty {
                text: self.text(n.text),
                when,
                mandatory: true,
                basis: self.citation(n.basis),
            })
        });
        let no_penalty = self.no_penalty(raw.no_penalty, &path.field("no_penalty"), &scope);
        let examples = path.field("examples");
        for (i, e) in raw.examples.iter().enumerate() {
            if Date::parse(&e.decided_on).is_none() {
                self.push(
                    Code::InvalidValue,
                    examples.index(i).field("decided_on"),
                    format!("`{}` is not a date written YYYY-MM-DD", e.decided_on),
                );
            }
        }
        Violation {
            id: Arc::from(&*raw.id),
            name: self.text(raw.name),
            name_en: self.texts(raw.name_en),
            category: self.texts(raw.category),
            keywords: raw.keywords.into_iter().map(|k| self.text(k)).collect(),
            description: self.texts(raw.description),
            violates: raw.violates.into_iter().map(|c| self.citation(c)).collect(),
            punishes: self.citation(raw.punishes),
            benchmark: raw
                .benchmark
                .into_iter()
                .map(|c| self.citation(c))
                .collect(),
            facts: own,
            penalties,
            fine,
            model,
            no_penalty,
            circumstances,
            no_lenience,
            examples: raw.examples,
        }
    }

    fn no_penalty(
        &mut self,
        raw: Vec<crate::raw::RawNoPenalty>,
        path: &At,
        scope: &Scope,
    ) -> Vec<NoPenalty> {
        let mut out = Vec::with_capacity(raw.len());
        for (i, n) in raw.into_iter().enumerate() {
            let Some(when) = self.condition(&path.index(i).field("when"), n.when, scope) else {
                continue;
            };
            out.push(NoPenalty {
                text: self.text(n.text),
                when,
                mandatory: n.mandatory,
                basis: self.citation(n.basis),
            });
        }
        out
    }

    fn penalties(&mut self, raw: Vec<RawPenalty>, path: &At, scope: &Scope) -> Vec<Penalty> {
        let mut out = Vec::with_capacity(raw.len());
        for (i, p) in raw.into_iter().enumerate() {
            let when = p
                .when
                .and_then(|w| self.condition(&path.index(i).field("when"), w, scope));
            out.push(Penalty {
                kind: p.kind,
                mode: p.mode,
                when,
                text: self.texts(p.text),
            });
        }
        out
    }

    fn fact_of_kind(
        &mut self,
        path: &At,
        name: &str,
        kinds: &[FactKind],
        scope: &Scope,
    ) -> Option<FactId> {
        let Some(fact) = scope.lookup(name) else {
            self.push(Code::UnknownFact, path, format!("unknown fact `{name}`"));
            return None;
        };
        if !kinds.contains(&fact.kind) {
            self.push(
                Code::InvalidValue,
                path,
                format!(
                    "fact `{name}` must be of type {kinds:?}, not {:?}",
                    fact.kind
                ),
            );
            return None;
        }
        Some(fact.id)
    }

    fn fine(&mut self, raw: RawFine, path: &At, scope: &Scope) -> Option<Fine> {
        let bounds = |v: &mut Validator, min: &Option<Str>, max: &Option<Str>, amounts: bool| {
            // Each bound is read once. One that cannot be read is reported (and read
            // as zero), and then the two are not compared.
            let mut comparable = true;
            let mut read = |v: &mut Validator, field: &str, text: &Str| {
                let parsed = if amounts {
                    parse_amount(text)
                } else {
                    parse_decimal(text)
                };
                parsed.unwrap_or_else(|| {
                    comparable = false;
                    let at = path.field(field);
                    if amounts {
                        v.amount(&at, text)
                    } else {
                        v.number(&at, text)
                    }
                })
            };
            let min = min.as_ref().map(|t| read(v, "min", t));
            let max = max.as_ref().map(|t| read(v, "max", t));
            if min.is_none() && max.is_none() {
                v.push(Code::InvalidValue, path, "give at least one of min and max");
            }
            if let (Some(a), Some(b), true) = (min, max, comparable) {
                if a > b {
                    v.push(Code::InvalidValue, path.field("min"), "min is above max");
                }
            }
            (min, max)
        };
        Some(match raw {
            RawFine::Fixed(text) => Fine::Fixed(self.amount(&path.field("fixed"), &text)),
            RawFine::Range { min, max } => {
                let (min, max) = bounds(self, &min, &max, true);
                Fine::Range { min, max }
            }
            RawFine::Multiple { of, min, max } => {
                let of = self.fact_of_kind(
                    &path.field("multiple").field("of"),
                    &of,
                    &[FactKind::Money],
                    scope,
                );
                let (min, max) = bounds(self, &min, &max, false);
                if min.is_some_and(|m| m.is_sign_negative()) {
                    self.push(
                        Code::InvalidValue,
                        path.field("min"),
                        "a multiple cannot be negative",
                    );
                }
                Fine::Multiple { of: of?, min, max }
            }
            RawFine::Cases(cases) => {
                if cases.is_empty() {
                    self.push(Code::InvalidValue, path, "cases need at least one case");
                }
                let count = cases.len();
                let mut out = Vec::with_capacity(count);
                let all = path.field("cases");
                for (i, c) in cases.into_iter().enumerate() {
                    let at = all.index(i);
                    if c.when.is_none() && i + 1 != count {
                        self.push(
                            Code::InvalidValue,
                            at.field("when"),
                            "only the last case may omit its condition",
                        );
                    }
                    let when = c
                        .when
                        .and_then(|w| self.condition(&at.field("when"), w, scope));
                    let fine = self.fine(c.fine, &at.field("fine"), scope);
                    out.push(FineCase {
                        when,
                        text: self.text(c.text),
                        fine: fine?,
                    });
                }
                Fine::Cases(out)
            }
            RawFine::Either {
                primary,
                fallback,
                fallback_when,
                fallback_text,
            } => {
                let either = path.field("either");
                let when = fallback_when
                    .and_then(|w| self.condition(&either.field("fallback_when"), w, scope));
                let primary = self.fine(*primary, &either.field("primary"), scope);
                let fallback = self.fine(*fallback, &either.field("fallback"), scope);
                Fine::Either {
                    primary: Box::new(primary?),
                    fallback: Box::new(fallback?),
                    when,
                    text: self.text(fallback_text),
                }
            }
            RawFine::PerDay { days, daily, unit } => {
                let per_day = path.field("per_day");
                let days =
                    self.fact_of_kind(&per_day.field("days"), &days, &[FactKind::Integer], scope);
                let daily = self.fine(*daily, &per_day.field("daily"), scope);
                Fine::PerDay {
                    days: days?,
                    daily: Box::new(daily?),
                    unit: unit.map_or_else(|| Text::from("日"), |u| self.text(u)),
                }
            }
        })
    }

    fn model<'c>(
        &mut self,
        raw: crate::raw::RawModel,
        path: &At,
        scope: &Scope,
        statutory: Option<&Fine>,
        conventions: &Conventions,
        circumstances: impl Iterator<Item = &'c Circumstance>,
    ) -> Option<Model> {
        use crate::raw::RawModel;
        let fixed = matches!(raw, RawModel::FixedBands(_));
        let model = match raw {
            RawModel::Tiers(tiers) => {
                let none = tiers.is_empty();
                let mut out = Vec::with_capacity(tiers.len());
                // The levels of the tiers so far without a condition.
                let mut unconditional = Vec::new();
                let all = path.field("tiers");
                for (i, t) in tiers.into_iter().enumerate() {
                    let at = all.index(i);
                    if t.when.is_none() {
                        if unconditional.contains(&t.tier) {
                            self.push(
                                Code::Duplicate,
                                at.field("tier"),
                                "two tiers of the same level without a condition",
                            );
                        }
                        unconditional.push(t.tier);
                    }
                    let when = t
                        .when
                        .and_then(|w| self.condition(&at.field("when"), w, scope));
                    let fine_at = at.field("fine");
                    let fine = self.fine(t.fine, &fine_at, scope)?;
                    if t.tier != Tier::Mitigated {
                        self.within_statutory(&fine_at, &fine, statutory);
                    } else if let (Some((_, max)), Some((minimum, _))) = (
                        fixed_span(Some(&fine)),
                        statutory.and_then(|s| fixed_span(Some(s))),
                    ) {
                        if max.is_none_or(|max| max > minimum) {
                            self.push(
                                Code::OutOfRange,
                                fine_at,
                                "a 减轻 tier lies below the statutory minimum",
                            );
                        }
                    }
                    let penalties = self.penalties(t.penalties, &at.field("penalties"), scope);
                    out.push(TierRule {
                        tier: t.tier,
                        when,
                        text: self.text(t.text),
                        fine,
                        penalties,
                    });
                }
                if none {
                    self.push(
                        Code::InvalidValue,
                        path,
                        "a tiers model needs at least one tier",
                    );
                }
                self.rising(&out, &all);
                Model::Tiers(out)
            }
            RawModel::Bands(b) => {
                let at = path.field("bands");
                let bands = self.bands(&b, &at);
                let shares = matches!(bands.lighter[0], BandBound::Share(_));
                match statutory {
                    Some(
                        Fine::Range {
                            min: _,
                            max: Some(_),
                        }
                        | Fine::Multiple { max: Some(_), .. }
                        | Fine::Cases(_)
                        | Fine::Either { .. }
                        | Fine::PerDay { .. },
                    ) if shares => {}
                    Some(Fine::Range {
                        min: Some(_),
                        max: Some(_),
                    }) => {}
                    _ if shares => self.push(
                        Code::InvalidValue,
                        at,
                        "share bands need a statutory fine with a maximum",
                    ),
                    _ => {}
                }
                if !shares {
                    for (name, pair) in [
                        ("lighter", bands.lighter),
                        ("ordinary", bands.ordinary),
                        ("heavier", bands.heavier),
                    ] {
                        let [BandBound::Amount(a), BandBound::Amount(b)] = pair else {
                            continue;
                        };
                        let fine = Fine::Range {
                            min: Some(a),
                            max: Some(b),
                        };
                        self.within_statutory(&at.field(name), &fine, statutory);
                    }
                }
                Model::Bands(bands)
            }
            RawModel::Weights(w) => {
                let at = path.field("weights");
                let start = self.share(&at.field("start"), &w.start);
                let base = w.base.as_ref().map(|b| self.amount(&at.field("base"), b));
                let cap = w
                    .cap
                    .as_ref()
                    .map_or(Decimal::ONE, |c| self.share(&at.field("cap"), c));
                let floor = w.floor.as_ref().map(|f| self.share(&at.field("floor"), f));
                if floor.is_some_and(|f| f > cap) {
                    self.push(
                        Code::InvalidValue,
                        at.field("floor"),
                        "the floor is above the cap",
                    );
                }
                if base.is_none()
                    && matches!(
                        statutory,
                        None | Some(
                            Fine::Range { max: None, .. } | Fine::Multiple { max: None, .. }
                        )
                    )
                {
                    self.push(
                        Code::InvalidValue,
                        at.field("base"),
                        "without a base the statutory fine must have a maximum",
                    );
                }
                let mut factors = Vec::with_capacity(w.factors.len());
                let all = at.field("factors");
                for (i, f) in w.factors.into_iter().enumerate() {
                    let factor_path = all.index(i);
                    let fact = f.fact.as_ref().and_then(|name| {
                        self.fact_of_kind(
                            &factor_path.field("fact"),
                            name,
                            &[
                                FactKind::Money,
                                FactKind::Decimal,
                                FactKind::Integer,
                                FactKind::Choice,
                                FactKind::Boolean,
                            ],
                            scope,
                        )
                    });
                    let levels_path = factor_path.field("levels");
                    if f.levels.is_empty() {
                        self.push(
                            Code::InvalidValue,
                            levels_path,
                            "a factor needs at least one level",
                        );
                    }
                    let mut levels = Vec::with_capacity(f.levels.len());
                    for (j, l) in f.levels.into_iter().enumerate() {
                        let lat = levels_path.index(j);
                        let weight = self.share(&lat.field("weight"), &l.weight);
                        let matcher =
                            self.matcher(&lat, fact, [&l.from, &l.to], l.equals, l.when, scope);
                        levels.push(Level {
                            text: self.text(l.text),
                            weight,
                            matcher,
                        });
                    }
                    self.partition(
                        &levels_path,
                        levels.iter().map(|l| &l.matcher),
                        conventions,
                        scope,
                    );
                    factors.push(Factor {
                        name: self.text(f.name),
                        levels,
                    });
                }
                Model::Weights(Weights {
                    start,
                    base,
                    cap,
                    floor,
                    factors,
                })
            }
            RawModel::FactBands(rows) | RawModel::FixedBands(rows) => {
                let name = if fixed { "fixed_bands" } else { "fact_bands" };
                let none = rows.is_empty();
                let mut out = Vec::with_capacity(rows.len());
                let all = path.field(name);
                for (i, r) in rows.into_iter().enumerate() {
                    let at = all.index(i);
                    let fact = r.fact.as_ref().and_then(|n| {
                        self.fact_of_kind(
                            &at.field("fact"),
                            n,
                            &[
                                FactKind::Money,
                                FactKind::Decimal,
                                FactKind::Integer,
                                FactKind::Choice,
                                FactKind::Boolean,
                            ],
                            scope,
                        )
                    });
                    let matcher =
                        self.matcher(&at, fact, [&r.from, &r.to], r.equals, r.when, scope);
                    let fine_at = at.field("fine");
                    let fine = self.fine(r.fine, &fine_at, scope)?;
                    if fixed && !matches!(fine, Fine::Fixed(_)) {
                        self.push(
                            Code::InvalidValue,
                            fine_at,
                            "a fixed_bands row needs a fixed fine",
                        );
                    }
                    self.within_statutory(&fine_at, &fine, statutory);
                    let penalties = self.penalties(r.penalties, &at.field("penalties"), scope);
                    out.push(Row {
                        text: self.text(r.text),
                        matcher,
                        tier: r.tier.unwrap_or(Tier::Ordinary),
                        fine,
                        penalties,
                    });
                }
                if none {
                    self.push(
                        Code::InvalidValue,
                        path,
                        "a bands model needs at least one row",
                    );
                }
                self.partition(&all, out.iter().map(|r| &r.matcher), conventions, scope);
                if fixed {
                    Model::FixedBands(out)
                } else {
                    Model::FactBands(out)
                }
            }
            RawModel::Coefficients(c) => {
                let at = path.field("coefficients");
                let base_at = at.field("base");
                let base = self.amount(&base_at, &c.base);
                if !circumstances.into_iter().any(|c| c.coefficient.is_some()) {
                    self.push(
                        Code::InvalidValue,
                        at,
                        "no circumstance of this violation carries a coefficient",
                    );
                }
                self.within_statutory(&base_at, &Fine::Fixed(base), statutory);
                Model::Coefficients { base }
            }
        };
        Some(model)
    }

    /// The tiers that the circumstances choose (no condition) must rise with their
    /// level: 从轻 means a lighter fine than would otherwise be given, 从重 a heavier one.
    /// Where two of them state their amounts, the higher level may not start or end
    /// below the lower one.
    fn rising(&mut self, tiers: &[TierRule], path: &At) {
        // Each level's tier without a condition, with its position and its amounts.
        let chosen: Vec<(usize, Tier, (Decimal, Option<Decimal>))> =
            [Tier::Lighter, Tier::Ordinary, Tier::Heavier]
                .into_iter()
                .filter_map(|level| {
                    let i = tiers
                        .iter()
                        .position(|t| t.tier == level && t.when.is_none())?;
                    Some((i, level, fixed_span(Some(&tiers[i].fine))?))
                })
                .collect();
        // No maximum is above every amount.
        let top = |max: Option<Decimal>| (max.is_none(), max);
        for pair in chosen.windows(2) {
            let [(_, lower, (lower_min, lower_max)), (i, higher, (min, max))] = pair else {
                continue;
            };
            if min < lower_min || top(*max) < top(*lower_max) {
                self.push(
                    Code::InvalidValue,
                    path.index(*i).field("fine"),
                    format!(
                        "the {} tier starts or ends below the {} tier: the tiers the \
                         circumstances choose rise from 从轻 to 一般 to 从重",
                        crate::assessment::tier_name(*higher),
                        crate::assessment::tier_name(*lower)
                    ),
                );
            }
        }
    }

    fn matcher(
        &mut self,
        path: &At,
        fact: Option<FactId>,
        [from, to]: [&Option<Str>; 2],
        equals: Option<Str>,
        when: Option<Str>,
        scope: &Scope,
    ) -> Matcher {
        let kind = fact.and_then(|id| scope.get(id)).map(|f| f.kind);
        let numeric = matches!(
            kind,
            Some(FactKind::Money | FactKind::Decimal | FactKind::Integer)
        );
        let band = |v: &mut Validator, field: &str, text: &Option<Str>| {
            let text = text.as_ref()?;
            if !numeric {
                v.push(
                    Code::InvalidValue,
                    path.field(field),
                    "a band bound needs a number fact in `fact`",
                );
                return None;
            }
            Some(v.number(&path.field(field), text))
        };
        let from = band(self, "from", from);
        let to = band(self, "to", to);
        let equals = equals.and_then(|text| match (kind, fact.and_then(|id| scope.get(id))) {
            (Some(FactKind::Choice), Some(decl)) => {
                // The declared value, shared rather than copied.
                if let Some(choice) = decl.choices.iter().find(|c| *c.value == *text) {
                    Some(Equals::Text(Arc::clone(&choice.value)))
                } else {
                    self.push(
                        Code::InvalidValue,
                        path.field("equals"),
                        format!("`{text}` is not a choice of fact `{}`", decl.name),
                    );
                    None
                }
            }
            (Some(FactKind::Boolean), _) => match text.as_str() {
                "true" | "false" => Some(Equals::Text(Arc::from(&*text))),
                _ => {
                    self.push(
                        Code::InvalidValue,
                        path.field("equals"),
                        "a yes/no fact equals `true` or `false`",
                    );
                    None
                }
            },
            _ if numeric => Some(Equals::Number(self.number(&path.field("equals"), &text))),
            _ => {
                self.push(
                    Code::InvalidValue,
                    path.field("equals"),
                    "`equals` needs a fact in `fact`",
                );
                None
            }
        });
        let when = when.and_then(|w| self.condition(&path.field("when"), w, scope));
        Matcher {
            fact,
            from,
            to,
            equals,
            when,
        }
    }

    /// Bands of one number fact, without extra conditions, must not overlap nor leave
    /// a gap between them. Whole-number facts count in steps of one.
    fn partition<'m>(
        &mut self,
        path: &At,
        matchers: impl Iterator<Item = &'m Matcher>,
        conventions: &Conventions,
        scope: &Scope,
    ) {
        let mut bands: Vec<(usize, Interval)> = Vec::new();
        let mut whole = false;
        for (i, m) in matchers.enumerate() {
            let Some(fact) = m.fact.filter(|_| m.when.is_none()) else {
                continue;
            };
            let integer = scope.get(fact).is_some_and(|f| f.kind == FactKind::Integer);
            whole = integer;
            let interval = match (&m.equals, m.from, m.to) {
                (Some(Equals::Number(n)), None, None) => Interval::point(*n),
                (None, from, to) if from.is_some() || to.is_some() => Interval {
                    from: from.map(|f| (f, conventions.above_inclusive)),
                    to: to.map(|t| (t, conventions.below_inclusive)),
                },
                _ => continue,
            };
            bands.push((i, if integer { interval.whole() } else { interval }));
        }
        for (k, (i, a)) in bands.iter().enumerate() {
            for (j, b) in &bands[..k] {
                if a.overlaps(b) {
                    self.push(
                        Code::Overlap,
                        path.index(*i),
                        format!("this band overlaps band {j} of the same fact"),
                    );
                }
            }
        }
        bands.sort_by_key(|(_, a)| a.start_key());
        for pair in bands.windows(2) {
            let [(_, a), (i, b)] = pair else { continue };
            let gap = if whole {
                a.leaves_whole_gap_before(b)
            } else {
                a.leaves_gap_before(b)
            };
            if gap {
                self.push(
                    Code::Gap,
                    path.index(*i),
                    "values between this band and the one below it match no band",
                );
            }
        }
    }

    /// A tier's or row's fine must lie within the statutory fine where both are fixed amounts.
    fn within_statutory(&mut self, path: &At, fine: &Fine, statutory: Option<&Fine>) {
        let Some(statutory) = statutory else {
            self.push(
                Code::InvalidValue,
                path,
                "a model's fine needs the violation's statutory fine",
            );
            return;
        };
        let problem = match (fine, statutory) {
            (
                Fine::Multiple { of, min, max },
                Fine::Multiple {
                    of: outer,
                    min: omin,
                    max: omax,
                },
            ) => {
                let zero = Decimal::ZERO;
                let inside =
                    span_within((min.unwrap_or(zero), *max), (omin.unwrap_or(zero), *omax));
                (of != outer || !inside)
                    .then_some("these multiples lie outside the statutory multiples")
            }
            _ => match (fixed_span(Some(fine)), fixed_span(Some(statutory))) {
                (Some(inner), Some(outer)) => (!span_within(inner, outer))
                    .then_some("this fine lies outside the statutory fine"),
                // Fines that depend on facts are checked when assessed.
                _ => None,
            },
        };
        if let Some(message) = problem {
            self.push(Code::OutOfRange, path, message);
        }
    }
}

/// An interval of a number fact with inclusive or exclusive bounds.
#[derive(Debug, Clone, Copy)]
struct Interval {
    from: Option<(Decimal, bool)>,
    to: Option<(Decimal, bool)>,
}

impl Interval {
    fn point(n: Decimal) -> Interval {
        Interval {
            from: Some((n, true)),
            to: Some((n, true)),
        }
    }

    /// The same interval over whole numbers: inclusive bounds, so that `[1, 1]` and
    /// `[2, 2]` leave no gap.
    fn whole(self) -> Interval {
        let from = self.from.map(|(v, inclusive)| {
            let lowest = if inclusive {
                v.ceil()
            } else {
                v.floor() + Decimal::ONE
            };
            (lowest, true)
        });
        let to = self.to.map(|(v, inclusive)| {
            let highest = if inclusive {
                v.floor()
            } else {
                v.ceil() - Decimal::ONE
            };
            (highest, true)
        });
        Interval { from, to }
    }

    fn start_key(&self) -> (Option<Decimal>, bool) {
        // Unbounded first, then by value, inclusive before exclusive.
        self.from.map_or((None, false), |(v, inc)| (Some(v), !inc))
    }

    fn overlaps(&self, other: &Interval) -> bool {
        let ends_before = |a: &Interval, b: &Interval| match (a.to, b.from) {
            (Some((t, ti)), Some((f, fi))) => t < f || (t == f && !(ti && fi)),
            _ => false,
        };
        !ends_before(self, other) && !ends_before(other, self)
    }

    fn leaves_gap_before(&self, next: &Interval) -> bool {
        match (self.to, next.from) {
            (Some((t, ti)), Some((f, fi))) => t < f || (t == f && !ti && !fi),
            _ => false,
        }
    }

    /// Over whole numbers, `[.., 1]` then `[2, ..]` leave no gap.
    fn leaves_whole_gap_before(&self, next: &Interval) -> bool {
        match (self.to, next.from) {
            (Some((t, _)), Some((f, _))) => t + Decimal::ONE < f,
            _ => false,
        }
    }
}

/// The positions of the ids already used before them; empty (and so not allocated) when
/// there are none.
fn duplicate_ids<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Vec<usize> {
    let mut seen = HashSet::with_capacity(ids.len());
    ids.enumerate()
        .filter(|(_, id)| !seen.insert(*id))
        .map(|(i, _)| i)
        .collect()
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Checks every citation's text against the source it names: for a law, the text of
/// the cited article in the law file; for any other source, the whole file. Whitespace
/// is ignored (extracted PDF text wraps). `text_of` gives a source's file text, or
/// `None` when the project does not carry it.
pub fn check_citation_texts(
    raw: &RawRuleset,
    text_of: &dyn Fn(&RawSource) -> Option<String>,
) -> Vec<Problem> {
    use crate::citation::{article_text, contains_verbatim};
    use crate::raw::SourceKind;
    let mut problems = Vec::new();
    let mut texts: Vec<(&RawSource, Option<String>)> = Vec::new();
    let mut citations = Vec::new();
    each_citation(raw, |path, c| citations.push((path.to_string(), c)));
    for (path, c) in citations {
        let Some(source) = raw
            .ruleset
            .sources
            .iter()
            .find(|s| *s.title == *c.law && *s.version == *c.version)
        else {
            continue;
        };
        let text = if let Some((_, cached)) = texts.iter().find(|(s, _)| std::ptr::eq(*s, source)) {
            cached.clone()
        } else {
            let read = text_of(source);
            texts.push((source, read.clone()));
            read
        };
        let Some(text) = text else {
            if source.kind == SourceKind::Law {
                problems.push(problem(
                    Code::MissingCitation,
                    format!("{path}.law"),
                    format!(
                        "the project does not carry the text of {} ({})",
                        c.law, c.version
                    ),
                ));
            }
            continue;
        };
        let scope = if source.kind == SourceKind::Law {
            article_text(&text, &c.article)
        } else {
            Some(text.as_str())
        };
        match scope {
            None => problems.push(problem(
                Code::CitationMismatch,
                format!("{path}.article"),
                format!("{} ({}) has no {}", c.law, c.version, c.article),
            )),
            Some(scope) if !contains_verbatim(scope, &c.text) => problems.push(problem(
                Code::CitationMismatch,
                format!("{path}.text"),
                format!(
                    "the text is not in {} {} as the project carries it",
                    c.law, c.article
                ),
            )),
            Some(_) => {}
        }
    }
    problems
}

impl Ruleset {
    /// Checks that this ruleset only narrows its parent (统筹兼顾): each violation it
    /// shares with the parent keeps the statutory fine, and each tier or band lies
    /// within the parent's tier of the same level.
    #[must_use]
    pub fn check_refines(&self, parent: &Ruleset) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, v) in self.violations.iter().enumerate() {
            let path = format!("violations[{i}]");
            let Some(p) = parent.violation(&v.id) else {
                problems.push(problem(
                    Code::OutsideParent,
                    format!("{path}.id"),
                    format!("parent `{}` has no violation `{}`", parent.id(), v.id),
                ));
                continue;
            };
            if fixed_span(v.fine.as_ref()) != fixed_span(p.fine.as_ref()) {
                problems.push(problem(
                    Code::OutsideParent,
                    format!("{path}.fine"),
                    "the statutory fine differs from the parent's",
                ));
            }
            let (Some(Model::Tiers(child)), Some(Model::Tiers(upper))) = (&v.model, &p.model)
            else {
                continue;
            };
            for (j, t) in child.iter().enumerate() {
                // Only fixed amounts can be compared without facts; others are checked
                // by the worked examples.
                let within = upper.iter().filter(|u| u.tier == t.tier).any(|u| {
                    match (fixed_span(Some(&t.fine)), fixed_span(Some(&u.fine))) {
                        (Some(inner), Some(outer)) => span_within(inner, outer),
                        _ => true,
                    }
                });
                if !within {
                    problems.push(problem(
                        Code::OutsideParent,
                        format!("{path}.model.tiers[{j}].fine"),
                        format!(
                            "this tier leaves the parent's {} tier",
                            crate::assessment::tier_name(t.tier)
                        ),
                    ));
                }
            }
        }
        problems
    }
}

/// Whether `[min, max]` lies within `[outer_min, outer_max]`; `None` is unbounded.
fn span_within(
    (min, max): (Decimal, Option<Decimal>),
    (outer_min, outer_max): (Decimal, Option<Decimal>),
) -> bool {
    min >= outer_min
        && match (max, outer_max) {
            (Some(max), Some(outer_max)) => max <= outer_max,
            (_, None) => true,
            (None, Some(_)) => false,
        }
}

fn fixed_span(fine: Option<&Fine>) -> Option<(Decimal, Option<Decimal>)> {
    match fine? {
        Fine::Fixed(a) => Some((*a, Some(*a))),
        Fine::Range { min, max } => Some((min.unwrap_or(Decimal::ZERO), *max)),
        _ => None,
    }
}
