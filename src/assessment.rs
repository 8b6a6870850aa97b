//! Assessment: a ruleset, violations, facts and a decision date in; the outcome, the
//! fine, the penalties, the procedure, the basis and the reasons out. The general part
//! of 行政处罚法 is applied here, to every violation, before and after the ruleset's
//! own model.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::citation::Citation;
use crate::date::Date;
use crate::error::{Code, Error, Problem};
use crate::expr::{Condition, EvalError, FactId, Value, compare_band};
use crate::facts::ids;
use crate::general::Provision;
use crate::money::{Yuan, share_text, to_fen};
use crate::raw::{
    Effect, FactInput, Offset, Outcome, PenaltyKind, PenaltyMode, Tier, UnknownFactor,
};
use crate::ruleset::{
    BandBound, Equals, Fine, Matcher, Model, Penalty, Ruleset, Violation, problem,
};

/// What to assess.
#[derive(Debug, Clone)]
pub struct Request {
    /// The violations of the act; more than one when one act breaks several provisions.
    pub violations: Vec<String>,
    /// The facts as entered, by name.
    pub facts: BTreeMap<String, FactInput>,
    /// The decision date.
    pub decided_on: Date,
}

/// The result of an assessment. Amounts are decimal strings in yuan.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The ruleset version applied.
    pub ruleset: RulesetRef,
    /// The violation whose provision applies.
    pub violation: ViolationRef,
    /// The decision date.
    pub decided_on: Date,
    /// 不予处罚 / 减轻 / 从轻 / 一般 / 从重.
    pub outcome: Outcome,
    /// 应当 (true) or 可以 (false).
    pub mandatory: bool,
    /// The fine the benchmark gives, if any.
    pub fine: Option<FineRange>,
    /// The statutory fine, where the facts given determine it.
    pub statutory_fine: Option<FineRange>,
    /// The penalty kinds.
    pub penalties: Vec<PenaltyOut>,
    /// Other outcomes the agency may lawfully choose (可以不予处罚, 减轻).
    pub alternatives: Vec<Alternative>,
    /// 当场处罚, 听证, 法制审核.
    pub procedure: Procedure,
    /// Every provision used, with its text.
    pub basis: Vec<Basis>,
    /// The steps, in Chinese and English.
    pub reasons: Vec<Reason>,
    /// Other violations of the same act that were assessed (第二十九条).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoAssessed>,
}

/// The ruleset version applied.
#[derive(Debug, Clone, Serialize)]
pub struct RulesetRef {
    /// Id.
    pub id: String,
    /// Version label.
    pub version: String,
    /// SHA-256 of the file as published, if known.
    pub sha256: Option<String>,
}

/// A violation by id and name.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// A fine range; `max` is absent when the law sets no maximum; `amount` where the
/// benchmark gives one amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FineRange {
    /// Lowest amount.
    pub min: Yuan,
    /// Highest amount.
    pub max: Option<Yuan>,
    /// The amount, where the benchmark gives a point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Yuan>,
    /// `max` itself is excluded: the benchmark's “以下” does not include the bound
    /// (广东 第二十三条). Absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub max_excluded: bool,
}

/// A penalty kind in the result.
#[derive(Debug, Clone, Serialize)]
pub struct PenaltyOut {
    /// The kind.
    pub kind: PenaltyKind,
    /// Its Chinese name.
    pub name: &'static str,
    /// must / may / either.
    pub mode: PenaltyMode,
    /// Whether it applies on the facts given, or depends on a fact not given.
    pub status: PenaltyStatus,
    /// Statutory wording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The condition it depends on, where it depends on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// Whether a penalty kind applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyStatus {
    /// It applies.
    Applies,
    /// It applies if its condition holds, which the facts given do not settle.
    Conditional,
}

/// Another lawful outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// The outcome.
    pub outcome: Outcome,
    /// 应当 or 可以.
    pub mandatory: bool,
    /// Its fine.
    pub fine: Option<FineRange>,
    /// Why it is open, in Chinese.
    pub note: String,
    /// Why it is open, in English.
    pub note_en: String,
}

/// Procedure notes.
#[derive(Debug, Clone, Serialize)]
pub struct Procedure {
    /// 当场作出 (简易程序, 第五十一条).
    pub summary_procedure: Step,
    /// Right to a hearing (第六十三条).
    pub hearing: Step,
    /// Legal review (法制审核, 第五十八条).
    pub legal_review: Step,
}

/// One procedure note.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Whether it applies.
    pub applies: Applies,
    /// The amount threshold that decides, if any.
    pub threshold: Option<Yuan>,
    /// Explanation in Chinese.
    pub note: String,
    /// Explanation in English.
    pub note_en: String,
    /// The article.
    pub basis: Citation,
}

/// Whether a procedure step applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    /// Yes.
    Yes,
    /// No.
    No,
    /// If the fine chosen is at most the threshold.
    IfFineAtMost,
    /// If the fine chosen is at least the threshold.
    IfFineAtLeast,
    /// If a penalty that depends on it is imposed, or a hearing is held.
    Conditional,
    /// The facts or the ruleset do not settle it.
    Unknown,
}

/// A provision used, with its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// What the provision does in this case.
    pub role: Role,
    /// The provision.
    #[serde(flatten)]
    pub citation: Citation,
}

/// The role of a provision in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 违法依据.
    Violated,
    /// 处罚依据.
    Penalty,
    /// The benchmark's row or article.
    Benchmark,
    /// The general part of 行政处罚法.
    General,
    /// A circumstance.
    Circumstance,
    /// A no-penalty list.
    NoPenalty,
    /// An issuer's convention (thresholds).
    Convention,
}

/// One step of the reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

/// Another violation of the same act and its fine (第二十九条).
#[derive(Debug, Clone, Serialize)]
pub struct AlsoAssessed {
    /// The violation.
    pub violation: ViolationRef,
    /// Its fine.
    pub fine: Option<FineRange>,
}

impl Ruleset {
    /// Assesses a request under this ruleset alone.
    pub fn assess(&self, request: &Request) -> Result<Assessment, Error> {
        assess(&[self], request)
    }
}

/// Assesses a request under the versions of one ruleset, applying 第三十七条: the
/// version in force when the act was committed, unless the one in force on the
/// decision date is lighter or no longer makes the act a violation.
pub fn assess(versions: &[&Ruleset], request: &Request) -> Result<Assessment, Error> {
    let decided_on = request.decided_on;
    let in_force = |date: Date| {
        versions
            .iter()
            .copied()
            .filter(|r| r.in_force_on(date))
            .max_by_key(|r| r.effective_from())
    };
    let Some(current) = in_force(decided_on).or_else(|| (versions.len() == 1).then(|| versions[0]))
    else {
        return Err(Error::one(problem(
            Code::NotInForce,
            "decided_on",
            format!("no version of the ruleset is in force on {decided_on}"),
        )));
    };
    let act_date = ["violation_end_date", "violation_date"]
        .iter()
        .find_map(|name| match request.facts.get(*name) {
            Some(FactInput::Text(t)) => Date::parse(t),
            _ => None,
        });
    let then = act_date.and_then(in_force);
    let has_all = |r: &Ruleset| {
        request
            .violations
            .iter()
            .all(|id| r.violation(id).is_some())
    };
    match then {
        Some(then) if !std::ptr::eq(then, current) => {
            let versions = (then.version(), current.version());
            if !has_all(then) && has_all(current) {
                let (zh, en) = (
                    format!(
                        "违法行为发生时适用的{}版未对该行为规定行政处罚，依照行政处罚法第三十七条适用违法行为发生时的规定，不予行政处罚",
                        versions.0
                    ),
                    format!(
                        "version {} in force when the act was committed sets no penalty for it: under article 37 no penalty is given",
                        versions.0
                    ),
                );
                return Ok(not_punishable(then, current, request, zh, en));
            }
            if !has_all(current) {
                let (zh, en) = (
                    format!(
                        "作出决定时的{}版已不再对该行为规定行政处罚，依照行政处罚法第三十七条适用新的规定，不予行政处罚",
                        versions.1
                    ),
                    format!(
                        "version {} in force on the decision date no longer sets a penalty for the act: under article 37 the new rule applies, no penalty",
                        versions.1
                    ),
                );
                return Ok(not_punishable(current, then, request, zh, en));
            }
            let old = assess_version(then, request)?;
            let new = assess_version(current, request)?;
            Ok(choose_version(old, new, then, current))
        }
        _ => {
            let mut assessment = assess_version(current, request)?;
            if act_date.is_some() && then.is_none() && versions.len() > 1 {
                assessment.reasons.insert(0, Reason {
                    zh: format!("违法行为发生时本规则集尚无有效版本，适用作出决定时有效的版本（{}）", current.version()),
                    en: format!("no version was in force when the act was committed; the version in force on the decision date ({}) applies", current.version()),
                });
            }
            Ok(assessment)
        }
    }
}

