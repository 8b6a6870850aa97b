//! Facts: what a ruleset declares, the general facts every ruleset shares, and how
//! entered values are read against their declarations.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::expr::{FactId, FactRef, Value};
use crate::money::{order, parse_amount, parse_decimal};
use crate::raw::{FactInput, FactKind, RawFact};
use crate::text::{Str, Text};

/// A declared fact, validated.
#[derive(Debug, Clone, Serialize)]
pub struct FactDecl {
    /// Name used in conditions and input. Names are read on every assessment, so they
    /// are strings of their own rather than places in the file's text.
    pub name: Arc<str>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: FactKind,
    /// Unit shown beside the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Chinese label.
    pub label: Text,
    /// English label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Text>,
    /// Chinese help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// English help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_en: Option<Text>,
    /// Lowest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Limit>,
    /// Highest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Limit>,
    /// Choices of a choice fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Whether the fact is one of the general facts every ruleset shares.
    pub general: bool,
}

/// A bound of a number or date fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A number bound.
    Number(Decimal),
    /// A date bound.
    Date(Date),
}

impl Serialize for Limit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Limit::Number(n) => serializer.collect_str(&n.normalize()),
            Limit::Date(d) => serializer.collect_str(d),
        }
    }
}

/// One choice of a choice fact.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Value in conditions and input (a string of its own, like a fact's name).
    pub value: Arc<str>,
    /// Chinese label.
    pub label: Text,
    /// English label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Text>,
}

impl FactDecl {
    /// What a condition compiler needs to know of the fact.
    pub(crate) fn reference(&self, id: FactId) -> FactRef {
        FactRef {
            id,
            kind: self.kind,
            choices: self.choices.iter().map(|c| c.value.clone()).collect(),
        }
    }

    /// The label of a choice value, or the value itself.
    pub(crate) fn choice_label(&self, value: &str) -> String {
        self.choices
            .iter()
            .find(|c| *c.value == *value)
            .map_or_else(|| value.to_owned(), |c| c.label.to_string())
    }

