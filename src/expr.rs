//! Conditions over facts: the small language of `when = "..."` in rulesets.
//!
//! [`Condition::compile`] parses a condition such as
//! `goods_value < 10000 and harm in ['none', 'minor']` and checks it against the declared
//! facts, so that every type error is reported once, when the ruleset is loaded, with the
//! column where it is. [`Condition::eval`] then evaluates it against the facts a user gave,
//! with Kleene three-valued logic: a fact that was not given is unknown, `false and unknown`
//! is false, `true or unknown` is true, and otherwise the result names every missing fact
//! that it needed.
//!
//! The language:
//!
//! ```text
//! expr    := or
//! or      := and (("or" | "或") and)*
//! and     := not (("and" | "且") not)*
//! not     := ("not" | "非") not | cmp
//! cmp     := sum ( ("==" | "=" | "!=" | "<" | "<=" | ">" | ">=") sum
//!               | "in" list
//!               | "contains" string )?
//! sum     := product (("+" | "-") product)*
//! product := unary (("*" | "/") unary)*
//! unary   := "-" unary | atom
//! atom    := number | string | "true" | "false" | ident | "known" "(" ident ")" | "(" expr ")"
//! list    := "[" (literal ("," literal)* ","?)? "]"       literal := "-"? number | string
//! ```
//!
//! Numbers are exact decimals (never floats); strings take `'...'` or `"..."`; full-width
//! `（ ）` are parentheses. Arithmetic is checked: overflow and division by zero are errors,
//! never panics.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::money::order;
use crate::raw::FactKind;
use crate::text::Text;

/// Longest accepted condition, in bytes.
pub const MAX_SOURCE_LEN: usize = 4000;

/// Deepest accepted nesting of parentheses, `not` and unary `-`.
pub const MAX_DEPTH: usize = 64;

/// Index of a fact, as handed out by the resolver given to [`Condition::compile`].
pub type FactId = usize;

/// What the resolver knows of a fact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRef {
    /// The fact's index, passed back to the value lookup of [`Condition::eval`].
    pub id: FactId,
    /// The fact's declared type.
    pub kind: FactKind,
    /// The declared choices of a `choice` or `choices` fact; empty otherwise.
    pub choices: Vec<Arc<str>>,
}

/// A fact value at evaluation time; text is borrowed from the facts as entered where
/// it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// The value of a `boolean` fact.
    Bool(bool),
    /// The value of a `money`, `decimal` or `integer` fact.
    Number(Decimal),
    /// The chosen value of a `choice` fact.
    Text(Cow<'a, str>),
    /// The value of a `date` fact.
    Date(Date),
    /// The chosen values of a `choices` fact.
    List(Vec<Cow<'a, str>>),
}

/// A compiled condition. Keeps its source text.
#[derive(Debug, Clone)]
pub struct Condition {
    source: Text,
    root: Cond,
    facts: Vec<FactId>,
}

/// Why a condition does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Byte offset into the source where the problem is.
    pub offset: usize,
    /// The same place as a 1-based character column, for people.
    pub column: usize,
    /// What is wrong, in lowercase without a trailing period.
    pub message: String,
}

/// Why a condition could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// The result depends on facts that were not given (sorted, deduplicated).
    Missing(Vec<FactId>),
    /// Overflow, division by zero, or a fact value of the wrong type.
    Arithmetic(String),
}

impl Condition {
    /// Parses and type-checks `source`; `resolve` maps a fact name to its declaration.
    ///
    /// # Errors
    ///
    /// A [`CompileError`] pointing at the first syntax or type error.
    pub fn compile(
        source: impl Into<Text>,
        resolve: &dyn Fn(&str) -> Option<FactRef>,
    ) -> Result<Condition, CompileError> {
        let source = source.into();
        let (root, facts) = Condition::parse(&source, resolve)?;
        Ok(Condition {
            source,
            root,
            facts,
        })
    }

    /// The compiled condition and the facts it mentions.
    fn parse(
        source: &str,
        resolve: &dyn Fn(&str) -> Option<FactRef>,
    ) -> Result<(Cond, Vec<FactId>), CompileError> {
        if source.len() > MAX_SOURCE_LEN {
            let message = format!(
                "condition is too long ({} bytes, at most {MAX_SOURCE_LEN})",
                source.len()
            );
            return Err(CompileError::new(source, 0, message));
        }
        let tokens = lex(source)?;
        if tokens.is_empty() {
            return Err(CompileError::new(source, 0, "condition is empty".into()));
        }
        let mut parser = Parser {
            source,
            tokens,
            pos: 0,
            depth: 0,
            resolve,
            facts: Vec::new(),
        };
        let top = parser.parse_or()?;
        if let Some(token) = parser.peek() {
            let text = parser.text(token);
            let message = match token.kind {
                Tok::RParen => format!("unmatched `{text}`"),
                Tok::Comma => "unexpected `,` (write numbers without thousands separators)".into(),
                _ => format!("unexpected `{text}`, expected `and`, `or` or the end"),
            };
            return parser.err(token.start, message);
        }
        match top.expr {
            Expr::Bool(root) => {
                let mut facts = parser.facts;
                facts.sort_unstable();
                facts.dedup();
                Ok((root, facts))
            }
            other => parser.err(
                top.at,
                format!(
                    "condition must be true or false, but this is {}",
                    other.describe()
                ),
            ),
        }
    }

    /// The source text as written.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The source text as written, as the ruleset keeps it.
    #[must_use]
    pub fn text(&self) -> &Text {
        &self.source
    }

    /// Every fact id the condition mentions, sorted, deduplicated.
    #[must_use]
    pub fn facts(&self) -> Vec<FactId> {
        self.facts.clone()
    }

