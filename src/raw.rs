//! The ruleset file as written: a serde mirror of the TOML (and of its JSON form).
//!
//! Nothing here is checked beyond its shape. [`crate::Ruleset::from_raw`] validates a
//! [`RawRuleset`] once and turns it into the types the engine evaluates. Amounts,
//! multiples and shares are strings (`"50000"`, `"1.5"`, `"7%"`) so that no float
//! ever touches them; dates are `YYYY-MM-DD` strings. Strings are [`Str`]s, borrowed
//! from the text being read wherever the format allows. `docs/ruleset-format.md`
//! describes every field with examples.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::text::Str;

/// A whole ruleset file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawRuleset<'a> {
    /// Who issued it, where it applies, when it is in force, what it rests on.
    pub ruleset: RawMeta<'a>,
    /// The issuer's conventions (boundaries, rounding, bands, thresholds).
    #[serde(default)]
    pub conventions: RawConventions<'a>,
    /// Facts shared by every violation of the ruleset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<RawFact<'a>>,
    /// Circumstances (情节) that apply to every violation of the ruleset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub circumstances: Vec<RawCircumstance<'a>>,
    /// No-penalty entries that apply to every violation of the ruleset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_penalty: Vec<RawNoPenalty<'a>>,
    /// The violations, each with its statutory penalty and discretion model.
    pub violations: Vec<RawViolation<'a>>,
}

/// Metadata of a ruleset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawMeta<'a> {
    /// Stable id shared by every version of the same ruleset, e.g. `gd-sthj-fine`.
    pub id: Str<'a>,
    /// Title as published.
    pub title: Str<'a>,
    /// English title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<Str<'a>>,
    /// Issuing authority (制定机关).
    pub authority: Str<'a>,
    /// Document number (文号), e.g. `粤环发〔2021〕7号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<Str<'a>>,
    /// Where the ruleset applies.
    pub jurisdiction: RawJurisdiction<'a>,
    /// Version label chosen by the issuer.
    pub version: Str<'a>,
    /// First day in force (`YYYY-MM-DD`).
    pub effective_from: Str<'a>,
    /// Last day in force (`YYYY-MM-DD`), if it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<Str<'a>>,
    /// Id of the upper-level ruleset this one refines (统筹兼顾).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Str<'a>>,
    /// The documents every number of the ruleset traces to.
    pub sources: Vec<RawSource>,
    /// A plain description for the disclosure table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Str<'a>>,
}

/// An administrative area.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawJurisdiction<'a> {
    /// Name, e.g. `广东省`.
    pub name: Str<'a>,
    /// Six-digit administrative division code, e.g. `440000`; `100000` for the whole country.
    pub code: Str<'a>,
}

/// A source document of a ruleset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Title as cited in the ruleset's citations (`law` field).
    pub title: String,
    /// Version date (`YYYY-MM-DD`) as cited.
    pub version: String,
    /// `law`, `benchmark` or `document`.
    pub kind: SourceKind,
    /// File carried by the project, relative to the ruleset directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the original is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Anything a reader must know, e.g. that this is a secondary copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A law, regulation or rule.
    Law,
    /// A published discretion benchmark.
    Benchmark,
    /// Any other public document.
    Document,
}

/// The issuer's conventions.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawConventions<'a> {
    /// Whether "以上" includes the bound (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_includes_bound: Option<bool>,
    /// Whether "以下" includes the bound (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_includes_bound: Option<bool>,
    /// How computed amounts are rounded (default: to the fen, half up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<RawRounding<'a>>,
    /// The percentage or amount bands of 从轻 / 一般 / 从重.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<RawBands<'a>>,
    /// How far 减轻 may go: a share of the statutory minimum it may not go below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated_floor: Option<Str<'a>>,
    /// How 从轻 and 从重 circumstances offset each other (default `net`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<Offset>,
    /// How a weight factor whose fact is not given counts (default `required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_factor: Option<UnknownFactor>,
    /// 较大数额 thresholds for the right to a hearing (第六十三条), if the issuer set them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing: Option<RawThresholds<'a>>,
    /// 简易程序 thresholds (第五十一条; default 200 / 3000 元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<RawThresholds<'a>>,
    /// Where the conventions come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<RawCitation<'a>>,
}

/// Rounding of computed amounts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawRounding<'a> {
    /// The unit in yuan: `"0.01"`, `"1"`, `"100"`.
    pub unit: Str<'a>,
    /// The rounding mode.
    pub mode: RoundingMode,
}

/// Rounding modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Half away from zero (四舍五入).
    HalfUp,
    /// Half to even.
    HalfEven,
    /// Toward zero.
    Down,
    /// Away from zero.
    Up,
}

