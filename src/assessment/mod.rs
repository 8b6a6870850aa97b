//! Assessment: a ruleset, violations, facts and a decision date in; the outcome, the
//! fine, the penalties, the procedure, the basis and the reasons out. The general part
//! of 行政处罚法 is applied here, to every violation, before and after the ruleset's
//! own model.
//!
//! An [`Assessment`] borrows from the rulesets it was made from: citations, names and
//! wordings are not copied, and its reasons and notes are data ([`Reason`], [`Note`])
//! written out in Chinese and English only when it is serialized.

mod case;
mod model;
mod procedure;
mod words;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeStruct as _, Serializer};

use self::case::{Case, Failure, read_facts};
pub use self::words::{AltNote, Ground, Note, Other, Reason, StepKind, WeightPart};
use self::words::{In, Lang, NoteEn};
use crate::citation::Citation;
use crate::date::Date;
use crate::error::{Code, Error, Problem};
use crate::general::Provision;
use crate::money::Yuan;
use crate::raw::{FactInput, Outcome, PenaltyKind, PenaltyMode, Tier};
use crate::ruleset::{Ruleset, problem};
use crate::text::Text;

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

/// The result of an assessment, borrowing from the ruleset versions (`'r`). Amounts
/// are decimal strings in yuan.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment<'r> {
    /// The ruleset version applied.
    pub ruleset: RulesetRef<'r>,
    /// The violation whose provision applies.
    pub violation: ViolationRef<'r>,
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
    pub penalties: Vec<PenaltyOut<'r>>,
    /// Other outcomes the agency may lawfully choose (可以不予处罚, 减轻).
    pub alternatives: Vec<Alternative>,
    /// 当场处罚, 听证, 法制审核.
    pub procedure: Procedure<'r>,
    /// Every provision used, with its text.
    pub basis: Vec<Basis<'r>>,
    /// The steps, in Chinese and English.
    pub reasons: Vec<Reason<'r>>,
    /// Other violations of the same act that were assessed (第二十九条).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoAssessed<'r>>,
}

/// The ruleset version applied.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RulesetRef<'r> {
    /// Id.
    pub id: &'r Text,
    /// Version label.
    pub version: &'r Text,
    /// SHA-256 of the file as published, if known.
    pub sha256: Option<&'r str>,
}

/// A violation by id and name.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ViolationRef<'r> {
    /// Id.
    pub id: &'r str,
    /// Name.
    pub name: &'r str,
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
pub struct PenaltyOut<'r> {
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
    pub text: Option<&'r Text>,
    /// The condition it depends on, where it depends on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<&'r Text>,
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

/// Another lawful outcome. Serialized with its `note` in Chinese and `note_en`.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// The outcome.
    pub outcome: Outcome,
    /// 应当 or 可以.
    pub mandatory: bool,
    /// Its fine.
    pub fine: Option<FineRange>,
    /// Why it is open.
    pub note: AltNote,
}

impl Serialize for Alternative {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Alternative", 5)?;
        s.serialize_field("outcome", &self.outcome)?;
        s.serialize_field("mandatory", &self.mandatory)?;
        s.serialize_field("fine", &self.fine)?;
        s.serialize_field("note", &In(&self.note, Lang::Zh))?;
        s.serialize_field("note_en", &In(&self.note, Lang::En))?;
        s.end()
    }
}

/// Procedure notes.
#[derive(Debug, Clone, Serialize)]
pub struct Procedure<'r> {
    /// 当场作出 (简易程序, 第五十一条).
    pub summary_procedure: Step<'r>,
    /// Right to a hearing (第六十三条).
    pub hearing: Step<'r>,
    /// Legal review (法制审核, 第五十八条).
    pub legal_review: Step<'r>,
}

/// One procedure note. Serialized with its `note` in Chinese and `note_en`.
#[derive(Debug, Clone)]
pub struct Step<'r> {
    /// Which procedure.
    pub kind: StepKind,
    /// Whether it applies.
    pub applies: Applies,
    /// The amount threshold that decides, if any.
    pub threshold: Option<Yuan>,
    /// The explanation.
    pub note: Note,
    /// The article.
    pub basis: &'r Citation,
}

impl Step<'_> {
    /// The explanation in English.
    #[must_use]
    pub fn note_en(&self) -> String {
        self.english().to_string()
    }

    fn english(&self) -> NoteEn<'_> {
        NoteEn {
            kind: self.kind,
            applies: self.applies,
            note: &self.note,
        }
    }
}

impl Serialize for Step<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Step", 5)?;
        s.serialize_field("applies", &self.applies)?;
        s.serialize_field("threshold", &self.threshold)?;
        s.serialize_field("note", &Shown(&self.note))?;
        s.serialize_field("note_en", &Shown(&self.english()))?;
        s.serialize_field("basis", self.basis)?;
        s.end()
    }
}