/// No penalty under 第三十七条: `applied` (the version whose rule decides) has no
/// penalty for the act; the violation's provisions are cited from `other`, which has it.
fn not_punishable(
    applied: &Ruleset,
    other: &Ruleset,
    request: &Request,
    zh: String,
    en: String,
) -> Assessment {
    let id = request.violations.first().map_or("", String::as_str);
    let mut trail = Trail::default();
    let violation = other.violation(id);
    if let Some(v) = violation {
        for c in &v.violates {
            trail.cite(Role::Violated, c.clone());
        }
        trail.cite(Role::Penalty, v.punishes.clone());
    }
    trail.cite(Role::General, Provision::Versions.citation());
    trail.say(zh, en);
    Assessment {
        ruleset: RulesetRef {
            id: applied.id().to_owned(),
            version: applied.version().to_owned(),
            sha256: applied.sha256.clone(),
        },
        violation: ViolationRef {
            id: id.to_owned(),
            name: violation.map_or_else(String::new, |v| v.name.clone()),
        },
        decided_on: request.decided_on,
        outcome: Outcome::NoPenalty,
        mandatory: true,
        fine: None,
        statutory_fine: None,
        penalties: Vec::new(),
        alternatives: Vec::new(),
        procedure: no_procedure(),
        basis: trail.basis,
        reasons: trail.reasons,
        also: Vec::new(),
    }
}

fn choose_version(old: Assessment, new: Assessment, then: &Ruleset, now: &Ruleset) -> Assessment {
    let versions = Provision::Versions.citation();
    let lighter_new = severity(&new) < severity(&old);
    let (mut chosen, other) = if lighter_new { (new, old) } else { (old, new) };
    let (zh, en) = if lighter_new {
        (
            format!(
                "违法行为发生时适用{}版，作出决定时{}版处罚较轻（{}），依照行政处罚法第三十七条适用新的规定",
                then.version(),
                now.version(),
                fine_words(chosen.fine.as_ref(), chosen.outcome)
            ),
            format!(
                "version {} applied when the act was committed; version {} in force on the decision date is lighter, so under article 37 the new rule applies",
                then.version(),
                now.version()
            ),
        )
    } else {
        (
            format!(
                "违法行为发生时适用{}版；作出决定时的{}版处罚不轻于旧版（{}），依照行政处罚法第三十七条适用违法行为发生时的规定",
                then.version(),
                now.version(),
                fine_words(other.fine.as_ref(), other.outcome)
            ),
            format!(
                "version {} applied when the act was committed; version {} is not lighter, so under article 37 the rule in force at the time of the act applies",
                then.version(),
                now.version()
            ),
        )
    };
    chosen.reasons.push(Reason { zh, en });
    push_basis(&mut chosen.basis, Role::General, versions);
    chosen
}

/// Orders outcomes from lightest: a mandatory no-penalty first, then no fine, then
/// fines by their maximum (no maximum is heaviest) and minimum, then by how many other
/// penalty kinds (吊销, 停产停业, 拘留 …) certainly apply.
fn severity(a: &Assessment) -> (u8, Decimal, Decimal, usize) {
    if a.outcome == Outcome::NoPenalty && a.mandatory {
        return (0, Decimal::ZERO, Decimal::ZERO, 0);
    }
    let others = a
        .penalties
        .iter()
        .filter(|p| p.status == PenaltyStatus::Applies && p.mode == PenaltyMode::Must)
        .filter(|p| !matches!(p.kind, PenaltyKind::Fine | PenaltyKind::Warning))
        .count();
    match &a.fine {
        None => (1, Decimal::ZERO, Decimal::ZERO, others),
        Some(f) => (2, f.max.map_or(Decimal::MAX, |m| m.0), f.min.0, others),
    }
}

fn fine_words(fine: Option<&FineRange>, outcome: Outcome) -> String {
    match (fine, outcome) {
        (_, Outcome::NoPenalty) => "不予处罚".to_owned(),
        (None, _) => "不罚款".to_owned(),
        (Some(f), _) => range_words(f),
    }
}

fn range_words(f: &FineRange) -> String {
    if let Some(a) = f.amount {
        return format!("{}元", a.0.normalize());
    }
    match f.max {
        Some(max) if max == f.min => format!("{}元", max.0.normalize()),
        Some(max) if f.max_excluded => {
            format!(
                "{}元以上{}元以下（不含{}元）",
                f.min.0.normalize(),
                max.0.normalize(),
                max.0.normalize()
            )
        }
        Some(max) => format!("{}元至{}元", f.min.0.normalize(), max.0.normalize()),
        None => format!("{}元以上", f.min.0.normalize()),
    }
}

/// Assesses under one version, applying 第二十九条 when several violations are given.
fn assess_version(ruleset: &Ruleset, request: &Request) -> Result<Assessment, Error> {
    if request.violations.is_empty() {
        return Err(Error::one(problem(
            Code::UnknownViolation,
            "violation",
            "name at least one violation",
        )));
    }
    let mut violations = Vec::new();
    let mut problems = Vec::new();
    for (i, id) in request.violations.iter().enumerate() {
        match ruleset.violation(id) {
            Some(v) => violations.push(v),
            None => problems.push(Problem::new(
                Code::UnknownViolation,
                format!("violation[{i}]"),
                format!("ruleset `{}` has no violation `{id}`", ruleset.id()),
                format!("规则集中没有该违法行为：{id}"),
            )),
        }
    }
    if let Some(error) = Error::from_problems(problems) {
        return Err(error);
    }
    let cases = read_facts(ruleset, &violations, &request.facts)?;
    let mut results = Vec::new();
    let mut missing = BTreeMap::new();
    for case in &cases {
        match case.assess(request.decided_on) {
            Ok(a) => results.push(a),
            Err(Failure::Missing(ids)) => {
                for id in ids {
                    if let Some(decl) = ruleset.fact(case.violation, id) {
                        missing
                            .entry(decl.name.clone())
                            .or_insert_with(|| decl.label.clone());
                    }
                }
            }
            Err(Failure::Error(e)) => return Err(e),
        }
    }
    if !missing.is_empty() {
        let problems = missing
            .into_iter()
            .map(|(name, label)| {
                Problem::new(
                    Code::MissingFact,
                    format!("facts.{name}"),
                    format!("`{name}` ({label}) is needed for this case"),
                    format!("请填写：{label}"),
                )
            })
            .collect();
        return Err(Error::from_problems(problems).unwrap_or_else(|| {
            Error::one(problem(Code::MissingFact, "facts", "a fact is needed"))
        }));
    }
    let mut chosen_index = 0;
    for (i, r) in results.iter().enumerate() {
        if severity(r) > severity(&results[chosen_index]) {
            chosen_index = i;
        }
    }
    let mut chosen = results.swap_remove(chosen_index);
    if !results.is_empty() {
        chosen.also = results
            .iter()
            .map(|r| AlsoAssessed {
                violation: r.violation.clone(),
                fine: r.fine,
            })
            .collect();
        let others: Vec<String> = results
            .iter()
            .map(|r| {
                format!(
                    "{}（{}）",
                    r.violation.name,
                    fine_words(r.fine.as_ref(), r.outcome)
                )
            })
            .collect();
        chosen.reasons.push(Reason {
            zh: format!("同一违法行为还违反：{}；依照行政处罚法第二十九条，按照罚款数额高的规定处罚，适用“{}”", others.join("；"), chosen.violation.name),
            en: format!("the same act also breaks {} provision(s); under article 29 the provision with the higher fine applies", results.len()),
        });
        push_basis(
            &mut chosen.basis,
            Role::General,
            Provision::OneFine.citation(),
        );
    }
    Ok(chosen)
}

enum Failure {
    Missing(Vec<FactId>),
    Error(Error),
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Failure {
        match e {
            EvalError::Missing(ids) => Failure::Missing(ids),
            EvalError::Arithmetic(message) => {
                Failure::Error(Error::one(problem(Code::Arithmetic, "facts", message)))
            }
        }
    }
}

