//! One violation with the facts of a case, and the general part of 行政处罚法 around
//! the ruleset's model: 第三十条 to 第三十三条 and 第三十六条 before it, the statutory
//! grounds for 从轻 and 减轻 after it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::Span;
use super::words::{AltNote, Ground};
use super::{
    Alternative, Assessment, FineRange, Reason, Role, Trail, ViolationRef, no_procedure,
    outcome_of, ruleset_ref,
};
use crate::date::Date;
use crate::error::{Code, Error, Problem};
use crate::expr::{Condition, EvalError, FactId, Value};
use crate::facts::ids;
use crate::general::Provision;
use crate::money::Yuan;
use crate::raw::{Effect, FactInput, Outcome, Tier};
use crate::ruleset::{BandBound, Ruleset, Violation, problem};

/// Why a case could not be assessed.
pub(super) enum Failure {
    /// Facts the result depends on were not given.
    Missing(Vec<FactId>),
    /// Anything else.
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

pub(super) fn overflow() -> Failure {
    Failure::from(EvalError::Arithmetic(
        "the amount is too large to compute".into(),
    ))
}

/// One violation with the facts read against its declarations; text values borrow
/// from the facts as entered (`'q`).
pub(super) struct Case<'r, 'q> {
    pub ruleset: &'r Ruleset,
    pub violation: &'r Violation,
    /// The violation's position in the ruleset.
    pub at: usize,
    /// By fact id: the ruleset's facts, then the violation's.
    pub values: Vec<Option<Value<'q>>>,
}

/// Reads the facts given against the declarations of each case's violation, reporting
/// every fact that is unknown or does not read.
pub(super) fn read_facts<'q>(
    ruleset: &Ruleset,
    cases: &mut [Case<'_, 'q>],
    input: &'q BTreeMap<String, FactInput>,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    for (name, given) in input {
        let declared = ruleset.declared(name);
        let mut known = false;
        let mut reported = false;
        for case in &mut *cases {
            let Some(id) = declared.and_then(|d| d.id_in(case.at)) else {
                continue;
            };
            known = true;
            let Some(decl) = ruleset.fact(case.violation, id) else {
                continue;
            };
            match decl.read(given) {
                Ok(value) => case.values[id] = Some(value),
                Err((en, zh)) if !reported => {
                    reported = true;
                    problems.push(Problem::new(
                        Code::InvalidFact,
                        format!("facts.{name}"),
                        format!("`{name}`: {en}"),
                        zh,
                    ));
                }
                Err(_) => {}
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
        let started = case.date(ids::VIOLATION_DATE);
        if let (Some(start), Some(end)) = (started, case.date(ids::VIOLATION_END_DATE)) {
            if end < start {
                problems.push(Problem::new(
                    Code::InvalidFact,
                    "facts.violation_end_date",
                    "the act cannot end before it started",
                    "违法行为终了日期不能早于发生日期",
                ));
            }
        }
        if let (Some(start), Some(found)) = (started, case.date(ids::DISCOVERED_DATE)) {
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
        None => Ok(()),
    }
}

impl<'r> Case<'r, '_> {
    /// The violation at position `at` of the ruleset, with no facts read yet.
    pub(super) fn new(ruleset: &'r Ruleset, (at, violation): (usize, &'r Violation)) -> Self {
        Case {
            ruleset,
            violation,
            at,
            values: vec![None; ruleset.facts.len() + violation.facts.len()],
        }
    }