/// The three ordinary bands, each `[from, to]`: two shares of the statutory range
/// (`"30%"`) or two amounts in yuan (`"100000"`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawBands<'a> {
    /// 从轻.
    pub lighter: [Str<'a>; 2],
    /// 一般.
    pub ordinary: [Str<'a>; 2],
    /// 从重.
    pub heavier: [Str<'a>; 2],
}

/// How 从轻 and 从重 circumstances offset each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Offset {
    /// One 从轻 cancels one 从重; what remains decides.
    Net,
    /// Any 从重 circumstance makes the case 从重.
    HeavierPrevails,
    /// Any 从轻 circumstance makes the case 从轻.
    LighterPrevails,
}

/// How a weight factor whose fact is not given counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnknownFactor {
    /// The fact must be given.
    Required,
    /// It counts at its lowest level (广东 第五条).
    Lowest,
}

/// Amount thresholds for individuals and organisations.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawThresholds<'a> {
    /// For a citizen (公民), in yuan.
    pub individual: Str<'a>,
    /// For a legal person or other organisation, in yuan.
    pub organization: Str<'a>,
    /// Where the thresholds come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<RawCitation<'a>>,
}

/// A fact the user enters.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawFact<'a> {
    /// Name used in conditions, `snake_case` ASCII.
    pub name: Str<'a>,
    /// The fact's type.
    #[serde(rename = "type")]
    pub kind: FactKind,
    /// Unit shown beside the field, e.g. `元`, `吨/日`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Str<'a>>,
    /// Chinese label.
    pub label: Str<'a>,
    /// English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Str<'a>>,
    /// Chinese help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Str<'a>>,
    /// English help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_en: Option<Str<'a>>,
    /// Lowest accepted value (numbers, dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Str<'a>>,
    /// Highest accepted value (numbers, dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Str<'a>>,
    /// The choices of a `choice` or `choices` fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<RawChoice<'a>>,
}

/// Types of facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// An amount in yuan, exact to the fen.
    Money,
    /// Any exact decimal number (tonnes, multiples, percentages).
    Decimal,
    /// A whole number (counts, ages, days).
    Integer,
    /// Yes or no.
    Boolean,
    /// One of the declared choices.
    Choice,
    /// Any number of the declared choices.
    Choices,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
}

/// One choice of a choice fact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawChoice<'a> {
    /// Value used in conditions and input, `snake_case` ASCII.
    pub value: Str<'a>,
    /// Chinese label.
    pub label: Str<'a>,
    /// English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Str<'a>>,
}

/// A citation of a provision: law, version, article, and the verbatim text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawCitation<'a> {
    /// Title as in `sources` (e.g. `食品安全法`).
    pub law: Str<'a>,
    /// Version date of that law or document (`YYYY-MM-DD`).
    pub version: Str<'a>,
    /// Article, e.g. `第一百二十四条`, or a table row such as `§2.7.1`.
    pub article: Str<'a>,
    /// Paragraph (款), counted from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Item (项), counted from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    /// The cited text, verbatim.
    pub text: Str<'a>,
}

/// A circumstance (情节) that makes a case lighter, heavier or mitigated.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawCircumstance<'a> {
    /// Stable id within the ruleset.
    pub id: Str<'a>,
    /// The official wording (情形), shown to the reader.
    pub text: Str<'a>,
    /// When it holds: a condition over facts.
    pub when: Str<'a>,
    /// What it does.
    pub effect: Effect,
    /// 应当 (true) or 可以 (false).
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// For the `coefficients` model: the coefficient it adds, e.g. `"0.5"`, `"-0.2"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coefficient: Option<Str<'a>>,
    /// Where it comes from.
    pub basis: RawCitation<'a>,
}

fn yes() -> bool {
    true
}

/// What a circumstance does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// 从轻.
    Lighter,
    /// 从重.
    Heavier,
    /// 从轻或者减轻 (a statutory ground for going below the minimum).
    LighterOrMitigated,
}

