//! The words of an assessment: its reasons and notes are kept as data while assessing
//! and written out, in Chinese or English, only when the assessment is serialized or
//! read. Assessing stays free of string building; the JSON is the same.

use std::fmt::{self, Display, Formatter};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::{Applies, FineRange, outcome_name, tier_name};
use crate::citation::Citation;
use crate::date::Date;
use crate::money::Percent;
use crate::raw::{Outcome, Tier};
use crate::ruleset::BandBound;
use crate::text::Text;

/// The language words are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese, the language of the decision.
    Zh,
    /// English, alongside.
    En,
}

/// Something with words in both languages.
pub(crate) trait Words {
    fn write(&self, lang: Lang, f: &mut Formatter<'_>) -> fmt::Result;
}

/// Words in one language, as `Display` and as a JSON string.
pub(crate) struct In<'a, W: ?Sized>(pub &'a W, pub Lang);

impl<W: Words + ?Sized> Display for In<'_, W> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.write(self.1, f)
    }
}

impl<W: Words + ?Sized> Serialize for In<'_, W> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A statutory ground for 从轻 or 减轻 (第三十条 to 第三十二条, or the ruleset's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ground<'r> {
    /// 已满十四周岁不满十八周岁.
    Minor {
        /// The party's age.
        age: Decimal,
    },
    /// 尚未完全丧失辨认或者控制自己行为能力.
    LimitedCapacity,
    /// The 第三十二条 items given, by their labels.
    Mitigation(Vec<String>),
    /// A circumstance of the ruleset, by its wording.
    Circumstance(&'r str),
}

/// One factor of a weight accumulation: its name, the level that applies and its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightPart<'r> {
    /// The factor.
    pub factor: &'r Text,
    /// The level's wording.
    pub level: &'r Text,
    /// The level's weight.
    pub weight: Decimal,
}

/// Another violation of the same act, in the 第二十九条 step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Other<'r> {
    /// Its name.
    pub name: &'r str,
    /// Its fine.
    pub fine: Option<FineRange>,
    /// Its outcome.
    pub outcome: Outcome,
}