/// One violation with the facts read against its declarations.
struct Case<'r> {
    ruleset: &'r Ruleset,
    violation: &'r Violation,
    values: Vec<Option<Value>>,
}

fn read_facts<'r>(
    ruleset: &'r Ruleset,
    violations: &[&'r Violation],
    input: &BTreeMap<String, FactInput>,
) -> Result<Vec<Case<'r>>, Error> {
    let shared = ruleset.facts.len();
    let mut cases: Vec<Case> = violations
        .iter()
        .map(|v| Case {
            ruleset,
            violation: v,
            values: vec![None; shared + v.facts.len()],
        })
        .collect();
    let mut problems = Vec::new();
    for (name, given) in input {
        let mut known = false;
        for case in &mut cases {
            let found = ruleset
                .facts
                .iter()
                .position(|f| &f.name == name)
                .or_else(|| {
                    case.violation
                        .facts
                        .iter()
                        .position(|f| &f.name == name)
                        .map(|i| shared + i)
                });
            let Some(id) = found else { continue };
            known = true;
            let Some(decl) = ruleset.fact(case.violation, id) else {
                continue;
            };
            match decl.read(given) {
                Ok(value) => case.values[id] = Some(value),
                Err((en, zh)) => {
                    if !problems
                        .iter()
                        .any(|p: &Problem| p.path == format!("facts.{name}"))
                    {
                        problems.push(Problem::new(
                            Code::InvalidFact,
                            format!("facts.{name}"),
                            format!("`{name}`: {en}"),
                            zh,
                        ));
                    }
                }
            }
        }
        if !known {
            problems.push(Problem::new(
                Code::UnknownFact,
                format!("facts.{name}"),
                format!("`{name}` is not a fact of this violation"),
                format!("该违法行为没有此项事实：{name}"),
            ));
        }
    }
    if let Some(case) = cases.first() {
        let date = |id| match case.values.get(id) {
            Some(Some(Value::Date(d))) => Some(*d),
            _ => None,
        };
        let started = date(ids::VIOLATION_DATE);
        if let (Some(start), Some(end)) = (started, date(ids::VIOLATION_END_DATE)) {
            if end < start {
                problems.push(Problem::new(
                    Code::InvalidFact,
                    "facts.violation_end_date",
                    "the act cannot end before it started",
                    "违法行为终了日期不能早于发生日期",
                ));
            }
        }
        if let (Some(start), Some(found)) = (started, date(ids::DISCOVERED_DATE)) {
            if found < start {
                problems.push(Problem::new(
                    Code::InvalidFact,
                    "facts.discovered_date",
                    "the act cannot be discovered before it was committed",
                    "发现日期不能早于违法行为发生日期",
                ));
            }
        }
    }
    match Error::from_problems(problems) {
        Some(error) => Err(error),
        None => Ok(cases),
    }
}

/// What the ruleset's model gives before the general part adjusts it.
struct Penalised {
    tier: Tier,
    mandatory: bool,
    fine: Option<FineRange>,
    statutory: Option<Span>,
    penalties: Vec<PenaltyOut>,
}

/// A range of amounts in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    min: Decimal,
    max: Option<Decimal>,
}

impl Span {
    fn out(self) -> FineRange {
        FineRange {
            min: Yuan(self.min),
            max: self.max.map(Yuan),
            amount: None,
            max_excluded: false,
        }
    }

    fn contains(self, other: Span) -> bool {
        other.min >= self.min
            && match (self.max, other.max) {
                (Some(max), Some(other)) => other <= max,
                (Some(_), None) => false,
                (None, _) => true,
            }
    }

    fn clamp(self, amount: Decimal) -> Decimal {
        let amount = amount.max(self.min);
        self.max.map_or(amount, |max| amount.min(max))
    }
}

/// Reasons and basis gathered while assessing.
#[derive(Default)]
struct Trail {
    reasons: Vec<Reason>,
    basis: Vec<Basis>,
}

impl Trail {
    fn say(&mut self, zh: impl Into<String>, en: impl Into<String>) {
        self.reasons.push(Reason {
            zh: zh.into(),
            en: en.into(),
        });
    }

    fn cite(&mut self, role: Role, citation: Citation) {
        push_basis(&mut self.basis, role, citation);
    }
}

fn push_basis(basis: &mut Vec<Basis>, role: Role, citation: Citation) {
    if !basis.iter().any(|b| b.citation == citation) {
        basis.push(Basis { role, citation });
    }
}