    /// Evaluates with Kleene three-valued logic over missing facts.
    ///
    /// `fact` returns `None` for a fact the user did not give. `false and x` is false and
    /// `true or x` is true whatever `x` is (even an arithmetic error); otherwise missing
    /// facts make the result [`EvalError::Missing`] with every missing fact that mattered.
    ///
    /// # Errors
    ///
    /// [`EvalError::Missing`] when the result depends on facts not given,
    /// [`EvalError::Arithmetic`] on overflow, division by zero or a value of the wrong type.
    pub fn eval<'a>(
        &'a self,
        fact: &dyn Fn(FactId) -> Option<&'a Value<'a>>,
    ) -> Result<bool, EvalError> {
        let fact = Lookup {
            value: fact,
            named: true,
        };
        self.root.eval(fact).map_err(|fail| match fail {
            Fail::Missing(ids) => EvalError::Missing(ids.into_vec()),
            Fail::Error(message) => EvalError::Arithmetic(message),
        })
    }

    /// Evaluates as [`Condition::eval`] does, without naming the missing facts: `None`
    /// when the result depends on facts not given.
    ///
    /// # Errors
    ///
    /// [`EvalError::Arithmetic`] on overflow, division by zero or a value of the wrong type.
    pub fn decide<'a>(
        &'a self,
        fact: &dyn Fn(FactId) -> Option<&'a Value<'a>>,
    ) -> Result<Option<bool>, EvalError> {
        let fact = Lookup {
            value: fact,
            named: false,
        };
        match self.root.eval(fact) {
            Ok(b) => Ok(Some(b)),
            Err(Fail::Missing(_)) => Ok(None),
            Err(Fail::Error(message)) => Err(EvalError::Arithmetic(message)),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl CompileError {
    fn new(source: &str, offset: usize, message: String) -> CompileError {
        let column = source
            .get(..offset)
            .map_or(0, |before| before.chars().count())
            + 1;
        CompileError {
            offset,
            column,
            message,
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for CompileError {}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Missing(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                write!(f, "missing facts {}", ids.join(", "))
            }
            EvalError::Arithmetic(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for EvalError {}

/// Whether `value` lies in the band from `from` to `to`: at least (or above) `from` and at
/// most (or below) `to`, as the flags say. A missing bound is unbounded.
#[must_use]
pub fn compare_band(
    value: Decimal,
    from: Option<Decimal>,
    to: Option<Decimal>,
    from_inclusive: bool,
    to_inclusive: bool,
) -> bool {
    let above = from.is_none_or(|from| {
        let ordering = order(value, from);
        ordering.is_gt() || (from_inclusive && ordering.is_eq())
    });
    let below = to.is_none_or(|to| {
        let ordering = order(value, to);
        ordering.is_lt() || (to_inclusive && ordering.is_eq())
    });
    above && below
}

// ---------------------------------------------------------------------------------------
// Lexer

/// A token's kind; the text of a string or a name is the token's span of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Num(Decimal),
    Str,
    Ident,
    And,
    Or,
    Not,
    In,
    Contains,
    Known,
    True,
    False,
    Cmp(CmpOp),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
}

fn lex(source: &str) -> Result<Vec<Token>, CompileError> {
    let peek = |i: usize| source.get(i..).and_then(|rest| rest.chars().next());
    let fail = |at: usize, message: String| Err(CompileError::new(source, at, message));
    // One token per four bytes covers ordinary conditions (`amount_over >= 3 or area ==
    // 'protected'`: 7 tokens in 39 bytes) without growing the vector token by token.
    let mut tokens = Vec::with_capacity(source.len() / 4 + 1);
    let mut i = 0;
    while let Some(c) = peek(i) {
        let start = i;
        i += c.len_utf8();
        let kind = match c {
            c if c.is_whitespace() => continue,
            '(' | '（' => Tok::LParen,
            ')' | '）' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '+' => Tok::Plus,
            '-' => Tok::Minus,
            '*' => Tok::Star,
            '/' => Tok::Slash,
            '且' => Tok::And,
            '或' => Tok::Or,
            '非' => Tok::Not,
            '=' | '!' | '<' | '>' => {
                let eq = peek(i) == Some('=');
                if eq {
                    i += 1;
                }
                Tok::Cmp(match (c, eq) {
                    ('=', _) => CmpOp::Eq,
                    ('!', true) => CmpOp::Ne,
                    ('<', false) => CmpOp::Lt,
                    ('<', true) => CmpOp::Le,
                    ('>', false) => CmpOp::Gt,
                    ('>', true) => CmpOp::Ge,
                    _ => return fail(start, "unexpected `!`, write `not` or `!=`".into()),
                })
            }
            '\'' | '"' => {
                let rest = source.get(i..).unwrap_or("");
                let Some(len) = rest.find(c) else {
                    return fail(start, "unterminated string".into());
                };
                i += len + 1;
                Tok::Str
            }
            '0'..='9' => {
                while peek(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                if peek(i) == Some('.') && peek(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                    while peek(i).is_some_and(|c| c.is_ascii_digit()) {
                        i += 1;
                    }
                }
                let text = source.get(start..i).unwrap_or("");
                if peek(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                    return fail(start, format!("invalid number `{text}`"));
                }
                match Decimal::from_str_exact(text) {
                    Ok(number) => Tok::Num(number),
                    Err(_) => return fail(start, format!("number `{text}` is out of range")),
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while peek(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    i += 1;
                }
                let word = source.get(start..i).unwrap_or("");
                if word.bytes().any(|b| b.is_ascii_uppercase()) {
                    let lower = word.to_ascii_lowercase();
                    let message = match keyword(&lower) {
                        Some(_) => format!("keywords are lowercase: write `{lower}`"),
                        None => format!("fact names are lowercase: `{word}`"),
                    };
                    return fail(start, message);
                }
                keyword(word).unwrap_or(Tok::Ident)
            }
            other => {
                let hint = match other {
                    '&' => ", write `and`",
                    '|' => ", write `or`",
                    '‘' | '’' | '“' | '”' => ", quote with ' or \"",
                    '，' => ", write `,`",
                    _ => "",
                };
                return fail(start, format!("unexpected character `{other}`{hint}"));
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    Ok(tokens)
}

fn keyword(word: &str) -> Option<Tok> {
    Some(match word {
        "and" => Tok::And,
        "or" => Tok::Or,
        "not" => Tok::Not,
        "in" => Tok::In,
        "contains" => Tok::Contains,
        "known" => Tok::Known,
        "true" => Tok::True,
        "false" => Tok::False,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Compiled form

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn test(self, ordering: Ordering) -> bool {
        match self {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        }
    }

    fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArOp {
    fn apply(self, a: Decimal, b: Decimal) -> Result<Decimal, Fail> {
        let (result, symbol) = match self {
            ArOp::Add => (a.checked_add(b), "+"),
            ArOp::Sub => (a.checked_sub(b), "-"),
            ArOp::Mul => (a.checked_mul(b), "*"),
            ArOp::Div if b.is_zero() => return Err(Fail::Error("division by zero".into())),
            ArOp::Div => (a.checked_div(b), "/"),
        };
        result.ok_or_else(|| Fail::Error(format!("arithmetic overflow in `{a} {symbol} {b}`")))
    }
}

/// A boolean expression.
#[derive(Debug, Clone)]
enum Cond {
    Const(bool),
    Fact(FactId),
    Known(FactId),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Num(Num, CmpOp, Num),
    Date(DateArg, CmpOp, DateArg),
    /// `==` (true) or `!=` (false) on text.
    Text(TextArg, bool, TextArg),
    /// `==` (true) or `!=` (false) on booleans.
    Bool(Box<Cond>, bool, Box<Cond>),
    /// `==` (true) or `!=` (false) on two `choices` facts, as sets.
    Set(FactId, bool, FactId),
    NumIn(Num, Vec<Decimal>),
    TextIn(TextArg, Vec<String>),
    Contains(FactId, String),
}

/// A numeric expression.
#[derive(Debug, Clone)]
enum Num {
    Const(Decimal),
    Fact(FactId),
    Neg(Box<Num>),
    Chain(Box<Num>, Vec<(ArOp, Num)>),
}

#[derive(Debug, Clone)]
enum DateArg {
    Const(Date),
    Fact(FactId),
}

#[derive(Debug, Clone)]
enum TextArg {
    Const(String),
    Fact(FactId),
}

// ---------------------------------------------------------------------------------------
// Evaluation

/// Why a subexpression has no value.
enum Fail {
    Missing(Missing),
    Error(String),
}

/// The facts not given, sorted, without repeats. One is held without allocating: it is
/// the common case, and callers often only ask whether a fact is missing.
enum Missing {
    One(FactId),
    Several(Vec<FactId>),
    /// Some facts, not named: [`Condition::decide`] only asks whether one is missing.
    Unnamed,
}

impl Missing {
    fn ids(&self) -> &[FactId] {
        match self {
            Missing::One(id) => std::slice::from_ref(id),
            Missing::Several(ids) => ids,
            Missing::Unnamed => &[],
        }
    }

    fn into_vec(self) -> Vec<FactId> {
        match self {
            Missing::Several(ids) => ids,
            other => other.ids().to_vec(),
        }
    }
}

type Eval<T> = Result<T, Fail>;

/// Looks a fact's value up; the values outlive the evaluation (`'a`).
#[derive(Clone, Copy)]
struct Lookup<'l, 'a> {
    value: &'l dyn Fn(FactId) -> Option<&'a Value<'a>>,
    /// Whether the facts not given are named, or only found missing
    /// ([`Missing::Unnamed`]), which spares gathering them.
    named: bool,
}

impl<'a> Lookup<'_, 'a> {
    fn get(self, id: FactId) -> Result<&'a Value<'a>, Fail> {
        (self.value)(id).ok_or(Fail::Missing(if self.named {
            Missing::One(id)
        } else {
            Missing::Unnamed
        }))
    }
}

impl Fail {
    /// Adds a failure to the failures so far.
    fn add(so_far: Option<Fail>, other: Fail) -> Fail {
        match so_far {
            Some(fail) => fail.merge(other),
            None => other,
        }
    }

    /// Both operands failed: an error wins over missing facts, missing facts add up.
    fn merge(self, other: Fail) -> Fail {
        match (self, other) {
            (Fail::Error(message), _) | (_, Fail::Error(message)) => Fail::Error(message),
            (Fail::Missing(Missing::Unnamed), _) | (_, Fail::Missing(Missing::Unnamed)) => {
                Fail::Missing(Missing::Unnamed)
            }
            (Fail::Missing(Missing::One(a)), Fail::Missing(Missing::One(b))) if a == b => {
                Fail::Missing(Missing::One(a))
            }
            (Fail::Missing(a), Fail::Missing(b)) => {
                let (a, b) = (a.ids(), b.ids());
                let mut ids = Vec::with_capacity(a.len() + b.len());
                ids.extend_from_slice(a);
                ids.extend_from_slice(b);
                ids.sort_unstable();
                ids.dedup();
                Fail::Missing(Missing::Several(ids))
            }
        }
    }
}

fn both<A, B>(a: Eval<A>, b: Eval<B>) -> Eval<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(a), Err(b)) => Err(a.merge(b)),
    }
}

fn describe_value(value: &Value<'_>) -> &'static str {
    match value {
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::Text(_) => "text",
        Value::Date(_) => "a date",
        Value::List(_) => "a list",
    }
}

/// Looks a fact up and takes the variant its declaration promises.
fn fetch<'a, T>(
    fact: Lookup<'_, 'a>,
    id: FactId,
    expected: &str,
    take: impl FnOnce(&'a Value<'a>) -> Option<T>,
) -> Eval<T> {
    let value = fact.get(id)?;
    take(value).ok_or_else(|| {
        let found = describe_value(value);
        Fail::Error(format!("fact {id} should be {expected}, not {found}"))
    })
}

impl Cond {
    fn eval<'a>(&'a self, fact: Lookup<'_, 'a>) -> Eval<bool> {
        match self {
            Cond::Const(b) => Ok(*b),
            Cond::Fact(id) => fetch(fact, *id, "true/false", |v| match v {
                Value::Bool(b) => Some(*b),
                _ => None,
            }),
            Cond::Known(id) => Ok((fact.value)(*id).is_some()),
            Cond::Not(inner) => inner.eval(fact).map(|b| !b),
            Cond::All(items) => kleene(items, fact, false),
            Cond::Any(items) => kleene(items, fact, true),
            Cond::Num(a, op, b) => {
                let (a, b) = both(a.eval(fact), b.eval(fact))?;
                Ok(op.test(order(a, b)))
            }
            Cond::Date(a, op, b) => {
                let (a, b) = both(a.eval(fact), b.eval(fact))?;
                Ok(op.test(a.cmp(&b)))
            }
            Cond::Text(a, eq, b) => {
                let (a, b) = both(a.eval(fact), b.eval(fact))?;
                Ok((a == b) == *eq)
            }
            Cond::Bool(a, eq, b) => {
                let (a, b) = both(a.eval(fact), b.eval(fact))?;
                Ok((a == b) == *eq)
            }
            Cond::Set(a, eq, b) => {
                let (a, b) = both(set(fact, *a), set(fact, *b))?;
                Ok((a == b) == *eq)
            }
            Cond::NumIn(a, list) => a.eval(fact).map(|a| list.contains(&a)),
            Cond::TextIn(a, list) => a.eval(fact).map(|a| list.iter().any(|t| t == a)),
            Cond::Contains(id, value) => set(fact, *id).map(|set| set.contains(value.as_str())),
        }
    }
}

/// `and` (`dominant` false) or `or` (`dominant` true) over any number of operands: the
/// dominant value wins over anything; then an error; then the missing facts of all operands.
fn kleene<'a>(items: &'a [Cond], fact: Lookup<'_, 'a>, dominant: bool) -> Eval<bool> {
    let mut fail: Option<Fail> = None;
    for item in items {
        match item.eval(fact) {
            Ok(b) if b == dominant => return Ok(dominant),
            Ok(_) => {}
            Err(e) => fail = Some(Fail::add(fail, e)),
        }
    }
    fail.map_or(Ok(!dominant), Err)
}

fn set<'a>(fact: Lookup<'_, 'a>, id: FactId) -> Eval<BTreeSet<&'a str>> {
    fetch(fact, id, "a list", |v| match v {
        Value::List(items) => Some(items.iter().map(AsRef::as_ref).collect()),
        _ => None,
    })
}

impl Num {
    fn eval<'a>(&'a self, fact: Lookup<'_, 'a>) -> Eval<Decimal> {
        match self {
            Num::Const(d) => Ok(*d),
            Num::Fact(id) => fetch(fact, *id, "a number", |v| match v {
                Value::Number(d) => Some(*d),
                _ => None,
            }),
            Num::Neg(inner) => inner.eval(fact).map(|d| -d),
            Num::Chain(first, rest) => {
                // Every operand first, so that all missing facts are reported together.
                let head = first.eval(fact);
                let mut values = Vec::with_capacity(rest.len());
                let mut fail = None;
                for (op, operand) in rest {
                    match operand.eval(fact) {
                        Ok(value) => values.push((*op, value)),
                        Err(e) => fail = Some(Fail::add(fail, e)),
                    }
                }
                let mut acc = match (head, fail) {
                    (Ok(head), None) => head,
                    (Ok(_), Some(e)) | (Err(e), None) => return Err(e),
                    (Err(e), Some(f)) => return Err(e.merge(f)),
                };
                for (op, value) in values {
                    acc = op.apply(acc, value)?;
                }
                Ok(acc)
            }
        }
    }
}

impl DateArg {
    fn eval<'a>(&'a self, fact: Lookup<'_, 'a>) -> Eval<Date> {
        match self {
            DateArg::Const(d) => Ok(*d),
            DateArg::Fact(id) => fetch(fact, *id, "a date", |v| match v {
                Value::Date(d) => Some(*d),
                _ => None,
            }),
        }
    }
}

impl TextArg {
    fn eval<'a>(&'a self, fact: Lookup<'_, 'a>) -> Eval<&'a str> {
        match self {
            TextArg::Const(s) => Ok(s),
            TextArg::Fact(id) => fetch(fact, *id, "text", |v| match v {
                Value::Text(s) => Some(s.as_ref()),
                _ => None,
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parser and type checker

/// A subexpression with its type, as the parser builds it.
enum Expr {
    Bool(Cond),
    Num(Num),
    /// A string literal: text, or a date once compared with a date.
    Str(String),
    Choice {
        id: FactId,
        name: String,
        choices: Vec<Arc<str>>,
    },
    Choices {
        id: FactId,
        name: String,
        choices: Vec<Arc<str>>,
    },
    Date(FactId),
}

impl Expr {
    fn describe(&self) -> &'static str {
        match self {
            Expr::Bool(_) => "true/false",
            Expr::Num(_) => "a number",
            Expr::Str(_) => "text",
            Expr::Choice { .. } => "a choice",
            Expr::Choices { .. } => "a set of choices",
            Expr::Date(_) => "a date",
        }
    }
}

/// An [`Expr`] and the byte offset where it starts.
struct Typed {
    expr: Expr,
    at: usize,
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    resolve: &'a dyn Fn(&str) -> Option<FactRef>,
    /// Every fact mentioned, in order, repeated as often as mentioned.
    facts: Vec<FactId>,
}

type Parsed<T> = Result<T, CompileError>;

impl<'a> Parser<'a> {
    fn err<T>(&self, at: usize, message: String) -> Parsed<T> {
        Err(CompileError::new(self.source, at, message))
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.kind)
    }

    fn bump(&mut self) {
        self.pos += 1;
    }

    fn text(&self, token: &Token) -> &'a str {
        self.source.get(token.start..token.end).unwrap_or("")
    }

    /// The text between the quotes of a string token.
    fn quoted(&self, token: &Token) -> &'a str {
        self.source
            .get(token.start + 1..token.end - 1)
            .unwrap_or("")
    }

    /// Offset of the next token, or the end of the source.
    fn here(&self) -> usize {
        self.peek().map_or(self.source.len(), |t| t.start)
    }

    /// The next token for an error message.
    fn found(&self) -> String {
        match self.peek() {
            Some(token) => format!("`{}`", self.text(token)),
            None => "the end".into(),
        }
    }

    fn enter(&mut self, at: usize) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(at, format!("nesting is deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn boolean(&self, operand: Typed, what: &str) -> Parsed<Cond> {
        match operand.expr {
            Expr::Bool(cond) => Ok(cond),
            other => self.err(
                operand.at,
                format!("`{what}` needs true or false, found {}", other.describe()),
            ),
        }
    }

    fn number(&self, operand: Typed, what: &str) -> Parsed<Num> {
        match operand.expr {
            Expr::Num(num) => Ok(num),
            other => self.err(
                operand.at,
                format!("`{what}` needs a number, found {}", other.describe()),
            ),
        }
    }

    fn parse_or(&mut self) -> Parsed<Typed> {
        self.parse_junction(&Tok::Or)
    }

    fn parse_and(&mut self) -> Parsed<Typed> {
        self.parse_junction(&Tok::And)
    }

    /// `or` over `and`s or `and` over `not`s, as `joiner` says.
    fn parse_junction(&mut self, joiner: &Tok) -> Parsed<Typed> {
        let next = |p: &mut Self| {
            if *joiner == Tok::Or {
                p.parse_and()
            } else {
                p.parse_not()
            }
        };
        let first = next(self)?;
        if self.peek_kind() != Some(joiner) {
            return Ok(first);
        }
        let at = first.at;
        let mut operands = Vec::new();
        while let Some(token) = self.peek().filter(|t| t.kind == *joiner) {
            let word = self.text(token);
            self.bump();
            operands.push((word, next(self)?));
        }
        // The left operand is reported with the first `and`/`or`.
        let first_word = operands.first().map_or("", |(word, _)| word);
        let mut conds = Vec::with_capacity(operands.len() + 1);
        conds.push(self.boolean(first, first_word)?);
        for (word, operand) in operands {
            conds.push(self.boolean(operand, word)?);
        }
        let cond = if *joiner == Tok::Or {
            Cond::Any(conds)
        } else {
            Cond::All(conds)
        };
        Ok(Typed {
            expr: Expr::Bool(cond),
            at,
        })
    }

    fn parse_not(&mut self) -> Parsed<Typed> {
        let Some(token) = self.peek().filter(|t| t.kind == Tok::Not) else {
            return self.parse_cmp();
        };
        let (at, word) = (token.start, self.text(token));
        self.bump();
        self.enter(at)?;
        let operand = self.parse_not()?;
        self.depth -= 1;
        let cond = self.boolean(operand, word)?;
        Ok(Typed {
            expr: Expr::Bool(Cond::Not(Box::new(cond))),
            at,
        })
    }

    fn parse_cmp(&mut self) -> Parsed<Typed> {
        let left = self.parse_sum()?;
        let at = left.at;
        let Some(token) = self.peek().copied() else {
            return Ok(left);
        };
        let cond = match token.kind {
            Tok::Cmp(op) => {
                self.bump();
                let right = self.parse_sum()?;
                let cond = self.compare(left, op, &token, right)?;
                if let Some(next) = self.peek().filter(|t| matches!(t.kind, Tok::Cmp(_))) {
                    let message = "comparisons cannot be chained, join them with `and`";
                    return self.err(next.start, message.into());
                }
                cond
            }
            Tok::In => {
                self.bump();
                self.parse_in(left)?
            }
            Tok::Contains => {
                self.bump();
                self.parse_contains(left)?
            }
            _ => return Ok(left),
        };
        Ok(Typed {
            expr: Expr::Bool(cond),
            at,
        })
    }

    /// Checks a comparison `left op right` and builds it.
    fn compare(&self, left: Typed, op: CmpOp, token: &Token, right: Typed) -> Parsed<Cond> {
        let symbol = self.text(token);
        let eq = op == CmpOp::Eq;
        let (left_kind, right_kind) = (left.expr.describe(), right.expr.describe());
        Ok(match (left.expr, right.expr) {
            (Expr::Num(a), Expr::Num(b)) => Cond::Num(a, op, b),
            (Expr::Date(a), Expr::Date(b)) => Cond::Date(DateArg::Fact(a), op, DateArg::Fact(b)),
            (Expr::Date(a), Expr::Str(s)) => Cond::Date(
                DateArg::Fact(a),
                op,
                DateArg::Const(self.date(&s, right.at)?),
            ),
            (Expr::Str(s), Expr::Date(b)) => Cond::Date(
                DateArg::Const(self.date(&s, left.at)?),
                op,
                DateArg::Fact(b),
            ),
            (a, b) if op.is_ordering() => {
                let message = if matches!(a, Expr::Num(_) | Expr::Date(_))
                    || matches!(b, Expr::Num(_) | Expr::Date(_))
                {
                    format!("cannot compare {left_kind} with {right_kind}")
                } else {
                    format!("`{symbol}` compares only numbers and dates, not {left_kind}")
                };
                return self.err(token.start, message);
            }
            (Expr::Bool(a), Expr::Bool(b)) => Cond::Bool(Box::new(a), eq, Box::new(b)),
            (Expr::Str(a), Expr::Str(b)) => Cond::Text(TextArg::Const(a), eq, TextArg::Const(b)),
            (Expr::Choice { id, name, choices }, Expr::Str(s)) => {
                self.check_choice(&s, right.at, &name, &choices)?;
                Cond::Text(TextArg::Fact(id), eq, TextArg::Const(s))
            }
            (Expr::Str(s), Expr::Choice { id, name, choices }) => {
                self.check_choice(&s, left.at, &name, &choices)?;
                Cond::Text(TextArg::Const(s), eq, TextArg::Fact(id))
            }
            (Expr::Choice { id: a, .. }, Expr::Choice { id: b, .. }) => {
                Cond::Text(TextArg::Fact(a), eq, TextArg::Fact(b))
            }
            (Expr::Choices { id: a, .. }, Expr::Choices { id: b, .. }) => Cond::Set(a, eq, b),
            (Expr::Choices { .. }, Expr::Str(_)) | (Expr::Str(_), Expr::Choices { .. }) => {
                let message = format!(
                    "cannot compare {left_kind} with {right_kind}, use `contains` to test one choice"
                );
                return self.err(token.start, message);
            }
            _ => {
                return self.err(
                    token.start,
                    format!("cannot compare {left_kind} with {right_kind}"),
                );
            }
        })
    }

    fn date(&self, text: &str, at: usize) -> Parsed<Date> {
        match Date::parse(text) {
            Some(date) => Ok(date),
            None => self.err(at, format!("`{text}` is not a date, write YYYY-MM-DD")),
        }
    }

    fn check_choice(&self, value: &str, at: usize, name: &str, choices: &[Arc<str>]) -> Parsed<()> {
        if choices.iter().any(|c| **c == *value) {
            return Ok(());
        }
        let message = if choices.is_empty() {
            format!("`{value}` is not a choice of `{name}`, which has no choices")
        } else {
            format!(
                "`{value}` is not a choice of `{name}`, valid choices: {}",
                choices.join(", ")
            )
        };
        self.err(at, message)
    }

    fn parse_in(&mut self, left: Typed) -> Parsed<Cond> {
        let items = self.parse_list()?;
        match left.expr {
            Expr::Num(num) => {
                let mut numbers = Vec::with_capacity(items.len());
                for (item, at) in items {
                    match item {
                        Literal::Num(d) => numbers.push(d),
                        Literal::Str(_) => {
                            return self
                                .err(at, "expected a number in the list, found text".into());
                        }
                    }
                }
                Ok(Cond::NumIn(num, numbers))
            }
            Expr::Choice { .. } | Expr::Str(_) => {
                let mut texts = Vec::with_capacity(items.len());
                for (item, at) in items {
                    match item {
                        Literal::Str(s) => {
                            if let Expr::Choice { name, choices, .. } = &left.expr {
                                self.check_choice(&s, at, name, choices)?;
                            }
                            texts.push(s);
                        }
                        Literal::Num(_) => {
                            return self
                                .err(at, "expected text in the list, found a number".into());
                        }
                    }
                }
                let arg = match left.expr {
                    Expr::Choice { id, .. } => TextArg::Fact(id),
                    Expr::Str(s) => TextArg::Const(s),
                    _ => return self.err(left.at, "internal error: not text".into()),
                };
                Ok(Cond::TextIn(arg, texts))
            }
            Expr::Choices { .. } => self.err(
                left.at,
                "`in` needs a number or a choice on its left, found a set of choices, \
                 use `contains`"
                    .into(),
            ),
            other => self.err(
                left.at,
                format!(
                    "`in` needs a number or a choice on its left, found {}",
                    other.describe()
                ),
            ),
        }
    }

    /// `[literal, ...]`, each literal with its offset.
    fn parse_list(&mut self) -> Parsed<Vec<(Literal, usize)>> {
        if self.peek_kind() != Some(&Tok::LBracket) {
            return self.err(
                self.here(),
                format!("expected `[` after `in`, found {}", self.found()),
            );
        }
        self.bump();
        let mut items = Vec::new();
        loop {
            if self.peek_kind() == Some(&Tok::RBracket) {
                self.bump();
                return Ok(items);
            }
            let at = self.here();
            let negative = self.peek_kind() == Some(&Tok::Minus);
            if negative {
                self.bump();
            }
            let item = match self.peek() {
                Some(Token {
                    kind: Tok::Num(d), ..
                }) => Literal::Num(if negative { -*d } else { *d }),
                Some(token @ Token { kind: Tok::Str, .. }) if !negative => {
                    Literal::Str(self.quoted(token).to_owned())
                }
                _ => {
                    let message = format!("expected a number or text, found {}", self.found());
                    return self.err(self.here(), message);
                }
            };
            self.bump();
            items.push((item, at));
            match self.peek_kind() {
                Some(Tok::Comma) => {
                    self.bump();
                }
                Some(Tok::RBracket) => {}
                _ => {
                    let message = format!("expected `,` or `]`, found {}", self.found());
                    return self.err(self.here(), message);
                }
            }
        }
    }

    fn parse_contains(&mut self, left: Typed) -> Parsed<Cond> {
        let Some(token @ Token { kind: Tok::Str, .. }) = self.peek().copied() else {
            let message = format!(
                "expected quoted text after `contains`, found {}",
                self.found()
            );
            return self.err(self.here(), message);
        };
        let (value, at) = (self.quoted(&token), token.start);
        self.bump();
        match left.expr {
            Expr::Choices { id, name, choices } => {
                self.check_choice(value, at, &name, &choices)?;
                Ok(Cond::Contains(id, value.to_owned()))
            }
            other => self.err(
                left.at,
                format!(
                    "`contains` needs a set of choices on its left, found {}",
                    other.describe()
                ),
            ),
        }
    }

    fn parse_sum(&mut self) -> Parsed<Typed> {
        self.parse_chain(true)
    }

    fn parse_product(&mut self) -> Parsed<Typed> {
        self.parse_chain(false)
    }

    /// `+`/`-` over products (`sum`) or `*`/`/` over unaries.
    fn parse_chain(&mut self, sum: bool) -> Parsed<Typed> {
        let next = |p: &mut Self| {
            if sum {
                p.parse_product()
            } else {
                p.parse_unary()
            }
        };
        let op_of = |kind: Option<&Tok>| match (kind, sum) {
            (Some(Tok::Plus), true) => Some(ArOp::Add),
            (Some(Tok::Minus), true) => Some(ArOp::Sub),
            (Some(Tok::Star), false) => Some(ArOp::Mul),
            (Some(Tok::Slash), false) => Some(ArOp::Div),
            _ => None,
        };
        let first = next(self)?;
        if op_of(self.peek_kind()).is_none() {
            return Ok(first);
        }
        let at = first.at;
        let mut operands = Vec::new();
        while let Some(op) = op_of(self.peek_kind()) {
            let symbol = self.peek().map_or("", |t| self.text(t));
            self.bump();
            operands.push((op, symbol, next(self)?));
        }
        // The left operand is reported with the first operator.
        let first_symbol = operands.first().map_or("", |(_, symbol, _)| symbol);
        let head = self.number(first, first_symbol)?;
        let mut rest = Vec::with_capacity(operands.len());
        for (op, symbol, operand) in operands {
            rest.push((op, self.number(operand, symbol)?));
        }
        Ok(Typed {
            expr: Expr::Num(Num::Chain(Box::new(head), rest)),
            at,
        })
    }

    fn parse_unary(&mut self) -> Parsed<Typed> {
        let Some(token) = self.peek().filter(|t| t.kind == Tok::Minus) else {
            return self.parse_atom();
        };
        let at = token.start;
        self.bump();
        self.enter(at)?;
        let operand = self.parse_unary()?;
        self.depth -= 1;
        let num = self.number(operand, "-")?;
        let num = match num {
            Num::Const(d) => Num::Const(-d),
            other => Num::Neg(Box::new(other)),
        };
        Ok(Typed {
            expr: Expr::Num(num),
            at,
        })
    }

    fn parse_atom(&mut self) -> Parsed<Typed> {
        let Some(token) = self.peek().copied() else {
            return self.err(self.here(), "expected a value, found the end".into());
        };
        let at = token.start;
        let expr = match token.kind {
            Tok::Num(d) => Expr::Num(Num::Const(d)),
            Tok::Str => Expr::Str(self.quoted(&token).to_owned()),
            Tok::True => Expr::Bool(Cond::Const(true)),
            Tok::False => Expr::Bool(Cond::Const(false)),
            Tok::Ident => self.fact(self.text(&token), at)?,
            Tok::Known => {
                self.bump();
                self.expect(&Tok::LParen, "after `known`")?;
                let Some(
                    name @ Token {
                        kind: Tok::Ident, ..
                    },
                ) = self.peek().copied()
                else {
                    let message = format!("expected a fact name, found {}", self.found());
                    return self.err(self.here(), message);
                };
                let id = self.resolve_fact(self.text(&name), name.start)?.id;
                self.bump();
                self.expect(&Tok::RParen, "after the fact name")?;
                return Ok(Typed {
                    expr: Expr::Bool(Cond::Known(id)),
                    at,
                });
            }
            Tok::LParen => {
                self.bump();
                self.enter(at)?;
                let inner = self.parse_or()?;
                self.depth -= 1;
                self.expect(&Tok::RParen, "")?;
                return Ok(Typed {
                    expr: inner.expr,
                    at,
                });
            }
            _ => {
                let message = format!("expected a value, found {}", self.found());
                return self.err(at, message);
            }
        };
        self.bump();
        Ok(Typed { expr, at })
    }

    fn expect(&mut self, kind: &Tok, context: &str) -> Parsed<()> {
        if self.peek_kind() == Some(kind) {
            self.bump();
            return Ok(());
        }
        let symbol = if *kind == Tok::LParen { "(" } else { ")" };
        let context = if context.is_empty() {
            String::new()
        } else {
            format!(" {context}")
        };
        let message = format!("expected `{symbol}`{context}, found {}", self.found());
        self.err(self.here(), message)
    }

    fn resolve_fact(&mut self, name: &str, at: usize) -> Parsed<FactRef> {
        match (self.resolve)(name) {
            Some(fact) => {
                self.facts.push(fact.id);
                Ok(fact)
            }
            None => self.err(at, format!("unknown fact `{name}`")),
        }
    }

    fn fact(&mut self, name: &str, at: usize) -> Parsed<Expr> {
        let FactRef { id, kind, choices } = self.resolve_fact(name, at)?;
        // Only a choice keeps its name, for the messages about its values.
        Ok(match kind {
            FactKind::Money | FactKind::Decimal | FactKind::Integer => Expr::Num(Num::Fact(id)),
            FactKind::Boolean => Expr::Bool(Cond::Fact(id)),
            FactKind::Choice => Expr::Choice {
                id,
                name: name.to_owned(),
                choices,
            },
            FactKind::Choices => Expr::Choices {
                id,
                name: name.to_owned(),
                choices,
            },
            FactKind::Date => Expr::Date(id),
        })
    }
}

enum Literal {
    Num(Decimal),
    Str(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// Name, kind and choices of the test facts; the id is the index.
    const FACTS: &[(&str, FactKind, &[&str])] = &[
        ("goods_value", FactKind::Money, &[]),
        ("harm", FactKind::Choice, &["none", "minor", "serious"]),
        ("repeat", FactKind::Boolean, &[]),
        ("count", FactKind::Integer, &[]),
        ("ratio", FactKind::Decimal, &[]),
        ("tags", FactKind::Choices, &["a", "b", "c"]),
        ("found_on", FactKind::Date, &[]),
        ("decided_on", FactKind::Date, &[]),
        ("income", FactKind::Money, &[]),
        ("cured", FactKind::Boolean, &[]),
        ("level", FactKind::Choice, &["low", "high"]),
        ("measures", FactKind::Choices, &["a", "b", "c"]),
    ];

    fn resolve(name: &str) -> Option<FactRef> {
        let id = FACTS.iter().position(|(n, _, _)| *n == name)?;
        let (_, kind, choices) = FACTS.get(id)?;
        Some(FactRef {
            id,
            kind: *kind,
            choices: choices.iter().map(|c| Arc::from(*c)).collect(),
        })
    }

    fn id(name: &str) -> FactId {
        FACTS
            .iter()
            .position(|(n, _, _)| *n == name)
            .expect("test fact")
    }

    fn compile(source: &str) -> Condition {
        Condition::compile(source, &resolve)
            .unwrap_or_else(|e| panic!("{source:?} should compile: {e}"))
    }

    fn error(source: &str) -> CompileError {
        match Condition::compile(source, &resolve) {
            Ok(_) => panic!("{source:?} should not compile"),
            Err(e) => e,
        }
    }

    /// Asserts the error's offset and that its message contains `part`.
    fn assert_error(source: &str, offset: usize, part: &str) {
        let e = error(source);
        assert_eq!(e.offset, offset, "offset of {source:?}: {e}");
        assert!(e.message.contains(part), "message of {source:?}: {e}");
        assert!(!e.message.ends_with('.'), "{e}");
    }

    fn num(text: &str) -> Value<'static> {
        Value::Number(Decimal::from_str(text).expect("test number"))
    }

    fn date(text: &str) -> Value<'static> {
        Value::Date(Date::parse(text).expect("test date"))
    }

    fn list(items: &[&'static str]) -> Value<'static> {
        Value::List(items.iter().map(|&i| i.into()).collect())
    }

    fn text(s: &'static str) -> Value<'static> {
        Value::Text(s.into())
    }

    fn eval(source: &str, given: &[(&str, Value<'static>)]) -> Result<bool, EvalError> {
        let given: Vec<(FactId, Value)> = given
            .iter()
            .map(|(name, value)| (id(name), value.clone()))
            .collect();
        compile(source).eval(&|fact| {
            given
                .iter()
                .find(|(id, _)| *id == fact)
                .map(|(_, value)| value)
        })
    }

    fn is(source: &str, given: &[(&str, Value<'static>)]) -> bool {
        eval(source, given).unwrap_or_else(|e| panic!("{source:?} should evaluate: {e}"))
    }

    fn missing(source: &str, given: &[(&str, Value<'static>)]) -> Vec<&'static str> {
        match eval(source, given) {
            Err(EvalError::Missing(ids)) => ids
                .into_iter()
                .map(|i| FACTS.get(i).expect("test fact").0)
                .collect(),
            other => panic!("{source:?} should miss facts, got {other:?}"),
        }
    }

    fn arithmetic(source: &str, given: &[(&str, Value<'static>)]) -> String {
        match eval(source, given) {
            Err(EvalError::Arithmetic(message)) => message,
            other => panic!("{source:?} should fail arithmetic, got {other:?}"),
        }
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        // `repeat or (cured and false)`, not `(repeat or cured) and false`.
        assert!(is(
            "repeat or cured and false",
            &[("repeat", t.clone()), ("cured", t.clone())]
        ));
        assert!(is("false and repeat or true", &[("repeat", t.clone())]));
        assert!(!is(
            "(repeat or cured) and false",
            &[("repeat", t.clone()), ("cured", t)]
        ));
        // `not` binds tighter than `and`, looser than comparisons.
        assert!(!is(
            "not repeat and cured",
            &[("repeat", f.clone()), ("cured", f.clone())]
        ));
        assert!(is(
            "not (repeat and cured)",
            &[("repeat", f.clone()), ("cured", f)]
        ));
        assert!(is("not count == 1", &[("count", num("2"))]));
        assert!(is("not not true", &[]));
    }

    #[test]
    fn arithmetic_precedence_and_associativity() {
        assert!(is("1 + 2 * 3 == 7", &[]));
        assert!(is("(1 + 2) * 3 == 9", &[]));
        assert!(is("-2 * 3 == -6", &[]));
        assert!(is("10 - 4 - 3 == 3", &[]));
        assert!(is("12 / 2 / 3 == 2", &[]));
        assert!(is("- -2 == 2", &[]));
        assert!(is("-goods_value == 0 - 5", &[("goods_value", num("5"))]));
        assert!(is("1 / 3 * 3 < 1", &[]));
        assert!(is(
            "goods_value * 1.5 == 15.00",
            &[("goods_value", num("10"))]
        ));
        assert!(is("0.1 + 0.2 == 0.3", &[]));
    }

    #[test]
    fn chinese_keywords_and_full_width_parentheses() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        let both = [("repeat", t.clone()), ("cured", f.clone())];
        assert!(!is("repeat 且 cured", &both));
        assert!(is("repeat 或 cured", &both));
        assert!(is("非 cured", &both));
        assert!(is("非cured且repeat", &both));
        assert!(is("（repeat 或 cured）且 非 cured", &both));
        assert!(is("(repeat 或 cured）", &both));
        assert!(!is("非（repeat）", &[("repeat", t)]));
        assert!(is("repeat = false", &[("repeat", f)]));
    }

    #[test]
    fn both_quote_kinds() {
        let minor = [("harm", text("minor"))];
        assert!(is("harm == 'minor'", &minor));
        assert!(is("harm == \"minor\"", &minor));
        assert!(is("harm in [\"none\", 'minor',]", &minor));
        assert!(is("'it\"s' != \"it's\"", &[]));
        assert!(is("'' == \"\"", &[]));
    }

    #[test]
    fn choices_are_checked() {
        assert!(is(
            "harm != 'none' and level = 'high'",
            &[("harm", text("minor")), ("level", text("high")),]
        ));
        assert!(is("'serious' == harm", &[("harm", text("serious"))]));
        assert!(!is(
            "harm == level",
            &[("harm", text("minor")), ("level", text("low"))]
        ));
        assert_error(
            "harm == 'grave'",
            8,
            "`grave` is not a choice of `harm`, valid choices: none, minor, serious",
        );
        assert_error("'grave' != harm", 0, "not a choice of `harm`");
        assert_error(
            "harm in ['none', 'bad']",
            17,
            "`bad` is not a choice of `harm`",
        );
        assert_error(
            "harm in ['none', 1]",
            17,
            "expected text in the list, found a number",
        );
        assert_error(
            "tags contains 'z'",
            14,
            "`z` is not a choice of `tags`, valid choices: a, b, c",
        );
        assert_error("tags == 'a'", 5, "use `contains`");
        assert_error("tags in ['a']", 0, "use `contains`");
        assert_error(
            "harm contains 'none'",
            0,
            "`contains` needs a set of choices",
        );
        assert_error(
            "tags contains harm",
            14,
            "expected quoted text after `contains`",
        );
        assert_error(
            "harm < 'minor'",
            5,
            "`<` compares only numbers and dates, not a choice",
        );
        assert_error("harm == 1", 5, "cannot compare a choice with a number");
    }

    #[test]
    fn in_lists() {
        assert!(is("ratio in [1.50, -2]", &[("ratio", num("1.5"))]));
        assert!(is("ratio in [1.50, -2]", &[("ratio", num("-2"))]));
        assert!(!is("ratio in []", &[("ratio", num("1"))]));
        assert!(is("count + 1 in [3]", &[("count", num("2"))]));
        assert!(is("harm in ['none', 'minor']", &[("harm", text("none"))]));
        assert!(!is(
            "harm in ['none', 'minor']",
            &[("harm", text("serious"))]
        ));
        assert!(is("'x' in ['x']", &[]));
        assert_error(
            "goods_value in ['a']",
            16,
            "expected a number in the list, found text",
        );
        assert_error("goods_value in 5", 15, "expected `[` after `in`, found `5`");
        assert_error("goods_value in [1 2]", 18, "expected `,` or `]`, found `2`");
        assert_error(
            "goods_value in [,]",
            16,
            "expected a number or text, found `,`",
        );
        assert_error(
            "goods_value in [1",
            17,
            "expected `,` or `]`, found the end",
        );
        assert_error(
            "repeat in [1]",
            0,
            "`in` needs a number or a choice on its left, found true/false",
        );
        assert_error("found_on in ['2024-01-01']", 0, "found a date");
    }

    #[test]
    fn contains_and_set_equality() {
        let tags = [("tags", list(&["a", "c"]))];
        assert!(is("tags contains 'a'", &tags));
        assert!(!is("tags contains 'b'", &tags));
        assert!(is("not (tags contains \"b\")", &tags));
        assert!(is(
            "tags == measures",
            &[
                ("tags", list(&["a", "c"])),
                ("measures", list(&["c", "a", "a"])),
            ]
        ));
        assert!(is(
            "tags != measures",
            &[("tags", list(&["a"])), ("measures", list(&[]))]
        ));
    }

    #[test]
    fn date_comparisons() {
        let found = [("found_on", date("2024-02-29"))];
        assert!(is("found_on < '2024-03-01'", &found));
        assert!(is("found_on >= \"2024-02-29\"", &found));
        assert!(is("found_on == '2024-02-29'", &found));
        assert!(is("'2024-01-01' <= found_on", &found));
        assert!(!is("found_on > '2024-02-29'", &found));
        assert!(is(
            "found_on < decided_on",
            &[
                ("found_on", date("2023-12-31")),
                ("decided_on", date("2024-01-01")),
            ]
        ));
        assert_error(
            "found_on < 'yesterday'",
            11,
            "`yesterday` is not a date, write YYYY-MM-DD",
        );
        assert_error("found_on == '2023-02-29'", 12, "not a date");
        assert_error("'2024-1-1' > found_on", 0, "not a date");
        assert_error("found_on < 5", 9, "cannot compare a date with a number");
        assert_error(
            "found_on + 1 > found_on",
            0,
            "`+` needs a number, found a date",
        );
        assert_error(
            "'2024-01-01' < '2024-02-01'",
            13,
            "`<` compares only numbers and dates, not text",
        );
    }

    #[test]
    fn type_errors() {
        assert_error(
            "goods_value",
            0,
            "condition must be true or false, but this is a number",
        );
        assert_error(
            "harm",
            0,
            "condition must be true or false, but this is a choice",
        );
        assert_error("(1 + 2)", 0, "condition must be true or false");
        assert_error(
            "repeat and goods_value",
            11,
            "`and` needs true or false, found a number",
        );
        assert_error(
            "goods_value 且 repeat",
            0,
            "`且` needs true or false, found a number",
        );
        assert_error("repeat or 'x'", 10, "`or` needs true or false, found text");
        assert_error("not count", 4, "`not` needs true or false, found a number");
        assert_error(
            "goods_value + harm > 1",
            14,
            "`+` needs a number, found a choice",
        );
        assert_error("repeat * 2 > 1", 0, "`*` needs a number, found true/false");
        assert_error("-repeat", 1, "`-` needs a number, found true/false");
        assert_error(
            "repeat < cured",
            7,
            "`<` compares only numbers and dates, not true/false",
        );
        assert_error("repeat == 1", 7, "cannot compare true/false with a number");
        assert_error("1 < 2 < 3", 6, "comparisons cannot be chained");
        assert!(is("repeat == (1 < 2)", &[("repeat", Value::Bool(true))]));
        assert!(is("true", &[]));
    }

    #[test]
    fn syntax_errors_with_offsets_and_columns() {
        assert_error("", 0, "condition is empty");
        assert_error(" \t\n　", 0, "condition is empty");
        let long = format!("repeat{}", " ".repeat(MAX_SOURCE_LEN - 5));
        assert_error(&long, 0, "condition is too long (4001 bytes, at most 4000)");
        assert_error("goods_value # 1", 12, "unexpected character `#`");
        assert_error(
            "repeat && cured",
            7,
            "unexpected character `&`, write `and`",
        );
        assert_error("harm == ‘minor’", 8, "quote with");
        assert_error("harm == 'minor", 8, "unterminated string");
        assert_error("count > 10k", 8, "invalid number `10`");
        assert_error("count > 1.", 8, "invalid number `1`");
        assert_error("count > .5", 8, "unexpected character `.`");
        assert_error(
            "count > 99999999999999999999999999999999",
            8,
            "out of range",
        );
        assert_error("count > 0.00000000000000000000000000001", 8, "out of range");
        assert_error(
            "Goods_value > 1",
            0,
            "fact names are lowercase: `Goods_value`",
        );
        assert_error("repeat AND cured", 7, "keywords are lowercase: write `and`");
        assert_error("bogus > 1", 0, "unknown fact `bogus`");
        assert_error("known(bogus)", 6, "unknown fact `bogus`");
        assert_error("known(5)", 6, "expected a fact name, found `5`");
        assert_error(
            "known repeat",
            6,
            "expected `(` after `known`, found `repeat`",
        );
        assert_error(
            "known(repeat",
            12,
            "expected `)` after the fact name, found the end",
        );
        assert_error(
            "repeat cured",
            7,
            "unexpected `cured`, expected `and`, `or` or the end",
        );
        assert_error("count > 10,000", 10, "thousands separators");
        assert_error("repeat)", 6, "unmatched `)`");
        assert_error("(repeat", 7, "expected `)`, found the end");
        assert_error("count >", 7, "expected a value, found the end");
        assert_error("repeat and or cured", 11, "expected a value, found `or`");
        assert_error("count ! 1", 6, "unexpected `!`, write `not` or `!=`");
        assert_error("count > in", 8, "expected a value, found `in`");
        // Offsets are bytes, columns are characters.
        let e = error("非 非 bogus");
        assert_eq!((e.offset, e.column), (8, 5));
        assert_eq!(e.to_string(), "at column 5: unknown fact `bogus`");
        assert_eq!(error("").to_string(), "at column 1: condition is empty");
        let e = error("count >");
        assert_eq!((e.offset, e.column), (7, 8));
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |n: usize| format!("{}repeat{}", "(".repeat(n), ")".repeat(n));
        assert!(is(&nested(MAX_DEPTH), &[("repeat", Value::Bool(true))]));
        assert_error(
            &nested(MAX_DEPTH + 1),
            MAX_DEPTH,
            "nesting is deeper than 64 levels",
        );
        let nots = |n: usize| format!("{}repeat", "not ".repeat(n));
        assert!(is(&nots(MAX_DEPTH), &[("repeat", Value::Bool(true))]));
        assert_error(&nots(MAX_DEPTH + 1), 4 * MAX_DEPTH, "nesting is deeper");
        let minus = |n: usize| format!("{}1 > 0", "-".repeat(n));
        assert!(is(&minus(MAX_DEPTH), &[]));
        assert_error(&minus(MAX_DEPTH + 1), MAX_DEPTH, "nesting is deeper");
        assert_error(&"(".repeat(3000), MAX_DEPTH, "nesting is deeper");
        assert_error(&"非".repeat(1000), 3 * MAX_DEPTH, "nesting is deeper");
    }

    #[test]
    fn long_flat_conditions_do_not_recurse() {
        let ors = format!("repeat{}", " or repeat".repeat(390));
        assert!(ors.len() <= MAX_SOURCE_LEN);
        assert!(!is(&ors, &[("repeat", Value::Bool(false))]));
        let sum = format!("0{} == 1990", "+1".repeat(1990));
        assert!(sum.len() <= MAX_SOURCE_LEN);
        assert!(is(&sum, &[]));
    }

    #[test]
    fn kleene_logic_over_missing_facts() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        assert!(!is("repeat and cured", &[("repeat", f.clone())]));
        assert!(!is("cured and repeat", &[("repeat", f.clone())]));
        assert_eq!(
            missing("repeat and cured", &[("repeat", t.clone())]),
            ["cured"]
        );
        assert!(is("cured or repeat", &[("repeat", t.clone())]));
        assert_eq!(
            missing("repeat or cured", &[("repeat", f.clone())]),
            ["cured"]
        );
        assert_eq!(missing("cured or repeat", &[]), ["repeat", "cured"]);
        assert_eq!(missing("not repeat", &[]), ["repeat"]);
        assert_eq!(
            missing("not (repeat and cured and repeat)", &[]),
            ["repeat", "cured"]
        );
        assert!(!is("known(repeat)", &[]));
        assert!(is("known(repeat)", &[("repeat", f.clone())]));
        assert!(is("not known(harm) or harm == 'none'", &[]));
        assert_eq!(
            missing("goods_value + income > 5", &[]),
            ["goods_value", "income"]
        );
        assert_eq!(
            missing("income * 2 > goods_value", &[("income", num("1"))]),
            ["goods_value"]
        );
        assert!(is(
            "goods_value > 5 or income > 5",
            &[("goods_value", num("10"))]
        ));
        assert_eq!(
            missing(
                "(goods_value > 5 or income > 5) and (repeat or harm == 'none')",
                &[("goods_value", num("1")), ("repeat", f.clone()),]
            ),
            ["harm", "income"]
        );
        assert_eq!(missing("repeat == cured", &[("repeat", t)]), ["cured"]);
        assert_eq!(
            missing("found_on < decided_on", &[]),
            ["found_on", "decided_on"]
        );
        assert_eq!(missing("tags contains 'a'", &[]), ["tags"]);
        assert_eq!(missing("harm in ['none']", &[]), ["harm"]);
        assert_eq!(missing("-count > 1", &[]), ["count"]);
        // A decisive operand wins even over an arithmetic error; an error wins over missing.
        assert!(!is(
            "goods_value / 0 > 1 and false",
            &[("goods_value", num("1"))]
        ));
        assert!(is("true or 1 / 0 > 1", &[]));
        assert_eq!(arithmetic("1 / 0 > 1 and repeat", &[]), "division by zero");
        assert_eq!(
            arithmetic("repeat or count / 0 > 1", &[("count", num("1"))]),
            "division by zero"
        );
        assert!(!is(
            "repeat and cured",
            &[("repeat", f), ("cured", Value::Text("x".into()))]
        ));
    }

    #[test]
    fn arithmetic_overflow_and_division_by_zero() {
        let max = [("goods_value", Value::Number(Decimal::MAX))];
        assert!(arithmetic("goods_value * goods_value > 0", &max).contains("overflow"));
        assert!(arithmetic("goods_value + 1 > 0", &max).contains("arithmetic overflow in `"));
        assert!(arithmetic("-goods_value - 2 > 0", &max).contains("overflow"));
        assert!(arithmetic("79228162514264337593543950335 + 1 > 0", &[]).contains("overflow"));
        assert!(arithmetic("goods_value / 0.1 > 0", &max).contains("overflow"));
        assert_eq!(
            arithmetic("count / 0 > 1", &[("count", num("7"))]),
            "division by zero"
        );
        assert_eq!(
            arithmetic("count / (1 - 1) > 1", &[("count", num("0"))]),
            "division by zero"
        );
        assert!(is("goods_value - 1 < goods_value", &max));
    }

    #[test]
    fn wrong_value_variants_are_errors() {
        let message = arithmetic("goods_value > 1", &[("goods_value", text("1"))]);
        assert_eq!(message, "fact 0 should be a number, not text");
        assert!(arithmetic("repeat", &[("repeat", num("1"))]).contains("true/false"));
        assert!(arithmetic("harm == 'none'", &[("harm", list(&["none"]))]).contains("text"));
        assert!(arithmetic("tags contains 'a'", &[("tags", text("a"))]).contains("a list"));
        assert!(arithmetic("found_on < '2024-01-01'", &[("found_on", text("x"))]).contains("date"));
    }

    #[test]
    fn facts_source_and_display() {
        let source = "income > goods_value and known(repeat) or goods_value > 1 or harm == 'none'";
        let condition = compile(source);
        assert_eq!(condition.facts(), vec![0, 1, 2, 8]);
        assert_eq!(condition.source(), source);
        assert_eq!(condition.to_string(), source);
        assert!(compile("true or 1 > 0").facts().is_empty());
        let missing = EvalError::Missing(vec![1, 3]);
        assert_eq!(missing.to_string(), "missing facts 1, 3");
    }

    #[test]
    fn bands() {
        let d = |s: &str| Decimal::from_str(s).expect("test number");
        assert!(compare_band(
            d("5"),
            Some(d("5")),
            Some(d("10")),
            true,
            false
        ));
        assert!(!compare_band(
            d("5"),
            Some(d("5")),
            Some(d("10")),
            false,
            false
        ));
        assert!(!compare_band(
            d("10"),
            Some(d("5")),
            Some(d("10")),
            true,
            false
        ));
        assert!(compare_band(
            d("10.00"),
            Some(d("5")),
            Some(d("10")),
            true,
            true
        ));
        assert!(compare_band(d("-1000"), None, Some(d("0")), true, false));
        assert!(compare_band(d("1000000"), Some(d("0")), None, false, false));
        assert!(compare_band(d("0"), None, None, false, false));
    }

    // ----- property tests

    const TOKENS: &[&str] = &[
        "goods_value",
        "harm",
        "repeat",
        "count",
        "ratio",
        "tags",
        "found_on",
        "decided_on",
        "income",
        "cured",
        "level",
        "measures",
        "nope",
        "and",
        "or",
        "not",
        "且",
        "或",
        "非",
        "in",
        "contains",
        "known",
        "true",
        "false",
        "(",
        ")",
        "（",
        "）",
        "[",
        "]",
        ",",
        "==",
        "=",
        "!=",
        "!",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "0",
        "1",
        "2.5",
        "10000",
        "79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "'none'",
        "'minor'",
        "'a'",
        "\"b\"",
        "'2024-02-29'",
        "'bad'",
        "'",
        "\"",
        "AND",
        "x1",
        "_",
        ".",
        "，",
        "é",
    ];

    fn any_value() -> impl Strategy<Value = Value<'static>> {
        prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            (any::<i64>(), 0u32..29).prop_map(|(m, s)| Value::Number(Decimal::new(m, s))),
            Just(Value::Number(Decimal::MAX)),
            Just(Value::Number(Decimal::MIN)),
            Just(Value::Number(Decimal::ZERO)),
            "[a-z]{0,6}".prop_map(|t| Value::Text(t.into())),
            (1i32..=9999, 1u8..=12, 1u8..=28)
                .prop_map(|(y, m, d)| Value::Date(Date::new(y, m, d).expect("valid day"))),
            prop::collection::vec("[a-c]", 0..4)
                .prop_map(|items| Value::List(items.into_iter().map(Into::into).collect())),
        ]
    }

    /// A value of the right variant for fact `id`, derived from random material.
    fn value_for(id: FactId, m: i64, s: u32) -> Value<'static> {
        let (_, kind, choices) = FACTS.get(id).copied().expect("test fact");
        let pick = |n: i64| {
            let i = usize::try_from(n.unsigned_abs() % 4).expect("small");
            choices.get(i).map_or("other", |c| c).to_owned()
        };
        match kind {
            FactKind::Money | FactKind::Decimal | FactKind::Integer => Value::Number(match m % 9 {
                0 => Decimal::MAX,
                1 => Decimal::MIN,
                2 => Decimal::ZERO,
                _ => Decimal::new(m, s % 29),
            }),
            FactKind::Boolean => Value::Bool(m % 2 == 0),
            FactKind::Choice => Value::Text(pick(m).into()),
            FactKind::Choices => {
                Value::List((0..m.rem_euclid(4)).map(|k| pick(k + m).into()).collect())
            }
            FactKind::Date => {
                let year = i32::try_from(m.rem_euclid(9999) + 1).expect("small");
                let month = u8::try_from(s % 12 + 1).expect("small");
                Value::Date(Date::new(year, month, 28).expect("valid day"))
            }
        }
    }

    fn num_expr() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "goods_value",
            "count",
            "ratio",
            "income",
            "0",
            "1",
            "2.5",
            "-3",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ])
        .prop_map(String::from);
        leaf.prop_recursive(4, 24, 2, |inner| {
            prop_oneof![
                (
                    inner.clone(),
                    prop::sample::select(vec!["+", "-", "*", "/"]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
                inner.prop_map(|a| format!("-{a}")),
            ]
        })
    }

    fn bool_expr() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            prop::sample::select(vec![
                "repeat",
                "cured",
                "true",
                "false",
                "known(goods_value)",
                "known(harm)",
                "harm == 'minor'",
                "harm != \"none\"",
                "harm in ['none', 'serious']",
                "tags contains 'b'",
                "found_on < '2024-01-01'",
                "found_on >= decided_on",
                "tags == measures",
                "level = 'low'",
                "repeat == cured",
                "harm == level",
            ])
            .prop_map(String::from),
            (
                num_expr(),
                prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]),
                num_expr()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            num_expr().prop_map(|a| format!("{a} in [1, -2, 0.5]")),
        ];
        leaf.prop_recursive(4, 32, 3, |inner| {
            prop_oneof![
                (
                    inner.clone(),
                    prop::sample::select(vec!["and", "or", "且", "或"]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
                inner.clone().prop_map(|a| format!("not {a}")),
                inner.prop_map(|a| format!("非（{a}）")),
            ]
        })
    }

    proptest! {
        #[test]
        fn compile_never_panics_on_any_text(source in "\\PC{0,80}") {
            let _ = Condition::compile(source.as_str(), &resolve);
        }

        #[test]
        fn compile_never_panics_on_arbitrary_strings(source in any::<String>()) {
            let _ = Condition::compile(source.as_str(), &resolve);
        }

        #[test]
        fn token_soup_never_panics(
            tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..40),
            glue in prop::sample::select(vec![" ", ""]),
            values in prop::collection::vec(prop::option::of(any_value()), FACTS.len()),
        ) {
            let source = tokens.join(glue);
            if let Ok(condition) = Condition::compile(source.as_str(), &resolve) {
                let _ = condition.eval(&|id| values.get(id).and_then(Option::as_ref));
            }
        }

        #[test]
        fn well_typed_conditions_compile_and_evaluate_monotonically(
            source in bool_expr(),
            material in prop::collection::vec((any::<i64>(), any::<u32>(), any::<bool>()), FACTS.len()),
            wrong in prop::collection::vec(prop::option::of(any_value()), FACTS.len()),
        ) {
            let condition = Condition::compile(source.as_str(), &resolve)
                .map_err(|e| TestCaseError::fail(format!("{source}: {e}")))?;
            let full: Vec<Value<'static>> = material
                .iter()
                .enumerate()
                .map(|(id, (m, s, _))| value_for(id, *m, *s))
                .collect();
            let given = |id: FactId| {
                material.get(id).filter(|(_, _, given)| *given).and(full.get(id))
            };
            let everything = condition.eval(&|id| full.get(id));
            prop_assert!(!matches!(everything, Err(EvalError::Missing(_))), "{everything:?}");
            // `decide` is `eval` without the names of the missing facts.
            let expected = match condition.eval(&given) {
                Ok(b) => Ok(Some(b)),
                Err(EvalError::Missing(_)) => Ok(None),
                Err(e) => Err(e),
            };
            prop_assert_eq!(condition.decide(&given), expected);
            match condition.eval(&given) {
                // A result despite missing facts stands whatever they turn out to be
                // (except through `known`, which looks at what is missing).
                Ok(b) => {
                    if !source.contains("known") {
                        prop_assert_eq!(everything, Ok(b));
                    }
                }
                Err(EvalError::Missing(ids)) => {
                    prop_assert!(!ids.is_empty());
                    prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
                    let facts = condition.facts();
                    for id in ids {
                        prop_assert!(given(id).is_none());
                        prop_assert!(facts.contains(&id));
                    }
                }
                Err(EvalError::Arithmetic(_)) => {}
            }
            let _ = condition.eval(&|id| wrong.get(id).and_then(Option::as_ref));
        }
    }
}