/// One step of the reasoning. Serialized as `{"zh": …, "en": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'r> {
    /// No version was in force on the violation date; the current one applies.
    NoVersionThen {
        /// The version applied.
        version: &'r str,
    },
    /// 第三十七条: the version in force at the time of the act sets no penalty.
    OldSetsNone {
        /// That version.
        version: &'r str,
    },
    /// 第三十七条: the version in force on the decision date no longer sets a penalty.
    NewSetsNone {
        /// That version.
        version: &'r str,
    },
    /// 第三十七条: both versions assessed; the lighter applies.
    Versions {
        /// The version in force at the time of the act.
        then: &'r str,
        /// The version in force on the decision date.
        now: &'r str,
        /// Whether the new version is lighter (and so applies).
        new_lighter: bool,
        /// The new version's fine, which the Chinese words quote.
        fine: Option<FineRange>,
        /// The new version's outcome.
        outcome: Outcome,
    },
    /// 第二十九条: one act, several provisions, the higher fine.
    OneFine {
        /// The other provisions.
        others: Vec<Other<'r>>,
        /// The provision applied.
        chosen: &'r str,
    },
    /// Discretionary no penalty, but the fine needs facts not given.
    MissingForFine {
        /// Their labels.
        labels: Vec<&'r str>,
    },
    /// The conditions of every penalty fail.
    ConditionsFail {
        /// The conditions, in words.
        conditions: Vec<String>,
    },
    /// The result.
    Result {
        /// The outcome.
        outcome: Outcome,
        /// The fine.
        fine: Option<FineRange>,
    },
    /// 第三十六条: discovered too late.
    Expired {
        /// When the period started.
        start: Date,
        /// Its length.
        years: i32,
        /// Its last day.
        limit: Date,
        /// When the act was discovered.
        found: Date,
    },
    /// 第三十六条: discovered in time.
    InTime {
        /// When the act was discovered.
        found: Date,
        /// The period's length.
        years: i32,
        /// Its last day.
        limit: Date,
    },
    /// 第三十条: under fourteen.
    UnderFourteen {
        /// The party's age.
        age: Decimal,
    },
    /// 第三十一条: no capacity.
    NoCapacity,
    /// 第三十三条第二款: no fault.
    NoFault,
    /// 第三十三条第一款: minor, corrected, no harm.
    MinorViolation,
    /// A no-penalty list entry holds.
    Listed {
        /// Its wording.
        text: &'r str,
        /// Its basis.
        basis: &'r Citation,
        /// 应当 (true) or 可以 (false).
        mandatory: bool,
    },
    /// The discretionary no-penalty provisions are excluded.
    NoLenience {
        /// The wording of the exclusion.
        text: &'r str,
        /// Its basis.
        basis: &'r Citation,
    },
    /// 首违不罚.
    FirstOffence,
    /// No benchmark: the statutory range.
    StatutoryRange,
    /// A 从轻 or 从重 circumstance holds.
    Circumstance {
        /// Its id.
        id: &'r str,
        /// Its wording.
        text: &'r str,
        /// Its basis.
        basis: &'r Citation,
        /// 从重 (true) or 从轻 (false).
        heavier: bool,
        /// 应当 (true) or 可以 (false).
        mandatory: bool,
    },
    /// 从轻 and 从重 circumstances offset.
    Offset {
        /// How many 从轻.
        lighter: u32,
        /// How many 从重.
        heavier: u32,
        /// The verdict.
        verdict: Tier,
    },
    /// A tier of the benchmark applies.
    Tier {
        /// The tier.
        tier: Tier,
        /// Its wording.
        text: &'r str,
    },
    /// A percentage band applies.
    Band {
        /// The tier.
        tier: Tier,
        /// Its lower bound.
        from: BandBound,
        /// Its upper bound.
        to: BandBound,
        /// The lowest amount.
        min: Decimal,
        /// The highest amount.
        max: Decimal,
    },
    /// A weight factor cannot be established (第五条).
    UnknownFactor {
        /// The factor.
        name: &'r str,
    },
    /// A banded fact cannot be established (第五条).
    UnknownBand {
        /// The fact's label.
        label: &'r str,
        /// The fact's name.
        name: &'r str,
    },
    /// Weight accumulation.
    Weights {
        /// The starting weight.
        start: Decimal,
        /// The factors.
        parts: Vec<WeightPart<'r>>,
        /// Their sum.
        summed: Decimal,
        /// The sum within the cap and floor.
        total: Decimal,
        /// The base it multiplies.
        base: Decimal,
        /// The amount.
        amount: Decimal,
    },
    /// A row of a banded model applies.
    Row {
        /// Its wording.
        text: &'r str,
    },
    /// Coefficients on a base.
    Coefficients {
        /// The base.
        base: Decimal,
        /// The coefficients' sum.
        sum: Decimal,
        /// The product before rounding.
        raw: Decimal,
        /// The amount.
        amount: Decimal,
    },
    /// A fine as a multiple of a fact.
    Multiple {
        /// The fact's label.
        label: &'r str,
        /// Its value.
        base: Decimal,
        /// The lowest multiple.
        min: Option<Decimal>,
        /// The highest multiple.
        max: Option<Decimal>,
    },
    /// A case of a fine chosen by facts.
    Case {
        /// Its wording.
        text: &'r str,
    },
    /// The fallback of an either/or fine.
    Fallback {
        /// Its wording.
        text: &'r str,
    },
    /// A fine per day (or other unit).
    PerDay {
        /// How many.
        count: Decimal,
        /// The unit.
        unit: &'r str,
    },
    /// The tier is already 减轻.
    AlreadyMitigated,
    /// Statutory grounds for 从轻 or 减轻.
    Grounds {
        /// The grounds.
        grounds: Vec<Ground<'r>>,
        /// 应当 (true) or 可以 (false).
        mandatory: bool,
        /// The 从轻 range, where there is a fine.
        lighter: Option<FineRange>,
    },
}

impl Reason<'_> {
    /// The step in Chinese.
    #[must_use]
    pub fn zh(&self) -> String {
        In(self, Lang::Zh).to_string()
    }

    /// The step in English.
    #[must_use]
    pub fn en(&self) -> String {
        In(self, Lang::En).to_string()
    }
}