impl Case<'_> {
    fn value(&self, id: FactId) -> Option<Value> {
        self.values.get(id).cloned().flatten()
    }

    fn eval(&self, condition: &Condition) -> Result<bool, EvalError> {
        condition.eval(&|id| self.value(id))
    }

    /// Evaluates a condition that only counts when established: a missing fact means no.
    fn holds(&self, condition: &Condition) -> Result<bool, Failure> {
        match self.eval(condition) {
            Ok(b) => Ok(b),
            Err(EvalError::Missing(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The party's age; 第三十条 speaks of minors, so an organisation has none.
    fn age(&self) -> Option<Decimal> {
        match (self.value(ids::AGE), self.text(ids::PARTY).as_deref()) {
            (_, Some("organization")) => None,
            (Some(Value::Number(age)), _) => Some(age),
            _ => None,
        }
    }

    fn flag(&self, id: FactId) -> bool {
        matches!(self.value(id), Some(Value::Bool(true)))
    }

    fn text(&self, id: FactId) -> Option<String> {
        match self.value(id) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn date(&self, id: FactId) -> Option<Date> {
        match self.value(id) {
            Some(Value::Date(d)) => Some(d),
            _ => None,
        }
    }

    fn assess(&self, decided_on: Date) -> Result<Assessment, Failure> {
        let mut trail = Trail::default();
        let v = self.violation;
        for c in &v.violates {
            trail.cite(Role::Violated, c.clone());
        }
        trail.cite(Role::Penalty, v.punishes.clone());
        for c in &v.benchmark {
            trail.cite(Role::Benchmark, c.clone());
        }
        if self.no_penalty(&mut trail)? {
            let statutory = v
                .fine
                .as_ref()
                .and_then(|f| self.span(f, &mut Trail::default()).ok());
            return Ok(self.unpunished(true, statutory.map(Span::out), trail, decided_on));
        }
        let discretionary = self.discretionary_no_penalty(&mut trail)?;
        let penalised = match self.penalise(&mut trail) {
            Ok(p) => p,
            Err(Failure::Missing(ids)) if discretionary => {
                let labels: Vec<String> = ids
                    .iter()
                    .filter_map(|id| self.ruleset.fact(v, *id))
                    .map(|d| d.label.clone())
                    .collect();
                trail.say(
                    format!(
                        "如不适用不予处罚，还需填写：{}，方可计算罚款",
                        labels.join("、")
                    ),
                    "to see the fine if the agency does penalise, enter the missing facts",
                );
                return Ok(self.unpunished(false, None, trail, decided_on));
            }
            Err(e) => return Err(e),
        };
        if penalised.penalties.is_empty() {
            let mut conditions: Vec<String> = Vec::new();
            for c in v.penalties.iter().filter_map(|p| p.when.as_ref()) {
                let words = self.ruleset.describe_condition(&v.id, c.source());
                if !conditions.contains(&words) {
                    conditions.push(words);
                }
            }
            trail.say(
                format!(
                    "处罚的前提条件不成立（{}），不给予行政处罚",
                    conditions.join("；")
                ),
                "the conditions of the penalty do not hold on these facts: no penalty",
            );
            let statutory = penalised.statutory.map(Span::out);
            return Ok(self.unpunished(true, statutory, trail, decided_on));
        }
        let mut assessment = self.adjust(penalised, &mut trail, decided_on)?;
        if discretionary {
            let fine = assessment.fine;
            let otherwise = Alternative {
                outcome: assessment.outcome,
                mandatory: assessment.mandatory,
                fine,
                note: format!(
                    "行政机关决定给予处罚的，{}",
                    fine_words(fine.as_ref(), assessment.outcome)
                ),
                note_en: "if the agency decides to penalise".to_owned(),
            };
            assessment.alternatives.insert(0, otherwise);
            assessment.outcome = Outcome::NoPenalty;
            assessment.mandatory = false;
            assessment.fine = None;
            assessment.penalties.clear();
            assessment.procedure = no_procedure();
        }
        let summary = match (&assessment.fine, assessment.outcome) {
            (_, Outcome::NoPenalty) => "可以不予行政处罚".to_owned(),
            (Some(f), o) => format!("裁量结果：{}，罚款{}", outcome_name(o), range_words(f)),
            (None, o) => format!("裁量结果：{}", outcome_name(o)),
        };
        trail.say(summary, format!("result: {:?}", assessment.outcome));
        assessment.basis = trail.basis;
        assessment.reasons = trail.reasons;
        Ok(assessment)
    }

    /// 第三十六条, 第三十条, 第三十一条, 第三十三条 and the ruleset's mandatory list
    /// entries: the cases where no penalty may be given.
    fn no_penalty(&self, trail: &mut Trail) -> Result<bool, Failure> {
        let started = self
            .date(ids::VIOLATION_END_DATE)
            .or_else(|| self.date(ids::VIOLATION_DATE));
        if let (Some(start), Some(found)) = (started, self.date(ids::DISCOVERED_DATE)) {
            let grave =
                self.flag(ids::ENDANGERS) && self.text(ids::HARM).is_some_and(|h| h != "none");
            let years = if grave { 5 } else { 2 };
            let limit = start.add_years(years);
            if self.date(ids::VIOLATION_END_DATE).is_some() {
                trail.cite(Role::General, Provision::LimitationStart.citation());
            }
            if found > limit {
                trail.cite(Role::General, Provision::Limitation.citation());
                trail.say(
                    format!("违法行为自{start}起{years}年内（至{limit}）未被发现，{found}才被发现，依照行政处罚法第三十六条不再给予行政处罚"),
                    format!("the act was not discovered within {years} years of {start} (discovered {found}); under article 36 no penalty is given"),
                );
                return Ok(true);
            }
            trail.say(
                format!("违法行为于{found}被发现，未超过行政处罚法第三十六条规定的{years}年期限（至{limit}）"),
                format!("discovered on {found}, within the {years}-year period of article 36 (until {limit})"),
            );
        }
        if let Some(age) = self.age() {
            if age < Decimal::from(14) {
                trail.cite(Role::General, Provision::Minors.citation());
                trail.say(
                    format!("当事人{age}周岁，不满十四周岁，依照行政处罚法第三十条不予行政处罚，责令监护人加以管教"),
                    format!("the party is {age}, under 14: under article 30 no penalty is given"),
                );
                return Ok(true);
            }
        }
        if self.text(ids::MENTAL_CAPACITY).as_deref() == Some("none") {
            trail.cite(Role::General, Provision::Capacity.citation());
            trail.say(
                "当事人在不能辨认或者不能控制自己行为时有违法行为，依照行政处罚法第三十一条不予行政处罚",
                "the party could not recognise or control their conduct: under article 31 no penalty is given",
            );
            return Ok(true);
        }
        if self.flag(ids::NO_FAULT_PROVEN) {
            trail.cite(Role::General, Provision::NoFault.citation());
            trail.say(
                "当事人有证据足以证明没有主观过错，依照行政处罚法第三十三条第二款不予行政处罚（法律、行政法规另有规定的除外）",
                "the party proved it had no fault: under article 33(2) no penalty is given, unless a law or administrative regulation provides otherwise",
            );
            return Ok(true);
        }
        if self.flag(ids::MINOR_VIOLATION)
            && self.flag(ids::CORRECTED_PROMPTLY)
            && self.text(ids::HARM).as_deref() == Some("none")
        {
            trail.cite(Role::General, Provision::MinorViolation.citation());
            trail.say(
                "违法行为轻微并及时改正，没有造成危害后果，依照行政处罚法第三十三条第一款不予行政处罚",
                "the violation was minor, corrected promptly and caused no harm: under article 33(1) no penalty is given",
            );
            return Ok(true);
        }
        for entry in self
            .ruleset
            .no_penalty
            .iter()
            .chain(&self.violation.no_penalty)
        {
            if entry.mandatory && self.holds(&entry.when)? {
                trail.cite(Role::NoPenalty, entry.basis.clone());
                trail.say(
                    format!("符合不予处罚情形：{}", entry.text),
                    format!("the no-penalty list applies: {}", entry.basis.label()),
                );
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// 首违不罚 (第三十三条第一款) and the ruleset's discretionary list entries.
    fn discretionary_no_penalty(&self, trail: &mut Trail) -> Result<bool, Failure> {
        if let Some(rule) = &self.violation.no_lenience {
            if self.holds(&rule.when)? {
                trail.cite(Role::NoPenalty, rule.basis.clone());
                trail.say(
                    format!("{}：不适用可以不予处罚的规定", rule.text),
                    format!(
                        "the discretionary no-penalty provisions do not apply: {}",
                        rule.basis.label()
                    ),
                );
                return Ok(false);
            }
        }
        for entry in self
            .ruleset
            .no_penalty
            .iter()
            .chain(&self.violation.no_penalty)
        {
            if !entry.mandatory && self.holds(&entry.when)? {
                trail.cite(Role::NoPenalty, entry.basis.clone());
                trail.say(
                    format!("符合可以不予处罚情形：{}", entry.text),
                    format!("the list allows no penalty: {}", entry.basis.label()),
                );
                return Ok(true);
            }
        }
        let harm_minor = self
            .text(ids::HARM)
            .is_some_and(|h| h == "none" || h == "minor");
        if self.flag(ids::FIRST_OFFENCE) && harm_minor && self.flag(ids::CORRECTED_PROMPTLY) {
            trail.cite(Role::General, Provision::MinorViolation.citation());
            trail.say(
                "初次违法且危害后果轻微并及时改正，依照行政处罚法第三十三条第一款，可以不予行政处罚（首违不罚）",
                "first offence, minor harm, corrected promptly: under article 33(1) the agency may give no penalty",
            );
            return Ok(true);
        }
        Ok(false)
    }

    /// The ruleset's model applied to the facts: tier, fine and penalty kinds.
    fn penalise(&self, trail: &mut Trail) -> Result<Penalised, Failure> {
        let v = self.violation;
        let mut penalties = Vec::new();
        for p in &v.penalties {
            penalties.extend(self.penalty(p)?);
        }
        // A fine whose condition does not hold is no fine: nothing to compute.
        let fined = penalties.iter().any(|p| p.kind == PenaltyKind::Fine);
        let statutory = match &v.fine {
            Some(f) if fined => Some(self.span(f, trail)?),
            _ => None,
        };
        let (verdict, verdict_mandatory, coefficient_sum) = self.circumstances(trail)?;
        let mut extra: Vec<&Penalty> = Vec::new();
        let mut tier = Tier::Ordinary;
        let mut mandatory = true;
        let fine = match (&v.model, statutory) {
            (_, None) => None,
            (None, Some(s)) => {
                trail.say(
                    "本规则集未对该违法行为细化裁量，适用法定罚款幅度",
                    "the ruleset sets no benchmark for this violation: the statutory range applies",
                );
                Some(s.out())
            }
            (Some(model), Some(s)) => {
                let circumstances = (verdict, verdict_mandatory, coefficient_sum);
                let (t, range) = self.model(model, s, circumstances, trail, &mut extra)?;
                tier = t;
                if t == Tier::Heavier || t == Tier::Lighter {
                    mandatory = verdict_mandatory;
                }
                let within = s.contains(Span {
                    min: range.min.0,
                    max: range.max.map(|m| m.0),
                });
                // 减轻 goes below the minimum, never above it.
                let mitigated_ok = range.max.is_some_and(|m| m.0 <= s.min);
                if (t == Tier::Mitigated && !mitigated_ok) || (t != Tier::Mitigated && !within) {
                    return Err(self.fail(
                        Code::OutOfRange,
                        "model",
                        "the benchmark gives a fine outside the statutory range",
                    ));
                }
                Some(range)
            }
        };
        for p in extra {
            penalties.extend(self.penalty(p)?);
        }
        Ok(Penalised {
            tier,
            mandatory,
            fine,
            statutory,
            penalties,
        })
    }

    fn fail(&self, code: Code, field: &str, message: &str) -> Failure {
        let index = self
            .ruleset
            .violations
            .iter()
            .position(|w| w.id == self.violation.id)
            .unwrap_or(0);
        Failure::Error(Error::one(problem(
            code,
            format!("violations[{index}].{field}"),
            message,
        )))
    }

    fn penalty(&self, p: &Penalty) -> Result<Option<PenaltyOut>, Failure> {
        let status = match &p.when {
            None => PenaltyStatus::Applies,
            Some(c) => match self.eval(c) {
                Ok(true) => PenaltyStatus::Applies,
                Ok(false) => return Ok(None),
                Err(EvalError::Missing(_)) => PenaltyStatus::Conditional,
                Err(e) => return Err(e.into()),
            },
        };
        Ok(Some(PenaltyOut {
            kind: p.kind,
            name: kind_name(p.kind),
            mode: p.mode,
            status,
            text: p.text.clone(),
            condition: p.when.as_ref().map(|c| c.source().to_owned()),
        }))
    }

    /// The circumstances that hold: the verdict (从轻 / 一般 / 从重), whether it is
    /// mandatory, and the sum of their coefficients.
    fn circumstances(&self, trail: &mut Trail) -> Result<(Tier, bool, Decimal), Failure> {
        let mut lighter = 0u32;
        let mut heavier = 0u32;
        let mut mandatory_lighter = false;
        let mut mandatory_heavier = false;
        let mut sum = Decimal::ZERO;
        for c in self
            .ruleset
            .circumstances
            .iter()
            .chain(&self.violation.circumstances)
        {
            if c.effect == Effect::LighterOrMitigated || !self.holds(&c.when)? {
                continue;
            }
            let word = if c.effect == Effect::Lighter {
                "从轻"
            } else {
                "从重"
            };
            let may = if c.mandatory { "应当" } else { "可以" };
            trail.cite(Role::Circumstance, c.basis.clone());
            trail.say(
                format!("{may}{word}情节：{}", c.text),
                format!("circumstance ({}): {}", c.id, c.basis.label()),
            );
            if let Some(k) = c.coefficient {
                sum = sum.checked_add(k).ok_or_else(|| {
                    Failure::from(EvalError::Arithmetic("coefficients overflow".into()))
                })?;
            }
            if c.effect == Effect::Lighter {
                lighter += 1;
                mandatory_lighter |= c.mandatory;
            } else {
                heavier += 1;
                mandatory_heavier |= c.mandatory;
            }
        }
        let verdict = match (self.ruleset.conventions.offset, lighter.cmp(&heavier)) {
            (Offset::HeavierPrevails, _) if heavier > 0 => Tier::Heavier,
            (Offset::LighterPrevails, _) if lighter > 0 => Tier::Lighter,
            (_, std::cmp::Ordering::Greater) => Tier::Lighter,
            (_, std::cmp::Ordering::Less) => Tier::Heavier,
            (_, std::cmp::Ordering::Equal) => Tier::Ordinary,
        };
        if lighter > 0 && heavier > 0 {
            trail.say(
                format!(
                    "从轻情节{lighter}个、从重情节{heavier}个，按本规则集的抵扣规则认定为{}",
                    tier_name(verdict)
                ),
                format!(
                    "{lighter} lighter and {heavier} heavier circumstance(s) offset to {verdict:?}"
                ),
            );
        }
        let mandatory = match verdict {
            Tier::Lighter => mandatory_lighter,
            Tier::Heavier => mandatory_heavier,
            _ => true,
        };
        Ok((verdict, mandatory, sum))
    }

    fn model<'m>(
        &self,
        model: &'m Model,
        statutory: Span,
        (verdict, _, coefficients): (Tier, bool, Decimal),
        trail: &mut Trail,
        extra: &mut Vec<&'m Penalty>,
    ) -> Result<(Tier, FineRange), Failure> {
        let conventions = &self.ruleset.conventions;
        let rounding = conventions.rounding;
        match model {
            Model::Tiers(tiers) => {
                let mut chosen = None;
                for t in tiers {
                    if let Some(when) = &t.when {
                        if self.eval(when)? {
                            chosen = Some(t);
                            break;
                        }
                    }
                }
                let chosen = chosen
                    .or_else(|| tiers.iter().find(|t| t.when.is_none() && t.tier == verdict))
                    .or_else(|| {
                        tiers
                            .iter()
                            .find(|t| t.when.is_none() && t.tier == Tier::Ordinary)
                    });
                let Some(t) = chosen else {
                    return Err(self.fail(
                        Code::NoRuleApplies,
                        "model",
                        "no tier of the benchmark applies to these facts",
                    ));
                };
                let span = self.span(&t.fine, trail)?;
                trail.say(
                    format!("适用{}档次：{}", tier_name(t.tier), t.text),
                    format!("tier {:?}: {}", t.tier, t.text),
                );
                extra.extend(&t.penalties);
                Ok((t.tier, self.benchmark_range(span, &t.fine)))
            }
            Model::Bands(bands) => {
                let [from, to] = bands.get(verdict).unwrap_or(bands.ordinary);
                let point = |b: BandBound| -> Result<Decimal, Failure> {
                    match b {
                        BandBound::Amount(a) => Ok(a),
                        BandBound::Share(s) => {
                            let Some(max) = statutory.max else {
                                return Err(self.fail(
                                    Code::NoRuleApplies,
                                    "model",
                                    "share bands need a statutory maximum",
                                ));
                            };
                            let width = max.checked_sub(statutory.min).ok_or_else(overflow)?;
                            let offset = width.checked_mul(s).ok_or_else(overflow)?;
                            Ok(statutory.min.checked_add(offset).ok_or_else(overflow)?)
                        }
                    }
                };
                let min = statutory.clamp(rounding.apply(point(from)?));
                let max = statutory.clamp(rounding.apply(point(to)?));
                let words = |b: BandBound| match b {
                    BandBound::Share(s) => share_text(s),
                    BandBound::Amount(a) => format!("{}元", a.normalize()),
                };
                trail.say(
                    format!(
                        "{}档次为法定幅度的{}至{}：{}元至{}元",
                        tier_name(verdict),
                        words(from),
                        words(to),
                        min.normalize(),
                        max.normalize()
                    ),
                    format!(
                        "the {verdict:?} band is {} to {} of the statutory range",
                        words(from),
                        words(to)
                    ),
                );
                Ok((
                    verdict,
                    FineRange {
                        min: Yuan(min),
                        max: Some(Yuan(max)),
                        amount: None,
                        max_excluded: false,
                    },
                ))
            }
            Model::Weights(w) => {
                let mut total = w.start;
                let mut parts = vec![format!("裁量起点{}", share_text(w.start))];
                for f in &w.factors {
                    let mut chosen = None;
                    for level in &f.levels {
                        match self.matches(&level.matcher) {
                            Ok(true) => {
                                chosen = Some(level);
                                break;
                            }
                            Ok(false) => {}
                            Err(EvalError::Missing(ids)) => {
                                if conventions.unknown_factor == UnknownFactor::Lowest {
                                    chosen = f.levels.first();
                                    trail.say(
                                        format!("“{}”无法查明，按最低档次计算", f.name),
                                        format!("factor {} cannot be established: counted at its lowest level", f.name),
                                    );
                                    break;
                                }
                                return Err(Failure::Missing(ids));
                            }
                            Err(e) => return Err(e.into()),
                        }
                    }
                    let Some(level) = chosen else {
                        return Err(self.fail(
                            Code::NoRuleApplies,
                            "model",
                            "no level of a factor applies to these facts",
                        ));
                    };
                    total = total.checked_add(level.weight).ok_or_else(overflow)?;
                    parts.push(format!(
                        "{}“{}”{}",
                        f.name,
                        level.text,
                        share_text(level.weight)
                    ));
                }
                let summed = total;
                total = total.min(w.cap);
                if let Some(floor) = w.floor {
                    total = total.max(floor);
                }
                let Some(base) = w.base.or(statutory.max) else {
                    return Err(self.fail(
                        Code::NoRuleApplies,
                        "model",
                        "weights need a base or a statutory maximum",
                    ));
                };
                let amount =
                    statutory.clamp(rounding.apply(total.checked_mul(base).ok_or_else(overflow)?));
                let mut zh = format!(
                    "权重累加：{}，合计{}",
                    parts.join(" + "),
                    share_text(summed)
                );
                if total != summed {
                    let _ = write!(zh, "，按{}计算", share_text(total));
                }
                let _ = write!(
                    zh,
                    "；{} × {}元 = {}元",
                    share_text(total),
                    base.normalize(),
                    amount.normalize()
                );
                trail.say(
                    zh,
                    format!(
                        "weights sum to {}, times {} yuan gives {} yuan",
                        share_text(total),
                        base.normalize(),
                        amount.normalize()
                    ),
                );
                Ok((
                    Tier::Ordinary,
                    FineRange {
                        min: Yuan(amount),
                        max: Some(Yuan(amount)),
                        amount: Some(Yuan(amount)),
                        max_excluded: false,
                    },
                ))
            }
            Model::FactBands(rows) | Model::FixedBands(rows) => {
                // 广东 第五条: a factor that cannot be established counts at its lowest
                // level; the rows keyed on it then match as if it stood in its lowest band.
                let lowest = conventions.unknown_factor == UnknownFactor::Lowest;
                let mut unknown: Vec<FactId> = Vec::new();
                for id in rows.iter().filter_map(|r| r.matcher.fact) {
                    if lowest && self.value(id).is_none() && !unknown.contains(&id) {
                        unknown.push(id);
                    }
                }
                for id in &unknown {
                    if let Some(decl) = self.ruleset.fact(self.violation, *id) {
                        trail.say(
                            format!("“{}”无法查明，按最低档次计算", decl.label),
                            format!(
                                "{} cannot be established: counted at its lowest band",
                                decl.name
                            ),
                        );
                    }
                }
                let mut chosen = None;
                for row in rows {
                    let stand_in = row
                        .matcher
                        .fact
                        .filter(|id| unknown.contains(id))
                        .and_then(|id| lowest_band(rows, id));
                    if self.matches_as(&row.matcher, stand_in)? {
                        chosen = Some(row);
                        break;
                    }
                }
                let Some(row) = chosen else {
                    return Err(self.fail(
                        Code::NoRuleApplies,
                        "model",
                        "no row of the benchmark applies to these facts",
                    ));
                };
                let span = self.span(&row.fine, trail)?;
                trail.say(
                    format!("适用裁量情形：{}", row.text),
                    format!("row: {}", row.text),
                );
                extra.extend(&row.penalties);
                let mut out = self.benchmark_range(span, &row.fine);
                if span.max == Some(span.min) {
                    out.amount = Some(Yuan(span.min));
                }
                Ok((row.tier, out))
            }
            Model::Coefficients { base } => {
                let factor = Decimal::ONE
                    .checked_add(coefficients)
                    .ok_or_else(overflow)?;
                let raw = base
                    .checked_mul(factor.max(Decimal::ZERO))
                    .ok_or_else(overflow)?;
                let amount = statutory.clamp(rounding.apply(raw));
                let tier = match coefficients.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Less => Tier::Lighter,
                    std::cmp::Ordering::Equal => Tier::Ordinary,
                    std::cmp::Ordering::Greater => Tier::Heavier,
                };
                trail.say(
                    format!(
                        "基础裁量值{}元 ×（1 + 系数合计{}）= {}元，按法定幅度和取整规则为{}元",
                        base.normalize(),
                        coefficients.normalize(),
                        raw.normalize(),
                        amount.normalize()
                    ),
                    format!(
                        "base {} yuan times (1 + {}) gives {} yuan",
                        base.normalize(),
                        coefficients.normalize(),
                        amount.normalize()
                    ),
                );
                Ok((
                    tier,
                    FineRange {
                        min: Yuan(amount),
                        max: Some(Yuan(amount)),
                        amount: Some(Yuan(amount)),
                        max_excluded: false,
                    },
                ))
            }
        }
    }

    /// A benchmark's own range (a tier or a row): where the issuer's “以下” excludes the
    /// bound, so does the range's maximum (广东 第二十三条).
    fn benchmark_range(&self, span: Span, fine: &Fine) -> FineRange {
        let mut out = span.out();
        let ranged = matches!(
            fine,
            Fine::Range { max: Some(_), .. } | Fine::Multiple { max: Some(_), .. }
        );
        out.max_excluded =
            ranged && !self.ruleset.conventions.below_inclusive && span.max != Some(span.min);
        out
    }

    fn matches(&self, m: &Matcher) -> Result<bool, EvalError> {
        self.matches_as(m, None)
    }

    /// Whether a level or row covers the facts; `lowest` stands in for its fact's band
    /// when the fact is not given (第五条).
    fn matches_as(&self, m: &Matcher, lowest: Option<&Matcher>) -> Result<bool, EvalError> {
        let conventions = &self.ruleset.conventions;
        if let Some(id) = m.fact {
            let Some(value) = self.value(id) else {
                match lowest {
                    Some(band) if same_band(m, band) => {
                        return match &m.when {
                            Some(c) => self.eval(c),
                            None => Ok(true),
                        };
                    }
                    Some(_) => return Ok(false),
                    None => return Err(EvalError::Missing(vec![id])),
                }
            };
            let band_ok = match (&value, &m.equals) {
                (Value::Number(n), Some(Equals::Number(e))) => n == e,
                (Value::Text(t), Some(Equals::Text(e))) => t == e,
                (Value::Bool(b), Some(Equals::Text(e))) => (if *b { "true" } else { "false" }) == e,
                (_, Some(_)) => false,
                (Value::Number(n), None) => compare_band(
                    *n,
                    m.from,
                    m.to,
                    conventions.above_inclusive,
                    conventions.below_inclusive,
                ),
                _ => true,
            };
            if !band_ok {
                return Ok(false);
            }
        }
        match &m.when {
            Some(c) => self.eval(c),
            None => Ok(true),
        }
    }

    /// Resolves a fine shape to amounts on the facts.
    fn span(&self, fine: &Fine, trail: &mut Trail) -> Result<Span, Failure> {
        Ok(match fine {
            Fine::Fixed(a) => Span {
                min: *a,
                max: Some(*a),
            },
            Fine::Range { min, max } => Span {
                min: min.unwrap_or(Decimal::ZERO),
                max: *max,
            },
            Fine::Multiple { of, min, max } => {
                let Some(Value::Number(base)) = self.value(*of) else {
                    return Err(Failure::Missing(vec![*of]));
                };
                let times = |k: Decimal, strategy| -> Result<Decimal, Failure> {
                    Ok(to_fen(base.checked_mul(k).ok_or_else(overflow)?, strategy))
                };
                // One rounding for both bounds keeps min ≤ max (1.5 × 0.01 both ways).
                let lo = times(
                    min.unwrap_or(Decimal::ZERO),
                    RoundingStrategy::MidpointAwayFromZero,
                )?;
                let hi = max
                    .map(|m| times(m, RoundingStrategy::MidpointAwayFromZero))
                    .transpose()?;
                let label = self
                    .ruleset
                    .fact(self.violation, *of)
                    .map_or_else(String::new, |d| d.label.clone());
                let multiples = match (min, max) {
                    (Some(a), Some(b)) => format!("{}倍至{}倍", a.normalize(), b.normalize()),
                    (None, Some(b)) => format!("{}倍以下", b.normalize()),
                    (Some(a), None) => format!("{}倍以上", a.normalize()),
                    (None, None) => String::new(),
                };
                trail.say(
                    format!("{label}{}元的{multiples}", base.normalize()),
                    format!("{multiples} of {label} {} yuan", base.normalize()),
                );
                Span { min: lo, max: hi }
            }
            Fine::Cases(cases) => {
                for c in cases {
                    let applies = match &c.when {
                        None => true,
                        Some(w) => self.eval(w)?,
                    };
                    if applies {
                        trail.say(format!("适用：{}", c.text), format!("case: {}", c.text));
                        return self.span(&c.fine, trail);
                    }
                }
                return Err(self.fail(
                    Code::NoRuleApplies,
                    "fine",
                    "no case of the statutory fine applies to these facts",
                ));
            }
            Fine::Either {
                primary,
                fallback,
                when,
                text,
            } => {
                let use_fallback = match when {
                    Some(w) => match self.eval(w) {
                        Ok(b) => b,
                        Err(EvalError::Missing(_)) => false,
                        Err(e) => return Err(e.into()),
                    },
                    None => false,
                };
                if !use_fallback {
                    match self.span(primary, trail) {
                        Ok(s) => return Ok(s),
                        Err(Failure::Missing(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
                trail.say(format!("适用：{text}"), format!("fallback: {text}"));
                self.span(fallback, trail)?
            }
            Fine::PerDay { days, daily, unit } => {
                let Some(Value::Number(n)) = self.value(*days) else {
                    return Err(Failure::Missing(vec![*days]));
                };
                if n.is_sign_negative() {
                    let name = self
                        .ruleset
                        .fact(self.violation, *days)
                        .map_or("", |d| d.name.as_str());
                    return Err(Failure::Error(Error::one(Problem::new(
                        Code::InvalidFact,
                        format!("facts.{name}"),
                        format!("`{name}`: must not be negative"),
                        "日数（次数）不能为负数",
                    ))));
                }
                let day = self.span(daily, trail)?;
                let (zh, en) = if unit == "日" {
                    (
                        format!("按日连续处罚{}日", n.normalize()),
                        format!("daily penalty for {} days", n.normalize()),
                    )
                } else {
                    (
                        format!("按{unit}计罚，共{}{unit}", n.normalize()),
                        format!("fined per {unit}, {} times", n.normalize()),
                    )
                };
                trail.say(zh, en);
                let times = |a: Decimal| a.checked_mul(n).ok_or_else(overflow);
                Span {
                    min: times(day.min)?,
                    max: day.max.map(times).transpose()?,
                }
            }
        })
    }

    /// The general part after the model: statutory grounds for 从轻 or 减轻.
    fn adjust(
        &self,
        p: Penalised,
        trail: &mut Trail,
        decided_on: Date,
    ) -> Result<Assessment, Failure> {
        let mut grounds: Vec<(bool, String)> = Vec::new();
        if let Some(age) = self.age() {
            if age >= Decimal::from(14) && age < Decimal::from(18) {
                trail.cite(Role::General, Provision::Minors.citation());
                grounds.push((
                    true,
                    format!("当事人{age}周岁，已满十四周岁不满十八周岁（第三十条）"),
                ));
            }
        }
        if self.text(ids::MENTAL_CAPACITY).as_deref() == Some("limited") {
            trail.cite(Role::General, Provision::Capacity.citation());
            grounds.push((
                false,
                "尚未完全丧失辨认或者控制自己行为能力（第三十一条）".to_owned(),
            ));
        }
        if let Some(Value::List(items)) = self.value(ids::MITIGATION) {
            if !items.is_empty() {
                trail.cite(Role::General, Provision::Mitigation.citation());
                let decl = self.ruleset.facts.get(ids::MITIGATION);
                let words: Vec<String> = items
                    .iter()
                    .map(|i| decl.map_or_else(|| i.clone(), |d| d.choice_label(i)))
                    .collect();
                grounds.push((true, format!("{}（第三十二条）", words.join("、"))));
            }
        }
        for c in self
            .ruleset
            .circumstances
            .iter()
            .chain(&self.violation.circumstances)
        {
            if c.effect == Effect::LighterOrMitigated && self.holds(&c.when)? {
                trail.cite(Role::Circumstance, c.basis.clone());
                grounds.push((c.mandatory, c.text.clone()));
            }
        }
        let mut outcome = outcome_of(p.tier);
        let mut mandatory = p.mandatory;
        let mut fine = p.fine;
        let mut alternatives = Vec::new();
        if p.tier == Tier::Mitigated && !grounds.is_empty() {
            trail.say(
                "本基准已给出减轻处罚的档次，法定从轻或者减轻情形已在其中考虑",
                "the benchmark's tier is already mitigated: the statutory grounds are within it",
            );
        } else if !grounds.is_empty() {
            let must = grounds.iter().any(|(m, _)| *m);
            let words: Vec<&str> = grounds.iter().map(|(_, w)| w.as_str()).collect();
            let may = if must { "应当" } else { "可以" };
            if let (Some(range), Some(statutory)) = (fine, p.statutory) {
                let conventions = &self.ruleset.conventions;
                let mut top = range.max.map_or(range.min.0, |m| m.0);
                if let (Some(bands), Some(max)) = (&conventions.bands, statutory.max) {
                    if let BandBound::Share(share) = bands.lighter[1] {
                        let width = max.checked_sub(statutory.min).ok_or_else(overflow)?;
                        let band_top = statutory
                            .min
                            .checked_add(width.checked_mul(share).ok_or_else(overflow)?)
                            .ok_or_else(overflow)?;
                        top = top.min(conventions.rounding.apply(band_top));
                    }
                }
                let lighter = FineRange {
                    min: Yuan(statutory.min),
                    max: Some(Yuan(top.max(statutory.min))),
                    amount: None,
                    max_excluded: range.max_excluded
                        && range.max.is_some_and(|m| m.0 == top)
                        && top > statutory.min,
                };
                trail.say(
                    format!("{}，{may}从轻或者减轻行政处罚；从轻处罚在法定最低额以上、不高于本应适用的罚款：{}", words.join("；"), range_words(&lighter)),
                    format!("statutory grounds: the agency {} impose a lighter or mitigated penalty", if must { "must" } else { "may" }),
                );
                if statutory.min > Decimal::ZERO {
                    // Rounding to the issuer's unit must not lift the floor above the minimum.
                    let floor = conventions
                        .rounding
                        .apply(
                            statutory
                                .min
                                .checked_mul(conventions.mitigated_floor)
                                .ok_or_else(overflow)?,
                        )
                        .min(statutory.min);
                    let mitigated = FineRange {
                        min: Yuan(floor),
                        max: Some(Yuan(statutory.min)),
                        amount: None,
                        max_excluded: false,
                    };
                    alternatives.push(Alternative {
                        outcome: Outcome::Mitigated,
                        mandatory: must,
                        fine: Some(mitigated),
                        note: format!(
                            "减轻处罚：低于法定最低罚款数额{}元，不低于{}元",
                            statutory.min.normalize(),
                            floor.normalize()
                        ),
                        note_en:
                            "mitigated: below the statutory minimum, not below the issuer's floor"
                                .to_owned(),
                    });
                }
                fine = Some(lighter);
            } else {
                trail.say(
                    format!("{}，{may}从轻或者减轻行政处罚", words.join("；")),
                    "statutory grounds for a lighter or mitigated penalty",
                );
            }
            outcome = Outcome::Lighter;
            mandatory = must;
        }
        let statutory_fine = p.statutory.map(Span::out);
        let procedure = self.procedure(fine.as_ref(), &p.penalties, trail);
        Ok(Assessment {
            ruleset: self.ruleset_ref(),
            violation: self.violation_ref(),
            decided_on,
            outcome,
            mandatory,
            fine,
            statutory_fine,
            penalties: p.penalties,
            alternatives,
            procedure,
            basis: Vec::new(),
            reasons: Vec::new(),
            also: Vec::new(),
        })
    }

    fn procedure(
        &self,
        fine: Option<&FineRange>,
        penalties: &[PenaltyOut],
        trail: &mut Trail,
    ) -> Procedure {
        let party = self.text(ids::PARTY);
        let person = party.as_deref() == Some("individual");
        let who = |t: &crate::ruleset::Thresholds| {
            party
                .as_ref()
                .map(|_| if person { t.individual } else { t.organization })
        };
        let conventions = &self.ruleset.conventions;
        let heavy_kinds = [
            PenaltyKind::DowngradeQualification,
            PenaltyKind::RevokeLicence,
            PenaltyKind::SuspendBusiness,
            PenaltyKind::Close,
            PenaltyKind::RestrictPractice,
        ];
        let only_light = penalties
            .iter()
            .filter(|p| p.mode != PenaltyMode::May && p.status == PenaltyStatus::Applies)
            .all(|p| {
                matches!(
                    p.kind,
                    PenaltyKind::Warning | PenaltyKind::Fine | PenaltyKind::Points
                )
            });

        let summary_threshold = who(&conventions.summary);
        let (applies, note) = match (only_light, fine, summary_threshold) {
            (false, _, _) => (Applies::No, "处罚种类不限于警告、罚款，不适用当场处罚".to_owned()),
            (true, None, _) if penalties.iter().any(|p| p.kind == PenaltyKind::Warning) => {
                (Applies::Yes, "仅给予警告的，可以当场作出行政处罚决定".to_owned())
            }
            (true, None, _) => (Applies::No, "不属于罚款或者警告，不适用当场处罚".to_owned()),
            (true, Some(_), None) => (Applies::Unknown, "未填写当事人类型：对公民二百元以下、对法人或者其他组织三千元以下罚款可以当场作出决定".to_owned()),
            (true, Some(f), Some(t)) => {
                let max = f.max.map(|m| m.0);
                if max.is_some_and(|m| m <= t) {
                    (Applies::Yes, format!("罚款不超过{}元，可以当场作出行政处罚决定", t.normalize()))
                } else if f.min.0 <= t {
                    (Applies::IfFineAtMost, format!("罚款决定为{}元以下的，可以当场作出行政处罚决定", t.normalize()))
                } else {
                    (Applies::No, format!("罚款超过{}元，不适用当场处罚", t.normalize()))
                }
            }
        };
        let summary_basis = conventions
            .summary
            .basis
            .clone()
            .unwrap_or_else(|| Provision::Summary.citation());
        let summary = Step {
            applies,
            threshold: summary_threshold.map(Yuan),
            note_en: applies_en(applies, "summary procedure"),
            note,
            basis: summary_basis,
        };

        let heavy: Vec<&PenaltyOut> = penalties
            .iter()
            .filter(|p| heavy_kinds.contains(&p.kind))
            .collect();
        let heavy_certain = heavy
            .iter()
            .any(|p| p.mode == PenaltyMode::Must && p.status == PenaltyStatus::Applies);
        let hearing_threshold = conventions.hearing.as_ref().and_then(who);
        let (applies, note) = if heavy_certain {
            (
                Applies::Yes,
                format!(
                    "拟作出{}，应当告知当事人有要求听证的权利",
                    heavy.iter().map(|p| p.name).collect::<Vec<_>>().join("、")
                ),
            )
        } else {
            let by_fine = match (fine, hearing_threshold) {
                (None, _) => (Applies::No, String::new()),
                (Some(_), None) if conventions.hearing.is_none() => (
                    Applies::Unknown,
                    "本规则集未载明“较大数额罚款”标准，是否告知听证权利以执法机关所在地规定为准"
                        .to_owned(),
                ),
                (Some(_), None) => (
                    Applies::Unknown,
                    "未填写当事人类型，无法判断是否达到较大数额罚款".to_owned(),
                ),
                (Some(f), Some(t)) => {
                    if f.min.0 >= t {
                        (
                            Applies::Yes,
                            format!(
                                "罚款达到较大数额（{}元以上），应当告知听证权利",
                                t.normalize()
                            ),
                        )
                    } else if f.max.is_none_or(|m| m.0 >= t) {
                        (
                            Applies::IfFineAtLeast,
                            format!("罚款决定为{}元以上的，应当告知听证权利", t.normalize()),
                        )
                    } else {
                        (
                            Applies::No,
                            format!("罚款低于较大数额标准（{}元）", t.normalize()),
                        )
                    }
                }
            };
            if by_fine.0 == Applies::No && !heavy.is_empty() {
                (
                    Applies::Conditional,
                    format!(
                        "如决定{}，应当告知听证权利",
                        heavy.iter().map(|p| p.name).collect::<Vec<_>>().join("、")
                    ),
                )
            } else if by_fine.0 == Applies::No {
                (
                    Applies::No,
                    if by_fine.1.is_empty() {
                        "不属于应当告知听证权利的情形".to_owned()
                    } else {
                        by_fine.1
                    },
                )
            } else if heavy.is_empty() {
                by_fine
            } else {
                let names: Vec<&str> = heavy.iter().map(|p| p.name).collect();
                (
                    by_fine.0,
                    format!(
                        "{}；如决定{}，应当告知听证权利",
                        by_fine.1,
                        names.join("、")
                    ),
                )
            }
        };
        if let Some(basis) = conventions.hearing.as_ref().and_then(|t| t.basis.clone()) {
            trail.cite(Role::Convention, basis);
        }
        let hearing = Step {
            applies,
            threshold: hearing_threshold.map(Yuan),
            note_en: applies_en(applies, "right to a hearing"),
            note,
            basis: Provision::Hearing.citation(),
        };

        let review = if matches!(hearing.applies, Applies::No) {
            (
                Applies::Unknown,
                "涉及重大公共利益、案情疑难复杂或者法律法规另有规定的，应当进行法制审核".to_owned(),
            )
        } else {
            (
                Applies::Conditional,
                "经过听证程序的，作出决定前应当进行法制审核".to_owned(),
            )
        };
        let legal_review = Step {
            applies: review.0,
            threshold: None,
            note_en: applies_en(review.0, "legal review"),
            note: review.1,
            basis: Provision::LegalReview.citation(),
        };
        Procedure {
            summary_procedure: summary,
            hearing,
            legal_review,
        }
    }

    fn ruleset_ref(&self) -> RulesetRef {
        RulesetRef {
            id: self.ruleset.id().to_owned(),
            version: self.ruleset.version().to_owned(),
            sha256: self.ruleset.sha256.clone(),
        }
    }

    fn violation_ref(&self) -> ViolationRef {
        ViolationRef {
            id: self.violation.id.clone(),
            name: self.violation.name.clone(),
        }
    }

    /// An assessment where no penalty is given, mandatory or discretionary.
    fn unpunished(
        &self,
        mandatory: bool,
        statutory: Option<FineRange>,
        trail: Trail,
        decided_on: Date,
    ) -> Assessment {
        Assessment {
            ruleset: self.ruleset_ref(),
            violation: self.violation_ref(),
            decided_on,
            outcome: Outcome::NoPenalty,
            mandatory,
            fine: None,
            statutory_fine: statutory,
            penalties: Vec::new(),
            alternatives: Vec::new(),
            procedure: no_procedure(),
            basis: trail.basis,
            reasons: trail.reasons,
            also: Vec::new(),
        }
    }
}

/// The lowest band of a fact among rows: one without a lower bound, else the one with
/// the smallest lower bound or value; for choices, the first listed.
fn lowest_band(rows: &[crate::ruleset::Row], fact: FactId) -> Option<&Matcher> {
    let keyed = rows
        .iter()
        .map(|r| &r.matcher)
        .filter(|m| m.fact == Some(fact));
    keyed.min_by_key(|m| match (&m.equals, m.from) {
        (Some(Equals::Number(n)), _) => (1, Some(*n)),
        (Some(Equals::Text(_)), _) => (1, None),
        (None, None) => (0, None),
        (None, Some(from)) => (1, Some(from)),
    })
}

fn same_band(a: &Matcher, b: &Matcher) -> bool {
    a.from == b.from && a.to == b.to && a.equals == b.equals
}

fn overflow() -> Failure {
    Failure::from(EvalError::Arithmetic(
        "the amount is too large to compute".into(),
    ))
}

fn no_procedure() -> Procedure {
    let step = |provision: Provision| Step {
        applies: Applies::No,
        threshold: None,
        note: "不予行政处罚".to_owned(),
        note_en: "no penalty is given".to_owned(),
        basis: provision.citation(),
    };
    Procedure {
        summary_procedure: step(Provision::Summary),
        hearing: step(Provision::Hearing),
        legal_review: step(Provision::LegalReview),
    }
}

fn applies_en(applies: Applies, what: &str) -> String {
    match applies {
        Applies::Yes => format!("{what}: applies"),
        Applies::No => format!("{what}: does not apply"),
        Applies::IfFineAtMost => format!("{what}: applies if the fine is at most the threshold"),
        Applies::IfFineAtLeast => format!("{what}: applies if the fine is at least the threshold"),
        Applies::Conditional => {
            format!("{what}: depends on the penalty chosen or the procedure held")
        }
        Applies::Unknown => format!("{what}: not settled by the facts or the ruleset"),
    }
}

fn outcome_of(tier: Tier) -> Outcome {
    match tier {
        Tier::Mitigated => Outcome::Mitigated,
        Tier::Lighter => Outcome::Lighter,
        Tier::Ordinary => Outcome::Ordinary,
        Tier::Heavier => Outcome::Heavier,
    }
}

/// Chinese name of a tier.
#[must_use]
pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Mitigated => "减轻",
        Tier::Lighter => "从轻",
        Tier::Ordinary => "一般",
        Tier::Heavier => "从重",
    }
}

/// Chinese name of an outcome.
#[must_use]
pub fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::NoPenalty => "不予处罚",
        Outcome::Mitigated => "减轻处罚",
        Outcome::Lighter => "从轻处罚",
        Outcome::Ordinary => "一般处罚",
        Outcome::Heavier => "从重处罚",
    }
}

/// Chinese name of a penalty kind (行政处罚法 第九条).
#[must_use]
pub fn kind_name(kind: PenaltyKind) -> &'static str {
    match kind {
        PenaltyKind::Warning => "警告",
        PenaltyKind::Criticism => "通报批评",
        PenaltyKind::Fine => "罚款",
        PenaltyKind::ConfiscateGains => "没收违法所得",
        PenaltyKind::ConfiscateProperty => "没收非法财物",
        PenaltyKind::SuspendLicence => "暂扣许可证件",
        PenaltyKind::DowngradeQualification => "降低资质等级",
        PenaltyKind::RevokeLicence => "吊销许可证件",
        PenaltyKind::RestrictBusiness => "限制开展生产经营活动",
        PenaltyKind::SuspendBusiness => "责令停产停业",
        PenaltyKind::Close => "责令关闭",
        PenaltyKind::RestrictPractice => "限制从业",
        PenaltyKind::Detention => "行政拘留",
        PenaltyKind::Other => "其他行政处罚",
        PenaltyKind::Points => "记分",
    }
}