    pub(super) fn value(&self, id: FactId) -> Option<&Value<'_>> {
        self.values.get(id)?.as_ref()
    }

    pub(super) fn eval(&self, condition: &Condition) -> Result<bool, EvalError> {
        condition.eval(&|id| self.value(id))
    }

    /// Evaluates a condition; `None` when it depends on facts not given.
    pub(super) fn decide(&self, condition: &Condition) -> Result<Option<bool>, Failure> {
        Ok(condition.decide(&|id| self.value(id))?)
    }

    /// Evaluates a condition that only counts when established: a missing fact means no.
    pub(super) fn holds(&self, condition: &Condition) -> Result<bool, Failure> {
        Ok(self.decide(condition)?.unwrap_or(false))
    }

    /// The party's age; 第三十条 speaks of minors, so an organisation has none.
    fn age(&self) -> Option<Decimal> {
        match (self.value(ids::AGE), self.text(ids::PARTY)) {
            (_, Some("organization")) => None,
            (Some(Value::Number(age)), _) => Some(*age),
            _ => None,
        }
    }

    fn flag(&self, id: FactId) -> bool {
        matches!(self.value(id), Some(Value::Bool(true)))
    }

    pub(super) fn text(&self, id: FactId) -> Option<&str> {
        match self.value(id) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn date(&self, id: FactId) -> Option<Date> {
        match self.value(id) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// The label of a fact of this case.
    pub(super) fn label(&self, id: FactId) -> &'r str {
        self.ruleset
            .fact(self.violation, id)
            .map_or("", |d| d.label.as_str())
    }

    pub(super) fn assess(&self, decided_on: Date) -> Result<Assessment<'r>, Failure> {
        let mut trail = Trail::default();
        let v = self.violation;
        for c in &v.violates {
            trail.cite(Role::Violated, c);
        }
        trail.cite(Role::Penalty, &v.punishes);
        for c in &v.benchmark {
            trail.cite(Role::Benchmark, c);
        }
        if self.no_penalty(&mut trail)? {
            let mut unused = Trail {
                reasons: Vec::new(),
                basis: Vec::new(),
            };
            let statutory = v.fine.as_ref().and_then(|f| self.span(f, &mut unused).ok());
            return Ok(self.unpunished(true, statutory.map(Span::out), trail, decided_on));
        }
        let discretionary = self.discretionary_no_penalty(&mut trail)?;
        let penalised = match self.penalise(&mut trail) {
            Ok(p) => p,
            Err(Failure::Missing(ids)) if discretionary => {
                let labels = ids.iter().map(|id| self.label(*id)).collect();
                trail.say(Reason::MissingForFine { labels });
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
            trail.say(Reason::ConditionsFail { conditions });
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
                note: AltNote::IfPenalised {
                    fine,
                    outcome: assessment.outcome,
                },
            };
            assessment.alternatives.insert(0, otherwise);
            assessment.outcome = Outcome::NoPenalty;
            assessment.mandatory = false;
            assessment.fine = None;
            assessment.penalties.clear();
            assessment.procedure = no_procedure();
        }
        trail.say(Reason::Result {
            outcome: assessment.outcome,
            fine: assessment.fine,
        });
        assessment.basis = trail.basis;
        assessment.reasons = trail.reasons;
        Ok(assessment)
    }

    /// 第三十六条, 第三十条, 第三十一条, 第三十三条 and the ruleset's mandatory list
    /// entries: the cases where no penalty may be given.
    fn no_penalty(&self, trail: &mut Trail<'r>) -> Result<bool, Failure> {
        let started = self
            .date(ids::VIOLATION_END_DATE)
            .or_else(|| self.date(ids::VIOLATION_DATE));
        if let (Some(start), Some(found)) = (started, self.date(ids::DISCOVERED_DATE)) {
            let grave =
                self.flag(ids::ENDANGERS) && self.text(ids::HARM).is_some_and(|h| h != "none");
            let years = if grave { 5 } else { 2 };
            let limit = start.add_years(years);
            if self.date(ids::VIOLATION_END_DATE).is_some() {
                trail.cite(Role::General, Provision::LimitationStart.cited());
            }
            if found > limit {
                trail.cite(Role::General, Provision::Limitation.cited());
                trail.say(Reason::Expired {
                    start,
                    years,
                    limit,
                    found,
                });
                return Ok(true);
            }
            trail.say(Reason::InTime {
                found,
                years,
                limit,
            });
        }
        if let Some(age) = self.age() {
            if age < Decimal::from(14) {
                trail.cite(Role::General, Provision::Minors.cited());
                trail.say(Reason::UnderFourteen { age });
                return Ok(true);
            }
        }
        if self.text(ids::MENTAL_CAPACITY) == Some("none") {
            trail.cite(Role::General, Provision::Capacity.cited());
            trail.say(Reason::NoCapacity);
            return Ok(true);
        }
        if self.flag(ids::NO_FAULT_PROVEN) {
            trail.cite(Role::General, Provision::NoFault.cited());
            trail.say(Reason::NoFault);
            return Ok(true);
        }
        if self.flag(ids::MINOR_VIOLATION)
            && self.flag(ids::CORRECTED_PROMPTLY)
            && self.text(ids::HARM) == Some("none")
        {
            trail.cite(Role::General, Provision::MinorViolation.cited());
            trail.say(Reason::MinorViolation);
            return Ok(true);
        }
        for entry in self
            .ruleset
            .no_penalty
            .iter()
            .chain(&self.violation.no_penalty)
        {
            if entry.mandatory && self.holds(&entry.when)? {
                trail.cite(Role::NoPenalty, &entry.basis);
                trail.say(Reason::Listed {
                    text: &entry.text,
                    basis: &entry.basis,
                    mandatory: true,
                });
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// 首违不罚 (第三十三条第一款) and the ruleset's discretionary list entries.
    fn discretionary_no_penalty(&self, trail: &mut Trail<'r>) -> Result<bool, Failure> {
        if let Some(rule) = &self.violation.no_lenience {
            if self.holds(&rule.when)? {
                trail.cite(Role::NoPenalty, &rule.basis);
                trail.say(Reason::NoLenience {
                    text: &rule.text,
                    basis: &rule.basis,
                });
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
                trail.cite(Role::NoPenalty, &entry.basis);
                trail.say(Reason::Listed {
                    text: &entry.text,
                    basis: &entry.basis,
                    mandatory: false,
                });
                return Ok(true);
            }
        }
        let harm_minor = self
            .text(ids::HARM)
            .is_some_and(|h| h == "none" || h == "minor");
        if self.flag(ids::FIRST_OFFENCE) && harm_minor && self.flag(ids::CORRECTED_PROMPTLY) {
            trail.cite(Role::General, Provision::MinorViolation.cited());
            trail.say(Reason::FirstOffence);
            return Ok(true);
        }
        Ok(false)
    }

    /// The general part after the model: statutory grounds for 从轻 or 减轻.
    fn adjust(
        &self,
        p: super::model::Penalised<'r>,
        trail: &mut Trail<'r>,
        decided_on: Date,
    ) -> Result<Assessment<'r>, Failure> {
        let mut grounds: Vec<Ground<'r>> = Vec::new();
        let mut must = false;
        if let Some(age) = self.age() {
            if age >= Decimal::from(14) && age < Decimal::from(18) {
                trail.cite(Role::General, Provision::Minors.cited());
                grounds.push(Ground::Minor { age });
                must = true;
            }
        }
        if self.text(ids::MENTAL_CAPACITY) == Some("limited") {
            trail.cite(Role::General, Provision::Capacity.cited());
            grounds.push(Ground::LimitedCapacity);
        }
        if let Some(Value::List(items)) = self.value(ids::MITIGATION) {
            if !items.is_empty() {
                trail.cite(Role::General, Provision::Mitigation.cited());
                let decl = self.ruleset.facts.get(ids::MITIGATION);
                let labels = items
                    .iter()
                    .map(|i| decl.map_or_else(|| i.to_string(), |d| d.choice_label(i)))
                    .collect();
                grounds.push(Ground::Mitigation(labels));
                must = true;
            }
        }
        for c in self
            .ruleset
            .circumstances
            .iter()
            .chain(&self.violation.circumstances)
        {
            if c.effect == Effect::LighterOrMitigated && self.holds(&c.when)? {
                trail.cite(Role::Circumstance, &c.basis);
                grounds.push(Ground::Circumstance(&c.text));
                must |= c.mandatory;
            }
        }
        let mut outcome = outcome_of(p.tier);
        let mut mandatory = p.mandatory;
        let mut fine = p.fine;
        let mut alternatives = Vec::new();
        if p.tier == Tier::Mitigated && !grounds.is_empty() {
            trail.say(Reason::AlreadyMitigated);
        } else if !grounds.is_empty() {
            let mut lighter_range = None;
            if let (Some(range), Some(statutory)) = (fine, p.statutory) {
                let conventions = &self.ruleset.conventions;
                // 从轻 goes no higher than the fine that would otherwise apply: the top of
                // the model's range, and none where the range has no maximum (“一万元以上”).
                // Capping an open range at its minimum would let a heavier range give a
                // lower 从轻 fine than a lighter one.
                let mut top = range.max.map(|m| m.0);
                if let (Some(bands), Some(max)) = (&conventions.bands, statutory.max) {
                    if let BandBound::Share(share) = bands.lighter[1] {
                        let width = max.checked_sub(statutory.min).ok_or_else(overflow)?;
                        let band_top = statutory
                            .min
                            .checked_add(width.checked_mul(share).ok_or_else(overflow)?)
                            .ok_or_else(overflow)?;
                        let band_top = conventions.rounding.apply(band_top);
                        top = Some(top.map_or(band_top, |t| t.min(band_top)));
                    }
                }
                let top = top.map(|t| t.max(statutory.min));
                let lighter = FineRange {
                    min: Yuan(statutory.min),
                    max: top.map(Yuan),
                    amount: None,
                    max_excluded: range.max_excluded
                        && range.max.is_some_and(|m| Some(m.0) == top)
                        && top.is_some_and(|t| t > statutory.min),
                };
                lighter_range = Some(lighter);
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
                    alternatives.push(Alternative {
                        outcome: Outcome::Mitigated,
                        mandatory: must,
                        fine: Some(FineRange {
                            min: Yuan(floor),
                            max: Some(Yuan(statutory.min)),
                            amount: None,
                            max_excluded: false,
                        }),
                        note: AltNote::Mitigated {
                            min: statutory.min,
                            floor,
                        },
                    });
                }
                fine = Some(lighter);
            }
            trail.say(Reason::Grounds {
                grounds,
                mandatory: must,
                lighter: lighter_range,
            });
            outcome = Outcome::Lighter;
            mandatory = must;
        }
        let statutory_fine = p.statutory.map(Span::out);
        let procedure = self.procedure(fine.as_ref(), &p.penalties, trail);
        Ok(Assessment {
            ruleset: ruleset_ref(self.ruleset),
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

    fn violation_ref(&self) -> ViolationRef<'r> {
        ViolationRef {
            id: &self.violation.id,
            name: &self.violation.name,
        }
    }

    /// An assessment where no penalty is given, mandatory or discretionary.
    fn unpunished(
        &self,
        mandatory: bool,
        statutory: Option<FineRange>,
        trail: Trail<'r>,
        decided_on: Date,
    ) -> Assessment<'r> {
        let violation = self.violation_ref();
        Assessment::unpunished(
            self.ruleset,
            violation,
            decided_on,
            mandatory,
            statutory,
            trail,
        )
    }
}