    /// Reads an entered value; the error is in English and in Chinese.
    pub(crate) fn read<'a>(&self, input: &'a FactInput) -> Result<Value<'a>, (String, String)> {
        let label = &self.label;
        let value = match (self.kind, input) {
            (FactKind::Boolean, FactInput::Bool(b)) => Value::Bool(*b),
            (FactKind::Integer | FactKind::Decimal, FactInput::Integer(i)) => {
                Value::Number(Decimal::from(*i))
            }
            (FactKind::Integer, FactInput::Text(t)) => match parse_decimal(t) {
                Some(d) if d.fract().is_zero() => Value::Number(d.trunc()),
                _ => return Err(("must be a whole number".into(), format!("{label}应为整数"))),
            },
            (FactKind::Money, FactInput::Text(t)) => match parse_amount(t) {
                Some(d) => Value::Number(d),
                None => {
                    return Err((
                        "must be an amount in yuan with at most two decimals, e.g. \"1200.50\""
                            .into(),
                        format!("{label}应为以元为单位的金额，最多两位小数，例如 1200.50"),
                    ));
                }
            },
            (FactKind::Money, FactInput::Integer(i)) if *i >= 0 => Value::Number(Decimal::from(*i)),
            (FactKind::Decimal, FactInput::Text(t)) => match parse_decimal(t) {
                Some(d) => Value::Number(d),
                None => {
                    return Err((
                        "must be a decimal number".into(),
                        format!("{label}应为数字"),
                    ));
                }
            },
            (FactKind::Date, FactInput::Text(t)) => match Date::parse(t) {
                Some(d) => Value::Date(d),
                None => {
                    return Err((
                        "must be a date written YYYY-MM-DD".into(),
                        format!("{label}应为日期，格式为 YYYY-MM-DD"),
                    ));
                }
            },
            (FactKind::Choice, FactInput::Text(t)) => {
                self.check_choice(t)?;
                Value::Text(t.as_str().into())
            }
            (FactKind::Choices, FactInput::List(items)) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    self.check_choice(item)?;
                    let item = Cow::from(item.as_str());
                    if !values.contains(&item) {
                        values.push(item);
                    }
                }
                values.sort();
                Value::List(values)
            }
            (kind, _) => {
                let (en, zh) = kind_words(kind);
                return Err((format!("must be {en}"), format!("{label}应为{zh}")));
            }
        };
        self.check_limits(&value)?;
        Ok(value)
    }

    fn check_choice(&self, value: &str) -> Result<(), (String, String)> {
        if self.choices.iter().any(|c| *c.value == *value) {
            return Ok(());
        }
        let values: Vec<&str> = self.choices.iter().map(|c| &*c.value).collect();
        let labels: Vec<&str> = self.choices.iter().map(|c| c.label.as_str()).collect();
        Err((
            format!("`{value}` is not one of: {}", values.join(", ")),
            format!("{}只能选择：{}", self.label, labels.join("、")),
        ))
    }

    fn check_limits(&self, value: &Value<'_>) -> Result<(), (String, String)> {
        let label = &self.label;
        let below = |limit: &Limit| match (value, limit) {
            (Value::Number(v), Limit::Number(l)) => order(*v, *l).is_lt(),
            (Value::Date(v), Limit::Date(l)) => v < l,
            _ => false,
        };
        let above = |limit: &Limit| match (value, limit) {
            (Value::Number(v), Limit::Number(l)) => order(*v, *l).is_gt(),
            (Value::Date(v), Limit::Date(l)) => v > l,
            _ => false,
        };
        if let Some(min) = self.min.as_ref().filter(|m| below(m)) {
            let min = limit_text(*min);
            return Err((
                format!("must be at least {min}"),
                format!("{label}不能小于{min}"),
            ));
        }
        if let Some(max) = self.max.as_ref().filter(|m| above(m)) {
            let max = limit_text(*max);
            return Err((
                format!("must be at most {max}"),
                format!("{label}不能大于{max}"),
            ));
        }
        Ok(())
    }
}

fn limit_text(limit: Limit) -> String {
    match limit {
        Limit::Number(n) => n.normalize().to_string(),
        Limit::Date(d) => d.to_string(),
    }
}

fn kind_words(kind: FactKind) -> (&'static str, &'static str) {
    match kind {
        FactKind::Money => ("an amount in yuan written as a string", "金额"),
        FactKind::Decimal => ("a decimal number written as a string", "数字"),
        FactKind::Integer => ("a whole number", "整数"),
        FactKind::Boolean => ("true or false", "是或否"),
        FactKind::Choice => ("one of the choices", "选项之一"),
        FactKind::Choices => ("a list of choices", "选项列表"),
        FactKind::Date => ("a date written YYYY-MM-DD", "日期"),
    }
}