impl Serialize for Reason<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Reason", 2)?;
        s.serialize_field("zh", &In(self, Lang::Zh))?;
        s.serialize_field("en", &In(self, Lang::En))?;
        s.end()
    }
}

/// An amount as the words write it: `170000`, `0.5`.
struct Amount(Decimal);

impl Display for Amount {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0.normalize(), f)
    }
}

/// A fine range in words: `5000元至50000元`, `170000元`.
pub(crate) struct RangeWords<'a>(pub &'a FineRange);

impl Display for RangeWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let r = self.0;
        if let Some(a) = r.amount {
            return write!(f, "{}元", Amount(a.0));
        }
        let min = Amount(r.min.0);
        match r.max {
            Some(max) if max == r.min => write!(f, "{}元", Amount(max.0)),
            Some(max) if r.max_excluded => {
                let max = Amount(max.0);
                write!(f, "{min}元以上{max}元以下（不含{max}元）")
            }
            Some(max) => write!(f, "{min}元至{}元", Amount(max.0)),
            None => write!(f, "{min}元以上"),
        }
    }
}

/// What an outcome costs in words: `不予处罚`, `不罚款` or the range.
struct FineWords<'a>(Option<&'a FineRange>, Outcome);

impl Display for FineWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (_, Outcome::NoPenalty) => f.write_str("不予处罚"),
            (None, _) => f.write_str("不罚款"),
            (Some(r), _) => Display::fmt(&RangeWords(r), f),
        }
    }
}

/// Items joined by a separator.
struct Joined<'a, T>(&'a [T], &'a str);

impl<T: Display> Display for Joined<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(self.1)?;
            }
            Display::fmt(item, f)?;
        }
        Ok(())
    }
}

impl Display for Ground<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Ground::Minor { age } => {
                write!(f, "当事人{age}周岁，已满十四周岁不满十八周岁（第三十条）")
            }
            Ground::LimitedCapacity => {
                f.write_str("尚未完全丧失辨认或者控制自己行为能力（第三十一条）")
            }
            Ground::Mitigation(items) => write!(f, "{}（第三十二条）", Joined(items, "、")),
            Ground::Circumstance(text) => f.write_str(text),
        }
    }
}

impl Display for Other<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}（{}）",
            self.name,
            FineWords(self.fine.as_ref(), self.outcome)
        )
    }
}

impl Display for WeightPart<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}“{}”{}", self.factor, self.level, Percent(self.weight))
    }
}

/// `10倍至20倍`, `5倍以下`, `2倍以上`.
struct Multiples(Option<Decimal>, Option<Decimal>);

impl Display for Multiples {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(a), Some(b)) => write!(f, "{}倍至{}倍", Amount(a), Amount(b)),
            (None, Some(b)) => write!(f, "{}倍以下", Amount(b)),
            (Some(a), None) => write!(f, "{}倍以上", Amount(a)),
            (None, None) => Ok(()),
        }
    }
}

fn may(mandatory: bool) -> &'static str {
    if mandatory { "应当" } else { "可以" }
}