/// Serializes a `Display` as a string, written straight into the output.
struct Shown<'a, T>(&'a T);

impl<T: std::fmt::Display> Serialize for Shown<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
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
pub struct Basis<'r> {
    /// What the provision does in this case.
    pub role: Role,
    /// The provision.
    #[serde(flatten)]
    pub citation: &'r Citation,
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

/// Another violation of the same act and its fine (第二十九条).
#[derive(Debug, Clone, Serialize)]
pub struct AlsoAssessed<'r> {
    /// The violation.
    pub violation: ViolationRef<'r>,
    /// Its fine.
    pub fine: Option<FineRange>,
}

impl<'r> Assessment<'r> {
    /// An assessment where no penalty is given, mandatory or discretionary: the basis
    /// and reasons gathered, no penalties and no procedure.
    fn unpunished(
        ruleset: &'r Ruleset,
        violation: ViolationRef<'r>,
        decided_on: Date,
        mandatory: bool,
        statutory_fine: Option<FineRange>,
        trail: Trail<'r>,
    ) -> Assessment<'r> {
        Assessment {
            ruleset: ruleset_ref(ruleset),
            violation,
            decided_on,
            outcome: Outcome::NoPenalty,
            mandatory,
            fine: None,
            statutory_fine,
            penalties: Vec::new(),
            alternatives: Vec::new(),
            procedure: no_procedure(),
            basis: trail.basis,
            reasons: trail.reasons,
            also: Vec::new(),
        }
    }
}

impl Ruleset {
    /// Assesses a request under this ruleset alone.
    pub fn assess(&self, request: &Request) -> Result<Assessment<'_>, Error> {
        assess(&[self], request)
    }
}

/// Assesses a request under the versions of one ruleset, applying 第三十七条: the
/// version in force when the act was committed, unless the one in force on the
/// decision date is lighter or no longer makes the act a violation.
pub fn assess<'r>(versions: &[&'r Ruleset], request: &Request) -> Result<Assessment<'r>, Error> {
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
    // With one version there is nothing to choose, whenever the act was committed.
    let act_date = if versions.len() > 1 {
        ["violation_end_date", "violation_date"]
            .iter()
            .find_map(|name| match request.facts.get(*name) {
                Some(FactInput::Text(t)) => Date::parse(t),
                _ => None,
            })
    } else {
        None
    };
    let then = act_date.and_then(in_force);
    let has_all = |r: &Ruleset| {
        request
            .violations
            .iter()
            .all(|id| r.violation(id).is_some())
    };
    match then {
        Some(then) if !std::ptr::eq(then, current) => {
            if !has_all(then) && has_all(current) {
                let reason = Reason::OldSetsNone {
                    version: then.version(),
                };
                return Ok(not_punishable(then, current, request, reason));
            }
            if !has_all(current) && has_all(then) {
                let reason = Reason::NewSetsNone {
                    version: current.version(),
                };
                return Ok(not_punishable(current, then, request, reason));
            }
            let old = assess_version(then, request)?;
            let new = assess_version(current, request)?;
            Ok(choose_version(old, new))
        }
        _ => {
            let mut assessment = assess_version(current, request)?;
            if act_date.is_some() && then.is_none() && versions.len() > 1 {
                let version = current.version();
                assessment
                    .reasons
                    .insert(0, Reason::NoVersionThen { version });
            }
            Ok(assessment)
        }
    }
}

/// No penalty under 第三十七条: `applied` (the version whose rule decides) has no
/// penalty for the act; the violation's provisions are cited from `other`, which has it.
fn not_punishable<'r>(
    applied: &'r Ruleset,
    other: &'r Ruleset,
    request: &Request,
    reason: Reason<'r>,
) -> Assessment<'r> {
    let id = request.violations.first().map_or("", String::as_str);
    let mut trail = Trail::default();
    let violation = other.violation(id);
    if let Some(v) = violation {
        for c in &v.violates {
            trail.cite(Role::Violated, c);
        }
        trail.cite(Role::Penalty, &v.punishes);
    }
    trail.cite(Role::General, Provision::Versions.cited());
    trail.reasons.push(reason);
    let violation = ViolationRef {
        id: violation.map_or("", |v| &*v.id),
        name: violation.map_or("", |v| v.name.as_str()),
    };
    Assessment::unpunished(applied, violation, request.decided_on, true, None, trail)
}

