//! The ruleset's own part of an assessment: the statutory fine on the facts, the
//! circumstances, and the discretion model (tiers, bands, weights, fact bands,
//! coefficients) that places the case in the range.

use rust_decimal::{Decimal, RoundingStrategy};

use super::case::{Case, Failure, overflow};
use super::words::WeightPart;
use super::{FineRange, PenaltyOut, PenaltyStatus, Reason, Trail, kind_name};
use crate::error::{Code, Error, Problem};
use crate::expr::{Condition, EvalError, FactId, Value, compare_band};
use crate::money::{Yuan, order, to_fen};
use crate::raw::{Effect, Offset, PenaltyKind, Tier, UnknownFactor};
use crate::ruleset::{BandBound, Equals, Fine, Matcher, Model, Penalty, Row, problem};

/// What the ruleset's model gives before the general part adjusts it.
pub(super) struct Penalised<'r> {
    pub tier: Tier,
    pub mandatory: bool,
    pub fine: Option<FineRange>,
    pub statutory: Option<Span>,
    pub penalties: Vec<PenaltyOut<'r>>,
}

/// A range of amounts in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub min: Decimal,
    pub max: Option<Decimal>,
}

impl Span {
    pub fn out(self) -> FineRange {
        FineRange {
            min: Yuan(self.min),
            max: self.max.map(Yuan),
            amount: None,
            max_excluded: false,
        }
    }

    fn contains(self, other: Span) -> bool {
        order(other.min, self.min).is_ge()
            && match (self.max, other.max) {
                (Some(max), Some(other)) => order(other, max).is_le(),
                (Some(_), None) => false,
                (None, _) => true,
            }
    }

    /// The amount, raised to the minimum or lowered to the maximum; an amount equal to
    /// a bound is kept as written.
    fn clamp(self, amount: Decimal) -> Decimal {
        let amount = if order(amount, self.min).is_lt() {
            self.min
        } else {
            amount
        };
        match self.max {
            Some(max) if order(amount, max).is_gt() => max,
            _ => amount,
        }
    }
}

/// The verdict of the circumstances (从轻 / 一般 / 从重), whether it is mandatory, and
/// the sum of their coefficients.
type Verdict = (Tier, bool, Decimal);