impl Words for Reason<'_> {
    fn write(&self, lang: Lang, f: &mut Formatter<'_>) -> fmt::Result {
        let zh = lang == Lang::Zh;
        match self {
            Reason::NoVersionThen { version } => if zh {
                write!(f, "违法行为发生时本规则集尚无有效版本，适用作出决定时有效的版本（{version}）")
            } else {
                write!(f, "no version was in force when the act was committed; the version in force on the decision date ({version}) applies")
            },
            Reason::OldSetsNone { version } => if zh {
                write!(f, "违法行为发生时适用的{version}版未对该行为规定行政处罚，依照行政处罚法第三十七条适用违法行为发生时的规定，不予行政处罚")
            } else {
                write!(f, "version {version} in force when the act was committed sets no penalty for it: under article 37 no penalty is given")
            },
            Reason::NewSetsNone { version } => if zh {
                write!(f, "作出决定时的{version}版已不再对该行为规定行政处罚，依照行政处罚法第三十七条适用新的规定，不予行政处罚")
            } else {
                write!(f, "version {version} in force on the decision date no longer sets a penalty for the act: under article 37 the new rule applies, no penalty")
            },
            Reason::Versions { then, now, new_lighter, fine, outcome } => {
                let words = FineWords(fine.as_ref(), *outcome);
                match (zh, new_lighter) {
                    (true, true) => write!(f, "违法行为发生时适用{then}版，作出决定时{now}版处罚较轻（{words}），依照行政处罚法第三十七条适用新的规定"),
                    (true, false) => write!(f, "违法行为发生时适用{then}版；作出决定时的{now}版处罚不轻于旧版（{words}），依照行政处罚法第三十七条适用违法行为发生时的规定"),
                    (false, true) => write!(f, "version {then} applied when the act was committed; version {now} in force on the decision date is lighter, so under article 37 the new rule applies"),
                    (false, false) => write!(f, "version {then} applied when the act was committed; version {now} is not lighter, so under article 37 the rule in force at the time of the act applies"),
                }
            }
            Reason::OneFine { others, chosen } => if zh {
                write!(f, "同一违法行为还违反：{}；依照行政处罚法第二十九条，按照罚款数额高的规定处罚，适用“{chosen}”", Joined(others, "；"))
            } else {
                write!(f, "the same act also breaks {} provision(s); under article 29 the provision with the higher fine applies", others.len())
            },
            Reason::MissingForFine { labels } => if zh {
                write!(f, "如不适用不予处罚，还需填写：{}，方可计算罚款", Joined(labels, "、"))
            } else {
                f.write_str("to see the fine if the agency does penalise, enter the missing facts")
            },
            Reason::ConditionsFail { conditions } => if zh {
                write!(f, "处罚的前提条件不成立（{}），不给予行政处罚", Joined(conditions, "；"))
            } else {
                f.write_str("the conditions of the penalty do not hold on these facts: no penalty")
            },
            Reason::Result { outcome, fine } => match (zh, fine, outcome) {
                (false, _, _) => write!(f, "result: {outcome:?}"),
                (true, _, Outcome::NoPenalty) => f.write_str("可以不予行政处罚"),
                (true, Some(r), o) => write!(f, "裁量结果：{}，罚款{}", outcome_name(*o), RangeWords(r)),
                (true, None, o) => write!(f, "裁量结果：{}", outcome_name(*o)),
            },
            Reason::Expired { start, years, limit, found } => if zh {
                write!(f, "违法行为自{start}起{years}年内（至{limit}）未被发现，{found}才被发现，依照行政处罚法第三十六条不再给予行政处罚")
            } else {
                write!(f, "the act was not discovered within {years} years of {start} (discovered {found}); under article 36 no penalty is given")
            },
            Reason::InTime { found, years, limit } => if zh {
                write!(f, "违法行为于{found}被发现，未超过行政处罚法第三十六条规定的{years}年期限（至{limit}）")
            } else {
                write!(f, "discovered on {found}, within the {years}-year period of article 36 (until {limit})")
            },
            Reason::UnderFourteen { age } => if zh {
                write!(f, "当事人{age}周岁，不满十四周岁，依照行政处罚法第三十条不予行政处罚，责令监护人加以管教")
            } else {
                write!(f, "the party is {age}, under 14: under article 30 no penalty is given")
            },
            Reason::NoCapacity => f.write_str(if zh {
                "当事人在不能辨认或者不能控制自己行为时有违法行为，依照行政处罚法第三十一条不予行政处罚"
            } else {
                "the party could not recognise or control their conduct: under article 31 no penalty is given"
            }),
            Reason::NoFault => f.write_str(if zh {
                "当事人有证据足以证明没有主观过错，依照行政处罚法第三十三条第二款不予行政处罚（法律、行政法规另有规定的除外）"
            } else {
                "the party proved it had no fault: under article 33(2) no penalty is given, unless a law or administrative regulation provides otherwise"
            }),
            Reason::MinorViolation => f.write_str(if zh {
                "违法行为轻微并及时改正，没有造成危害后果，依照行政处罚法第三十三条第一款不予行政处罚"
            } else {
                "the violation was minor, corrected promptly and caused no harm: under article 33(1) no penalty is given"
            }),
            Reason::Listed { text, basis, mandatory } => match (zh, mandatory) {
                (true, true) => write!(f, "符合不予处罚情形：{text}"),
                (true, false) => write!(f, "符合可以不予处罚情形：{text}"),
                (false, true) => write!(f, "the no-penalty list applies: {}", basis.label()),
                (false, false) => write!(f, "the list allows no penalty: {}", basis.label()),
            },
            Reason::NoLenience { text, basis } => if zh {
                write!(f, "{text}：不适用可以不予处罚的规定")
            } else {
                write!(f, "the discretionary no-penalty provisions do not apply: {}", basis.label())
            },
            Reason::FirstOffence => f.write_str(if zh {
                "初次违法且危害后果轻微并及时改正，依照行政处罚法第三十三条第一款，可以不予行政处罚（首违不罚）"
            } else {
                "first offence, minor harm, corrected promptly: under article 33(1) the agency may give no penalty"
            }),
            Reason::StatutoryRange => f.write_str(if zh {
                "本规则集未对该违法行为细化裁量，适用法定罚款幅度"
            } else {
                "the ruleset sets no benchmark for this violation: the statutory range applies"
            }),
            Reason::Circumstance { id, text, basis, heavier, mandatory } => if zh {
                let word = if *heavier { "从重" } else { "从轻" };
                write!(f, "{}{word}情节：{text}", may(*mandatory))
            } else {
                write!(f, "circumstance ({id}): {}", basis.label())
            },
            Reason::Offset { lighter, heavier, verdict } => if zh {
                write!(f, "从轻情节{lighter}个、从重情节{heavier}个，按本规则集的抵扣规则认定为{}", tier_name(*verdict))
            } else {
                write!(f, "{lighter} lighter and {heavier} heavier circumstance(s) offset to {verdict:?}")
            },
            Reason::Tier { tier, text } => if zh {
                write!(f, "适用{}档次：{text}", tier_name(*tier))
            } else {
                write!(f, "tier {tier:?}: {text}")
            },
            Reason::Band { tier, from, to, min, max } => if zh {
                write!(f, "{}档次为法定幅度的{from}至{to}：{}元至{}元", tier_name(*tier), Amount(*min), Amount(*max))
            } else {
                write!(f, "the {tier:?} band is {from} to {to} of the statutory range")
            },
            Reason::UnknownFactor { name } => if zh {
                write!(f, "“{name}”无法查明，按最低档次计算")
            } else {
                write!(f, "factor {name} cannot be established: counted at its lowest level")
            },
            Reason::UnknownBand { label, name } => if zh {
                write!(f, "“{label}”无法查明，按最低档次计算")
            } else {
                write!(f, "{name} cannot be established: counted at its lowest band")
            },
            Reason::Weights { start, parts, summed, total, base, amount } => {
                let (total, base, amount) = (Percent(*total), Amount(*base), Amount(*amount));
                if !zh {
                    return write!(f, "weights sum to {total}, times {base} yuan gives {amount} yuan");
                }
                write!(f, "权重累加：裁量起点{}", Percent(*start))?;
                for part in parts {
                    write!(f, " + {part}")?;
                }
                write!(f, "，合计{}", Percent(*summed))?;
                if total.0 != *summed {
                    write!(f, "，按{total}计算")?;
                }
                write!(f, "；{total} × {base}元 = {amount}元")
            }
            Reason::Row { text } => if zh {
                write!(f, "适用裁量情形：{text}")
            } else {
                write!(f, "row: {text}")
            },
            Reason::Coefficients { base, sum, raw, amount } => {
                let (base, sum, amount) = (Amount(*base), Amount(*sum), Amount(*amount));
                if zh {
                    write!(f, "基础裁量值{base}元 ×（1 + 系数合计{sum}）= {}元，按法定幅度和取整规则为{amount}元", Amount(*raw))
                } else {
                    write!(f, "base {base} yuan times (1 + {sum}) gives {amount} yuan")
                }
            }
            Reason::Multiple { label, base, min, max } => {
                let multiples = Multiples(*min, *max);
                if zh {
                    write!(f, "{label}{}元的{multiples}", Amount(*base))
                } else {
                    write!(f, "{multiples} of {label} {} yuan", Amount(*base))
                }
            }
            Reason::Case { text } => if zh {
                write!(f, "适用：{text}")
            } else {
                write!(f, "case: {text}")
            },
            Reason::Fallback { text } => if zh {
                write!(f, "适用：{text}")
            } else {
                write!(f, "fallback: {text}")
            },
            Reason::PerDay { count, unit } => {
                let n = Amount(*count);
                match (zh, *unit == "日") {
                    (true, true) => write!(f, "按日连续处罚{n}日"),
                    (false, true) => write!(f, "daily penalty for {n} days"),
                    (true, false) => write!(f, "按{unit}计罚，共{n}{unit}"),
                    (false, false) => write!(f, "fined per {unit}, {n} times"),
                }
            }
            Reason::AlreadyMitigated => f.write_str(if zh {
                "本基准已给出减轻处罚的档次，法定从轻或者减轻情形已在其中考虑"
            } else {
                "the benchmark's tier is already mitigated: the statutory grounds are within it"
            }),
            Reason::Grounds { grounds, mandatory, lighter } => {
                let (grounds, may) = (Joined(grounds, "；"), may(*mandatory));
                match (zh, lighter) {
                    (true, Some(r)) => write!(f, "{grounds}，{may}从轻或者减轻行政处罚；从轻处罚在法定最低额以上、不高于本应适用的罚款：{}", RangeWords(r)),
                    (true, None) => write!(f, "{grounds}，{may}从轻或者减轻行政处罚"),
                    (false, Some(_)) => write!(f, "statutory grounds: the agency {} impose a lighter or mitigated penalty", if *mandatory { "must" } else { "may" }),
                    (false, None) => f.write_str("statutory grounds for a lighter or mitigated penalty"),
                }
            }
        }
    }
}