/// Validates a raw fact declaration, whose strings are found in `file`, the text it
/// was read from (see [`Text::within`]); problems are `(path suffix, en, zh)`.
pub(crate) fn declare(
    raw: RawFact,
    general: bool,
    file: Option<&Arc<str>>,
) -> Result<FactDecl, Vec<(String, String)>> {
    let mut problems = Vec::new();
    if !is_name(&raw.name) {
        problems.push((
            "name".to_owned(),
            format!(
                "`{}` is not a fact name: use lowercase ASCII letters, digits and _",
                raw.name
            ),
        ));
    }
    let limit = |field: &str, text: &Option<Str>, problems: &mut Vec<(String, String)>| {
        let text = text.as_ref()?;
        let parsed = match raw.kind {
            FactKind::Date => Date::parse(text).map(Limit::Date),
            FactKind::Money | FactKind::Decimal | FactKind::Integer => {
                parse_decimal(text).map(Limit::Number)
            }
            _ => None,
        };
        if parsed.is_none() {
            problems.push((
                field.to_owned(),
                format!("`{text}` is not a bound for this type"),
            ));
        }
        parsed
    };
    let min = limit("min", &raw.min, &mut problems);
    let max = limit("max", &raw.max, &mut problems);
    let is_choice = matches!(raw.kind, FactKind::Choice | FactKind::Choices);
    if is_choice && raw.choices.is_empty() {
        problems.push(("choices".into(), "a choice fact needs its choices".into()));
    }
    if !is_choice && !raw.choices.is_empty() {
        problems.push(("choices".into(), "only choice facts have choices".into()));
    }
    for (i, choice) in raw.choices.iter().enumerate() {
        if !is_name(&choice.value) {
            problems.push((
                format!("choices[{i}].value"),
                format!(
                    "`{}` is not a choice value: use lowercase ASCII and _",
                    choice.value
                ),
            ));
        }
        if raw.choices[..i].iter().any(|c| c.value == choice.value) {
            problems.push((format!("choices[{i}].value"), "duplicate choice".into()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(FactDecl {
        name: Arc::from(&*raw.name),
        kind: raw.kind,
        unit: raw.unit.map(|s| Text::within(file, s)),
        label: Text::within(file, raw.label),
        label_en: raw.label_en.map(|s| Text::within(file, s)),
        help: raw.help.map(|s| Text::within(file, s)),
        help_en: raw.help_en.map(|s| Text::within(file, s)),
        min,
        max,
        choices: raw
            .choices
            .into_iter()
            .map(|c| Choice {
                value: Arc::from(&*c.value),
                label: Text::within(file, c.label),
                label_en: c.label_en.map(|s| Text::within(file, s)),
            })
            .collect(),
        general,
    })
}

/// Whether a string is a valid fact or choice name.
pub(crate) fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && name.len() <= 64
}

/// Names of the general facts, by role.
pub(crate) mod names {
    pub const PARTY: &str = "party";
    pub const AGE: &str = "age";
    pub const MENTAL_CAPACITY: &str = "mental_capacity";
    pub const VIOLATION_DATE: &str = "violation_date";
    pub const VIOLATION_END_DATE: &str = "violation_end_date";
    pub const DISCOVERED_DATE: &str = "discovered_date";
    pub const FIRST_OFFENCE: &str = "first_offence";
    pub const CORRECTED_PROMPTLY: &str = "corrected_promptly";
    pub const HARM: &str = "harm";
    pub const NO_FAULT_PROVEN: &str = "no_fault_proven";
    pub const MITIGATION: &str = "mitigation";
    pub const ENDANGERS: &str = "endangers_life_health_or_finance";
    pub const MINOR_VIOLATION: &str = "minor_violation";
}

/// The general facts of 行政处罚法, the same in every ruleset, in a fixed order: the
/// engine refers to them by index.
pub(crate) fn general_facts() -> Vec<FactDecl> {
    use names::{
        AGE, CORRECTED_PROMPTLY, DISCOVERED_DATE, ENDANGERS, FIRST_OFFENCE, HARM, MENTAL_CAPACITY,
        MINOR_VIOLATION, MITIGATION, NO_FAULT_PROVEN, PARTY, VIOLATION_DATE, VIOLATION_END_DATE,
    };
    let fact = |name: &str,
                kind,
                label: &str,
                label_en: &str,
                help: &str,
                choices: &[(&str, &str, &str)]| {
        FactDecl {
            name: name.into(),
            kind,
            unit: None,
            label: label.into(),
            label_en: Some(label_en.into()),
            help: (!help.is_empty()).then(|| help.into()),
            help_en: None,
            min: None,
            max: None,
            choices: choices
                .iter()
                .map(|(value, label, label_en)| Choice {
                    value: (*value).into(),
                    label: (*label).into(),
                    label_en: Some((*label_en).into()),
                })
                .collect(),
            general: true,
        }
    };
    let mut age = fact(
        AGE,
        FactKind::Integer,
        "年龄（周岁）",
        "Age (full years)",
        "当事人为公民时填写",
        &[],
    );
    age.unit = Some("周岁".into());
    age.min = Some(Limit::Number(Decimal::ZERO));
    age.max = Some(Limit::Number(Decimal::from(150)));
    vec![
        fact(
            PARTY,
            FactKind::Choice,
            "当事人类型",
            "Party",
            "",
            &[
                ("individual", "公民", "Individual"),
                (
                    "organization",
                    "法人或者其他组织",
                    "Legal person or other organisation",
                ),
            ],
        ),
        age,
        fact(
            MENTAL_CAPACITY,
            FactKind::Choice,
            "辨认或者控制自己行为的能力",
            "Capacity",
            "行政处罚法第三十一条",
            &[
                ("full", "完全", "Full"),
                ("limited", "尚未完全丧失", "Limited"),
                ("none", "不能辨认或者不能控制", "None"),
            ],
        ),
        fact(
            VIOLATION_DATE,
            FactKind::Date,
            "违法行为发生日期",
            "Date of the act",
            "",
            &[],
        ),
        fact(
            VIOLATION_END_DATE,
            FactKind::Date,
            "违法行为终了日期",
            "End of a continuing act",
            "违法行为有连续或者继续状态的填写",
            &[],
        ),
        fact(
            DISCOVERED_DATE,
            FactKind::Date,
            "违法行为被发现日期",
            "Date discovered",
            "",
            &[],
        ),
        fact(
            FIRST_OFFENCE,
            FactKind::Boolean,
            "初次违法",
            "First offence",
            "",
            &[],
        ),
        fact(
            CORRECTED_PROMPTLY,
            FactKind::Boolean,
            "及时改正",
            "Corrected promptly",
            "",
            &[],
        ),
        fact(
            HARM,
            FactKind::Choice,
            "危害后果",
            "Harm",
            "",
            &[
                ("none", "没有造成危害后果", "None"),
                ("minor", "危害后果轻微", "Minor"),
                ("some", "造成危害后果", "Some"),
            ],
        ),
        fact(
            NO_FAULT_PROVEN,
            FactKind::Boolean,
            "有证据足以证明没有主观过错",
            "No fault proven",
            "",
            &[],
        ),
        fact(
            MITIGATION,
            FactKind::Choices,
            "法定从轻或者减轻情形",
            "Statutory mitigating circumstances",
            "行政处罚法第三十二条",
            &[
                (
                    "eliminated_harm",
                    "主动消除或者减轻违法行为危害后果",
                    "Eliminated or reduced the harm",
                ),
                (
                    "coerced",
                    "受他人胁迫或者诱骗实施违法行为",
                    "Coerced or deceived",
                ),
                (
                    "confessed",
                    "主动供述行政机关尚未掌握的违法行为",
                    "Confessed an unknown violation",
                ),
                (
                    "meritorious",
                    "配合行政机关查处违法行为有立功表现",
                    "Meritorious cooperation",
                ),
            ],
        ),
        fact(
            ENDANGERS,
            FactKind::Boolean,
            "涉及公民生命健康安全、金融安全",
            "Endangers life, health or financial safety",
            "行政处罚法第三十六条",
            &[],
        ),
        fact(
            MINOR_VIOLATION,
            FactKind::Boolean,
            "违法行为轻微",
            "Minor violation",
            "行政处罚法第三十三条",
            &[],
        ),
    ]
}

/// Ids of the general facts: their places in [`general_facts`].
pub(crate) mod ids {
    use crate::expr::FactId;
    pub const PARTY: FactId = 0;
    pub const AGE: FactId = 1;
    pub const MENTAL_CAPACITY: FactId = 2;
    pub const VIOLATION_DATE: FactId = 3;
    pub const VIOLATION_END_DATE: FactId = 4;
    pub const DISCOVERED_DATE: FactId = 5;
    pub const FIRST_OFFENCE: FactId = 6;
    pub const CORRECTED_PROMPTLY: FactId = 7;
    pub const HARM: FactId = 8;
    pub const NO_FAULT_PROVEN: FactId = 9;
    pub const MITIGATION: FactId = 10;
    pub const ENDANGERS: FactId = 11;
    pub const MINOR_VIOLATION: FactId = 12;
}