/// A violation (违法行为).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawViolation<'a> {
    /// Stable id within the ruleset and across its versions.
    pub id: Str<'a>,
    /// Name as in the benchmark.
    pub name: Str<'a>,
    /// English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<Str<'a>>,
    /// Category for browsing, e.g. `水污染防治`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Str<'a>>,
    /// Words a citizen might search for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<Str<'a>>,
    /// What it is, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Str<'a>>,
    /// 违法依据: the provisions broken.
    pub violates: Vec<RawCitation<'a>>,
    /// 处罚依据: the provision that sets the penalty.
    pub punishes: RawCitation<'a>,
    /// The benchmark's own row or article, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benchmark: Vec<RawCitation<'a>>,
    /// Facts this violation needs beyond the ruleset's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<RawFact<'a>>,
    /// The statutory penalty kinds.
    pub penalties: Vec<RawPenalty<'a>>,
    /// The statutory fine, if the penalty includes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<RawFine<'a>>,
    /// The discretion model; without one, the statutory range applies as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<RawModel<'a>>,
    /// Entries of a no-penalty list (首违不罚 / 轻微免罚) for this violation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_penalty: Vec<RawNoPenalty<'a>>,
    /// Circumstances of this violation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub circumstances: Vec<RawCircumstance<'a>>,
    /// When the provisions that allow no penalty (可以不予处罚, 首违不罚) do not apply,
    /// e.g. 广东 目录 备注二: not in 生态环境敏感区.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_lenience: Option<RawNoLenience<'a>>,
    /// Worked examples: facts and the outcome they must give.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<RawExample>,
}

/// A statutory penalty kind of this violation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawPenalty<'a> {
    /// The kind, from 行政处罚法 第九条.
    pub kind: PenaltyKind,
    /// `must` (处 / 并处), `may` (可以并处) or `either` (one of the `either` kinds).
    pub mode: PenaltyMode,
    /// Only when this condition holds (e.g. 情节严重).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Str<'a>>,
    /// The statutory wording, e.g. `吊销许可证` or `记6分`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Str<'a>>,
}

/// Penalty kinds of 行政处罚法 第九条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PenaltyKind {
    /// 警告.
    Warning,
    /// 通报批评.
    Criticism,
    /// 罚款.
    Fine,
    /// 没收违法所得.
    ConfiscateGains,
    /// 没收非法财物.
    ConfiscateProperty,
    /// 暂扣许可证件.
    SuspendLicence,
    /// 降低资质等级.
    DowngradeQualification,
    /// 吊销许可证件.
    RevokeLicence,
    /// 限制开展生产经营活动.
    RestrictBusiness,
    /// 责令停产停业.
    SuspendBusiness,
    /// 责令关闭.
    Close,
    /// 限制从业.
    RestrictPractice,
    /// 行政拘留.
    Detention,
    /// 法律、行政法规规定的其他行政处罚.
    Other,
    /// 记分 (traffic demerit points): not a 行政处罚法 第九条 kind but a measure that goes
    /// with the penalty; it does not bar an on-the-spot decision.
    Points,
}

impl PenaltyKind {
    /// The kind as written in rulesets and JSON, e.g. `revoke_licence`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PenaltyKind::Warning => "warning",
            PenaltyKind::Criticism => "criticism",
            PenaltyKind::Fine => "fine",
            PenaltyKind::ConfiscateGains => "confiscate_gains",
            PenaltyKind::ConfiscateProperty => "confiscate_property",
            PenaltyKind::SuspendLicence => "suspend_licence",
            PenaltyKind::DowngradeQualification => "downgrade_qualification",
            PenaltyKind::RevokeLicence => "revoke_licence",
            PenaltyKind::RestrictBusiness => "restrict_business",
            PenaltyKind::SuspendBusiness => "suspend_business",
            PenaltyKind::Close => "close",
            PenaltyKind::RestrictPractice => "restrict_practice",
            PenaltyKind::Detention => "detention",
            PenaltyKind::Other => "other",
            PenaltyKind::Points => "points",
        }
    }
}

/// Whether a penalty kind must, may, or alternatively be imposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PenaltyMode {
    /// 处 / 并处.
    Must,
    /// 可以并处.
    May,
    /// One of the kinds marked `either` (警告或者罚款).
    Either,
}