/// Which procedure a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// 当场处罚 (第五十一条).
    Summary,
    /// 听证 (第六十三条).
    Hearing,
    /// 法制审核 (第五十八条).
    LegalReview,
}

/// A procedure note, in Chinese; its English follows from the step and whether it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// No penalty, no procedure.
    NoPenalty,
    /// Kinds other than a warning or a fine.
    NotOnlyLight,
    /// A warning only.
    WarningOnly,
    /// Neither a fine nor a warning.
    NotFineOrWarning,
    /// The party is not given; the statutory thresholds in words.
    SummaryNoParty,
    /// The fine is at most the threshold.
    SummaryWithin(Decimal),
    /// If the fine decided is at most the threshold.
    SummaryIfAtMost(Decimal),
    /// The fine is over the threshold.
    SummaryOver(Decimal),
    /// Kinds that always carry a hearing.
    HeavyKinds(Vec<&'static str>),
    /// The ruleset sets no 较大数额.
    NoHearingThreshold,
    /// The party is not given.
    HearingNoParty,
    /// The fine reaches the threshold.
    HearingReached(Decimal),
    /// If the fine decided reaches the threshold.
    HearingIfAtLeast(Decimal),
    /// The fine is below the threshold.
    HearingBelow(Decimal),
    /// If a heavy kind is decided.
    IfHeavyKinds(Vec<&'static str>),
    /// Neither.
    NoHearing,
    /// A note on the fine, and the heavy kinds that may be decided.
    AlsoIfHeavyKinds(Box<Note>, Vec<&'static str>),
    /// Legal review in the grave cases.
    ReviewIfGrave,
    /// Legal review after a hearing.
    ReviewAfterHearing,
}

impl Display for Note {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Note::NoPenalty => f.write_str("不予行政处罚"),
            Note::NotOnlyLight => f.write_str("处罚种类不限于警告、罚款，不适用当场处罚"),
            Note::WarningOnly => f.write_str("仅给予警告的，可以当场作出行政处罚决定"),
            Note::NotFineOrWarning => f.write_str("不属于罚款或者警告，不适用当场处罚"),
            Note::SummaryNoParty => f.write_str("未填写当事人类型：对公民二百元以下、对法人或者其他组织三千元以下罚款可以当场作出决定"),
            Note::SummaryWithin(t) => write!(f, "罚款不超过{}元，可以当场作出行政处罚决定", Amount(*t)),
            Note::SummaryIfAtMost(t) => write!(f, "罚款决定为{}元以下的，可以当场作出行政处罚决定", Amount(*t)),
            Note::SummaryOver(t) => write!(f, "罚款超过{}元，不适用当场处罚", Amount(*t)),
            Note::HeavyKinds(names) => write!(f, "拟作出{}，应当告知当事人有要求听证的权利", Joined(names, "、")),
            Note::NoHearingThreshold => f.write_str("本规则集未载明“较大数额罚款”标准，是否告知听证权利以执法机关所在地规定为准"),
            Note::HearingNoParty => f.write_str("未填写当事人类型，无法判断是否达到较大数额罚款"),
            Note::HearingReached(t) => write!(f, "罚款达到较大数额（{}元以上），应当告知听证权利", Amount(*t)),
            Note::HearingIfAtLeast(t) => write!(f, "罚款决定为{}元以上的，应当告知听证权利", Amount(*t)),
            Note::HearingBelow(t) => write!(f, "罚款低于较大数额标准（{}元）", Amount(*t)),
            Note::IfHeavyKinds(names) => write!(f, "如决定{}，应当告知听证权利", Joined(names, "、")),
            Note::NoHearing => f.write_str("不属于应当告知听证权利的情形"),
            Note::AlsoIfHeavyKinds(note, names) => write!(f, "{note}；如决定{}，应当告知听证权利", Joined(names, "、")),
            Note::ReviewIfGrave => f.write_str("涉及重大公共利益、案情疑难复杂或者法律法规另有规定的，应当进行法制审核"),
            Note::ReviewAfterHearing => f.write_str("经过听证程序的，作出决定前应当进行法制审核"),
        }
    }
}