impl<'r> Case<'r, '_> {
    /// The ruleset's model applied to the facts: tier, fine and penalty kinds.
    pub(super) fn penalise(&self, trail: &mut Trail<'r>) -> Result<Penalised<'r>, Failure> {
        let v = self.violation;
        let mut penalties = Vec::with_capacity(v.penalties.len());
        for p in &v.penalties {
            penalties.extend(self.penalty(p)?);
        }
        // A fine whose condition does not hold is no fine: nothing to compute.
        let fined = penalties.iter().any(|p| p.kind == PenaltyKind::Fine);
        let statutory = match &v.fine {
            Some(f) if fined => Some(self.span(f, trail)?),
            _ => None,
        };
        let verdict = self.circumstances(trail)?;
        let mut extra: &[Penalty] = &[];
        let mut tier = Tier::Ordinary;
        let mut mandatory = true;
        let fine = match (&v.model, statutory) {
            (_, None) => None,
            (None, Some(s)) => {
                trail.say(Reason::StatutoryRange);
                Some(s.out())
            }
            (Some(model), Some(s)) => {
                let (t, range, penalties) = self.model(model, s, verdict, trail)?;
                extra = penalties;
                tier = t;
                if t == Tier::Heavier || t == Tier::Lighter {
                    mandatory = verdict.1;
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

    fn penalty(&self, p: &'r Penalty) -> Result<Option<PenaltyOut<'r>>, Failure> {
        let status = match &p.when {
            None => PenaltyStatus::Applies,
            Some(c) => match self.decide(c)? {
                Some(true) => PenaltyStatus::Applies,
                Some(false) => return Ok(None),
                None => PenaltyStatus::Conditional,
            },
        };
        Ok(Some(PenaltyOut {
            kind: p.kind,
            name: kind_name(p.kind),
            mode: p.mode,
            status,
            text: p.text.as_ref(),
            condition: p.when.as_ref().map(Condition::text),
        }))
    }

    /// The circumstances that hold: the verdict (从轻 / 一般 / 从重), whether it is
    /// mandatory, and the sum of their coefficients.
    fn circumstances(&self, trail: &mut Trail<'r>) -> Result<Verdict, Failure> {
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
            trail.cite(super::Role::Circumstance, &c.basis);
            trail.say(Reason::Circumstance {
                id: &c.id,
                text: &c.text,
                basis: &c.basis,
                heavier: c.effect != Effect::Lighter,
                mandatory: c.mandatory,
            });
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
            trail.say(Reason::Offset {
                lighter,
                heavier,
                verdict,
            });
        }
        let mandatory = match verdict {
            Tier::Lighter => mandatory_lighter,
            Tier::Heavier => mandatory_heavier,
            _ => true,
        };
        Ok((verdict, mandatory, sum))
    }

    fn model(
        &self,
        model: &'r Model,
        statutory: Span,
        (verdict, _, coefficients): Verdict,
        trail: &mut Trail<'r>,
    ) -> Result<(Tier, FineRange, &'r [Penalty]), Failure> {
        let conventions = &self.ruleset.conventions;
        let rounding = conventions.rounding;
        let point = |amount: Decimal| FineRange {
            min: Yuan(amount),
            max: Some(Yuan(amount)),
            amount: Some(Yuan(amount)),
            max_excluded: false,
        };
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
                trail.say(Reason::Tier {
                    tier: t.tier,
                    text: &t.text,
                });
                Ok((t.tier, self.benchmark_range(span, &t.fine), &t.penalties))
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
                trail.say(Reason::Band {
                    tier: verdict,
                    from,
                    to,
                    min,
                    max,
                });
                Ok((
                    verdict,
                    FineRange {
                        min: Yuan(min),
                        max: Some(Yuan(max)),
                        amount: None,
                        max_excluded: false,
                    },
                    &[],
                ))
            }
            Model::Weights(w) => {
                let mut total = w.start;
                let mut parts = Vec::with_capacity(w.factors.len());
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
                                    trail.say(Reason::UnknownFactor { name: &f.name });
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
                    parts.push(WeightPart {
                        factor: &f.name,
                        level: &level.text,
                        weight: level.weight,
                    });
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
                trail.say(Reason::Weights {
                    start: w.start,
                    parts,
                    summed,
                    total,
                    base,
                    amount,
                });
                Ok((Tier::Ordinary, point(amount), &[]))
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
                        trail.say(Reason::UnknownBand {
                            label: &decl.label,
                            name: &decl.name,
                        });
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
                trail.say(Reason::Row { text: &row.text });
                let mut out = self.benchmark_range(span, &row.fine);
                if span.max == Some(span.min) {
                    out.amount = Some(Yuan(span.min));
                }
                Ok((row.tier, out, &row.penalties))
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
                trail.say(Reason::Coefficients {
                    base: *base,
                    sum: coefficients,
                    raw,
                    amount,
                });
                Ok((tier, point(amount), &[]))
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
            let band_ok = match (value, &m.equals) {
                (Value::Number(n), Some(Equals::Number(e))) => order(*n, *e).is_eq(),
                (Value::Text(t), Some(Equals::Text(e))) => **t == **e,
                (Value::Bool(b), Some(Equals::Text(e))) => {
                    **e == *if *b { "true" } else { "false" }
                }
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
    pub(super) fn span(&self, fine: &'r Fine, trail: &mut Trail<'r>) -> Result<Span, Failure> {
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
                let base = *base;
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
                trail.say(Reason::Multiple {
                    label: self.label(*of),
                    base,
                    min: *min,
                    max: *max,
                });
                Span { min: lo, max: hi }
            }
            Fine::Cases(cases) => {
                for c in cases {
                    let applies = match &c.when {
                        None => true,
                        Some(w) => self.eval(w)?,
                    };
                    if applies {
                        trail.say(Reason::Case { text: &c.text });
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
                    Some(w) => self.holds(w)?,
                    None => false,
                };
                if !use_fallback {
                    match self.span(primary, trail) {
                        Ok(s) => return Ok(s),
                        Err(Failure::Missing(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
                trail.say(Reason::Fallback { text });
                self.span(fallback, trail)?
            }
            Fine::PerDay { days, daily, unit } => {
                let Some(Value::Number(n)) = self.value(*days) else {
                    return Err(Failure::Missing(vec![*days]));
                };
                let n = *n;
                if n.is_sign_negative() {
                    let name = self
                        .ruleset
                        .fact(self.violation, *days)
                        .map_or("", |d| &*d.name);
                    return Err(Failure::Error(Error::one(Problem::new(
                        Code::InvalidFact,
                        format!("facts.{name}"),
                        format!("`{name}`: must not be negative"),
                        "日数（次数）不能为负数",
                    ))));
                }
                let day = self.span(daily, trail)?;
                trail.say(Reason::PerDay { count: n, unit });
                let times = |a: Decimal| a.checked_mul(n).ok_or_else(overflow);
                Span {
                    min: times(day.min)?,
                    max: day.max.map(times).transpose()?,
                }
            }
        })
    }
}

/// The lowest band of a fact among rows: one without a lower bound, else the one with
/// the smallest lower bound or value; for choices, the first listed.
fn lowest_band(rows: &[Row], fact: FactId) -> Option<&Matcher> {
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