/// A fine shape (DOMAIN.md §3). Amounts and multiples are decimal strings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum RawFine<'a> {
    /// 处X元罚款.
    Fixed(Str<'a>),
    /// 处X元以上Y元以下罚款; either bound may be absent (以下 only, 以上 only).
    Range {
        /// Minimum in yuan.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Str<'a>>,
        /// Maximum in yuan.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Str<'a>>,
    },
    /// X倍以上Y倍以下 of a money fact (货值金额, 违法所得).
    Multiple {
        /// The money fact.
        of: Str<'a>,
        /// Lowest multiple.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Str<'a>>,
        /// Highest multiple.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Str<'a>>,
    },
    /// The shape chosen by facts: the first case whose condition holds.
    Cases(Vec<RawFineCase<'a>>),
    /// A shape with a fallback when its base cannot be computed (广告法 第五十五条).
    Either {
        /// The usual shape.
        primary: Box<RawFine<'a>>,
        /// Used when the primary's fact is not given or `fallback_when` holds.
        fallback: Box<RawFine<'a>>,
        /// Condition that selects the fallback (e.g. 广告费用明显偏低).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fallback_when: Option<Str<'a>>,
        /// The statutory wording of the fallback condition.
        fallback_text: Str<'a>,
    },
    /// 按日连续处罚: a daily fine times the number of days.
    PerDay {
        /// The integer fact holding the number of days (or of other units).
        days: Str<'a>,
        /// The fine for one day (or unit).
        daily: Box<RawFine<'a>>,
        /// The unit counted, when it is not the day: `车次`, `平方米`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Str<'a>>,
    },
}

/// One case of a [`RawFine::Cases`] shape.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawFineCase<'a> {
    /// The condition; omitted on the last case, meaning "otherwise".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Str<'a>>,
    /// The statutory wording of the case.
    pub text: Str<'a>,
    /// The fine in this case.
    pub fine: RawFine<'a>,
}

/// The discretion model of a violation (DOMAIN.md §4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub enum RawModel<'a> {
    /// Tiers by conditions: the first tier whose condition holds applies; tiers
    /// without a condition are chosen by the circumstances.
    Tiers(Vec<RawTier<'a>>),
    /// Percentage bands of the statutory range, chosen by the circumstances.
    Bands(RawBands<'a>),
    /// Weight accumulation: start plus one weight per factor, capped, times a base.
    Weights(RawWeights<'a>),
    /// A fine range by bands of facts.
    FactBands(Vec<RawRow<'a>>),
    /// A fixed amount by bands of facts.
    FixedBands(Vec<RawRow<'a>>),
    /// A base amount times one plus the coefficients of the circumstances.
    Coefficients(RawCoefficients<'a>),
}

/// One tier of a [`RawModel::Tiers`] model.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawTier<'a> {
    /// 从轻, 一般 or 从重 (or 减轻 where the source sets a tier below the minimum).
    pub tier: Tier,
    /// The condition; without one, the circumstances choose the tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Str<'a>>,
    /// The official wording of the tier's 情形.
    pub text: Str<'a>,
    /// The fine of the tier.
    pub fine: RawFine<'a>,
    /// Penalty kinds this tier adds (e.g. 吊销许可证 in the heaviest tier).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<RawPenalty<'a>>,
}

/// The tiers of a benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 减轻.
    Mitigated,
    /// 从轻.
    Lighter,
    /// 一般.
    Ordinary,
    /// 从重.
    Heavier,
}

/// The weight-accumulation model (广东 权重累加).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawWeights<'a> {
    /// 裁量起点, e.g. `"7%"`.
    pub start: Str<'a>,
    /// The amount the summed weights multiply; default the statutory maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Str<'a>>,
    /// Highest total (default `"100%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Str<'a>>,
    /// Lowest total ("不足20%的，按20%计算").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Str<'a>>,
    /// The factors (裁量要素).
    pub factors: Vec<RawFactor<'a>>,
}

/// One factor of a weight-accumulation model.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawFactor<'a> {
    /// Its name as in the table, e.g. `超标因子数目`.
    pub name: Str<'a>,
    /// The fact its levels are bands of, if they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Str<'a>>,
    /// The levels (违法程度), lowest first.
    pub levels: Vec<RawLevel<'a>>,
}

/// One level of a factor: a band of its fact or a condition, and a weight.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawLevel<'a> {
    /// The wording in the table, e.g. `50吨以上200吨以下`.
    pub text: Str<'a>,
    /// The weight, e.g. `"3%"`.
    pub weight: Str<'a>,
    /// 以上: the lower bound of the fact's band (bounds follow the conventions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Str<'a>>,
    /// 以下: the upper bound of the fact's band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Str<'a>>,
    /// Exactly this value of the fact (a number, or a choice value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Str<'a>>,
    /// A condition over facts, which must hold as well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Str<'a>>,
}

/// One row of a fact-bands or fixed-bands model.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawRow<'a> {
    /// The wording in the table, e.g. `近二年同类违法行为2次`.
    pub text: Str<'a>,
    /// The fact the row's band is of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Str<'a>>,
    /// 以上: the lower bound of the fact's band (bounds follow the conventions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Str<'a>>,
    /// 以下: the upper bound of the fact's band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Str<'a>>,
    /// Exactly this value of the fact (a number, or a choice value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Str<'a>>,
    /// A condition over facts, which must hold as well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Str<'a>>,
    /// The tier the row stands for, if the source says (default 一般).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// The fine of the row.
    pub fine: RawFine<'a>,
    /// Penalty kinds the row adds (e.g. 记分, 暂扣).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<RawPenalty<'a>>,
}

