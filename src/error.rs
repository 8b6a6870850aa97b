//! The one public error type: a list of problems, each with a stable code, the path of
//! the field it concerns, and a message in English and in Chinese.

use std::fmt;

use serde::Serialize;

/// Stable codes of problems. The page keys its Chinese messages and field markers on
/// them, so a code never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The file is not well-formed, a field is unknown or has the wrong type.
    Syntax,
    /// A value cannot be read (an amount, a share, a date, a name).
    InvalidValue,
    /// A fact is named that is not declared.
    UnknownFact,
    /// A condition does not parse or does not type-check.
    BadCondition,
    /// Two things share an id or a name.
    Duplicate,
    /// A tier or row lies outside the statutory range.
    OutOfRange,
    /// Bands of a model overlap.
    Overlap,
    /// Bands of a model leave a gap.
    Gap,
    /// A refinement leaves its parent's bounds.
    OutsideParent,
    /// A citation is missing, or names a source the ruleset does not list.
    MissingCitation,
    /// A citation's text differs from the law or benchmark it cites.
    CitationMismatch,
    /// Dates are out of order.
    DateOrder,
    /// A worked example does not give what it expects.
    ExampleFailed,
    /// A violation id is not in the ruleset.
    UnknownViolation,
    /// A fact the case needs was not given.
    MissingFact,
    /// A fact was given with a value that is not accepted.
    InvalidFact,
    /// No version of the ruleset is in force on the date.
    NotInForce,
    /// No tier, row or case of the ruleset applies to the facts.
    NoRuleApplies,
    /// A computation overflowed or divided by zero.
    Arithmetic,
}

impl Code {
    /// The code as written in JSON, e.g. `missing_fact`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::InvalidValue => "invalid_value",
            Code::UnknownFact => "unknown_fact",
            Code::BadCondition => "bad_condition",
            Code::Duplicate => "duplicate",
            Code::OutOfRange => "out_of_range",
            Code::Overlap => "overlap",
            Code::Gap => "gap",
            Code::OutsideParent => "outside_parent",
            Code::MissingCitation => "missing_citation",
            Code::CitationMismatch => "citation_mismatch",
            Code::DateOrder => "date_order",
            Code::ExampleFailed => "example_failed",
            Code::UnknownViolation => "unknown_violation",
            Code::MissingFact => "missing_fact",
            Code::InvalidFact => "invalid_fact",
            Code::NotInForce => "not_in_force",
            Code::NoRuleApplies => "no_rule_applies",
            Code::Arithmetic => "arithmetic",
        }
    }
}

/// One problem: what, where, and what to do, in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The stable code.
    pub code: Code,
    /// Where: `violations[3].tiers[1].fine.max` in a ruleset, `facts.goods_value` in a request.
    pub path: String,
    /// English message: lowercase, no trailing period.
    pub message: String,
    /// Chinese message for the page.
    pub message_zh: String,
}

impl Problem {
    /// A problem with its messages.
    pub fn new(
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Problem {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
            message_zh: message_zh.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "[{}] {}", self.code.as_str(), self.message)
        } else {
            write!(
                f,
                "{}: [{}] {}",
                self.path,
                self.code.as_str(),
                self.message
            )
        }
    }
}

/// Everything that went wrong in one operation; never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    problems: Vec<Problem>,
}

impl Error {
    /// An error of one problem.
    #[must_use]
    pub fn one(problem: Problem) -> Error {
        Error {
            problems: vec![problem],
        }
    }

    /// An error of several problems; `None` when there are none.
    #[must_use]
    pub fn from_problems(problems: Vec<Problem>) -> Option<Error> {
        (!problems.is_empty()).then_some(Error { problems })
    }

    /// The problems, in the order found.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Adds a prefix (a file name) to every path.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Error {
        for problem in &mut self.problems {
            problem.path = if problem.path.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}: {}", problem.path)
            };
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