/// The English of a procedure note: the step and whether it applies.
pub(crate) struct NoteEn<'a> {
    pub kind: StepKind,
    pub applies: Applies,
    pub note: &'a Note,
}

impl Display for NoteEn<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if *self.note == Note::NoPenalty {
            return f.write_str("no penalty is given");
        }
        let what = match self.kind {
            StepKind::Summary => "summary procedure",
            StepKind::Hearing => "right to a hearing",
            StepKind::LegalReview => "legal review",
        };
        let how = match self.applies {
            Applies::Yes => "applies",
            Applies::No => "does not apply",
            Applies::IfFineAtMost => "applies if the fine is at most the threshold",
            Applies::IfFineAtLeast => "applies if the fine is at least the threshold",
            Applies::Conditional => "depends on the penalty chosen or the procedure held",
            Applies::Unknown => "not settled by the facts or the ruleset",
        };
        write!(f, "{what}: {how}")
    }
}

/// Why another outcome is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AltNote {
    /// The fine if the agency does penalise (可以不予处罚).
    IfPenalised {
        /// The fine.
        fine: Option<FineRange>,
        /// The outcome.
        outcome: Outcome,
    },
    /// 减轻: below the statutory minimum, not below the floor.
    Mitigated {
        /// The statutory minimum.
        min: Decimal,
        /// The issuer's floor.
        floor: Decimal,
    },
}

impl Words for AltNote {
    fn write(&self, lang: Lang, f: &mut Formatter<'_>) -> fmt::Result {
        match (lang, self) {
            (Lang::Zh, AltNote::IfPenalised { fine, outcome }) => write!(
                f,
                "行政机关决定给予处罚的，{}",
                FineWords(fine.as_ref(), *outcome)
            ),
            (Lang::Zh, AltNote::Mitigated { min, floor }) => write!(
                f,
                "减轻处罚：低于法定最低罚款数额{}元，不低于{}元",
                Amount(*min),
                Amount(*floor)
            ),
            (Lang::En, AltNote::IfPenalised { .. }) => {
                f.write_str("if the agency decides to penalise")
            }
            (Lang::En, AltNote::Mitigated { .. }) => {
                f.write_str("mitigated: below the statutory minimum, not below the issuer's floor")
            }
        }
    }
}