/// The coefficients model (older 江苏 rules).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawCoefficients<'a> {
    /// The base amount in yuan (基础裁量值).
    pub base: Str<'a>,
}

/// A rule that sets aside the discretionary no-penalty provisions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawNoLenience<'a> {
    /// The rule's wording.
    pub text: Str<'a>,
    /// When it holds.
    pub when: Str<'a>,
    /// Where it comes from.
    pub basis: RawCitation<'a>,
}

/// An entry of a no-penalty list.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawNoPenalty<'a> {
    /// The list's wording (不予处罚的情节).
    pub text: Str<'a>,
    /// The condition: all the list's conditions together.
    pub when: Str<'a>,
    /// 不予处罚 (true) or 可以不予处罚 (false).
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// The list and its row.
    pub basis: RawCitation<'a>,
}

/// A worked example: facts, and the outcome they must give.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// What the example shows.
    pub name: String,
    /// The facts entered.
    #[serde(default)]
    pub facts: BTreeMap<String, FactInput>,
    /// Other violations of the same act (第二十九条).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Decision date (`YYYY-MM-DD`).
    pub decided_on: String,
    /// What the assessment must give.
    pub expect: RawExpect,
}

/// The expected outcome of a worked example.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    /// The outcome, or the error code when `error` is expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// 应当 (true) or 可以 (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandatory: Option<bool>,
    /// Expected fine minimum in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// Expected fine maximum in yuan (`"none"` where unbounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// Expected fine amount in yuan, where the model gives a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// `true` when the assessment must give no fine at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_fine: Option<bool>,
    /// Penalty kinds (`revoke_licence`) or penalty texts (`记6分`) that must be among
    /// the penalties that apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<String>,
    /// Articles that must be in the basis, as `law article` (e.g. `行政处罚法 第三十条`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
    /// The version of the ruleset that must be applied (第三十七条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The error code the assessment must fail with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The outcome of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 不予处罚.
    NoPenalty,
    /// 减轻.
    Mitigated,
    /// 从轻.
    Lighter,
    /// 一般.
    Ordinary,
    /// 从重.
    Heavier,
}

/// A fact as entered: a yes/no, a whole number, a string (amounts, decimals, dates,
/// choices) or a list of choices. Amounts are strings, never floats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum FactInput {
    /// Yes or no.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// Text: an amount, a decimal, a date or a choice.
    Text(String),
    /// A list of choices.
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for FactInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FactInputVisitor)
    }
}

struct FactInputVisitor;

impl<'de> serde::de::Visitor<'de> for FactInputVisitor {
    type Value = FactInput;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a boolean, a whole number, a string, or a list of strings")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FactInput, E> {
        Ok(FactInput::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FactInput, E> {
        Ok(FactInput::Integer(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FactInput, E> {
        i64::try_from(v)
            .map(FactInput::Integer)
            .map_err(|_| E::custom("whole number too large"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<FactInput, E> {
        Err(E::custom(
            "a number with a fraction must be written as a string, e.g. \"1.5\"",
        ))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FactInput, E> {
        Ok(FactInput::Text(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<FactInput, E> {
        Ok(FactInput::Text(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<FactInput, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(FactInput::List(items))
    }
}

/// A ruleset as published for the browser (`cailiang export`): the TOML file's name
/// and SHA-256, and its content in the JSON form of the same model.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "'de: 'a"))]
pub struct RawPublished<'a> {
    /// The file's name, e.g. `gd-ecology-water.toml`.
    pub file: String,
    /// SHA-256 of the TOML file as published, in hex.
    pub sha256: String,
    /// The ruleset.
    pub ruleset: RawRuleset<'a>,
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::PenaltyKind;

    #[test]
    fn kind_names_are_the_serde_names() {
        let kinds = [
            PenaltyKind::Warning,
            PenaltyKind::Criticism,
            PenaltyKind::Fine,
            PenaltyKind::ConfiscateGains,
            PenaltyKind::ConfiscateProperty,
            PenaltyKind::SuspendLicence,
            PenaltyKind::DowngradeQualification,
            PenaltyKind::RevokeLicence,
            PenaltyKind::RestrictBusiness,
            PenaltyKind::SuspendBusiness,
            PenaltyKind::Close,
            PenaltyKind::RestrictPractice,
            PenaltyKind::Detention,
            PenaltyKind::Other,
            PenaltyKind::Points,
        ];
        for kind in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