fn choose_version<'r>(old: Assessment<'r>, new: Assessment<'r>) -> Assessment<'r> {
    let new_lighter = severity(&new) < severity(&old);
    let reason = Reason::Versions {
        then: old.ruleset.version,
        now: new.ruleset.version,
        new_lighter,
        fine: new.fine,
        outcome: new.outcome,
    };
    let mut chosen = if new_lighter { new } else { old };
    chosen.reasons.push(reason);
    push_basis(
        &mut chosen.basis,
        Role::General,
        Provision::Versions.cited(),
    );
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

/// Assesses under one version, applying 第二十九条 when several violations are given.
fn assess_version<'r>(ruleset: &'r Ruleset, request: &Request) -> Result<Assessment<'r>, Error> {
    if request.violations.is_empty() {
        return Err(Error::one(problem(
            Code::UnknownViolation,
            "violation",
            "name at least one violation",
        )));
    }
    let unknown = |i: usize, id: &str| {
        Problem::new(
            Code::UnknownViolation,
            format!("violation[{i}]"),
            format!("ruleset `{}` has no violation `{id}`", ruleset.id()),
            format!("规则集中没有该违法行为：{id}"),
        )
    };
    // One violation, the common request, needs no list of cases.
    if let [id] = request.violations.as_slice() {
        let Some(violation) = ruleset.violation_at(id) else {
            return Err(Error::one(unknown(0, id)));
        };
        let mut case = [Case::new(ruleset, violation)];
        read_facts(ruleset, &mut case, &request.facts)?;
        let [case] = &case;
        return case
            .assess(request.decided_on)
            .map_err(|failure| failed([(case, failure)]));
    }
    let mut cases = Vec::with_capacity(request.violations.len());
    let mut problems = Vec::new();
    for (i, id) in request.violations.iter().enumerate() {
        match ruleset.violation_at(id) {
            Some(v) => cases.push(Case::new(ruleset, v)),
            None => problems.push(unknown(i, id)),
        }
    }
    if let Some(error) = Error::from_problems(problems) {
        return Err(error);
    }
    read_facts(ruleset, &mut cases, &request.facts)?;
    let mut results = Vec::with_capacity(cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match case.assess(request.decided_on) {
            Ok(a) => results.push(a),
            Err(failure) => failures.push((case, failure)),
        }
    }
    if !failures.is_empty() {
        return Err(failed(failures));
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
                violation: r.violation,
                fine: r.fine,
            })
            .collect();
        let others = results
            .iter()
            .map(|r| Other {
                name: r.violation.name,
                fine: r.fine,
                outcome: r.outcome,
            })
            .collect();
        chosen.reasons.push(Reason::OneFine {
            others,
            chosen: chosen.violation.name,
        });
        push_basis(&mut chosen.basis, Role::General, Provision::OneFine.cited());
    }
    Ok(chosen)
}

/// The error for cases that could not be assessed: the first error, or else every fact
/// that one of them needs, each named once.
fn failed<'c, 'r: 'c, 'q: 'c>(
    failures: impl IntoIterator<Item = (&'c Case<'r, 'q>, Failure)>,
) -> Error {
    let mut missing = BTreeMap::new();
    for (case, failure) in failures {
        match failure {
            Failure::Missing(ids) => {
                for id in ids {
                    if let Some(decl) = case.ruleset.fact(case.violation, id) {
                        missing.entry(&*decl.name).or_insert(decl.label.as_str());
                    }
                }
            }
            Failure::Error(e) => return e,
        }
    }
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
    Error::from_problems(problems)
        .unwrap_or_else(|| Error::one(problem(Code::MissingFact, "facts", "a fact is needed")))
}

/// Reasons and basis gathered while assessing.
struct Trail<'r> {
    reasons: Vec<Reason<'r>>,
    basis: Vec<Basis<'r>>,
}

impl Default for Trail<'_> {
    /// Room for a typical case, which gives a handful of each.
    fn default() -> Self {
        Trail {
            reasons: Vec::with_capacity(8),
            basis: Vec::with_capacity(8),
        }
    }
}

impl<'r> Trail<'r> {
    fn say(&mut self, reason: Reason<'r>) {
        self.reasons.push(reason);
    }

    fn cite(&mut self, role: Role, citation: &'r Citation) {
        push_basis(&mut self.basis, role, citation);
    }
}

fn push_basis<'r>(basis: &mut Vec<Basis<'r>>, role: Role, citation: &'r Citation) {
    let cited = |b: &Basis| std::ptr::eq(b.citation, citation) || b.citation == citation;
    if !basis.iter().any(cited) {
        basis.push(Basis { role, citation });
    }
}

fn ruleset_ref(ruleset: &Ruleset) -> RulesetRef<'_> {
    RulesetRef {
        id: &ruleset.meta.id,
        version: &ruleset.meta.version,
        sha256: ruleset.sha256(),
    }
}

fn no_procedure() -> Procedure<'static> {
    let step = |kind, provision: Provision| Step {
        kind,
        applies: Applies::No,
        threshold: None,
        note: Note::NoPenalty,
        basis: provision.cited(),
    };
    Procedure {
        summary_procedure: step(StepKind::Summary, Provision::Summary),
        hearing: step(StepKind::Hearing, Provision::Hearing),
        legal_review: step(StepKind::LegalReview, Provision::LegalReview),
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
